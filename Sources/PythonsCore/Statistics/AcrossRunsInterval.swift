import Foundation

/// An interval that spans runs (Kalibera and Jones's top level): where this
/// run's figure, a median time or a speedup, would fall if the same
/// benchmark were run again at another time on the same machine. No interval
/// computed from one run's processes can show this: on a shared machine runs
/// minutes apart move by more than such an interval (bench/README.md).
///
/// Its units are whole runs: the blocks of this run (`--runs K`: the
/// interleaved design repeated K times, a pause between) or this machine's
/// earlier runs of the same configuration (history). Either way there are
/// few of them, so the interval is Student's t on the log scale: with 3
/// runs the half-width is 4.30 standard errors, not 1.96. A bootstrap over 3
/// units would be far too narrow (`HierarchicalBootstrap` says why);
/// `Tests/.../AcrossRunsIntervalTests` checks the coverage on simulated runs
/// with a known between-run variance.
public struct AcrossRunsInterval: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable {
        /// This run's blocks (`--runs K`).
        case blocks
        /// This machine's earlier runs of the same configuration, and this one.
        case history
    }

    public var source: Source
    /// How many runs (blocks, or runs from history including this one) it
    /// rests on.
    public var units: Int
    public var interval: ConfidenceInterval
    /// The standard deviation, on the log scale, of this run's figure from
    /// run to run: 0.01 means runs move it by about 1%.
    public var standardError: Double
    public var degreesOfFreedom: Int

    /// The fewest blocks from which a spread is estimated.
    public static let minimumBlocks = 2
    /// The fewest earlier runs from which a spread is estimated (with one, a
    /// difference is a single pair).
    public static let minimumEarlierRuns = 2

    /// From this run's K blocks: each block's figure is one draw of what a
    /// run gives, and the run's own figure (over all blocks) varies as their
    /// mean does, s/√K. Centred on `center`, the figure printed beside it.
    public static func fromBlocks(_ blockValues: [Double], center: Double, confidence: Double = 0.95) -> AcrossRunsInterval? {
        guard blockValues.count >= minimumBlocks, center > 0, blockValues.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let spread = logStandardDeviation(blockValues)
        return make(.blocks, units: blockValues.count, center: center,
                    standardError: spread / Double(blockValues.count).squareRoot(),
                    degreesOfFreedom: blockValues.count - 1, confidence: confidence)
    }

    /// From history: the same configuration's figure in this machine's
    /// earlier runs, and in this one. Their spread s is how far one run's
    /// figure moves; the interval is `current` ± t(n − 1) · s.
    public static func fromHistory(earlier: [Double], current: Double, confidence: Double = 0.95) -> AcrossRunsInterval? {
        guard earlier.count >= minimumEarlierRuns, current > 0, earlier.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let all = earlier + [current]
        return make(.history, units: all.count, center: current, standardError: logStandardDeviation(all),
                    degreesOfFreedom: all.count - 1, confidence: confidence)
    }

    /// The wider of two intervals: when blocks and history both speak, the
    /// one that claims less.
    public static func wider(_ first: AcrossRunsInterval?, _ second: AcrossRunsInterval?) -> AcrossRunsInterval? {
        guard let first else { return second }
        guard let second else { return first }
        return first.halfWidth >= second.halfWidth ? first : second
    }

    /// The same interval, widened where needed to cover `within` too: a
    /// figure cannot be known better across runs than within its own run,
    /// however close a few blocks happened to fall.
    public func covering(_ within: ConfidenceInterval?) -> AcrossRunsInterval {
        guard let within else { return self }
        var widened = self
        widened.interval.lower = min(interval.lower, within.lower)
        widened.interval.upper = max(interval.upper, within.upper)
        return widened
    }

    /// The half-width on the log scale: t × standard error.
    public var halfWidth: Double {
        StudentT.quantile(1 - (1 - interval.confidence) / 2, degreesOfFreedom: Double(degreesOfFreedom)) * standardError
    }

    static func make(_ source: Source, units: Int, center: Double, standardError: Double, degreesOfFreedom: Int,
                     confidence: Double) -> AcrossRunsInterval {
        let t = StudentT.quantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        let half = t * standardError
        return AcrossRunsInterval(source: source, units: units,
                                  interval: ConfidenceInterval(lower: center * exp(-half), upper: center * exp(half), confidence: confidence),
                                  standardError: standardError, degreesOfFreedom: degreesOfFreedom)
    }

    /// The sample standard deviation of the logs: relative spread that
    /// treats 2× and 0.5× alike.
    static func logStandardDeviation(_ values: [Double]) -> Double {
        let logs = values.map { log($0) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        return (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count - 1)).squareRoot()
    }
}
