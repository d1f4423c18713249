import Foundation

/// How much faster one configuration is than another: `ratio` is the
/// baseline's time divided by this one's, so above 1 means faster.
public struct RatioEstimate: Sendable, Equatable, Codable {
    public var ratio: Double
    /// 95% interval of the ratio; nil with too few pairs or values.
    public var interval: ConfidenceInterval?
    /// How the interval was drawn: "paired" (one ratio per interleaved round)
    /// or "unpaired" (every pair of processes of two runs).
    public var method: Method
    /// Pairs (paired) or processes of the smaller side (unpaired) it rests on.
    public var count: Int

    public enum Method: String, Sendable, Codable { case paired, unpaired }

    public init(ratio: Double, interval: ConfidenceInterval?, method: Method, count: Int) {
        self.ratio = ratio
        self.interval = interval
        self.method = method
        self.count = count
    }

    /// From interleaved rounds: round i ran the baseline and this
    /// configuration within moments of each other, so drift of a shared
    /// machine falls on both, and the ratio baseline_i / candidate_i is far
    /// steadier than either time. The estimate is the median of those ratios
    /// with its exact order-statistic interval.
    public static func paired(baseline: [Double], candidate: [Double], confidence: Double = 0.95) -> RatioEstimate? {
        precondition(baseline.count == candidate.count)
        let ratios = zip(baseline, candidate).compactMap { $1 > 0 ? $0 / $1 : nil }.sorted()
        guard !ratios.isEmpty else { return nil }
        return RatioEstimate(ratio: Quantiles.quantile(ratios, 0.5),
                             interval: MedianInterval.orderStatistic(sorted: ratios, confidence: confidence),
                             method: .paired, count: ratios.count)
    }

    /// For two independent groups (two runs made at different times): the
    /// Hodges-Lehmann estimate on the log scale, the median of every ratio
    /// a_i / b_j, with the distribution-free interval that inverts the
    /// Mann-Whitney test (normal approximation of U's critical value).
    public static func unpaired(baseline: [Double], candidate: [Double], confidence: Double = 0.95) -> RatioEstimate? {
        let a = baseline.filter { $0 > 0 }, b = candidate.filter { $0 > 0 }
        guard !a.isEmpty, !b.isEmpty else { return nil }
        var ratios: [Double] = []
        ratios.reserveCapacity(a.count * b.count)
        for x in a { for y in b { ratios.append(x / y) } }
        ratios.sort()
        let total = Double(ratios.count)
        let z = Normal.quantile(1 - (1 - confidence) / 2)
        let spread = (Double(a.count * b.count * (a.count + b.count + 1)) / 12).squareRoot()
        let k = Int((total / 2 - z * spread).rounded(.down))
        var interval: ConfidenceInterval?
        if k >= 1 {
            interval = ConfidenceInterval(lower: ratios[k - 1], upper: ratios[ratios.count - k], confidence: confidence)
        }
        return RatioEstimate(ratio: Quantiles.quantile(ratios, 0.5), interval: interval,
                             method: .unpaired, count: min(a.count, b.count))
    }
}

/// The Mann-Whitney U test (Wilcoxon rank-sum): do two groups of timings
/// differ? Valid for unequal group sizes and for the skewed, outlier-prone
/// distributions timings have, unlike a pooled-variance t-test.
public enum MannWhitney {
    /// Two-sided p-value, normal approximation with tie and continuity
    /// corrections; nil when a group is empty or every value is tied.
    public static func pValue(_ first: [Double], _ second: [Double]) -> Double? {
        let n1 = Double(first.count), n2 = Double(second.count)
        guard n1 > 0, n2 > 0 else { return nil }
        let pooled = (first.map { ($0, 0) } + second.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = Array(repeating: 0.0, count: pooled.count)
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            for index in start...end { ranks[index] = averageRank }
            let tied = Double(end - start + 1)
            tieTerm += tied * tied * tied - tied
            start = end + 1
        }
        let rankSum = zip(pooled, ranks).reduce(0.0) { $0 + ($1.0.1 == 0 ? $1.1 : 0) }
        let u = rankSum - n1 * (n1 + 1) / 2
        let mean = n1 * n2 / 2
        let total = n1 + n2
        let variance = n1 * n2 / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else { return nil }
        let z = max(0, abs(u - mean) - 0.5) / variance.squareRoot()
        return min(1, 2 * (1 - Normal.cdf(z)))
    }
}

/// Thread scaling as CPython's Tools/ftscalingbench reports it: each of N
/// threads does the work one thread does, so with perfect scaling N threads
/// take as long as one.
public struct ThreadScaling: Sendable, Equatable, Codable {
    public var threads: Int
    /// t1 × N / tN.
    public var speedup: Double
    /// The best speedup this machine allows: min(N, cores).
    public var ideal: Double
    /// speedup / ideal.
    public var efficiency: Double

    public init(threads: Int, singleThreadTime: Double, time: Double, cores: Int) {
        self.threads = threads
        speedup = singleThreadTime * Double(threads) / time
        ideal = Double(min(threads, max(cores, 1)))
        efficiency = speedup / ideal
    }
}

enum Normal {
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }

    /// The standard normal quantile, by bisection on erfc: only a handful of
    /// levels are ever asked for, so simplicity beats speed here.
    static func quantile(_ probability: Double) -> Double {
        var low = -10.0, high = 10.0
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if cdf(middle) < probability { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
