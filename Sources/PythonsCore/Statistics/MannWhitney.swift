import Foundation

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
