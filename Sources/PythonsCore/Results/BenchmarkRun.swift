import Foundation

/// One `pythons bench` run as it is stored and exported: everything measured
/// (raw timings per worker process) and everything needed to judge it (the
/// machine, the command line, each interpreter's banner and settings).
/// Statistics are not stored: `RunAnalysis(run)` derives them, so a run read
/// back from the database or from another machine's JSON is analysed by the
/// same code. Documented in docs/json.md.
public struct BenchmarkRun: Sendable, Equatable, Codable {
    /// Unique across machines (a UUID), so runs imported from elsewhere never
    /// collide.
    public var id: String
    /// The short number `pythons history` shows; local to one database, nil
    /// for a run not (yet) stored.
    public var number: Int?
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: RunStatus
    /// The arguments `pythons` was started with, program name first.
    public var commandLine: [String]
    public var machine: MachineInfo
    public var workload: Workload
    public var options: MeasurementOptions
    /// The configuration others are compared with (its label); each is
    /// compared with the baseline at its own thread count.
    public var baseline: String
    public var configurations: [ConfigurationRun]
    /// Things a reader of the results must know: combinations skipped,
    /// thread counts beyond the cores, sampling that stopped early, blocks,
    /// the earlier runs it was judged against (see `RunNote`).
    public var notes: [RunNote]

    public init(id: String = UUID().uuidString.lowercased(), number: Int? = nil, startedAt: Date, finishedAt: Date? = nil,
                status: RunStatus, commandLine: [String], machine: MachineInfo, workload: Workload,
                options: MeasurementOptions, baseline: String, configurations: [ConfigurationRun], notes: [RunNote] = []) {
        self.id = id
        self.number = number
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.commandLine = commandLine
        self.machine = machine
        self.workload = workload
        self.options = options
        self.baseline = baseline
        self.configurations = configurations
        self.notes = notes
    }
}

public enum RunStatus: String, Sendable, Codable, Equatable {
    /// Still measuring (or the process was killed without a chance to say).
    case running
    /// Every configuration was measured to the end.
    case complete
    /// Stopped by Ctrl-C or SIGTERM; the samples taken so far are kept.
    case interrupted
    /// At least one configuration failed (its workload raised, crashed or
    /// timed out); the others were measured.
    case failed
}

/// How a run measured: the options after defaults were applied.
public struct MeasurementOptions: Sendable, Equatable, Codable {
    /// Untimed in-process calls before the timed ones, in every process; nil
    /// ("auto"): calls until 50 ms have passed, at least one (the first calls
    /// of a process run a percent or two off the steady state).
    public var warmup: Int?
    /// Timed calls per process; the process's median is its one value. nil
    /// ("auto"): the worker times as many calls as fit in 50 ms (1 to 20),
    /// so one preemption cannot move a short workload's value, while a long
    /// one is timed once (processes differ more than calls within one do).
    public var valuesPerProcess: Int?
    /// A fixed number of processes per configuration (`--repeat`), over all
    /// blocks; nil for adaptive sampling.
    public var repeatCount: Int?
    /// How many times the interleaved design is repeated as separate blocks,
    /// a pause between them (`--runs K`); nil for one. With `--repeat N`
    /// each block takes N / K processes per configuration; adaptive, each
    /// block samples to the precision on its own, within its share of
    /// `maxTime`.
    public var runs: Int?
    /// Seconds of pause before each block after the first (`--block-pause`);
    /// nil for the default, `defaultBlockPause`. Blocks seconds apart see
    /// only what moves the machine within a minute; on a machine whose level
    /// wanders over many minutes, longer pauses let the blocks sample it
    /// (bench/README.md, "Do the intervals cover?").
    public var blockPause: Double?
    /// Adaptive: stop once every configuration's 95% interval of the median
    /// is within ±precision of it (0.01 = 1%).
    public var precision: Double
    /// Adaptive: processes per configuration before any early stop.
    public var minimumProcesses: Int
    /// Seconds after which no new process starts, converged or not; nil for
    /// no limit (`--repeat` without `--max-time`).
    public var maxTime: Double?
    /// Seconds one worker process may take before its process group is killed.
    public var timeout: Double
    public var confidence: Double

    public init(warmup: Int? = nil, valuesPerProcess: Int? = nil, repeatCount: Int? = nil, runs: Int? = nil,
                blockPause: Double? = nil, precision: Double = 0.01, minimumProcesses: Int = MeasurementOptions.defaultMinimumProcesses,
                maxTime: Double? = 60, timeout: Double = 300, confidence: Double = 0.95) {
        self.warmup = warmup
        self.valuesPerProcess = valuesPerProcess
        self.repeatCount = repeatCount
        self.runs = runs
        self.blockPause = blockPause
        self.precision = precision
        self.minimumProcesses = minimumProcesses
        self.maxTime = maxTime
        self.timeout = timeout
        self.confidence = confidence
    }

    /// Whether Pythons chooses the timed calls per process from the pilot
    /// (adaptive sampling without --values); see ProcessDesign.
    public var choosesValuesPerProcess: Bool { valuesPerProcess == nil && repeatCount == nil }

    /// Blocks the run is measured in: 1 without `--runs`.
    public var blockCount: Int { max(runs ?? 1, 1) }

    /// 3 s: long enough for the previous block's last worker to be gone and
    /// the machine to settle, short enough to add little to a run.
    public static let defaultBlockPause: Double = 3

    /// The pause before each block after the first, in seconds.
    public var blockPauseSeconds: Double { blockPause ?? Self.defaultBlockPause }

