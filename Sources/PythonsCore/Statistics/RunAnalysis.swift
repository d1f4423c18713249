/// The statistics of a run, derived from its raw samples (never stored, so a
/// run from the database or another machine's JSON is judged the same way).
/// It is the one producer of every figure Pythons prints: the bench table,
/// the terminal charts, the HTML report, Markdown, CSV, `show` and `compare`
/// only format its values.
///
/// The levels are runs → processes → timings: a process's value is the
/// median of its timings; a configuration's median is over its processes;
/// with `--runs K` each block is one run, and with history the same
/// configuration's earlier runs on this machine are more (see
/// `AcrossRunsInterval`).
public struct RunAnalysis: Sendable, Equatable, Codable {
    /// In the run's configuration order.
    public var configurations: [ConfigurationAnalysis]
    /// Blocks the run was measured in (1 without --runs).
    public var blocks: Int
    /// Earlier runs of this machine the across-runs intervals may draw on.
    public var historyRuns: Int

    /// - Parameter ratioIntervals: false where only the values are read
    ///   (an earlier run's figures for history, a convergence check): the
    ///   speedups' and scalings' within-run intervals are then left out,
    ///   2,000 resamples each.
    public init(_ run: BenchmarkRun, ratioIntervals: Bool = true) {
        let options = run.options
        let blocks = run.blocks
        let history = run.history
        self.blocks = blocks.count
        historyRuns = history?.runs.count ?? 0
        let blockOfRound: (Int) -> Int = { round in (blocks.lastIndex { $0.firstRound <= round }) ?? 0 }

        configurations = run.configurations.map { configuration in
            let summary = Summary(configuration.processValues, confidence: options.confidence)
            let entry = history?.entry(label: configuration.label, threads: configuration.threads)
            let time = summary.map { summary -> TimeEstimate in
                var byBlock: [Int: [Double]] = [:]
                for process in configuration.processes { byBlock[blockOfRound(process.round), default: []].append(process.value) }
                let blockMedians = byBlock.keys.sorted().map { Quantiles.median(byBlock[$0]!) }
                let across = AcrossRuns(
                    blocks: AcrossRunsInterval.fromBlocks(blockMedians, center: summary.median, confidence: options.confidence),
                    history: entry.flatMap { AcrossRunsInterval.fromHistory(earlier: $0.figures.map(\.median), current: summary.median,
                                                                            confidence: options.confidence) })
                return TimeEstimate(value: summary.median, withinRun: summary.medianInterval,
                                    acrossRuns: across.combined(within: summary.medianInterval),
                                    acrossBlocks: across.blocks, acrossHistory: across.history)
            }
            return ConfigurationAnalysis(
                label: configuration.label, threads: configuration.threads, summary: summary, time: time,
                converged: Self.isConverged(configuration, options: options, blockOfRound: blockOfRound, blocks: blocks.count),
                speedup: nil, scaling: nil,
                steadiness: configuration.processes.isEmpty ? nil : Steadiness(processes: configuration.processes),
                design: options.choosesValuesPerProcess ? ProcessDesign.choose(from: configuration.processes) : nil)
        }
        let cores = run.machine.logicalCores
        for (index, configuration) in run.configurations.enumerated() {
            let entry = history?.entry(label: configuration.label, threads: configuration.threads)
            // Against the baseline at the same thread count.
            if let baselineIndex = run.configurations.firstIndex(where: { $0.label == run.baseline && $0.threads == configuration.threads }),
               baselineIndex != index,
               let paired = Self.paired(run.configurations[baselineIndex], over: configuration, factor: 1, options: options,
                                        withInterval: ratioIntervals, blockOfRound: blockOfRound, earlier: entry?.figures.compactMap(\.speedup)) {
                let baseline = run.configurations[baselineIndex]
                configurations[index].speedup = SpeedupEstimate(
                    baseline: baseline.label, value: paired.value, withinRun: paired.withinRun,
                    acrossRuns: paired.across.combined(within: paired.withinRun), acrossBlocks: paired.across.blocks,
                    acrossHistory: paired.across.history, pairs: paired.pairs,
                    pValue: MannWhitney.pValue(baseline.processValues, configuration.processValues))
            }
            // Against the same interpreter and settings at one thread.
            if let threads = configuration.threads, threads > 1,
               let single = run.configurations.firstIndex(where: { $0.label == configuration.label && $0.threads == 1 }),
               let paired = Self.paired(run.configurations[single], over: configuration, factor: Double(threads), options: options,
                                        withInterval: ratioIntervals, blockOfRound: blockOfRound, earlier: entry?.figures.compactMap(\.scaling)) {
                let ideal = Double(min(threads, max(cores, 1)))
                configurations[index].scaling = ScalingEstimate(
                    threads: threads, value: paired.value, withinRun: paired.withinRun,
                    acrossRuns: paired.across.combined(within: paired.withinRun), acrossBlocks: paired.across.blocks,
                    acrossHistory: paired.across.history, ideal: ideal, efficiency: paired.value / ideal)
            }
        }
    }

