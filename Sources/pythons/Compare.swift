import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Compare: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare two benchmark runs: regressions and improvements beyond the run-to-run noise and a threshold.",
            discussion: """
                A and B are run numbers, id prefixes, latest, or JSON files from `pythons bench --format json`. \
                Configurations are matched by label and thread count. SPEEDUP is A's median over B's (below 1: B slower). \
                A regression is B slower by more than --threshold and outside the run-to-run noise: from the \
                runs' blocks (`bench --runs 3`) or from this machine's earlier runs of the same configurations; \
                with neither, the within-run intervals decide, and the output says so. Exit codes: 0 no \
                regression, 3 regression found, 2 usage error.
                """
        )

        @Argument(help: "The earlier run (the reference).")
        var runA: String

        @Argument(help: "The later run.")
        var runB: String

        @Option(help: "Smallest change that counts: 2.5% or 0.025 (halfway to the 5% slowdowns a gate is there to catch).")
        var threshold: String = Format.percent(RunComparison.defaultThreshold)

        @Option(help: "Where the run-to-run noise comes from: auto (the widest known), runs (the runs' --runs blocks), history (this machine's earlier runs), within (the runs' own intervals only).")
        var noise: RunComparison.NoiseSource = .auto

        @OptionGroup var output: OutputOptions

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output).execute { [runA, runB, threshold, noise] in
                try await CompareCommand.run($0, runA: runA, runB: runB, threshold: threshold, noise: noise)
            }
        }
    }
}

extension RunComparison.NoiseSource: ExpressibleByArgument {}
