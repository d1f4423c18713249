import Foundation

// The values every report renderer (SVG charts, HTML page, terminal charts)
// draws from. Every figure in them is a value of the run's `RunAnalysis`,
// copied, never computed here: a report only shows them. Times are always
// in seconds.

/// A point with an error bar, as a chart draws it.
public struct Estimate: Sendable, Equatable, Codable {
    public var value: Double
    public var low: Double
    public var high: Double

    public init(value: Double, low: Double, high: Double) {
        self.value = value
        self.low = low
        self.high = high
    }

    /// A figure with its shown interval; a point without bar when it has none.
    public init(_ estimate: some IntervalEstimate) {
        let interval = estimate.shownInterval
        self.init(value: estimate.value, low: interval?.lower ?? estimate.value, high: interval?.upper ?? estimate.value)
    }

    public func contains(_ candidate: Double) -> Bool { low <= candidate && candidate <= high }
}

/// The machine a run was measured on, as the report names it.
public struct MachineDescription: Sendable, Equatable, Hashable, Codable {
    public var hostname: String
    /// "Intel(R) Xeon(R) CPU @ 2.20GHz"; empty when unknown.
    public var cpuModel: String
    /// Logical cores available to the run: the ideal thread speedup stops here.
    public var logicalCores: Int
    /// "Debian GNU/Linux 12 (bookworm)".
    public var operatingSystem: String
    /// "x86_64".
    public var architecture: String

    public init(hostname: String, cpuModel: String, logicalCores: Int, operatingSystem: String, architecture: String) {
        self.hostname = hostname
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.operatingSystem = operatingSystem
        self.architecture = architecture
    }

    /// "ci-runner-7: Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores, x86_64, Debian
    /// GNU/Linux 12 (bookworm)"; parts that are not known are left out.
    public var summary: String {
        let cpu = cpuModel.isEmpty ? "unknown CPU" : cpuModel
        let cores = logicalCores == 1 ? "1 core" : "\(logicalCores) cores"
        let parts = [cpu, cores, architecture, operatingSystem].filter { !$0.isEmpty }
        return "\(hostname.isEmpty ? "unknown host" : hostname): " + parts.joined(separator: ", ")
    }
}

/// One measured configuration: an interpreter under given settings, at a
/// thread count, with the figures the run's analysis gave it.
public struct ConfigurationResult: Sendable, Equatable, Codable {
    /// Unique within a run; charts and tables refer to configurations by it.
    public var id: String
    /// The seed's label without the thread count: "3.13t (GIL off)",
    /// "3.13j (JIT on)". Configurations that share a label form one thread
    /// sweep.
    public var label: String
    /// The build's short name: "3.13", "3.13t", "3.13j", "3.13+tier2".
    public var interpreter: String
    public var interpreterPath: String
    public var settings: RuntimeSettings
    /// Threads the workload ran in; nil for a workload without threads.
    public var threads: Int?
    /// The seed's banner, as the interpreter printed it under these settings.
    public var banner: Banner?
    /// Every timing in seconds, one array per worker process, for the
    /// distribution chart to draw as dots (never summarised: the process is
    /// the unit of evidence).
    public var processSamples: [[Double]]
    /// Over the processes' values (one per process).
    public var summary: Summary?
    /// The median time with its intervals; nil when the configuration has no
    /// result (it failed before its first sample).
    public var median: TimeEstimate?
    /// The baseline's time over this one's (above 1: faster); nil for the
    /// baseline itself and when there is no baseline.
    public var speedup: SpeedupEstimate?
    /// t1 × N / tN against this label's 1-thread configuration.
    public var scaling: ScalingEstimate?
    public var steadiness: Steadiness?
    /// False when sampling stopped before the median's CI reached the
    /// target precision.
    public var converged: Bool
    /// Why the configuration failed (the last line of the traceback); its
    /// samples, if any, are what was measured before.
    public var failure: String?

    public init(id: String, label: String, interpreter: String, interpreterPath: String,
                settings: RuntimeSettings = .defaults, threads: Int? = nil, banner: Banner? = nil,
                processSamples: [[Double]], summary: Summary?, median: TimeEstimate?, speedup: SpeedupEstimate? = nil,
                scaling: ScalingEstimate? = nil, steadiness: Steadiness? = nil, converged: Bool = true, failure: String? = nil) {
        self.id = id
        self.label = label
        self.interpreter = interpreter
        self.interpreterPath = interpreterPath
        self.settings = settings
        self.threads = threads
        self.banner = banner
        self.processSamples = processSamples
        self.summary = summary
        self.median = median
        self.speedup = speedup
        self.scaling = scaling
        self.steadiness = steadiness
        self.converged = converged
        self.failure = failure
    }

