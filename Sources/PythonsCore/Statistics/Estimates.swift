import Foundation

/// A figure of a run with the intervals it can carry: one from this run's
/// worker processes (or interleaved rounds) alone, and one across runs when
/// the run's blocks or this machine's history can give it. Outputs show
/// `shownInterval` and say which kind it is (`shownKind`).
public protocol IntervalEstimate: Sendable {
    var value: Double { get }
    /// Over this run's processes, or its interleaved rounds for a ratio;
    /// nil with too few of them (a distribution-free 95% interval needs 6).
    var withinRun: ConfidenceInterval? { get }
    /// Across runs: the wider of `acrossBlocks` and `acrossHistory`
    /// (never narrower than `withinRun`); nil when neither is known.
    var acrossRuns: AcrossRunsInterval? { get }
    /// From this run's blocks alone (`--runs K`).
    var acrossBlocks: AcrossRunsInterval? { get }
    /// From this machine's history alone.
    var acrossHistory: AcrossRunsInterval? { get }
}

/// The across-runs intervals of one figure, from each source and combined.
struct AcrossRuns {
    var blocks: AcrossRunsInterval?
    var history: AcrossRunsInterval?

    /// The one shown: the wider, and never narrower than the within-run one.
    func combined(within: ConfidenceInterval?) -> AcrossRunsInterval? {
        AcrossRunsInterval.wider(blocks, history)?.covering(within)
    }
}

/// Which interval a figure shows.
public enum IntervalKind: Sendable, Equatable {
    /// From `units` blocks of this run (`--runs K`).
    case acrossBlocks(units: Int)
    /// From this machine's last `units` runs of the configuration, this one
    /// included.
    case acrossHistory(units: Int)
    /// Over this run's processes only.
    case withinRun
    /// No interval at all: too few processes.
    case none
}

extension IntervalEstimate {
    public var shownInterval: ConfidenceInterval? { acrossRuns?.interval ?? withinRun }

    public var shownKind: IntervalKind {
        if let acrossRuns {
            return acrossRuns.source == .blocks ? .acrossBlocks(units: acrossRuns.units) : .acrossHistory(units: acrossRuns.units)
        }
        return withinRun == nil ? .none : .withinRun
    }

    /// The shown interval's longer side relative to the value: 0.012 for
    /// "±1.2%" (order-statistic intervals are not symmetric).
    public var relativeHalfWidth: Double? { Self.relativeHalfWidth(shownInterval, of: value) }

    /// The within-run interval's, which adaptive sampling compares with
    /// --precision.
    public var withinRunHalfWidth: Double? { Self.relativeHalfWidth(withinRun, of: value) }

    static func relativeHalfWidth(_ interval: ConfidenceInterval?, of value: Double) -> Double? {
        guard let interval, value > 0 else { return nil }
        return max(value - interval.lower, interval.upper - value) / value
    }
}

/// A configuration's median time.
public struct TimeEstimate: IntervalEstimate, Equatable, Codable {
    /// The median of all its processes' values, in seconds.
    public var value: Double
    public var withinRun: ConfidenceInterval?
    public var acrossRuns: AcrossRunsInterval?
    public var acrossBlocks: AcrossRunsInterval?
    public var acrossHistory: AcrossRunsInterval?
}

/// How much faster a configuration is than the baseline: speedup = the
/// baseline's time / this one's, so above 1 is faster. The one ratio
/// direction Pythons prints, everywhere.
public struct SpeedupEstimate: IntervalEstimate, Equatable, Codable {
    /// The baseline configuration's label (at the same thread count).
    public var baseline: String
    /// The baseline's median time / this configuration's median time: the
    /// two medians printed beside it (`RatioOfMedians`).
    public var value: Double
    public var withinRun: ConfidenceInterval?
    public var acrossRuns: AcrossRunsInterval?
    public var acrossBlocks: AcrossRunsInterval?
    public var acrossHistory: AcrossRunsInterval?
    /// Rounds where both ran.
    public var pairs: Int
    /// Two-sided Mann-Whitney U over both configurations' processes: how
    /// likely a difference this large would be if both timed the same.
    public var pValue: Double?
}

