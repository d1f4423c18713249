import Foundation

/// Something that happened while measuring: the hook for storage (every
/// sample is saved as it arrives, so an interrupted run keeps them) and for
/// live progress displays.
public enum BenchmarkEvent: Sendable {
    case sampleRecorded(configuration: Int, sample: ProcessSample, progress: BenchmarkProgress)
    case configurationFailed(configuration: Int, message: String, progress: BenchmarkProgress)
    case roundFinished(BenchmarkProgress)
}

/// Where a run stands, for a progress display.
public struct BenchmarkProgress: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var processes: Int
        /// Current ±relative half-width of the median's interval; nil until
        /// there are enough processes for one.
        public var precision: Double?
        public var converged: Bool
        public var failed: Bool
    }

    public var round: Int
    public var elapsedSeconds: Double
    public var maxTime: Double?
    public var targetPrecision: Double
    public var entries: [Entry]

    public var samplesTaken: Int { entries.reduce(0) { $0 + $1.processes } }
    public var configurationsDone: Int { entries.filter { $0.converged || $0.failed }.count }
}

/// Runs the worker processes of a run: one process per sample, one at a
/// time (parallel workers would disturb each other's timings), configurations
/// interleaved round by round (A B C, B C A, C A B, ...) so that drift of a
/// shared machine falls on all of them alike and no configuration always
/// follows the same neighbour.
public struct BenchmarkScheduler: Sendable {
    public var workload: Workload
    public var options: MeasurementOptions
    public var environment: PythonsEnvironment
    public var runner: ProcessRunner
    /// Where workers start (the user's folder, for a FILE.py:FUNC that reads
    /// relative paths).
    public var workingDirectory: String?

    public init(workload: Workload, options: MeasurementOptions, environment: PythonsEnvironment,
                runner: ProcessRunner, workingDirectory: String? = nil) {
        self.workload = workload
        self.options = options
        self.environment = environment
        self.runner = runner
        self.workingDirectory = workingDirectory
    }

    public struct Outcome: Sendable {
        public var configurations: [ConfigurationRun]
        /// Stopped by cancellation (Ctrl-C); what was measured is kept.
        public var interrupted: Bool
        /// Stopped because --max-time ran out.
        public var outOfTime: Bool
        public var elapsedSeconds: Double
    }

    public func run(_ initial: [ConfigurationRun],
                    events: @Sendable (BenchmarkEvent) throws -> Void = { _ in }) async throws -> Outcome {
        var configurations = initial
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double { (clock.now - start).seconds }
        func progress(round: Int) -> BenchmarkProgress {
            BenchmarkProgress(round: round, elapsedSeconds: elapsed(), maxTime: options.maxTime,
                              targetPrecision: options.precision, entries: configurations.map { configuration in
                let summary = Summary(configuration.processValues, confidence: options.confidence)
                return .init(name: configuration.name, processes: configuration.processes.count,
                             precision: summary?.relativePrecision,
                             converged: isDone(configuration, summary: summary), failed: configuration.status == .failed)
            })
        }

        var interrupted = false, outOfTime = false
        var round = 0, sequence = 0
        rounds: while true {
            let active = configurations.indices.filter { configurations[$0].status != .failed }
            if active.isEmpty { break }
            if active.allSatisfy({ isDone(configurations[$0], summary: Summary(configurations[$0].processValues, confidence: options.confidence)) }) {
                break
            }
            let shift = round % active.count
            for index in active[shift...] + active[..<shift] {
                if Task.isCancelled { interrupted = true; break rounds }
                if let limit = options.maxTime, elapsed() >= limit { outOfTime = true; break rounds }
                let spec = WorkerSpec(workload: workload, threads: configurations[index].threads,
                                      warmup: options.warmup, values: valuesPerProcess(configurations[index]))
                let token = WorkerSpec.newToken()
                let request = try spec.request(interpreter: configurations[index].interpreter.path,
                                               settings: configurations[index].settings, environment: environment,
                                               timeout: .clampedSeconds(options.timeout),
                                               workingDirectory: workingDirectory, token: token)
                let outcome: ProcessOutcome
                let launched = clock.now
                do {
                    outcome = try await runner.run(request)
                } catch is CancellationError {
                    interrupted = true
                    break rounds
                } catch let error as ProcessError {
                    switch error.kind {
                    case .launch:
                        outcome = ProcessOutcome(termination: .exited(127), standardOutput: "", standardError: error.description)
                    case .outputLimit(let stream, let limit):
                        let message = "the workload printed more than \(ProcessError.size(limit)) on \(stream), more than Pythons keeps; its processes were stopped (print less in the workload)"
                        outcome = ProcessOutcome(termination: .exited(1), standardOutput: "", standardError: message)
                    }
                }
                if Task.isCancelled { interrupted = true; break rounds }
                defer { sequence += 1 }
                switch WorkerResult.interpret(outcome, token: token) {
                case .success(let result):
                    var sample = result.sample(round: round, sequence: sequence)
                    sample.processSeconds = (clock.now - launched).seconds
                    configurations[index].processes.append(sample)
                    try events(.sampleRecorded(configuration: index, sample: sample, progress: progress(round: round)))
                case .failure(let failure):
                    configurations[index].status = .failed
                    configurations[index].error = failure.message
                    try events(.configurationFailed(configuration: index, message: failure.message, progress: progress(round: round)))
                }
            }
            try events(.roundFinished(progress(round: round)))
            round += 1
        }
        for index in configurations.indices where configurations[index].status == .measuring {
            configurations[index].status = .measured
        }
        return Outcome(configurations: configurations, interrupted: interrupted, outOfTime: outOfTime,
                       elapsedSeconds: elapsed())
    }

    /// Timed calls the next process of a configuration makes: as asked
    /// (`--values`); with `--repeat`, and during an adaptive run's pilot, 0
    /// (the worker's choice, about 50 ms of calls); after the pilot, the
    /// count that narrows the interval fastest (see ProcessDesign).
    func valuesPerProcess(_ configuration: ConfigurationRun) -> Int {
        if let fixed = options.valuesPerProcess { return fixed }
        guard options.choosesValuesPerProcess else { return 0 }
        return ProcessDesign.choose(from: configuration.processes)?.valuesPerProcess ?? 0
    }

    /// Whether a configuration needs no more processes: it has the repeat
    /// count asked for, or (adaptive) the minimum and a narrow enough interval.
    func isDone(_ configuration: ConfigurationRun, summary: Summary?) -> Bool {
        RunAnalysis.isConverged(summary, options: options)
    }
}
