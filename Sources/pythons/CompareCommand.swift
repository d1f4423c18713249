import ArgumentParser
import Foundation
import PythonsCore

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two benchmark runs: regressions and improvements beyond a threshold.",
        discussion: """
            A and B are run numbers, id prefixes, latest, or JSON files from `pythons bench --format json`. \
            Configurations are matched by label and thread count. A regression is B slower than A by \
            more than --threshold with Mann-Whitney p below 0.05. Exit codes: 0 no regression, \
            3 regression found, 2 usage error.
            """
    )

    @Argument(help: "The earlier run (the reference).")
    var runA: String

    @Argument(help: "The later run.")
    var runB: String

    @Option(help: "Smallest change that counts: 5% or 0.05.")
    var threshold: String = "5%"

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let threshold = try OptionValues.fraction(threshold, option: "--threshold", example: "5", allowsZero: true)
        let store = try RunStore(environment: PythonsEnvironment())
        let comparison = try RunComparison(try store.resolve(runA), try store.resolve(runB), threshold: threshold)
        switch output.format {
        case .json: try Console.json(comparison)
        case .text: Console.print(lines: comparison.textLines(style: Console.stdoutStyle))
        }
        let regressions = comparison.regressions.count
        if regressions > 0 {
            throw PythonsError(.regression, "\(regressions) regression\(regressions == 1 ? "" : "s") beyond \(Format.percent(threshold))")
        }
    }
}
