import Foundation

/// Turns a stored or imported benchmark run into what the report draws. The
/// statistics come from `RunAnalysis`, the same code `pythons bench` and
/// `pythons show` print from, so the report and the terminal never disagree.
extension RunReport {
    public init(run: BenchmarkRun, analysis: RunAnalysis? = nil) {
        let analysis = analysis ?? RunAnalysis(run)
        var configurations: [ConfigurationResult] = []
        var missingIntervals: [String] = []
        for (index, (configuration, result)) in zip(run.configurations, analysis.configurations).enumerated() {
            var median: Estimate?
            if let summary = result.summary {
                if let interval = summary.medianInterval {
                    median = Estimate(value: summary.median, low: interval.lower, high: interval.upper)
                } else {
                    // Fewer than 6 processes have no distribution-free 95%
                    // interval: the whiskers show the range instead, and a
                    // note says so rather than drawing a made-up interval.
                    median = Estimate(value: summary.median, low: summary.minimum, high: summary.maximum)
                    missingIntervals.append(configuration.name)
                }
            }
            // Bench's ratio is the baseline's time over this one; the report
            // draws this one's time over the baseline's.
            let ratio = result.comparison.flatMap { comparison -> Estimate? in
                guard let interval = comparison.ratio.interval else { return nil }
                return Estimate(value: comparison.ratio.ratio, low: interval.lower, high: interval.upper).reciprocal
            }
            configurations.append(ConfigurationResult(
                id: "c\(index + 1)", label: configuration.label, interpreter: configuration.interpreter.shortName,
                interpreterPath: configuration.interpreter.path, settings: configuration.settings,
                threads: configuration.threads, banner: configuration.banner,
                processSamples: configuration.processes.map(\.values), median: median, ratioToBaseline: ratio,
                converged: result.converged || configuration.status == .failed, failure: configuration.error))
        }
        var notes = run.notes.filter { !RunReport.isDerivedByReport($0) }
        if !missingIntervals.isEmpty {
            notes.append("Fewer than 6 processes, so no 95% interval of the median: whiskers show the range of processes for \(missingIntervals.joined(separator: "; ")).")
        }
        self.init(
            id: run.number.map(String.init) ?? String(run.id.prefix(8)),
            workload: run.workload.kind == .function ? run.workload.description : run.workload.kind.rawValue,
            workloadDetail: RunReport.detail(of: run.workload),
            commandLine: ShellQuoting.join(run.commandLine),
            startedAt: run.startedAt, status: run.status,
            machine: MachineDescription(hostname: run.machine.hostname, cpuModel: run.machine.cpuModel,
                                        logicalCores: run.machine.logicalCores,
                                        operatingSystem: run.machine.operatingSystem,
                                        architecture: run.machine.architecture),
            targetPrecision: run.options.repeatCount == nil ? run.options.precision : nil,
            baselineLabel: run.baseline, configurations: configurations, notes: notes)
    }

    /// "fib(35) in each thread", "fib(i) for i in range(10000)".
    static func detail(of workload: Workload) -> String {
        switch workload {
        case .gil(let n): "fib(\(n)) in each thread"
        case .jit(let n): "fib(i) for i in range(\(n))"
        case .function(_, let name, let arguments): "\(name)(\(arguments.joined(separator: ", ")))"
        }
    }

    /// Bench's notes that the report writes itself, from the data (threads
    /// beyond the cores, convergence, failures), so they are not shown twice.
    static func isDerivedByReport(_ note: String) -> Bool {
        note.hasPrefix("this machine has ") || note.hasPrefix("not converged") || note.contains(" failed to start: ")
    }
}
