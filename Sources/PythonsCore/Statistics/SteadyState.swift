import Foundation

/// Whether a process's timings are one steady level (Barrett et al.,
/// "Virtual Machine Warmup Blows Hot and Cold", OOPSLA 2017: only about half
/// of their VM/benchmark pairs reached the steady state benchmarks assume).
/// A median of timings that drift, or that jump between two levels, is not
/// one quantity, and a configuration whose processes do that must say so.
///
/// Seen on CPython 3.15.2 with the JIT on: inside one process the timings of
/// one workload jumped between about 3.7 and 7.7 ms, while other processes
/// were steady at 7.3 ms.
public enum SteadyState {
    /// What one process's timings did.
    public enum Verdict: String, Sendable, Codable {
        case steady
        /// Later timings faster: still warming up when timing began (a drop
        /// to a lower level, or a downward trend).
        case warmedUpLate = "warmed-up-late"
        /// Later timings slower: a rise to a higher level, or an upward trend.
        case slowedDown = "slowed-down"
        /// Two levels, back and forth.
        case flipped = "flipped-between-modes"
        /// Too few timings to tell (the process timed fewer than
        /// `minimumTimings` calls).
        case tooFewTimings = "too-few-timings"
    }

    /// The fewest timings in which a trend or two modes can be told from noise.
    public static let minimumTimings = 6
    /// Two levels count as modes when they differ by this much (relative)
    /// and no timing falls in a gap of `minimumGap` between them: a
    /// preempted timing or two on a shared machine is neither.
    static let minimumModeSeparation = 0.08
    static let minimumGap = 0.04
    /// A trend counts when Kendall's test rejects "no trend" at about
    /// p < 0.001 and the trend moves the timings by this much over the
    /// process.
    static let trendZ = 3.29
    static let minimumTrend = 0.03

    public struct Classification: Sendable, Equatable {
        public var verdict: Verdict
        /// For two levels (a shift, or modes): the lower level and the
        /// higher, each the median of its timings.
        public var levels: (low: Double, high: Double)?

        public static func == (a: Classification, b: Classification) -> Bool {
            a.verdict == b.verdict && a.levels?.low == b.levels?.low && a.levels?.high == b.levels?.high
        }
    }

    /// `values` in the order they were timed.
    public static func classify(_ values: [Double]) -> Classification {
        guard values.count >= minimumTimings else { return Classification(verdict: .tooFewTimings, levels: nil) }
        let center = Quantiles.median(values)
        guard center > 0 else { return Classification(verdict: .steady, levels: nil) }
        if let split = twoLevels(values, center: center) { return split }
        return trend(values, center: center) ?? Classification(verdict: .steady, levels: nil)
    }

    /// Two groups of timings with an empty gap between them: a shift when
    /// the timings change level once; modes when they go back and forth,
    /// each level holding a quarter of the timings at least and tight
    /// (robust spread within a quarter of the distance between the levels),
    /// so that a few preempted calls of assorted lengths are not a mode.
    static func twoLevels(_ values: [Double], center: Double) -> Classification? {
        let sorted = values.sorted()
        let n = sorted.count
        // Each level needs a fifth of the timings (at least two), so that a
        // stray slow timing is not a mode.
        let smallest = max(2, Int((Double(n) * 0.2).rounded(.up)))
        guard n >= 2 * smallest else { return nil }
        var best: (index: Int, gap: Double)?
        for index in smallest...(n - smallest) {
            let gap = (sorted[index] - sorted[index - 1]) / center
            if gap > (best?.gap ?? 0) { best = (index, gap) }
        }
        guard let best, best.gap >= minimumGap else { return nil }
        let low = Quantiles.median(Array(sorted[..<best.index])), high = Quantiles.median(Array(sorted[best.index...]))
        guard high / low - 1 >= minimumModeSeparation else { return nil }
        let threshold = sorted[best.index - 1]
        let isHigh = values.map { $0 > threshold }
        let changes = zip(isHigh, isHigh.dropFirst()).filter { $0 != $1 }.count
        if changes < 2 { return Classification(verdict: isHigh.first! ? .warmedUpLate : .slowedDown, levels: (low, high)) }
        let lowGroup = Array(sorted[..<best.index]), highGroup = Array(sorted[best.index...])
        let quarter = max(3, Int((Double(n) * 0.25).rounded(.up)))
        let separation = high / low - 1
        let spread = max(RobustScale.standardDeviation(lowGroup) / low, RobustScale.standardDeviation(highGroup) / high)
        guard lowGroup.count >= quarter, highGroup.count >= quarter, spread <= separation / 4 else { return nil }
        return Classification(verdict: .flipped, levels: (low, high))
    }