    /// 10 processes: the fewest with which the exact 95% interval of the
    /// median drops the most extreme process on each side ([x(2), x(9)]),
    /// while ten seconds-long samples of a few configurations still fit the
    /// README's one-minute main job on 2 cores (pyperf's 20 would not).
    public static let defaultMinimumProcesses = 10
}

/// One configuration of the matrix and everything measured for it.
public struct ConfigurationRun: Sendable, Equatable, Codable {
    /// "3.13t (GIL off)", "3.13j (JIT on)", "3.12": the seed's label, with the
    /// JIT state added for builds that have tier 2. Unique within a run
    /// together with `threads`.
    public var label: String
    /// The seed's `python` CSV column: "3.13t (GIL off)", "3.13".
    public var pythonLabel: String
    /// The seed's `jit` CSV column: "on", "off" or "unsupported".
    public var jitLabel: String
    /// Threads the workload ran in; nil for a user function called directly.
    public var threads: Int?
    public var interpreter: InterpreterSnapshot
    /// The settings passed to every worker (PYTHON_GIL, PYTHON_JIT); unset
    /// ones run as the build defaults, never as inherited.
    public var settings: RuntimeSettings
    /// The seed's banner as the interpreter printed it under these settings.
    public var banner: Banner?
    public var status: ConfigurationStatus
    /// For a failed configuration: the last line of the Python traceback, or
    /// how the worker ended (timeout, signal).
    public var error: String?
    /// One entry per worker process, in the order they ran.
    public var processes: [ProcessSample]

    public init(label: String, pythonLabel: String, jitLabel: String, threads: Int?, interpreter: InterpreterSnapshot,
                settings: RuntimeSettings, banner: Banner? = nil, status: ConfigurationStatus = .measuring,
                error: String? = nil, processes: [ProcessSample] = []) {
        self.label = label
        self.pythonLabel = pythonLabel
        self.jitLabel = jitLabel
        self.threads = threads
        self.interpreter = interpreter
        self.settings = settings
        self.banner = banner
        self.status = status
        self.error = error
        self.processes = processes
    }

    /// "3.13t (GIL off), 2 threads": how messages name a configuration.
    public var name: String {
        threads.map { "\(label), \($0) thread\($0 == 1 ? "" : "s")" } ?? label
    }

    /// One value per process: the median of its timed values, in seconds.
    public var processValues: [Double] { processes.map(\.value) }
}

public enum ConfigurationStatus: String, Sendable, Codable, Equatable {
    case measuring
    /// Measured to the end (converged or not: see the analysis).
    case measured
    /// The workload raised, the worker crashed or timed out.
    case failed
}

/// What one worker process measured.
public struct ProcessSample: Sendable, Equatable, Codable {
    /// The interleaved round the process belongs to (0-based): processes of
    /// one round ran back to back, one per configuration.
    public var round: Int
    /// The process's place in the whole run (0-based), across
    /// configurations: the order the processes ran in, for drift over time.
    public var sequence: Int?
    /// Timed calls, in seconds per call.
    public var values: [Double]
    /// For a call shorter than 1 ms: how many calls each value timed in a
    /// loop (the value is that loop's time divided by it); nil for 1.
    public var loops: Int?
    /// Untimed warm-up calls, in seconds (timed anyway, for the record).
    public var warmups: [Double]
    /// Whether the GIL was on when the workload ended (an extension import
    /// can turn it back on), and whether tier 2 was on; nil when unknown.
    public var gilEnabled: Bool?
    public var jitEnabled: Bool?
    /// Seconds from starting the worker to its exit, as Pythons saw it: what
    /// the process cost, start-up included (nil in runs stored before it was
    /// kept). Never part of the measurement; it prices the next process.
    public var processSeconds: Double?

    public init(round: Int, sequence: Int? = nil, values: [Double], warmups: [Double] = [], loops: Int? = nil,
                gilEnabled: Bool? = nil, jitEnabled: Bool? = nil, processSeconds: Double? = nil) {
        self.round = round
        self.sequence = sequence
        self.loops = loops
        self.values = values
        self.warmups = warmups
        self.gilEnabled = gilEnabled
        self.jitEnabled = jitEnabled
        self.processSeconds = processSeconds
    }

    /// The process's one value: the median of its timed calls.
    public var value: Double { Quantiles.median(values) }
}

/// The interpreter of a configuration, as it was when the run was made (a
/// later rebuild at the same path does not rewrite history).
public struct InterpreterSnapshot: Sendable, Equatable, Codable {
    public var path: String
    public var implementation: String
    public var version: String
    /// "3.13t", "3.13j", "3.13+tier2", "3.13".
    public var shortName: String
    public var sysVersion: String
    public var freeThreadedBuild: Bool
    public var jitBuild: Bool
    public var tier2Flags: Int?
    public var configArgs: String?

    public init(path: String, implementation: String, version: String, shortName: String, sysVersion: String,
                freeThreadedBuild: Bool, jitBuild: Bool, tier2Flags: Int?, configArgs: String?) {
        self.path = path
        self.implementation = implementation
        self.version = version
        self.shortName = shortName
        self.sysVersion = sysVersion
        self.freeThreadedBuild = freeThreadedBuild
        self.jitBuild = jitBuild
        self.tier2Flags = tier2Flags
        self.configArgs = configArgs
    }

    public init(_ interpreter: Interpreter) {
        let facts = interpreter.facts
        self.init(path: interpreter.path, implementation: facts.implementation, version: facts.version.description,
                  shortName: facts.shortName, sysVersion: facts.sysVersion, freeThreadedBuild: facts.freeThreadedBuild,
                  jitBuild: facts.jitBuild, tier2Flags: facts.tier2Flags, configArgs: facts.configArgs)
    }
}
