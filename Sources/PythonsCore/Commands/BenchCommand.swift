import Foundation

/// `pythons bench WORKLOAD`: one workload measured on every configuration,
/// or a suite of them (pyperformance, scaling, a pyperf script's
/// benchmarks; see BenchSuiteCommand.swift). Every run is stored.
public struct BenchCommand: Sendable {
    /// gil, jit, FILE.py:FUNC, SCRIPT.py, pyperformance[:NAMES] or scaling[:OPERATIONS].
    public var workload: String
    /// A pyperf script's benchmark, when it registers several.
    public var benchmark: String?
    /// FUNC's arguments (`--args`) and what came after `--`.
    public var functionArguments: [String]
    public var trailingArguments: [String]
    /// The options as given (see `pythons bench --help`).
    public var pythons: [String]
    public var gil: String?
    public var jit: String?
    public var threads: String?
    public var n: Int?
    public var warmup: String
    public var values: String
    public var repeatCount: Int?
    public var runs: Int?
    public var blockPause: Double?
    public var precision: String
    public var minProcesses: Int
    public var maxTime: Double?
    public var timeout: Double
    public var baseline: String?
    public var csv: String?
    public var pyperf: String?
    public var markdown: Bool
    public var quiet: Bool
    /// Stored with the run.
    public var commandLine: [String]

    public init(workload: String, benchmark: String? = nil, functionArguments: [String] = [], trailingArguments: [String] = [],
                pythons: [String] = [], gil: String? = nil, jit: String? = nil, threads: String? = nil, n: Int? = nil,
                warmup: String = "auto", values: String = "auto", repeatCount: Int? = nil, runs: Int? = nil, blockPause: Double? = nil,
                precision: String = "1%",
                minProcesses: Int = MeasurementOptions.defaultMinimumProcesses, maxTime: Double? = nil, timeout: Double = 300,
                baseline: String? = nil, csv: String? = nil, pyperf: String? = nil, markdown: Bool = false, quiet: Bool = false,
                commandLine: [String] = []) {
        self.workload = workload
        self.benchmark = benchmark
        self.functionArguments = functionArguments
        self.trailingArguments = trailingArguments
        self.pythons = pythons
        self.gil = gil
        self.jit = jit
        self.threads = threads
        self.n = n
        self.warmup = warmup
        self.values = values
        self.repeatCount = repeatCount
        self.runs = runs
        self.blockPause = blockPause
        self.precision = precision
        self.minProcesses = minProcesses
        self.maxTime = maxTime
        self.timeout = timeout
        self.baseline = baseline
        self.csv = csv
        self.pyperf = pyperf
        self.markdown = markdown
        self.quiet = quiet
        self.commandLine = commandLine
    }

    public func run(_ context: CommandContext) async throws {
        if let suite = try SuiteRequest.parse(workload) {
            return try await runSuite(suite, context)
        }
        let request = try makeRequest(context)
        if case .pyperf = request.workload, benchmark == nil {
            // All the script's benchmarks, unless it registers just one.
            return try await runSuite(SuiteRequest(kind: .script, names: []), context)
        }
        try await runSingle(request, context)
    }

    func runSingle(_ request: BenchmarkRequest, _ context: CommandContext) async throws {
        let environment = context.environment, console = context.console
        if let csv { try RunExports.checkCSV(csv, for: request.workload) }
        try BenchExports.checkOutputPaths(csv: csv, pyperf: pyperf)
        let session = BenchmarkSession(environment: environment, runner: context.runner)
        let machine = MachineInfo.current()
        let store = try BenchExports.openStore(environment)
        let catalog = await context.catalog(for: request.pythons)
        var planned = try await session.plan(request, catalog: catalog, machine: machine)
        if n == nil {
            planned = try await WorkloadSizing(environment: environment, runner: context.runner).sized(planned)
        }
        if case .pyperf = planned.workload {
            planned = try await Self.checkPyperfBenchmark(planned, session: session, workingDirectory: request.workingDirectory)
        }
        if !quiet {
            // The size chosen is in the start line (`gil -n 25`) and the
            // closing notes: not a warning.
            for note in planned.notes where !note.isSizedWorkload { RunNoteText.standalone(note).map(console.warning) }
            context.progressMessage(BenchMessages.start(planned))
        }
        let progressLine = BenchProgressDisplay(console: console, quiet: quiet)
        defer { progressLine.finish() }
        let measuring = planned
        let repeatCount = planned.options.repeatCount.map { $0 / planned.options.blockCount }
        let blocks = planned.options.blockCount
        let run = try await session.measure(measuring, store: store, workingDirectory: request.workingDirectory) { event in
            switch event {
            case .configurationFailed(let index, let message, let progress):
                progressLine.interject { console.warning("\(measuring.configurations[index].name) failed: \(message)") }
                progressLine.show(BenchProgress(progress, repeatCount: repeatCount, blocks: blocks, latest: index))
            case .sampleRecorded(let index, _, let progress):
                progressLine.show(BenchProgress(progress, repeatCount: repeatCount, blocks: blocks, latest: index))
            case .roundFinished(let progress):
                progressLine.show(BenchProgress(progress, repeatCount: repeatCount, blocks: blocks))
            }
        }
        progressLine.finish()
        let document = RunDocument(run: run)
        try context.print(RunView(document, markdown: markdown))
        try BenchExports.export(run, analysis: document.analysis, csv: csv, pyperf: pyperf, console: console)
        if let number = run.number, !quiet {
            console.message("stored as run \(number) in \(environment.abbreviate(store.path)) (`pythons show \(number)`)")
        }
        if !quiet, let advice = BenchMessages.freeThreadingAdvice(run) { console.message(advice) }
        if let advice = BenchMessages.venvAdvice(run, interpretersGiven: !pythons.isEmpty, environment: environment) {
            console.message(advice)
        }
        try BenchMessages.exitStatus(run)
    }
}
