import Foundation

/// How every suite is measured once it is planned (pyperformance, scaling, a
/// pyperf script's benchmarks; planned in BenchSuiteCommand.swift).
extension BenchCommand {
    /// Plans (through `makePlan`), measures every benchmark with a progress
    /// line, prints the suite as text or JSON, and sets the exit status.
    func measureSuite(_ context: CommandContext, _ makePlan: @escaping @Sendable (SuitePlanner, BenchmarkRequest, InterpreterCatalog, MachineInfo) async throws -> SuiteSession.Plan) async throws {
        guard csv == nil, pyperf == nil, !markdown else {
            throw PythonsError.usage("--csv, --pyperf and --markdown are for single workloads; a suite prints its table, or JSON with --format json")
        }
        let environment = context.environment, console = context.console, quiet = quiet
        var request = try makeSuiteRequest(context)
        // The suite's budget is its own (see SuitePlanner); each benchmark
        // gets a share of what is left.
        request.options.maxTime = nil
        let session = BenchmarkSession(environment: environment, runner: context.runner)
        let machine = MachineInfo.current()
        let store = try BenchExports.openStore(environment)
        let suiteStore = SuiteStore(environment: environment)
        let catalog = await context.catalog(for: request.pythons)
        let plan = try await makePlan(SuitePlanner(session: session), request, catalog, machine)
        if !quiet {
            for note in plan.template.notes.compactMap(RunNoteText.standalone) { console.warning(note) }
            for benchmark in plan.benchmarks where benchmark.status == .failed {
                console.warning("\(benchmark.name): \(benchmark.message ?? "failed")")
            }
            let count = plan.template.configurations.filter { $0.status != .failed }.count
            let budget = plan.budget.map { "within \(Format.plainNumber($0.rounded())) s" } ?? "without a time limit"
            context.progressMessage("measuring \(plan.name) on \(count) configuration\(count == 1 ? "" : "s"), one benchmark after another, \(budget)")
        }
        let progressLine = BenchProgressDisplay(console: console, quiet: quiet)
        defer { progressLine.finish() }
        let repeatCount = plan.template.options.repeatCount
        let suite = try await SuiteSession(session: session).run(plan, store: store, suiteStore: suiteStore,
                                                                 workingDirectory: request.workingDirectory) { event in
            switch event {
            case .listing(let name):
                progressLine.interject { if !quiet { context.progressMessage("listing \(name)") } }
            case .benchmarkStarted(let index, let count, let name, _):
                progressLine.interject { if !quiet { console.message("[\(index + 1)/\(count)] \(name)") } }
            case .benchmark(_, .configurationFailed(_, let message, let progress)):
                progressLine.interject { console.warning("failed: \(message)") }
                progressLine.show(BenchProgress(progress, repeatCount: repeatCount))
            case .benchmark(_, .sampleRecorded(let configuration, _, let progress)):
                progressLine.show(BenchProgress(progress, repeatCount: repeatCount, latest: configuration))
            case .benchmark(_, .roundFinished(let progress)):
                progressLine.show(BenchProgress(progress, repeatCount: repeatCount))
            case .benchmarkFinished(let benchmark):
                if benchmark.status != .measured, let message = benchmark.message, benchmark.status != .skipped {
                    progressLine.interject { console.warning("\(benchmark.name): \(message)") }
                }
            }
        }
        progressLine.finish()
        try context.print(SuiteDocument(suite: suite))
        if !quiet {
            let numbers = suite.benchmarks.compactMap { $0.run?.number }
            if let first = numbers.min(), let last = numbers.max() {
                console.message("stored as \(first == last ? "run \(first)" : "runs \(first)–\(last)") in \(environment.abbreviate(store.path)); suite \(suite.id.prefix(8)) in \(environment.abbreviate(suiteStore.path(of: suite.id))) (`pythons report suite:\(suite.id.prefix(8))`)")
            }
        }
        try BenchMessages.exitStatus(suite)
    }
}