    /// The trend test compares every pair of points: a process that timed
    /// thousands of calls (`--values 15000`) would cost hundreds of millions
    /// of pairs. Longer series go in as the medians of consecutive stretches
    /// of timings, which keeps their order and their levels.
    static let maximumTrendPoints = 256

    static func trendPoints(_ values: [Double]) -> [Double] {
        guard values.count > maximumTrendPoints else { return values }
        let stretch = Double(values.count) / Double(maximumTrendPoints)
        return (0..<maximumTrendPoints).map { index in
            let start = Int((Double(index) * stretch).rounded(.down))
            let end = min(values.count, max(start + 1, Int((Double(index + 1) * stretch).rounded(.down))))
            return Quantiles.median(Array(values[start..<end]))
        }
    }

    /// Kendall's trend test with the Theil-Sen slope for its size.
    static func trend(_ timings: [Double], center: Double) -> Classification? {
        let values = trendPoints(timings)
        let n = values.count
        var score = 0
        var slopes: [Double] = []
        for i in 0..<n {
            for j in (i + 1)..<n {
                let difference = values[j] - values[i]
                score += difference > 0 ? 1 : difference < 0 ? -1 : 0
                slopes.append(difference / Double(j - i))
            }
        }
        let variance = Double(n * (n - 1) * (2 * n + 5)) / 18
        let z = Double(score) / variance.squareRoot()
        let change = Quantiles.median(slopes) * Double(n - 1) / center
        guard abs(z) >= trendZ, abs(change) >= minimumTrend else { return nil }
        let first = values.prefix(n / 3), last = values.suffix(n / 3)
        let levels = (Quantiles.median(Array(change < 0 ? last : first)), Quantiles.median(Array(change < 0 ? first : last)))
        return Classification(verdict: change < 0 ? .warmedUpLate : .slowedDown, levels: levels)
    }
}

/// A configuration's processes, by what their timings did.
public struct Steadiness: Sendable, Equatable, Codable {
    /// Processes with enough timings to judge.
    public var checked: Int
    public var steady: Int
    public var warmedUpLate: Int
    public var slowedDown: Int
    public var flipped: Int
    /// Processes that timed fewer than `SteadyState.minimumTimings` calls.
    public var tooFewTimings: Int
    /// For the processes that flipped between modes: the median of their
    /// lower levels and of their higher levels, in seconds.
    public var modes: [Double]?
    /// Indices (into the configuration's processes) of processes that were
    /// not steady.
    public var unsteadyProcesses: [Int]

    public init(processes: [ProcessSample]) {
        var counts: [SteadyState.Verdict: Int] = [:]
        var lows: [Double] = [], highs: [Double] = []
        var unsteady: [Int] = []
        for (index, process) in processes.enumerated() {
            let classification = SteadyState.classify(process.values)
            counts[classification.verdict, default: 0] += 1
            if classification.verdict == .flipped, let levels = classification.levels {
                lows.append(levels.low)
                highs.append(levels.high)
            }
            if ![.steady, .tooFewTimings].contains(classification.verdict) { unsteady.append(index) }
        }
        tooFewTimings = counts[.tooFewTimings] ?? 0
        checked = processes.count - tooFewTimings
        steady = counts[.steady] ?? 0
        warmedUpLate = counts[.warmedUpLate] ?? 0
        slowedDown = counts[.slowedDown] ?? 0
        flipped = counts[.flipped] ?? 0
        modes = lows.isEmpty ? nil : [Quantiles.median(lows), Quantiles.median(highs)]
        unsteadyProcesses = unsteady
    }

    /// The fewest unsteady processes that flag a configuration: two, and at
    /// least a tenth of those checked. One process in ten that a shared
    /// machine preempted across its timings makes two levels as a JIT flip
    /// does (seen on a stock 3.13 here, 2026-12-02: one process of ten at 21.6
    /// and 30.2 ms, the nine others steady), and a median over processes is
    /// not moved by one stray process; a mode that recurs is what makes the
    /// median not one quantity (Debian's 3.15 with the JIT on: 4 of 10).
    public static func flaggingCount(checked: Int) -> Int {
        max(2, Int((Double(checked) * 0.1).rounded(.up)))
    }

    /// True when enough of the processes checked did not hold one steady
    /// level that the configuration's median is not one quantity.
    public var isUnsteady: Bool { unsteadyProcesses.count >= Self.flaggingCount(checked: checked) }
}