/// Thread scaling as CPython's Tools/ftscalingbench reports it: each of N
/// threads does the work one thread does, so with perfect scaling N threads
/// take as long as one. scaling = t1 × N / tN, from the medians of the same
/// configuration at 1 and at N threads (`RatioOfMedians`); the best this
/// machine allows is min(N, cores).
public struct ScalingEstimate: IntervalEstimate, Equatable, Codable {
    public var threads: Int
    public var value: Double
    public var withinRun: ConfidenceInterval?
    public var acrossRuns: AcrossRunsInterval?
    public var acrossBlocks: AcrossRunsInterval?
    public var acrossHistory: AcrossRunsInterval?
    /// min(N, cores).
    public var ideal: Double
    /// value / ideal.
    public var efficiency: Double
}

/// factor × the reference's median / this configuration's median, each
/// over all its processes: a speedup or a thread scaling within one run. It
/// is the ratio of the two medians printed beside it, in every output.
/// Its interval within the run is a percentile bootstrap that draws whole
/// interleaved rounds (`HierarchicalBootstrap.pairedRatio`), so the drift
/// a round's processes shared is drawn with both, widened for few rounds;
/// on synthetic drifting data it covers the truth in at least 94% of runs
/// from 6 rounds up, equal or not (StatisticsTests). With fewer rounds where both ran than a median's
/// distribution-free interval needs (6 at 95%), no interval.
enum RatioOfMedians {
    static let resamples = 2_000

    static func of(_ reference: [ProcessSample], over configuration: [ProcessSample], factor: Double, confidence: Double,
                   withInterval: Bool = true, resamples: Int = RatioOfMedians.resamples)
        -> (value: Double, interval: ConfidenceInterval?, pairs: Int)? {
        var rounds: [Int: (numerator: [Double], denominator: [Double])] = [:]
        for process in reference where process.value.isFinite && process.value > 0 {
            rounds[process.round, default: ([], [])].numerator.append(process.value)
        }
        for process in configuration where process.value.isFinite && process.value > 0 {
            rounds[process.round, default: ([], [])].denominator.append(process.value)
        }
        let pairs = rounds.values.filter { !$0.numerator.isEmpty && !$0.denominator.isEmpty }.count
        let units = rounds.keys.sorted().map { rounds[$0]! }
        let numerators = units.flatMap(\.numerator), denominators = units.flatMap(\.denominator)
        guard pairs > 0 else { return nil }
        let value = factor * Quantiles.median(numerators) / Quantiles.median(denominators)
        guard value.isFinite, value > 0 else { return nil }
        guard withInterval, MedianInterval.lowerRank(count: pairs, confidence: confidence) != nil,
              let result = HierarchicalBootstrap(levels: [.init(.withReplacement, .median)], resamples: resamples,
                                                 confidence: confidence).pairedRatio(units) else {
            return (value, nil, pairs)
        }
        // A resample of n rounds spreads (n − 1)/n of the variance it
        // estimates, which at 6 rounds leaves a percentile interval covering
        // about 93%: widen it on the log scale by √(n / (n − 1)), the
        // correction of Hesterberg's expanded percentile interval, with n
        // the rounds of the side that has fewer (the wider correction).
        let fewer = min(units.filter { !$0.numerator.isEmpty }.count, units.filter { !$0.denominator.isEmpty }.count)
        let widening = (Double(fewer) / Double(max(fewer - 1, 1))).squareRoot()
        let interval = ConfidenceInterval(lower: min(value, value * pow(result.interval.lower / result.estimate, widening)),
                                          upper: max(value, value * pow(result.interval.upper / result.estimate, widening)),
                                          confidence: confidence)
        return (value, interval, pairs)
    }
}
