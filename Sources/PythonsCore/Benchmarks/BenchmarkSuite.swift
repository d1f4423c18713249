import Foundation

/// `pythons bench pyperformance[:NAMES]`, `pythons bench scaling[:OPERATIONS]`,
/// and a pyperf script that registers several benchmarks: many benchmarks,
/// each measured as an ordinary run over the same configurations, one after
/// the other, within one time budget.
public enum SuiteKind: String, Sendable, Codable, Equatable {
    case pyperformance, scaling, script
}

/// What the WORKLOAD argument asked for when it names a suite.
public struct SuiteRequest: Sendable, Equatable {
    public var kind: SuiteKind
    /// Benchmarks (or tags, operations) named after the colon; empty for the
    /// suite's default set.
    public var names: [String]

    public init(kind: SuiteKind, names: [String]) {
        self.kind = kind
        self.names = names
    }

    /// "pyperformance", "pyperformance:nbody,float", "scaling",
    /// "scaling:pymethod"; nil for anything else (a workload).
    public static func parse(_ text: String) throws(PythonsError) -> SuiteRequest? {
        let head = text.prefix { $0 != ":" }
        guard let kind = SuiteKind(rawValue: String(head)), kind != .script else { return nil }
        let rest = text.dropFirst(head.count)
        guard !rest.isEmpty else { return SuiteRequest(kind: kind, names: []) }
        let names = rest.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else {
            throw .usage("\(text): name benchmarks after the colon, separated by commas, such as \(kind.rawValue):\(kind == .scaling ? "pymethod,create_dict" : "nbody,float")")
        }
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        return SuiteRequest(kind: kind, names: unique)
    }
}

/// One benchmark of a suite to measure.
public struct SuiteMember: Sendable, Equatable {
    public var name: String
    public var workload: Workload

    public init(name: String, workload: Workload) {
        self.name = name
        self.workload = workload
    }
}

/// One benchmark of a suite run and how it ended.
public struct SuiteBenchmark: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, Equatable {
        /// Measured to its stopping rule (see its run for convergence).
        case measured
        /// Its share of the budget ran out before every configuration's
        /// interval was narrow enough; what it measured is kept.
        case unfinished
        /// The budget ran out before it started.
        case notRun
        /// It could not run, or a configuration of it failed.
        case failed
        /// Left out on purpose: it needs what Pythons does not provide.
        case skipped
        /// The run was interrupted while (or before) it ran.
        case interrupted
    }

    public var name: String
    public var status: Status
    /// Why it failed, was skipped or did not run; one line.
    public var message: String?
    /// Its run, when it was measured (even in part).
    public var run: BenchmarkRun?
    /// The id of its run in the results database, so a suite read back
    /// from `SuiteStore` finds it.
    public var runID: String?

    public init(name: String, status: Status, message: String? = nil, run: BenchmarkRun? = nil) {
        self.name = name
        self.status = status
        self.message = message
        self.run = run
        runID = run?.id
    }
}

/// A suite run: every benchmark asked for, with its run, its skip reason
/// or its failure. Statistics are derived (`SuiteAnalysis`), never stored.
public struct SuiteRun: Sendable, Equatable, Codable {
    public var id: String
    /// "pyperformance 1.14.0", "scaling", or the script's path.
    public var name: String
    public var kind: SuiteKind
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: RunStatus
    public var commandLine: [String]
    public var machine: MachineInfo
    /// The measurement options of each benchmark, before its share of the
    /// budget was set.
    public var options: MeasurementOptions
    /// Seconds the whole suite may take before no new process starts; nil
    /// for no limit.
    public var budget: Double?
    /// The configuration every benchmark's ratios are against.
    public var baseline: String
    public var benchmarks: [SuiteBenchmark]
    public var notes: [String]

    public init(id: String = UUID().uuidString.lowercased(), name: String, kind: SuiteKind, startedAt: Date,
                finishedAt: Date? = nil, status: RunStatus, commandLine: [String], machine: MachineInfo,
                options: MeasurementOptions, budget: Double?, baseline: String, benchmarks: [SuiteBenchmark],
                notes: [String] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.commandLine = commandLine
        self.machine = machine
        self.options = options
        self.budget = budget
        self.baseline = baseline
        self.benchmarks = benchmarks
        self.notes = notes
    }

