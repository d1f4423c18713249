import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct History: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List the stored benchmark runs, newest first.",
            discussion: "Runs live in PYTHONS_HOME/results.sqlite. `pythons show N` prints one; `pythons compare A B` compares two."
        )

        @Option(help: "How many runs to list.")
        var limit: Int = 20

        @OptionGroup var output: OutputOptions

        func validate() throws {
            try usage { () throws(PythonsError) in try OptionRange.count(limit, 1...1_000_000, option: "--limit") }
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output).execute { [limit] in try await HistoryCommand.run($0, limit: limit) }
        }
    }
}
