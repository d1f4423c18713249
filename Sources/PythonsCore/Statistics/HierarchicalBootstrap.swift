import Foundation

/// Measurements as the tree they were taken in: a leaf is one measured value
/// (a timing, or a process's value); an inner node is a unit whose children
/// were measured inside it. For a benchmark suite: suite → benchmarks →
/// blocks (runs) → processes → timings.
///
/// Units at one level are not independent of what happens above them (a
/// process's timings share its memory layout; a run's processes share the
/// machine's state while it ran), so an honest interval must resample every
/// level, not pool the leaves (Kalibera and Jones, "Rigorous Benchmarking in
/// Reasonable Time", ISMM 2013).
public indirect enum MeasurementTree: Sendable, Equatable {
    case value(Double)
    case unit([MeasurementTree])

    /// A two-level tree: one unit per inner array (e.g. processes of timings).
    public static func units(_ groups: [[Double]]) -> MeasurementTree {
        .unit(groups.map { .unit($0.map(MeasurementTree.value)) })
    }

    /// A one-level tree of values (e.g. process values of one run).
    public static func values(_ values: [Double]) -> MeasurementTree {
        .unit(values.map(MeasurementTree.value))
    }

    /// How many levels of units lie above the leaves (0 for a leaf).
    public var depth: Int {
        switch self {
        case .value: 0
        case .unit(let children): 1 + (children.map(\.depth).max() ?? 0)
        }
    }
}

/// The hierarchical bootstrap (Davison and Hinkley 1997, §3.8; Kalibera and
/// Jones 2013, §5): resample with replacement at every level of a
/// `MeasurementTree`, recursively, summarise each level back up to one
/// number, repeat ~10,000 times, and read the interval from the 2.5th and
/// 97.5th percentiles of those numbers. Seeded, so the same data always
/// gives the same interval.
///
/// Use it for statistics that combine many units: a median over many
/// processes, a ratio of two systems, a suite's geometric mean. Its
/// percentile interval is too narrow when the top level has few units (with
/// 3 runs there are only 10 distinct resamples of the top level, and the
/// spread of a resampled mean is (n − 1)/n of the spread it estimates): for
/// the top level of few runs, `AcrossRunsInterval.fromUnits` (a t-interval
/// on the units' values) is the one that covers.
public struct HierarchicalBootstrap: Sendable {
    /// How one level's children are drawn.
    public enum Resampling: String, Sendable, Codable {
        /// n children drawn with replacement from the n there are: the units
        /// are a sample of what could have been measured (processes, runs).
        case withReplacement
        /// Every child kept once (a stratified bootstrap): the units are the
        /// whole population asked about, such as a suite's fixed benchmarks.
        case fixed
    }

    /// How one level's children are summarised into the unit's value.
    public enum Summary: String, Sendable, Codable {
        case mean, median
        /// exp(mean(log x)): for ratios, where 2× and 0.5× must cancel.
        case geometricMean

        public func of(_ values: [Double]) -> Double {
            switch self {
            case .mean: values.reduce(0, +) / Double(values.count)
            case .median: Quantiles.median(values)
            case .geometricMean: exp(values.reduce(0) { $0 + log($1) } / Double(values.count))
            }
        }

        /// The summary of a buffer's first `count` values, which it may
        /// reorder: the resampling loops' scratch space, without allocating.
        func of(prefix buffer: UnsafeMutableBufferPointer<Double>, count: Int) -> Double {
            var values = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            switch self {
            case .mean:
                return values.reduce(0, +) / Double(count)
            case .geometricMean:
                return exp(values.reduce(0) { $0 + log($1) } / Double(count))
            case .median:
                values.sort()
                let middle = count / 2
                return count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
            }
        }
    }

    /// One level of the tree, from the top: how the children of a node at
    /// this depth are drawn and summarised.
    public struct Level: Sendable, Equatable {
        public var resampling: Resampling
        public var summary: Summary

        public init(_ resampling: Resampling, _ summary: Summary) {
            self.resampling = resampling
            self.summary = summary
        }
    }

    /// What the bootstrap gives: the statistic of the data as measured, its
    /// percentile interval, and the standard deviation of the log of the
    /// resampled statistics (a relative standard error, for combining with
    /// other sources of noise).
    public struct Result: Sendable, Equatable {
        public var estimate: Double
        public var interval: ConfidenceInterval
        public var logStandardError: Double
        public var resamples: Int
    }

    /// One entry per depth of the tree, top first (the root's children at
    /// index 0). A tree deeper than the levels given uses the last level's
    /// rule below it.
    public var levels: [Level]
    public var resamples: Int
    public var confidence: Double
    public var seed: UInt64

