import ArgumentParser
import Foundation
import PythonsCore

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark interpreters, GIL and JIT settings and thread counts, with honest statistics.",
        discussion: """
            WORKLOAD is gil (the seed's threaded recursive fib(n)), jit (the seed's iterative fib(i) \
            for i in range(n)) or FILE.py:FUNC (your function, called with --args). Each sample is \
            one fresh worker process timing the workload only (perf_counter_ns); configurations are \
            interleaved round by round. By default sampling goes on until the 95% interval of every \
            configuration's median is within --precision, after at least --min-processes processes, \
            or until --max-time. Every run is stored (see `pythons history`).
            Exit codes: 0 success, 1 a configuration failed, 2 usage error, 130 interrupted.
            """
    )

    @Argument(help: "gil, jit, or FILE.py:FUNC.")
    var workload: String

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

    @Option(name: .short, help: "Workload size: fib(n) per thread for gil (default 35), range(n) for jit (default 10000).")
    var n: Int?

    @Option(help: "Untimed calls in each process before the timed ones, or auto: calls until 50 ms have passed, at least one.")
    var warmup: String = "auto"

    @Option(help: "Timed calls per process (a process's value is their median), or auto: after a pilot of 6 processes, the count that narrows the interval fastest.")
    var values: String = "auto"

    @Option(help: "Exactly N processes per configuration instead of adaptive sampling.")
    var `repeat`: Int?

    @Option(help: "Adaptive target: the 95% interval of each median within ±this (1% or 0.01).")
    var precision: String = "1%"

    @Option(name: .customLong("min-processes"), help: "Processes per configuration before an adaptive run may stop.")
    var minProcesses: Int = MeasurementOptions.defaultMinimumProcesses

    @Option(name: .customLong("max-time"), help: "Seconds after which no new process starts (default 60; none with --repeat).")
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
        if warmup != "auto" {
            guard let count = Int(warmup), count >= 0 else { throw ValidationError("--warmup must be auto or a count of 0 or more, got \(warmup)") }
        }
        if values != "auto" {
            guard let count = Int(values), count >= 1 else { throw ValidationError("--values must be auto or a count of at least 1, got \(values)") }
        }
        if let `repeat`, `repeat` < 1 { throw ValidationError("--repeat must be at least 1, got \(`repeat`)") }
        guard minProcesses >= 1 else { throw ValidationError("--min-processes must be at least 1, got \(minProcesses)") }
        if let maxTime, !(maxTime > 0) { throw ValidationError("--max-time must be more than 0 seconds, got \(maxTime)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds, got \(timeout)") }
        if let n, n < 0 { throw ValidationError("-n must be 0 or more, got \(n)") }
        if markdown, output.format == .json { throw ValidationError("--markdown and --format json each print the results; choose one") }
    }

    func run() async throws {
        let environment = PythonsEnvironment()
        let request = try makeRequest()
        if let csv { try RunExports.checkCSV(csv, for: request.workload) }
        let session = BenchmarkSession(environment: environment)
        let machine = MachineInfo.current()
        let store = try openStore(environment)
        let format = output.format, markdown = markdown, csv = csv, pyperf = pyperf, quiet = quiet
        let progressLine = ProgressDisplay(shown: ProgressLine.isShown(style: Console.stderrStyle, quiet: quiet))
        let run = try await Interruption.run { [discovery] in
            let catalog = await InterpreterCatalog.discover(
                environment: environment, options: discovery.catalogOptions(explicitPaths: explicitPaths(in: request.pythons)))
            let planned = try await session.plan(request, catalog: catalog, machine: machine)
            if !quiet {
                for note in planned.notes { Console.warning(note) }
            }
            if format == .text, !quiet {
                Console.message(Self.startMessage(planned))
            }
            defer { progressLine.finish() }
            let repeatCount = planned.options.repeatCount
            return try await session.measure(planned, store: store, workingDirectory: request.workingDirectory) { event in
                switch event {
                case .configurationFailed(let index, let message, let progress):
                    progressLine.interject { Console.warning("\(planned.configurations[index].name) failed: \(message)") }
                    progressLine.show(BenchProgress(progress, repeatCount: repeatCount, latest: index))
                case .sampleRecorded(let index, _, let progress):
                    progressLine.show(BenchProgress(progress, repeatCount: repeatCount, latest: index))
                case .roundFinished(let progress):
                    progressLine.show(BenchProgress(progress, repeatCount: repeatCount))
                }
            }
        }

        let document = RunDocument(run: run)
        let rendering = RunRendering(run: run, analysis: document.analysis)
        switch format {
        case .json:
            try Console.json(document)
        case .text where markdown:
            Console.print(lines: rendering.markdownLines())
        case .text:
            Console.print(lines: rendering.textLines(style: Console.stdoutStyle) + Self.charts(run, analysis: document.analysis))
        }
        if let csv { try RunExports.appendCSV(run, analysis: document.analysis, to: csv) }
        if let pyperf {
            let paths = try RunExports.writePyperf(run, to: pyperf)
            Console.message("pyperf files: " + paths.joined(separator: " "))
        }
        if let number = run.number, !quiet {
            Console.message("stored as run \(number) in \(environment.abbreviate(store.path)) (`pythons show \(number)`)")
        }
        try Self.exitStatus(run)
    }

    /// The medians as bars, and speedup against threads for sweeps, sized to
    /// the terminal (or COLUMNS); Unicode blocks unless the locale is C.
    static func charts(_ run: BenchmarkRun, analysis: RunAnalysis) -> [String] {
        let report = RunReport(run: run, analysis: analysis)
        let environment = ProcessInfo.processInfo.environment
        let width = TerminalWidth.columns(fileDescriptor: 1, environment: environment)
        let glyphs = ChartGlyphs.forEnvironment(environment)
        var lines: [String] = []
        let medians = TerminalCharts.medians(report, width: width, style: Console.stdoutStyle, glyphs: glyphs)
        if !medians.isEmpty { lines += [""] + medians }
        let speedup = TerminalCharts.speedup(report, style: Console.stdoutStyle, glyphs: glyphs)
        if !speedup.isEmpty { lines += [""] + speedup }
        return lines
    }

    func makeRequest() throws -> BenchmarkRequest {
        let workload = try Workload.parse(self.workload, n: n, arguments: functionArguments)
        let options = MeasurementOptions(
            warmup: Int(warmup), valuesPerProcess: Int(values), repeatCount: `repeat`, precision: try OptionValues.fraction(precision, option: "--precision", example: "1"),
            minimumProcesses: minProcesses, maxTime: maxTime ?? (`repeat` == nil ? 60 : nil), timeout: timeout)
        return BenchmarkRequest(
            workload: workload, pythons: try parseRequests(pythons),
            gil: try gil.map { try OptionValues.switches($0, option: "--gil") } ?? [],
            jit: try jit.map { try OptionValues.switches($0, option: "--jit") } ?? [],
            threads: try threads.map { try ThreadCounts.parse($0) },
            options: options, baseline: baseline, commandLine: CommandLine.arguments,
            workingDirectory: FileManager.default.currentDirectoryPath)
    }

    func openStore(_ environment: PythonsEnvironment) throws -> RunStore {
        do {
            return try RunStore(environment: environment)
        } catch {
            throw PythonsError.failure("cannot open the results database \(RunStore.defaultPath(environment: environment)): \(error)")
        }
    }

    static func startMessage(_ run: BenchmarkRun) -> String {
        let count = run.configurations.filter { $0.status != .failed }.count
        let goal: String
        if let repeatCount = run.options.repeatCount {
            goal = "\(repeatCount) process\(repeatCount == 1 ? "" : "es") each"
        } else {
            goal = "until each median is known to ±\(Format.percent(run.options.precision)) (at least \(run.options.minimumProcesses) processes each)"
                + (run.options.maxTime.map { " or \(Format.plainNumber($0)) s pass" } ?? "")
        }
        return "measuring \(count) configuration\(count == 1 ? "" : "s") of `\(run.workload)`, interleaved, \(goal)"
    }

    /// 1 when a configuration failed, 130 when interrupted (after the results
    /// were printed and stored).
    static func exitStatus(_ run: BenchmarkRun) throws {
        switch run.status {
        case .interrupted:
            let samples = run.configurations.reduce(0) { $0 + $1.processes.count }
            throw PythonsError(.interrupted, "interrupted: \(samples) sample\(samples == 1 ? "" : "s") kept\(run.number.map { " in run \($0)" } ?? "")")
        case .failed:
            let failed = run.configurations.filter { $0.status == .failed }
            throw PythonsError.failure("\(failed.count) configuration\(failed.count == 1 ? "" : "s") failed: "
                + failed.map { "\($0.name): \($0.error ?? "unknown error")" }.joined(separator: "; "))
        case .complete, .running:
            break
        }
    }
}