    /// The benchmarks that have a run.
    public var measuredRuns: [(name: String, run: BenchmarkRun)] {
        benchmarks.compactMap { benchmark in benchmark.run.map { (benchmark.name, $0) } }
    }

    public var failures: [SuiteBenchmark] { benchmarks.filter { $0.status == .failed } }
}

/// Something that happened while a suite ran, for progress displays.
public enum SuiteEvent: Sendable {
    /// Listing a script's benchmarks (pyperformance: one manifest entry).
    case listing(name: String)
    case benchmarkStarted(index: Int, count: Int, name: String, maxTime: Double?)
    case benchmark(index: Int, BenchmarkEvent)
    case benchmarkFinished(SuiteBenchmark)
}

/// Runs a suite: plans the configurations once, lists each script's
/// benchmarks on the baseline configuration, then measures the benchmarks one
/// by one, each an ordinary run stored as it goes, with its share of what is
/// left of the budget (so benchmarks that converge early leave time to the
/// later ones).
public struct SuiteSession: Sendable {
    public var session: BenchmarkSession
    public var listingTimeout: Duration

    public init(session: BenchmarkSession, listingTimeout: Duration = .seconds(120)) {
        self.session = session
        self.listingTimeout = listingTimeout
    }

    /// A share of the budget below this is not worth starting: a process of
    /// each configuration would not fit.
    static let smallestShare = 2.0

    /// What a suite measures, before anything is timed: the planned
    /// configurations (from `request` with the suite's first workload), the
    /// members, and the benchmarks already known to be skipped or failed.
    public struct Plan: Sendable {
        public var name: String
        public var kind: SuiteKind
        public var template: BenchmarkRun
        /// Scripts to list (pyperformance entries, the user's script): each
        /// becomes one member per benchmark it registers.
        public var scripts: [(name: String, file: String, arguments: [String])]
        /// Members known without listing (scaling operations, a script's
        /// benchmark named with --benchmark).
        public var members: [SuiteMember]
        public var benchmarks: [SuiteBenchmark]
        public var budget: Double?

        public init(name: String, kind: SuiteKind, template: BenchmarkRun,
                    scripts: [(name: String, file: String, arguments: [String])], members: [SuiteMember],
                    benchmarks: [SuiteBenchmark], budget: Double?) {
            self.name = name
            self.kind = kind
            self.template = template
            self.scripts = scripts
            self.members = members
            self.benchmarks = benchmarks
            self.budget = budget
        }
    }