    public init(levels: [Level], resamples: Int = 10_000, confidence: Double = 0.95, seed: UInt64 = 0x5059_5448_4F4E_53) {
        precondition(!levels.isEmpty && resamples > 0)
        self.levels = levels
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// The statistic of the tree as measured (no resampling).
    public func estimate(_ tree: MeasurementTree) -> Double {
        summarise(tree, depth: 0)
    }

    /// The statistic of `resamples` bootstrap copies of the tree.
    public func replicates(_ tree: MeasurementTree) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return replicates(tree, generator: &generator)
    }

    public func interval(_ tree: MeasurementTree) -> Result? {
        let estimate = estimate(tree)
        guard estimate.isFinite else { return nil }
        return result(estimate: estimate, replicates: replicates(tree))
    }

    /// numerator / denominator for two independently measured systems (for
    /// a speedup: the baseline's time over this one's), each tree resampled
    /// on its own in every replicate.
    public func ratio(numerator: MeasurementTree, denominator: MeasurementTree) -> Result? {
        var generator = SeededGenerator(seed: seed)
        let top = replicates(numerator, generator: &generator)
        let bottom = replicates(denominator, generator: &generator)
        let estimate = estimate(numerator) / estimate(denominator)
        guard estimate.isFinite, estimate > 0 else { return nil }
        return result(estimate: estimate, replicates: zip(top, bottom).map { $0 / $1 })
    }

    /// numerator / denominator for two systems measured side by side in the
    /// same units (a run's interleaved rounds): each replicate draws whole
    /// units with replacement and takes the top level's summary of each
    /// side's values in them. A unit's two sides stay together, so what
    /// they shared (the machine's speed in that round) is drawn with both.
    /// A unit may hold no value of a side (a configuration that needed
    /// fewer processes); a replicate that draws none of one side is left out.
    public func pairedRatio(_ units: [(numerator: [Double], denominator: [Double])]) -> Result? {
        precondition(levels[0].resampling == .withReplacement, "a paired ratio resamples its units; .fixed would keep them")
        let summary = level(at: 0).summary
        let numerators = units.flatMap(\.numerator), denominators = units.flatMap(\.denominator)
        guard !numerators.isEmpty, !denominators.isEmpty else { return nil }
        let estimate = summary.of(numerators) / summary.of(denominators)
        guard estimate.isFinite, estimate > 0 else { return nil }
        var generator = SeededGenerator(seed: seed)
        // Buffers for the most values a resample can draw, reused: a run's
        // analysis makes one of these per ratio, 2,000 resamples each.
        let widest = (units.map(\.numerator.count).max() ?? 0, units.map(\.denominator.count).max() ?? 0)
        var top = [Double](repeating: 0, count: widest.0 * units.count)
        var bottom = [Double](repeating: 0, count: widest.1 * units.count)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        for _ in 0..<resamples {
            var topCount = 0, bottomCount = 0
            for _ in units.indices {
                let unit = units[Int(generator.next() % UInt64(units.count))]
                for value in unit.numerator { top[topCount] = value; topCount += 1 }
                for value in unit.denominator { bottom[bottomCount] = value; bottomCount += 1 }
            }
            guard topCount > 0, bottomCount > 0 else { continue }
            let ratio = top.withUnsafeMutableBufferPointer { summary.of(prefix: $0, count: topCount) }
                / bottom.withUnsafeMutableBufferPointer { summary.of(prefix: $0, count: bottomCount) }
            ratios.append(ratio)
        }
        guard !ratios.isEmpty else { return nil }
        return result(estimate: estimate, replicates: ratios)
    }

    /// A suite's summary (by default the geometric mean) of per-benchmark
    /// ratios numerator / denominator. Each benchmark's two trees are
    /// resampled as `ratio` does; the benchmarks themselves are kept as
    /// they are (`.fixed`: "this suite") or drawn with replacement
    /// (`.withReplacement`: benchmarks as a sample of programs).
    public func suiteRatio(_ benchmarks: [(numerator: MeasurementTree, denominator: MeasurementTree)],
                           benchmarkResampling: Resampling = .fixed,
                           summary: Summary = .geometricMean) -> Result? {
        guard !benchmarks.isEmpty else { return nil }
        var generator = SeededGenerator(seed: seed)
        var perBenchmark: [[Double]] = []
        var estimates: [Double] = []
        for benchmark in benchmarks {
            let top = replicates(benchmark.numerator, generator: &generator)
            let bottom = replicates(benchmark.denominator, generator: &generator)
            perBenchmark.append(zip(top, bottom).map { $0 / $1 })
            estimates.append(estimate(benchmark.numerator) / estimate(benchmark.denominator))
        }
        let estimate = summary.of(estimates)
        guard estimate.isFinite, estimate > 0 else { return nil }
        var suite: [Double] = []
        suite.reserveCapacity(resamples)
        var row = [Double](repeating: 0, count: benchmarks.count)
        for replicate in 0..<resamples {
            for index in benchmarks.indices {
                let drawn = benchmarkResampling == .fixed ? index : Int.random(in: 0..<benchmarks.count, using: &generator)
                row[index] = perBenchmark[drawn][replicate]
            }
            suite.append(summary.of(row))
        }
        return result(estimate: estimate, replicates: suite)
    }

