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

    public init(environment: PythonsEnvironment, runner: ProcessRunner, probeTimeout: Duration = InterpreterProber.defaultTimeout) {
        self.environment = environment
        self.runner = runner
        self.probeTimeout = probeTimeout
    }

    /// The run, ready to measure: configurations with banners, the baseline,
    /// and notes. Usage errors (nothing to run, a build that cannot take a
    /// setting, an unknown baseline) are thrown here, before anything is timed.
    public func plan(_ request: BenchmarkRequest, catalog: InterpreterCatalog, machine: MachineInfo) async throws -> BenchmarkRun {
        if let file = request.workload.file {
            let path = file.hasPrefix("/") ? file : "\(request.workingDirectory ?? FileManager.default.currentDirectoryPath)/\(file)"
            guard FileManager.default.fileExists(atPath: path) else {
                throw PythonsError.usage(request.workload.kind == .pyperf
                    ? "no file \(file): give the path of a pyperf script, such as bm_nbody/run_benchmark.py"
                    : "no file \(file): give FILE.py:FUNC with a path to your Python file")
            }
        }
        if !request.workload.takesThreads, request.threads != nil {
            throw PythonsError.usage("the \(request.workload.kind.rawValue) workload runs in one thread; --threads is for gil, scaling and FILE.py:FUNC")
        }
        var notes: [RunNote] = []
        let candidates = try chooseInterpreters(request, catalog: catalog, notes: &notes)
        let threads: [Int?] = request.threads.map { $0.map { Optional($0) } }
            ?? (request.workload.kind == .gil ? [machine.logicalCores] : [nil])
        let matrix = try BenchmarkMatrix(candidates: candidates, gil: request.gil, jit: request.jit,
                                         threads: threads, cores: machine.logicalCores)
        notes += matrix.notes
        guard !matrix.configurations.isEmpty else {
            throw PythonsError.usage("nothing to measure: no interpreter found can run these settings",
                                     details: notes.compactMap(RunNoteText.standalone))
        }
        let configurations = try await withBanners(matrix.configurations)
        let baseline = try Self.baselineLabel(request.baseline, configurations: configurations)
        for index in configurations.indices where configurations[index].status == .failed {
            notes.append(.failedToStart(configuration: configurations[index].name, reason: configurations[index].error ?? ""))
        }
        return BenchmarkRun(startedAt: Date(), status: .running, commandLine: request.commandLine, machine: machine,
                            workload: request.workload, options: request.options, baseline: baseline,
                            configurations: configurations, notes: notes)
    }

    /// Measures a planned run, storing it as it goes (when a store is given).
    /// Returns the run with its final status; an interrupted run returns
    /// normally with status `.interrupted`, so the caller can show what was
    /// measured before exiting 130.
    ///
    /// With `--runs K` the interleaved design runs K times as blocks: a
    /// pause before each block after the first (`--block-pause`: the
    /// machine's state moves on, other jobs, caches, frequency, so that
    /// blocks sample more of what differs between runs, not one moment), the
    /// configurations' order rotated by one each block, rounds and sequence
    /// numbers continued through the run. Each block gets an equal share of
    /// what is left of `--max-time` and of `--repeat`; the pauses do not
    /// count against `--max-time`, which budgets measuring, so a long pause
    /// does not starve the later blocks.
    public func measure(_ planned: BenchmarkRun, store: RunStore?, workingDirectory: String?,
                        progress: @escaping @Sendable (BenchmarkEvent) -> Void = { _ in }) async throws -> BenchmarkRun {
        var run = planned
        let handle = try store?.insert(run)
        run.number = handle?.runNumber
        let blockCount = run.options.blockCount
        let clock = ContinuousClock()
        let started = clock.now
        var blocks: [RunBlock] = []
        var interrupted = false, outOfTime = false
        var firstRound = 0, firstSequence = 0
        var paused = Duration.zero
        for block in 0..<blockCount {
            if block > 0 {
                let pauseStarted = clock.now
                do { try await Task.sleep(for: .seconds(run.options.blockPauseSeconds)) } catch { interrupted = true; break }
                paused += clock.now - pauseStarted
            }
            let count = run.configurations.count
            let order = (0..<count).map { ($0 + block) % count }
            // Measuring time, as --max-time counts it: the pauses left out.
            let elapsedBefore = (clock.now - started - paused).seconds
            let options = blockOptions(run.options, block: block, elapsed: elapsedBefore)
            let scheduler = BenchmarkScheduler(workload: run.workload, options: options, environment: environment,
                                               runner: runner, workingDirectory: workingDirectory)
            let earlier = run.configurations
            let offsets = (round: firstRound, sequence: firstSequence)
            let blockStarted = Date()
            let outcome = try await scheduler.run(order.map { index in
                var configuration = earlier[index]
                configuration.processes = []
                return configuration
            }) { event in
                let event = Self.continued(event, order: order, offsets: offsets, earlier: earlier, blockCount: blockCount,
                                           run: planned, elapsedBefore: elapsedBefore)
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
            var lastRound = firstRound - 1, lastSequence = firstSequence - 1
            for (position, index) in order.enumerated() {
                let measured = outcome.configurations[position]
                for sample in measured.processes {
                    let continued = Self.continued(sample, offsets: offsets)
                    lastRound = max(lastRound, continued.round)
                    lastSequence = max(lastSequence, continued.sequence ?? lastSequence)
                    run.configurations[index].processes.append(continued)
                }
                run.configurations[index].status = measured.status
                run.configurations[index].error = measured.error
            }
            blocks.append(RunBlock(firstRound: firstRound, startedAt: blockStarted, finishedAt: Date()))
            firstRound = lastRound + 1
            firstSequence = lastSequence + 1
            outOfTime = outOfTime || outcome.outOfTime
            if outcome.interrupted { interrupted = true; break }
        }
        run.finishedAt = Date()
        run.status = interrupted ? .interrupted
            : run.configurations.contains { $0.status == .failed } ? .failed : .complete
        if blockCount > 1 { run.notes.append(.blocks(blocks)) }
        let analysis = RunAnalysis(run, ratioIntervals: false)
        if zip(run.configurations, analysis.configurations).contains(where: { $0.status != .failed && !$1.converged }) {
            run.notes.append(.samplingStopped(interrupted ? .interrupted : outOfTime ? .outOfTime : .stopped))
        }
        if let store, let handle {
            // History is advice: a run is kept even if reading it fails.
            if let earlier = try? store.earlierRuns(like: run), let history = Self.history(for: run, earlier: earlier) {
                run.notes.append(.history(history))
            }
            try store.finish(run, handle: handle)
        }
        return run
    }

    /// One block's options: its share of `--repeat` and of the time left.
    func blockOptions(_ options: MeasurementOptions, block: Int, elapsed: Double) -> MeasurementOptions {
        var share = options
        share.runs = nil
        let remaining = options.blockCount - block
        if let total = options.repeatCount { share.repeatCount = total / options.blockCount }
        if let maxTime = options.maxTime {
            share.maxTime = max((maxTime - elapsed) / Double(remaining), 0.001)
        }
        return share
    }

    /// A block's sample as the run numbers it: rounds and sequence numbers
    /// go on from the blocks before.
    static func continued(_ sample: ProcessSample, offsets: (round: Int, sequence: Int)) -> ProcessSample {
        var sample = sample
        sample.round += offsets.round
        sample.sequence = sample.sequence.map { $0 + offsets.sequence }
        return sample
    }

    /// A block's event as the run sees it: configuration indices back in
    /// the run's order, rounds continued, and the progress counting every
    /// block's processes.
    static func continued(_ event: BenchmarkEvent, order: [Int], offsets: (round: Int, sequence: Int),
                          earlier: [ConfigurationRun], blockCount: Int, run: BenchmarkRun,
                          elapsedBefore: Double) -> BenchmarkEvent {
        func whole(_ progress: BenchmarkProgress) -> BenchmarkProgress {
            var progress = progress
            var entries = progress.entries
            for (position, index) in order.enumerated() where position < progress.entries.count {
                entries[index] = progress.entries[position]
                entries[index].processes += earlier[index].processes.count
            }
            progress.entries = entries
            progress.round += offsets.round
            progress.elapsedSeconds += elapsedBefore
            progress.maxTime = run.options.maxTime
            return progress
        }
        switch event {
        case .sampleRecorded(let position, let sample, let progress):
            return .sampleRecorded(configuration: order[position], sample: continued(sample, offsets: offsets), progress: whole(progress))
        case .configurationFailed(let position, let message, let progress):
            return .configurationFailed(configuration: order[position], message: message, progress: whole(progress))
        case .roundFinished(let progress):
            return .roundFinished(whole(progress))
        }
    }

    /// The figures of this machine's earlier runs of the same
    /// configurations: same label, thread count, settings and interpreter
    /// build (path, version, configure flags), the same warm-up and timings
    /// per process, measured with at least 6 processes. nil when none match.
    public static func history(for run: BenchmarkRun, earlier: [BenchmarkRun]) -> RunHistory? {
        var entries: [RunHistory.Entry] = []
        var used = Set<String>()
        let comparable = earlier.filter {
            $0.id != run.id && $0.options.warmup == run.options.warmup && $0.options.valuesPerProcess == run.options.valuesPerProcess
        }
        let analyses = comparable.map { RunAnalysis($0, ratioIntervals: false) }
        for configuration in run.configurations where configuration.status != .failed {
            var figures: [RunHistory.Figures] = []
            for (other, analysis) in zip(comparable, analyses) {
                guard let index = other.configurations.firstIndex(where: { Self.sameConfiguration($0, configuration) }),
                      other.configurations[index].status != .failed,
                      let result = analysis.configurations[index].time,
                      (analysis.configurations[index].summary?.count ?? 0) >= 6 else { continue }
                let speedup = other.baseline == run.baseline ? analysis.configurations[index].speedup?.value : nil
                figures.append(RunHistory.Figures(run: other.id, median: result.value, speedup: speedup,
                                                  scaling: analysis.configurations[index].scaling?.value))
                used.insert(other.id)
            }
            if !figures.isEmpty { entries.append(RunHistory.Entry(label: configuration.label, threads: configuration.threads, figures: figures)) }
        }
        guard !entries.isEmpty else { return nil }
        let runs = comparable.filter { used.contains($0.id) }.map { RunHistory.EarlierRun(id: $0.id, number: $0.number, startedAt: $0.startedAt) }
        return RunHistory(runs: runs, entries: entries)
    }

    static func sameConfiguration(_ a: ConfigurationRun, _ b: ConfigurationRun) -> Bool {
        a.label == b.label && a.threads == b.threads && a.settings == b.settings && a.interpreter == b.interpreter
    }

    /// Every CPython 3.12 or newer found plus Pythons' own installs, or the
    /// interpreters asked for. With none of those on the machine, the newest
    /// CPython 3 found, said so.
    func chooseInterpreters(_ request: BenchmarkRequest, catalog: InterpreterCatalog,
                            notes: inout [RunNote]) throws -> [BenchmarkMatrix.Candidate] {
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
        notes.append(.newestInterpreterOnly(interpreter: newest.displayName))
        return [.init(interpreter: newest, requested: false)]
    }

    /// Reads each configuration's banner by starting its interpreter under its
    /// settings. One that does not start is marked failed with the reason.
    func withBanners(_ configurations: [ConfigurationRun]) async throws -> [ConfigurationRun] {
        let probe = BannerProbe(runner: runner, environment: environment, timeout: probeTimeout)
        func target(_ configuration: ConfigurationRun) -> BannerProbe.Target {
            BannerProbe.Target(path: configuration.interpreter.path, settings: configuration.settings)
        }
        let readings = try await probe.read(configurations.map(target))
        return configurations.map { configuration in
            var configuration = configuration
            switch readings[target(configuration)] {
            case .banner(let banner, _)?:
                configuration.banner = banner
            case .failed(let reason)?:
                configuration.status = .failed
                configuration.error = "the interpreter did not start under \(configuration.settings.description.isEmpty ? "its defaults" : configuration.settings.description): \(reason)"
            case nil:
                break
            }
            return configuration
        }
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
}