    /// Whether a configuration met its stopping rule (`options` as one
    /// block measured them): with `--repeat N`, N processes; adaptive, at
    /// least the minimum number of processes and an interval of the median
    /// within the precision.
    public static func isConverged(_ summary: Summary?, options: MeasurementOptions) -> Bool {
        guard let summary else { return false }
        if let repeatCount = options.repeatCount { return summary.count >= repeatCount }
        guard let precision = summary.relativePrecision else { return false }
        return summary.count >= options.minimumProcesses && precision <= options.precision
    }

    /// The rule over a whole run: `--repeat N` asks for N processes in all;
    /// adaptive, every block must have met the rule by itself.
    static func isConverged(_ configuration: ConfigurationRun, options: MeasurementOptions,
                            blockOfRound: (Int) -> Int, blocks: Int) -> Bool {
        if options.repeatCount != nil {
            return isConverged(Summary(configuration.processValues, confidence: options.confidence), options: options)
        }
        var byBlock: [Int: [Double]] = [:]
        for process in configuration.processes { byBlock[blockOfRound(process.round), default: []].append(process.value) }
        return (0..<blocks).allSatisfy { block in
            isConverged(Summary(byBlock[block] ?? [], confidence: options.confidence), options: options)
        }
    }

    /// factor × the reference's median / this one's (`RatioOfMedians`),
    /// with its interval within the run, across the run's blocks (each
    /// block's own ratio of medians), and across the earlier runs' values
    /// of the same figure.
    static func paired(_ reference: ConfigurationRun, over configuration: ConfigurationRun, factor: Double,
                       options: MeasurementOptions, withInterval: Bool, blockOfRound: (Int) -> Int, earlier: [Double]?)
        -> (value: Double, withinRun: ConfidenceInterval?, across: AcrossRuns, pairs: Int)? {
        guard let within = RatioOfMedians.of(reference.processes, over: configuration.processes, factor: factor,
                                             confidence: options.confidence, withInterval: withInterval) else { return nil }
        let blocks = Set(configuration.processes.map { blockOfRound($0.round) }).sorted()
        let blockValues = blocks.compactMap { block in
            RatioOfMedians.of(reference.processes.filter { blockOfRound($0.round) == block },
                              over: configuration.processes.filter { blockOfRound($0.round) == block },
                              factor: factor, confidence: options.confidence, withInterval: false)?.value
        }
        let across = AcrossRuns(
            blocks: AcrossRunsInterval.fromBlocks(blockValues, center: within.value, confidence: options.confidence),
            history: earlier.flatMap { AcrossRunsInterval.fromHistory(earlier: $0, current: within.value, confidence: options.confidence) })
        return (within.value, within.interval, across, within.pairs)
    }
}

public struct ConfigurationAnalysis: Sendable, Equatable, Codable {
    public var label: String
    public var threads: Int?
    /// Descriptive statistics over the processes' values (count, median,
    /// mean, standard deviation, quartiles, range, outliers); nil when no
    /// process finished. Never over pooled timings.
    public var summary: Summary?
    /// The median time with its intervals; nil when no process finished.
    public var time: TimeEstimate?
    public var converged: Bool
    /// Against the baseline at the same thread count; nil for the baseline
    /// itself and when no round has both.
    public var speedup: SpeedupEstimate?
    /// For N > 1 threads, when the same configuration ran at 1 thread.
    public var scaling: ScalingEstimate?
    /// What the processes' timings did: steady, warmed up late, flipped
    /// between modes; nil when no process finished.
    public var steadiness: Steadiness?
    /// How many calls each process timed after the pilot, and the noise that
    /// chose it; nil when the count was fixed or the pilot could not tell.
    public var design: ProcessDesign?

    /// True when some process's timings were not one steady level.
    public var isUnsteady: Bool { steadiness?.isUnsteady ?? false }
}
