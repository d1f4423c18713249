import ArgumentParser
import Foundation
import PythonsCore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the stored benchmark runs, newest first.",
        discussion: "Runs live in PYTHONS_HOME/results.sqlite. `pythons show N` prints one; `pythons compare A B` compares two."
    )

    @Option(help: "How many runs to list.")
    var limit: Int = 20

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() async throws {
        let environment = PythonsEnvironment()
        let store = try RunStore(environment: environment)
        let runs = try store.listing(limit: limit)
        switch output.format {
        case .json:
            try Console.json(HistoryReport(database: store.path, runs: runs))
        case .text:
            guard !runs.isEmpty else {
                Console.message("no runs stored in \(environment.abbreviate(store.path)) yet: `pythons bench gil` makes one")
                return
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            let table = TextTable(
                header: ["RUN", "STARTED", "STATUS", "WORKLOAD", "SAMPLES", "HOST", "CONFIGURATIONS"],
                rows: runs.map { run in
                    [String(run.number), formatter.string(from: run.startedAt), run.status.rawValue, run.workload.description,
                     String(run.processes), run.hostname, run.configurations.joined(separator: ", ")]
                },
                alignments: [.right, .left, .left, .left, .right, .left, .left])
            Console.print(lines: table.render { Console.stdoutStyle.paint($0, .bold) })
        }
    }
}
