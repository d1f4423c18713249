import Foundation

/// What the user asked `pythons bench` for, parsed and checked.
public struct BenchmarkRequest: Sendable {
    public var workload: Workload
    /// Interpreters named with --python; empty for the default set.
    public var pythons: [InterpreterRequest]
    public var gil: [RuntimeSettings.Switch]
    public var jit: [RuntimeSettings.Switch]
    /// Thread counts asked for; nil for the workload's default.
    public var threads: [Int]?
    public var options: MeasurementOptions
    /// A configuration label (or its 1-based position); nil for the first.
    public var baseline: String?
    public var commandLine: [String]
    public var workingDirectory: String?

    public init(workload: Workload, pythons: [InterpreterRequest], gil: [RuntimeSettings.Switch], jit: [RuntimeSettings.Switch],
                threads: [Int]?, options: MeasurementOptions, baseline: String?, commandLine: [String],
                workingDirectory: String?) {
        self.workload = workload
        self.pythons = pythons
        self.gil = gil
        self.jit = jit
        self.threads = threads
        self.options = options
        self.baseline = baseline
        self.commandLine = commandLine
        self.workingDirectory = workingDirectory
    }
}

/// Runs `pythons bench` from a request to a stored run: chooses the
/// interpreters, builds the matrix, reads each banner, measures, and stores
/// every sample as it arrives.
public struct BenchmarkSession: Sendable {
    public var environment: PythonsEnvironment
    public var runner: ProcessRunner
    public var probeTimeout: Duration

    public init(environment: PythonsEnvironment, runner: ProcessRunner = ProcessRunner(), probeTimeout: Duration = .seconds(30)) {
        self.environment = environment
        self.runner = runner
        self.probeTimeout = probeTimeout
    }

    /// The run, ready to measure: configurations with banners, the baseline,
    /// and notes. Usage errors (nothing to run, a build that cannot take a
    /// setting, an unknown baseline) are thrown here, before anything is timed.
    public func plan(_ request: BenchmarkRequest, catalog: InterpreterCatalog, machine: MachineInfo) async throws -> BenchmarkRun {
        if case .function(let file, _, _) = request.workload {
            let path = file.hasPrefix("/") ? file : "\(request.workingDirectory ?? FileManager.default.currentDirectoryPath)/\(file)"
            guard FileManager.default.fileExists(atPath: path) else {
                throw PythonsError.usage("no file \(file): give FILE.py:FUNC with a path to your Python file")
            }
        }
        if request.workload.kind == .jit, request.threads != nil {
            throw PythonsError.usage("the jit workload runs in one thread; --threads is for gil and FILE.py:FUNC")
        }
        var notes: [String] = []
        let candidates = try chooseInterpreters(request, catalog: catalog, notes: &notes)
        let threads: [Int?] = request.threads.map { $0.map { Optional($0) } }
            ?? (request.workload.kind == .gil ? [machine.logicalCores] : [nil])
        let matrix = try BenchmarkMatrix(candidates: candidates, gil: request.gil, jit: request.jit,
                                         threads: threads, cores: machine.logicalCores)
        notes += matrix.notes
        guard !matrix.configurations.isEmpty else {
            throw PythonsError.usage("nothing to measure: no interpreter found can run these settings", details: notes)
        }
        let configurations = try await withBanners(matrix.configurations)
        let baseline = try Self.baselineLabel(request.baseline, configurations: configurations)
        for index in configurations.indices where configurations[index].status == .failed {
            notes.append("\(configurations[index].name) failed to start: \(configurations[index].error ?? "")")
        }
        return BenchmarkRun(startedAt: Date(), status: .running, commandLine: request.commandLine, machine: machine,
                            workload: request.workload, options: request.options, baseline: baseline,
                            configurations: configurations, notes: notes)
    }

    /// Measures a planned run, storing it as it goes (when a store is given).
    /// Returns the run with its final status; an interrupted run returns
    /// normally with status `.interrupted`, so the caller can show what was
    /// measured before exiting 130.
    public func measure(_ planned: BenchmarkRun, store: RunStore?, workingDirectory: String?,
                        progress: @escaping @Sendable (BenchmarkEvent) -> Void = { _ in }) async throws -> BenchmarkRun {
        var run = planned
        let handle = try store?.insert(run)
        run.number = handle?.runNumber
        let scheduler = BenchmarkScheduler(workload: run.workload, options: run.options, environment: environment,
                                           runner: runner, workingDirectory: workingDirectory)
        let outcome = try await scheduler.run(run.configurations) { event in
            if let store, let handle {
                switch event {
                case .sampleRecorded(let index, let sample, _):
                    try store.append(sample, configurationID: handle.configurationIDs[index])
                case .configurationFailed(let index, let message, _):
                    try store.markFailed(configurationID: handle.configurationIDs[index], message: message)
                case .roundFinished:
                    break
                }
            }
            progress(event)
        }
        run.configurations = outcome.configurations
        run.finishedAt = Date()
        run.status = outcome.interrupted ? .interrupted
            : run.configurations.contains { $0.status == .failed } ? .failed : .complete
        run.notes += Self.convergenceNotes(run, outcome: outcome)
        if let store, let handle {
            // History is advice: a run is kept even if reading it fails.
            if let note = try? Self.runToRunNote(run, store: store) { run.notes.append(note) }
            try store.finish(run, handle: handle)
        }
        return run
    }

