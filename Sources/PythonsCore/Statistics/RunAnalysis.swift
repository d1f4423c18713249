/// The statistics of a run, derived from its raw samples (never stored, so a
/// run from the database or another machine's JSON is judged the same way).
public struct RunAnalysis: Sendable, Equatable, Codable {
    /// In the run's configuration order.
    public var configurations: [ConfigurationAnalysis]

    public init(_ run: BenchmarkRun) {
        let options = run.options
        let cores = run.machine.logicalCores
        configurations = run.configurations.map { configuration in
            let summary = Summary(configuration.processValues, confidence: options.confidence)
            return ConfigurationAnalysis(
                label: configuration.label, threads: configuration.threads, summary: summary,
                converged: RunAnalysis.isConverged(summary, options: options),
                comparison: nil, scaling: nil,
                design: options.choosesValuesPerProcess ? ProcessDesign.choose(from: configuration.processes) : nil)
        }
        for (index, configuration) in run.configurations.enumerated() {
            // Against the baseline at the same thread count.
            if let baselineIndex = run.configurations.firstIndex(where: { $0.label == run.baseline && $0.threads == configuration.threads }),
               baselineIndex != index {
                configurations[index].comparison = RunAnalysis.compare(
                    run.configurations[baselineIndex], with: configuration, confidence: options.confidence)
            }
            // Against the same interpreter and settings at one thread.
            if let threads = configuration.threads, threads > 1,
               let single = run.configurations.firstIndex(where: { $0.label == configuration.label && $0.threads == 1 }),
               let singleMedian = configurations[single].summary?.median,
               let median = configurations[index].summary?.median {
                configurations[index].scaling = ThreadScaling(threads: threads, singleThreadTime: singleMedian,
                                                              time: median, cores: cores)
            }
        }
    }

    /// Whether a configuration met its stopping rule: with `--repeat N`, N
    /// processes; adaptive, at least the minimum number of processes and an
    /// interval of the median within the precision.
    public static func isConverged(_ summary: Summary?, options: MeasurementOptions) -> Bool {
        guard let summary else { return false }
        if let repeatCount = options.repeatCount { return summary.count >= repeatCount }
        guard let precision = summary.relativePrecision else { return false }
        return summary.count >= options.minimumProcesses && precision <= options.precision
    }

    /// The baseline's time over the candidate's, from the rounds where both
    /// ran (paired), and a Mann-Whitney test over all their processes.
    static func compare(_ baseline: ConfigurationRun, with candidate: ConfigurationRun, confidence: Double) -> Comparison? {
        let baselineByRound = Dictionary(baseline.processes.map { ($0.round, $0.value) }, uniquingKeysWith: { first, _ in first })
        var pairedBaseline: [Double] = [], pairedCandidate: [Double] = []
        for process in candidate.processes {
            if let other = baselineByRound[process.round] {
                pairedBaseline.append(other)
                pairedCandidate.append(process.value)
            }
        }
        guard let ratio = RatioEstimate.paired(baseline: pairedBaseline, candidate: pairedCandidate, confidence: confidence) else {
            return nil
        }
        return Comparison(baseline: baseline.label, ratio: ratio,
                          pValue: MannWhitney.pValue(baseline.processValues, candidate.processValues))
    }
}

public struct ConfigurationAnalysis: Sendable, Equatable, Codable {
    public var label: String
    public var threads: Int?
    /// nil when no process finished.
    public var summary: Summary?
    public var converged: Bool
    /// Against the baseline at the same thread count; nil for the baseline itself.
    public var comparison: Comparison?
    /// For N > 1 threads, when the same configuration ran at 1 thread.
    public var scaling: ThreadScaling?
    /// How many calls each process timed after the pilot, and the noise that
    /// chose it; nil when the count was fixed or the pilot could not tell.
    public var design: ProcessDesign?
}

public struct Comparison: Sendable, Equatable, Codable {
    /// The baseline configuration's label.
    public var baseline: String
    /// Baseline time / this time: above 1 means faster than the baseline.
    public var ratio: RatioEstimate
    /// Two-sided Mann-Whitney U p-value: how likely a difference this large
    /// would be if both timed the same.
    public var pValue: Double?
}