    /// "3.13t (GIL off), 2 threads": the label with the thread count.
    public var fullLabel: String {
        guard let threads else { return label }
        return "\(label), \(threads) \(threads == 1 ? "thread" : "threads")"
    }

    public var sampleCount: Int { processSamples.reduce(0) { $0 + $1.count } }
    /// True when there is a median to draw (a configuration that failed at
    /// once has none).
    public var hasResult: Bool {
        guard let median, sampleCount > 0 else { return false }
        return median.value.isFinite && median.value > 0
    }

    /// True when some process's timings were not one steady level.
    public var isUnsteady: Bool { steadiness?.isUnsteady ?? false }

    /// The median as a chart draws it, for renderers that have checked
    /// `hasResult`: the value and its shown interval (none: a point).
    var medianTime: Estimate { median.map(Estimate.init) ?? Estimate(value: .nan, low: .nan, high: .nan) }

    /// Whether the median has an interval to draw.
    var hasInterval: Bool { median?.shownInterval != nil }
}

/// One benchmark run: what was run, where, when, and every configuration.
public struct RunReport: Sendable, Equatable, Codable {
    /// The run's id as stored ("42").
    public var id: String
    /// "gil", "jit" or "FILE.py:FUNC".
    public var workload: String
    /// Parameters in words: "fib(35) in each thread".
    public var workloadDetail: String?
    /// The command line as a shell would take it back
    /// (`ShellQuoting.join(CommandLine.arguments)` where the run was made).
    public var commandLine: String
    public var startedAt: Date
    public var status: RunStatus
    public var machine: MachineDescription
    /// The precision adaptive sampling aimed for (0.01 for 1%); nil with a
    /// fixed `--repeat`.
    public var targetPrecision: Double?
    /// The label of the configuration the ratios are against. With thread
    /// counts, each configuration is compared with the baseline at its own
    /// thread count (as `pythons bench` compares them).
    public var baselineLabel: String?
    public var configurations: [ConfigurationResult]
    /// The run's notes and flags in words (`RunNoteText`), such as "this
    /// machine has 2 cores: beyond 2 threads ...".
    public var notes: [String]
    /// What the shown intervals span: "95% CI over this run: ...".
    public var intervalLegend: String?

    public init(id: String, workload: String, workloadDetail: String? = nil, commandLine: String,
                startedAt: Date, status: RunStatus = .complete, machine: MachineDescription,
                targetPrecision: Double? = nil, baselineLabel: String? = nil,
                configurations: [ConfigurationResult], notes: [String] = [], intervalLegend: String? = nil) {
        self.id = id
        self.workload = workload
        self.workloadDetail = workloadDetail
        self.commandLine = commandLine
        self.startedAt = startedAt
        self.status = status
        self.machine = machine
        self.targetPrecision = targetPrecision
        self.baselineLabel = baselineLabel
        self.configurations = configurations
        self.notes = notes
        self.intervalLegend = intervalLegend
    }

    /// Whether a configuration is the baseline (at its thread count).
    public func isBaseline(_ configuration: ConfigurationResult) -> Bool {
        baselineLabel != nil && configuration.label == baselineLabel
    }

    /// "3.13" or "3.13 at the same thread count": what ratios are against.
    public var baselineDescription: String? {
        guard let baselineLabel, let first = configurations.first(where: isBaseline) else { return nil }
        let sweeps = configurations.contains { $0.label == baselineLabel && $0.threads != first.threads }
        return sweeps ? "\(baselineLabel) at the same thread count" : first.fullLabel
    }

    /// Thread sweeps in this run: labels measured at two or more thread counts.
    public var threadSweeps: [ThreadSweep] { ThreadSweep.sweeps(in: self) }
}

/// Everything one report shows: one or more runs, possibly from several
/// machines.
public struct ReportDocument: Sendable, Equatable, Codable {
    public var title: String
    public var generatedAt: Date
    public var runs: [RunReport]

    public init(title: String = "Pythons benchmark report", generatedAt: Date, runs: [RunReport]) {
        self.title = title
        self.generatedAt = generatedAt
        self.runs = runs
    }

    /// Runs grouped by the machine they ran on, machines in order of first
    /// appearance and runs in their given order within each.
    public var machineGroups: [MachineGroup] {
        var order: [MachineDescription] = []
        var grouped: [MachineDescription: [RunReport]] = [:]
        for run in runs {
            if grouped[run.machine] == nil { order.append(run.machine) }
            grouped[run.machine, default: []].append(run)
        }
        return order.map { MachineGroup(machine: $0, runs: grouped[$0]!) }
    }
}

/// The runs of one machine in a report.
public struct MachineGroup: Sendable, Equatable {
    public var machine: MachineDescription
    public var runs: [RunReport]
}