    // MARK: Internals

    private func level(at depth: Int) -> Level { levels[min(depth, levels.count - 1)] }

    private func summarise(_ tree: MeasurementTree, depth: Int) -> Double {
        switch tree {
        case .value(let value): return value
        case .unit(let children):
            guard !children.isEmpty else { return .nan }
            return level(at: depth).summary.of(children.map { summarise($0, depth: depth + 1) })
        }
    }

    private func replicates(_ tree: MeasurementTree, generator: inout SeededGenerator) -> [Double] {
        guard let flat = FlatTree(tree) else { return Array(repeating: .nan, count: resamples) }
        let rules = (0..<flat.children.count).map(level(at:))
        var scratch = flat.children.map { [Double](repeating: 0, count: $0.map(\.count).max() ?? 0) }
        return (0..<resamples).map { _ in flat.resample(node: 0, depth: 0, rules: rules, scratch: &scratch, generator: &generator) }
    }

    private func result(estimate: Double, replicates: [Double]) -> Result? {
        let finite = replicates.filter { $0.isFinite && $0 > 0 }.sorted()
        guard finite.count == replicates.count, !finite.isEmpty else {
            // Non-positive values have no log scale; fall back to the plain percentiles.
            let sorted = replicates.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return nil }
            return Result(estimate: estimate, interval: percentiles(sorted), logStandardError: .nan, resamples: sorted.count)
        }
        let logs = finite.map { log($0) }
        let mean = logs.reduce(0, +) / Double(logs.count)
        let variance = logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(logs.count - 1, 1))
        return Result(estimate: estimate, interval: percentiles(finite), logStandardError: variance.squareRoot(),
                      resamples: finite.count)
    }

    private func percentiles(_ sorted: [Double]) -> ConfidenceInterval {
        let tail = (1 - confidence) / 2
        return ConfidenceInterval(lower: Quantiles.quantile(sorted, tail), upper: Quantiles.quantile(sorted, 1 - tail),
                                  confidence: confidence)
    }
}

/// A tree laid out level by level, so that 10,000 resamples walk arrays
/// instead of allocating: `children[d][i]` is the range of node i's children
/// among the nodes of depth d + 1 (or among `leaves`, at the last depth).
/// Only trees whose leaves all sit at one depth lay out this way.
struct FlatTree {
    var children: [[Range<Int>]]
    var leaves: [Double]

    init?(_ tree: MeasurementTree) {
        let depth = tree.depth
        guard depth >= 1 else { return nil }
        children = Array(repeating: [], count: depth)
        leaves = []
        var level: [MeasurementTree] = [tree]
        for d in 0..<depth {
            var next: [MeasurementTree] = []
            for node in level {
                guard case .unit(let nodeChildren) = node, !nodeChildren.isEmpty else { return nil }
                if d == depth - 1 {
                    let start = leaves.count
                    for child in nodeChildren {
                        guard case .value(let value) = child else { return nil }
                        leaves.append(value)
                    }
                    children[d].append(start..<leaves.count)
                } else {
                    children[d].append(next.count..<(next.count + nodeChildren.count))
                    next += nodeChildren
                }
            }
            level = next
        }
    }

    /// One bootstrap value of node `node` at depth `depth`. `scratch[d]`
    /// holds the values of the children being summarised at depth d; a
    /// child's own recursion only touches deeper buffers.
    func resample(node: Int, depth: Int, rules: [HierarchicalBootstrap.Level], scratch: inout [[Double]],
                  generator: inout SeededGenerator) -> Double {
        let range = children[depth][node]
        let rule = rules[depth]
        let last = depth == children.count - 1
        for offset in 0..<range.count {
            let child = rule.resampling == .fixed ? range.lowerBound + offset
                : range.lowerBound + Int(generator.next() % UInt64(range.count))
            let value = last ? leaves[child]
                : resample(node: child, depth: depth + 1, rules: rules, scratch: &scratch, generator: &generator)
            scratch[depth][offset] = value
        }
        return scratch[depth].withUnsafeMutableBufferPointer { rule.summary.of(prefix: $0, count: range.count) }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast and reproducible on
/// every platform, which `SystemRandomNumberGenerator` is not. Statistics
/// that resample use it, so the same run always prints the same interval.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
