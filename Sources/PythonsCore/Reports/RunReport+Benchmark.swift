import Foundation

/// Turns a stored or imported benchmark run into what the report draws. Every
/// figure is the run's `RunAnalysis` value, the same one `pythons bench` and
/// `pythons show` print, so the report and the terminal never disagree.
extension RunReport {
    public init(run: BenchmarkRun, analysis: RunAnalysis? = nil) {
        let analysis = analysis ?? RunAnalysis(run)
        var configurations: [ConfigurationResult] = []
        for (index, (configuration, result)) in zip(run.configurations, analysis.configurations).enumerated() {
            configurations.append(ConfigurationResult(
                id: "c\(index + 1)", label: configuration.label, interpreter: configuration.interpreter.shortName,
                interpreterPath: configuration.interpreter.path, settings: configuration.settings,
                threads: configuration.threads, banner: configuration.banner,
                processSamples: configuration.processes.map(\.values), summary: result.summary, median: result.time,
                speedup: result.speedup, scaling: result.scaling, steadiness: result.steadiness,
                converged: result.converged || configuration.status == .failed, failure: configuration.error))
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
            baselineLabel: run.baseline, configurations: configurations,
            notes: RunReport.notes(run, analysis: analysis),
            intervalLegend: RunRendering(run: run, analysis: analysis).intervalLegend())
    }

    /// "fib(35) in each thread", "fib(i) for i in range(10000)".
    static func detail(of workload: Workload) -> String {
        switch workload {
        case .gil(let n): "fib(\(n)) in each thread"
        case .jit(let n): "fib(i) for i in range(\(n))"
        case .function(_, let name, let arguments): "\(name)(\(arguments.joined(separator: ", ")))"
        case .pyperf(let file, let benchmark, let arguments, _):
            "pyperf benchmark \(benchmark ?? "(first registered)") of \(([file] + arguments).joined(separator: " "))"
        case .scaling(let operation): "\(operation) in each thread"
        }
    }

    /// The run's notes in the same words as the terminal, then what only
    /// the run's state says: unsteady configurations, failures while
    /// measuring, an interrupted run.
    static func notes(_ run: BenchmarkRun, analysis: RunAnalysis) -> [String] {
        var notes = RunNoteText.lines(run, analysis: analysis) + RunNoteText.steadinessLines(run, analysis: analysis)
        let failedToStart = Set(run.notes.compactMap { note -> String? in
            if case .failedToStart(let configuration, _) = note { configuration } else { nil }
        })
        for configuration in run.configurations where configuration.status == .failed && !failedToStart.contains(configuration.name) {
            notes.append("\(configuration.name) failed: \(configuration.error ?? "unknown error")")
        }
        let missing = zip(run.configurations, analysis.configurations).filter { $1.time != nil && $1.time?.shownInterval == nil }
        if !missing.isEmpty {
            notes.append("Fewer than 6 processes, so no 95% CI of the median, and none is drawn: \(missing.map(\.0.name).joined(separator: "; ")).")
        }
        if run.status == .interrupted {
            notes.append("The run was interrupted: these are the samples taken until then.")
        }
        return notes
    }
}
