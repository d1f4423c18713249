import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Show: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a stored benchmark run as `pythons bench` printed it, charts included.",
            discussion: "RUN is a run number from `pythons history`, a prefix of a run id, latest, or a JSON file written by `pythons bench --format json`."
        )

        @Argument(help: "The run to show.")
        var run: String = "latest"

        @Flag(help: "Print the results as a Markdown table.")
        var markdown = false

        @Option(help: "Write one pyperf JSON file per configuration into this folder.")
        var pyperf: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if markdown, output.format == .json { throw ValidationError("--markdown and --format json each print the results; choose one") }
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output).execute { [run, markdown, pyperf] in
                try await ShowCommand.run($0, run: run, markdown: markdown, pyperf: pyperf)
            }
        }
    }
}
