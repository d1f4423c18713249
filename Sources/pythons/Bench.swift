import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Bench: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Benchmark interpreters, GIL and JIT settings and thread counts, with honest statistics.",
            discussion: """
                WORKLOAD is gil (the seed's threaded recursive fib(n)), jit (the seed's iterative fib(i) \
                for i in range(n)), FILE.py:FUNC (your function, called with --args), SCRIPT.py (an \
                unmodified pyperf script, run through Pythons' pyperf stand-in; --args are its options, \
                --benchmark picks one of several), pyperformance[:NAMES] (the pyperformance suite's \
                standard-library benchmarks, fetched from PyPI into Pythons' cache) or scaling[:OPERATIONS] \
                (small operations at 1 to N threads, modelled on CPython's ftscalingbench). Each sample is \
                one fresh worker process timing the workload only (perf_counter_ns); configurations are \
                interleaved round by round. By default sampling goes on until the 95% interval of every \
                configuration's median is within --precision, after at least --min-processes processes, \
                or until --max-time. Every run is stored (see `pythons history`).
                Exit codes: 0 success, 1 a configuration failed, 2 usage error, 130 interrupted.
                """
        )

        @Argument(help: "gil, jit, FILE.py:FUNC, SCRIPT.py, pyperformance[:NAMES] or scaling[:OPERATIONS].")
        var workload: String

        @Option(help: "The benchmark of a pyperf SCRIPT.py to measure, when it registers several (default: all of them).")
        var benchmark: String?

        @Argument(parsing: .postTerminator,
                  help: "After --: a pyperf script's own options (or FUNC's arguments), passed as they are, dashes included.")
        var trailingArguments: [String] = []

        @Option(name: .customLong("args"), parsing: .upToNextOption,
                help: "Arguments for FUNC: Python literals (42, 2.5, 'text', [1, 2]), else strings.")
        var functionArguments: [String] = []

        @Option(name: .customLong("python"), help: "Interpreters to measure (repeatable or comma-separated; default: every CPython 3.12+ and Pythons' installs).")
        var pythons: [String] = []

        @Option(help: "GIL settings to measure, e.g. on,off (free-threaded builds only).")
        var gil: String?

        @Option(help: "JIT settings to measure, e.g. on,off (JIT and tier-2 builds only).")
        var jit: String?

        @Option(help: "Thread counts: 1,2,4 or 1...8 (gil default: the number of cores).")
        var threads: String?

        @Option(name: .short, help: "Workload size: fib(n) per thread for gil, range(n) for jit (default: sized for a call of about 20 ms here; the seed used 35 and 10000).")
        var n: Int?

        @Option(help: "Untimed calls in each process before the timed ones, or auto: calls until 50 ms have passed, at least one.")
        var warmup: String = "auto"

        @Option(help: "Timed calls per process (a process's value is their median), or auto: after a pilot of 6 processes, the count that narrows the interval fastest.")
        var values: String = "auto"

        @Option(help: "Exactly N processes per configuration instead of adaptive sampling (over all --runs).")
        var `repeat`: Int?

        @Option(help: "Repeat the interleaved design K times as separate runs (blocks), a pause between: the intervals then span runs, not only this run's processes. --repeat and --max-time are shared among them.")
        var runs: Int?

        @Option(name: .customLong("block-pause"), help: "Seconds of pause before each --runs block after the first (default 3). Longer pauses let the blocks sample a machine whose speed wanders over minutes; they do not count against --max-time.")
        var blockPause: Double?

        @Option(help: "Adaptive target: the 95% interval of each median within ±this (1% or 0.01).")
        var precision: String = "1%"

        @Option(name: .customLong("min-processes"), help: "Processes per configuration before an adaptive run may stop.")
        var minProcesses: Int = MeasurementOptions.defaultMinimumProcesses

        @Option(name: .customLong("max-time"), help: "Seconds after which no new process starts (default 60; none with --repeat; for a suite, its whole budget: default 30 s per benchmark).")
        var maxTime: Double?

        @Option(help: "Seconds one sample may take before its worker's process group is killed.")
        var timeout: Double = 300

        @Option(help: "The configuration to compare with (a label such as \"3.13t (GIL on)\", or its number); default the first.")
        var baseline: String?

        @Option(help: "Append the medians to this CSV file in the seed's columns.")
        var csv: String?

        @Option(help: "Write one pyperf JSON file per configuration into this folder.")
        var pyperf: String?

        @Flag(help: "Print the results as a Markdown table instead of text.")
        var markdown = false

        @Flag(name: .shortAndLong, help: "Print results only: no start message, notes or progress line on stderr.")
        var quiet = false

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            try usage { () throws(PythonsError) in try command.validate(format: output.format) }
        }

        var command: BenchCommand {
            BenchCommand(
                workload: workload, benchmark: benchmark, functionArguments: functionArguments, trailingArguments: trailingArguments,
                pythons: pythons, gil: gil, jit: jit, threads: threads, n: n, warmup: warmup, values: values, repeatCount: `repeat`,
                runs: runs, blockPause: blockPause, precision: precision, minProcesses: minProcesses, maxTime: maxTime, timeout: timeout, baseline: baseline,
                csv: csv, pyperf: pyperf, markdown: markdown, quiet: quiet, commandLine: CommandLine.arguments)
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output, discovery: discovery).execute { [command] in try await command.run($0) }
        }
    }
}