    /// Every CPython 3.12 or newer found plus Pythons' own installs, or the
    /// interpreters asked for. With none of those on the machine, the newest
    /// CPython 3 found, said so.
    func chooseInterpreters(_ request: BenchmarkRequest, catalog: InterpreterCatalog,
                            notes: inout [String]) throws -> [BenchmarkMatrix.Candidate] {
        if !request.pythons.isEmpty {
            return try catalog.select(request.pythons, environment: environment).map { .init(interpreter: $0, requested: true) }
        }
        let cpythons = catalog.interpreters.filter { $0.isCPython && $0.version.major == 3 }
        // Oldest first, so that the baseline (the first) is the reference
        // the newer builds are measured against.
        let chosen = cpythons.filter { $0.isManaged || $0.version.minor >= 12 }
            .sorted { ($0.version, $0.facts.shortName) < ($1.version, $1.facts.shortName) }
        if !chosen.isEmpty { return chosen.map { .init(interpreter: $0, requested: false) } }
        guard let newest = cpythons.first else {
            throw PythonsError.usage("no CPython 3 found on this machine: install one (`pythons install 3.13`) or pass --python PATH")
        }
        notes.append("no CPython 3.12 or newer found; measuring the newest CPython here, \(newest.displayName) (`pythons install 3.13t` builds a free-threaded one)")
        return [.init(interpreter: newest, requested: false)]
    }

    /// Reads each configuration's banner by starting its interpreter under its
    /// settings. One that does not start is marked failed with the reason.
    func withBanners(_ configurations: [ConfigurationRun]) async throws -> [ConfigurationRun] {
        let prober = InterpreterProber(runner: runner, environment: environment, timeout: probeTimeout)
        var unique: [String: (path: String, settings: RuntimeSettings)] = [:]
        for configuration in configurations {
            unique[Self.key(configuration)] = (configuration.interpreter.path, configuration.settings)
        }
        let results = await withTaskGroup(of: (String, ProbeCache.Result).self) { group in
            for (key, value) in unique {
                group.addTask { (key, await prober.probe(executable: value.path, settings: value.settings, banner: true)) }
            }
            var collected: [String: ProbeCache.Result] = [:]
            for await (key, result) in group { collected[key] = result }
            return collected
        }
        try Task.checkCancellation()
        return configurations.map { configuration in
            var configuration = configuration
            switch results[Self.key(configuration)] {
            case .facts(let facts)?:
                configuration.banner = Banner(facts: facts)
            case .failure(let reason)?:
                configuration.status = .failed
                configuration.error = "the interpreter did not start under \(configuration.settings.description.isEmpty ? "its defaults" : configuration.settings.description): \(reason)"
            case nil:
                break
            }
            return configuration
        }
    }

    static func key(_ configuration: ConfigurationRun) -> String {
        "\(configuration.interpreter.path)|\(configuration.settings.gil?.rawValue ?? "-")|\(configuration.settings.jit?.rawValue ?? "-")"
    }

    /// --baseline: a label ("3.13t (GIL on)", any case) or a 1-based position
    /// among the distinct labels; default the first configuration's label.
    static func baselineLabel(_ asked: String?, configurations: [ConfigurationRun]) throws(PythonsError) -> String {
        var labels: [String] = []
        for configuration in configurations where !labels.contains(configuration.label) { labels.append(configuration.label) }
        guard let asked else { return labels.first ?? "" }
        if let match = labels.first(where: { $0.caseInsensitiveCompare(asked) == .orderedSame }) { return match }
        if let position = Int(asked), position >= 1, position <= labels.count { return labels[position - 1] }
        let matches = labels.filter { $0.lowercased().hasPrefix(asked.lowercased()) }
        if matches.count == 1 { return matches[0] }
        throw .usage("--baseline '\(asked)' names no configuration of this run",
                     details: ["configurations:"] + labels.enumerated().map { "  \($0.offset + 1). \($0.element)" })
    }

    /// How far the same configurations moved across this machine's earlier
    /// runs of the workload, when that is wider than this run's intervals.
    static func runToRunNote(_ run: BenchmarkRun, store: RunStore) throws -> String? {
        guard let spread = RunToRunSpread(current: run, earlier: try store.earlierRuns(like: run)) else { return nil }
        let precisions = RunAnalysis(run).configurations.compactMap { $0.summary?.relativePrecision }
        return spread.note(workload: run.workload, precision: precisions.max())
    }

    /// Says which configurations stopped before their interval was narrow
    /// enough, and why.
    static func convergenceNotes(_ run: BenchmarkRun, outcome: BenchmarkScheduler.Outcome) -> [String] {
        guard run.options.repeatCount == nil else { return [] }
        let analysis = RunAnalysis(run)
        let unconverged = zip(run.configurations, analysis.configurations).filter { configuration, result in
            configuration.status != .failed && !result.converged
        }
        guard !unconverged.isEmpty else { return [] }
        let target = Format.percent(run.options.precision)
        let details = unconverged.map { configuration, result -> String in
            let count = result.summary?.count ?? 0
            let precision = result.summary?.relativePrecision.map { "±" + Format.percent($0) } ?? "no interval yet"
            return "\(configuration.name) (\(precision) after \(count) process\(count == 1 ? "" : "es"))"
        }
        let why = outcome.interrupted ? "the run was interrupted"
            : outcome.outOfTime ? "--max-time \(Format.plainNumber(run.options.maxTime ?? 0)) s ran out" : "sampling stopped"
        return ["not converged to ±\(target) with at least \(run.options.minimumProcesses) processes because \(why): "
            + details.joined(separator: "; ") + (outcome.outOfTime ? ". Raise --max-time, or accept a wider --precision." : "")]
    }
}

extension Format {
    /// 60 → "60", 2.5 → "2.5".
    public static func plainNumber(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
