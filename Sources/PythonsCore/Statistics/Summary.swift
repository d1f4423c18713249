import Foundation

/// Descriptive statistics of one configuration's measurements.
///
/// The values are one number per worker process (the median of that process's
/// timed values). Processes, not single timings, are the unit of evidence:
/// everything inside one process (hash seed, memory layout, CPU placement)
/// shifts all of its timings together, so pooling timings from a few processes
/// would claim a precision the data does not have.
public struct Summary: Sendable, Equatable, Codable {
    /// Number of processes.
    public var count: Int
    public var median: Double
    public var mean: Double
    /// Sample standard deviation (n - 1); 0 for a single value.
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    public var p25: Double
    public var p75: Double
    /// 95% interval of the median; nil when there are too few processes for
    /// one (a distribution-free 95% interval needs at least 6).
    public var medianInterval: ConfidenceInterval?
    /// Indices (into the values given) of values outside Tukey's fences,
    /// [p25 - 1.5 IQR, p75 + 1.5 IQR].
    public var outliers: [Int]
    /// A box plot's whiskers: the most extreme values inside the fences.
    public var lowerWhisker: Double
    public var upperWhisker: Double

    public init?(_ values: [Double], confidence: Double = 0.95) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = values.count
        median = Quantiles.quantile(sorted, 0.5)
        let average = values.reduce(0, +) / Double(values.count)
        mean = average
        if values.count > 1 {
            let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
            standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        } else {
            standardDeviation = 0
        }
        minimum = sorted.first!
        maximum = sorted.last!
        p25 = Quantiles.quantile(sorted, 0.25)
        p75 = Quantiles.quantile(sorted, 0.75)
        medianInterval = MedianInterval.orderStatistic(sorted: sorted, confidence: confidence)
        let spread = p75 - p25
        let low = p25 - 1.5 * spread, high = p75 + 1.5 * spread
        outliers = values.indices.filter { values[$0] < low || values[$0] > high }
        let inside = sorted.filter { $0 >= low && $0 <= high }
        lowerWhisker = inside.first ?? p25
        upperWhisker = inside.last ?? p75
    }

    /// Whether a value lies outside this summary's Tukey fences.
    public func isOutlier(_ value: Double) -> Bool {
        let spread = p75 - p25
        return value < p25 - 1.5 * spread || value > p75 + 1.5 * spread
    }

    /// Half the width of the interval relative to the median, taking the
    /// longer side (order-statistic intervals are not symmetric): 0.01 means
    /// "within ±1%". nil without an interval.
    public var relativePrecision: Double? {
        guard let interval = medianInterval, median > 0 else { return nil }
        return max(median - interval.lower, interval.upper - median) / median
    }
}

/// A two-sided confidence interval.
public struct ConfidenceInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double
    /// The confidence actually reached, which for an exact order-statistic
    /// interval is at least the level asked for (0.979 for 10 values).
    public var confidence: Double

    public init(lower: Double, upper: Double, confidence: Double) {
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

public enum Quantiles {
    /// Linear interpolation between order statistics (R's type 7, NumPy's
    /// default), on values sorted ascending.
    public static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        precondition(!sorted.isEmpty)
        let position = probability * Double(sorted.count - 1)
        let lowerIndex = Int(position.rounded(.down))
        let upperIndex = min(lowerIndex + 1, sorted.count - 1)
        let fraction = position - Double(lowerIndex)
        return sorted[lowerIndex] + fraction * (sorted[upperIndex] - sorted[lowerIndex])
    }

    public static func median(_ values: [Double]) -> Double {
        quantile(values.sorted(), 0.5)
    }
}

public enum MedianInterval {
    /// The exact distribution-free interval of the median: [x(k), x(n-k+1)]
    /// with the largest k whose coverage, from the Binomial(n, 1/2) law of how
    /// many values fall below the true median, is still at least `confidence`.
    /// It assumes only independent values (one per process), no shape.
    public static func orderStatistic(sorted: [Double], confidence: Double = 0.95) -> ConfidenceInterval? {
        guard let rank = lowerRank(count: sorted.count, confidence: confidence) else { return nil }
        return ConfidenceInterval(lower: sorted[rank.k - 1], upper: sorted[sorted.count - rank.k],
                                  confidence: rank.coverage)
    }

    /// The 1-based rank k of the lower bound and the coverage reached, or nil
    /// when even [min, max] covers less than `confidence`.
    public static func lowerRank(count n: Int, confidence: Double) -> (k: Int, coverage: Double)? {
        guard n >= 1 else { return nil }
        // Coverage of [x(k), x(n-k+1)] is 1 - 2 P(B <= k-1), B ~ Binomial(n, 1/2).
        var best: (Int, Double)?
        var cumulative = 0.0
        for k in 1...((n + 1) / 2) {
            cumulative += Binomial.halfProbability(n: n, k: k - 1)
            let coverage = 1 - 2 * cumulative
            if coverage >= confidence { best = (k, coverage) } else { break }
        }
        return best
    }
}

enum Binomial {
    /// P(B = k) for B ~ Binomial(n, 1/2), computed in log space so that
    /// thousands of processes do not overflow.
    static func halfProbability(n: Int, k: Int) -> Double {
        exp(logChoose(n, k) - Double(n) * log(2.0))
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