    /// Lists, measures and stores. Returns the suite with its final status;
    /// interrupted suites return normally (status `.interrupted`) with what
    /// was measured.
    public func run(_ plan: Plan, store: RunStore?, suiteStore: SuiteStore?, workingDirectory: String?,
                    events: @escaping @Sendable (SuiteEvent) -> Void = { _ in }) async throws -> SuiteRun {
        let clock = ContinuousClock()
        let start = clock.now
        func remaining() -> Double? { plan.budget.map { $0 - (clock.now - start).seconds } }
        var suite = SuiteRun(name: plan.name, kind: plan.kind, startedAt: Date(), status: .running,
                             commandLine: plan.template.commandLine, machine: plan.template.machine,
                             options: plan.template.options, budget: plan.budget, baseline: plan.template.baseline,
                             benchmarks: plan.benchmarks, notes: plan.template.notes.compactMap(RunNoteText.standalone))
        try suiteStore?.save(suite)
        var members = plan.members
        var interrupted = false

        if let lister = plan.template.configurations.first(where: { $0.status != .failed }) {
            for script in plan.scripts {
                if Task.isCancelled { interrupted = true; break }
                events(.listing(name: script.name))
                let request = try PyperfScriptListing.request(
                    file: script.file, arguments: script.arguments, interpreter: lister.interpreter.path,
                    settings: lister.settings, environment: session.environment, timeout: listingTimeout,
                    workingDirectory: workingDirectory)
                let outcome: ProcessOutcome
                do {
                    outcome = try await session.runner.run(request)
                } catch is CancellationError {
                    interrupted = true
                    break
                }
                switch PyperfScriptListing.interpret(outcome, script: script.file) {
                case .success(let listing):
                    for registered in listing.benchmarks {
                        members.append(SuiteMember(
                            name: registered.name,
                            workload: .pyperf(file: script.file, benchmark: registered.name, arguments: script.arguments,
                                              suite: plan.kind == .pyperformance ? plan.name : nil)))
                    }
                case .failure(let failure):
                    let benchmark = SuiteBenchmark(name: script.name, status: .failed,
                                                   message: "on \(lister.name): \(failure.message)")
                    suite.benchmarks.append(benchmark)
                    events(.benchmarkFinished(benchmark))
                }
            }
        }

        for (position, member) in members.enumerated() {
            if interrupted || Task.isCancelled {
                interrupted = true
                suite.benchmarks.append(SuiteBenchmark(name: member.name, status: .interrupted, message: "the run was interrupted before it started"))
                continue
            }
            // An equal share of what is left, but never less than a useful
            // minimum while that much is left.
            let left = remaining()
            let share = left.map { max($0 / Double(members.count - position), min(Self.smallestShare, $0)) }
            if let left, left < Self.smallestShare {
                let benchmark = SuiteBenchmark(name: member.name, status: .notRun,
                                               message: "the suite's budget of \(Format.plainNumber(plan.budget ?? 0)) s ran out before it started")
                suite.benchmarks.append(benchmark)
                events(.benchmarkFinished(benchmark))
                continue
            }
            events(.benchmarkStarted(index: position, count: members.count, name: member.name, maxTime: share))
            var planned = Self.memberRun(plan.template, workload: member.workload)
            if let share {
                planned.options.maxTime = min(share, planned.options.maxTime ?? share)
            }
            let run = try await session.measure(planned, store: store, workingDirectory: workingDirectory) { event in
                events(.benchmark(index: position, event))
            }
            let benchmark = Self.outcome(member.name, run: run)
            if benchmark.status == .interrupted { interrupted = true }
            suite.benchmarks.append(benchmark)
            try suiteStore?.save(suite)
            events(.benchmarkFinished(benchmark))
        }
        suite.finishedAt = Date()
        suite.status = interrupted ? .interrupted : suite.failures.isEmpty ? .complete : .failed
        try suiteStore?.save(suite)
        return suite
    }

    /// A member's run: the suite's configurations with their banners, no
    /// samples yet, its own id and workload.
    static func memberRun(_ template: BenchmarkRun, workload: Workload) -> BenchmarkRun {
        BenchmarkRun(startedAt: Date(), status: .running, commandLine: template.commandLine, machine: template.machine,
                     workload: workload, options: template.options, baseline: template.baseline,
                     configurations: template.configurations.map { configuration in
                         var fresh = configuration
                         fresh.processes = []
                         if fresh.status != .failed { fresh.status = .measuring }
                         return fresh
                     },
                     notes: [])
    }

    /// How a measured member ended, in the suite's words.
    static func outcome(_ name: String, run: BenchmarkRun) -> SuiteBenchmark {
        switch run.status {
        case .interrupted:
            return SuiteBenchmark(name: name, status: .interrupted, message: "interrupted while it was measured", run: run)
        case .failed:
            let failed = run.configurations.filter { $0.status == .failed }
            return SuiteBenchmark(name: name, status: .failed,
                                  message: failed.map { "\($0.name): \($0.error ?? "failed")" }.joined(separator: "; "), run: run)
        case .complete, .running:
            let analysis = RunAnalysis(run, ratioIntervals: false)
            let unconverged = zip(run.configurations, analysis.configurations)
                .filter { $0.0.status != .failed && !$0.1.converged }.map { $0.0.name }
            if unconverged.isEmpty || run.options.repeatCount != nil {
                return SuiteBenchmark(name: name, status: .measured, run: run)
            }
            return SuiteBenchmark(name: name, status: .unfinished,
                                  message: "its share of the budget (\(Format.plainNumber((run.options.maxTime ?? 0).rounded())) s) ran out before "
                                      + unconverged.joined(separator: ", ") + " converged",
                                  run: run)
        }
    }
}
