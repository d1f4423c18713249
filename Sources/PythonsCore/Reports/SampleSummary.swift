/// Descriptive figures of a configuration's samples, for the distribution
/// chart and the statistics table. The median and its interval shown as
/// *the* result come from the run (`ConfigurationResult.median`); these are
/// what the box plot draws.
///
/// Quantiles interpolate linearly between order statistics (Hyndman and
/// Fan's type 7, the default of numpy and R), so p50 of [1, 2, 3, 4] is 2.5.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n − 1); 0 for one sample.
    public var standardDeviation: Double
    public var minimum: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var maximum: Double

    /// nil for no samples.
    public init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        count = sorted.count
        let mean = sorted.reduce(0, +) / Double(count)
        self.mean = mean
        let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        minimum = sorted[0]
        maximum = sorted[count - 1]
        p25 = Self.quantile(sorted: sorted, 0.25)
        p50 = Self.quantile(sorted: sorted, 0.5)
        p75 = Self.quantile(sorted: sorted, 0.75)
    }

    public var interquartileRange: Double { p75 - p25 }
    /// Tukey's fences: samples beyond 1.5 IQR from the quartiles are outliers.
    public var lowerFence: Double { p25 - 1.5 * interquartileRange }
    public var upperFence: Double { p75 + 1.5 * interquartileRange }

    public func isOutlier(_ sample: Double) -> Bool { sample < lowerFence || sample > upperFence }

    /// The box plot's whiskers: the most extreme samples inside the fences.
    public func whiskers(of samples: [Double]) -> (low: Double, high: Double) {
        let inside = samples.filter { !isOutlier($0) }
        return (inside.min() ?? p25, inside.max() ?? p75)
    }

    /// `q` in 0...1 of already sorted values.
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty)
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
