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
    /// The median over interleaved rounds of baseline_r / this_r: round r ran
    /// both within moments of each other, so a shared machine's drift falls
    /// on both and cancels.
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
/// take as long as one. scaling = t1 × N / tN, paired by interleaved round
/// with the same configuration at 1 thread; the best this machine allows is
/// min(N, cores).
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

/// The median of per-round ratios with its exact order-statistic interval:
/// what a speedup or a thread scaling is within one run.
enum PairedRatio {
    static func of(_ ratios: [Double], confidence: Double) -> (value: Double, interval: ConfidenceInterval?)? {
        let sorted = ratios.filter { $0.isFinite && $0 > 0 }.sorted()
        guard !sorted.isEmpty else { return nil }
        return (Quantiles.quantile(sorted, 0.5), MedianInterval.orderStatistic(sorted: sorted, confidence: confidence))
    }
}
