import Foundation

/// An axis range and its ticks at "nice" numbers (1, 2 or 5 times a power of
/// ten), after Heckbert's "Nice numbers for graph labels" (Graphics Gems,
/// 1990): a reader can interpolate between 0, 2, 4, 6 s, not 0, 1.83, 3.66.
/// The range is the smallest run of whole steps that covers the data.
public struct NiceScale: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double
    public var ticks: [Double]

    /// A scale covering minimum...maximum with about `targetTickCount` ticks.
    /// With `includeZero` the range reaches down (or up) to 0, as a bar's
    /// length must start there to be read honestly.
    public init(minimum: Double, maximum: Double, targetTickCount: Int = 5, includeZero: Bool = false) {
        var low = min(minimum, maximum)
        var high = max(minimum, maximum)
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if !(low.isFinite && high.isFinite) { low = 0; high = 1 }
        if high == low {
            // One value: give it room on both sides (or above zero).
            let pad = high == 0 ? 1 : abs(high) * 0.1
            high += pad
            if !(includeZero && low == 0) { low -= pad }
        }
        // The step comes from the raw range (Heckbert first rounds the range
        // itself, which can double the axis for nothing: -10...10 for data
        // in -5.2...7.6); rounding it down can give too many ticks, so it
        // grows to the next nice number until the count is near the target.
        var step = Self.niceNumber((high - low) / Double(max(targetTickCount - 1, 1)), round: true)
        while Self.tickCount(low, high, step) > targetTickCount + 1 { step = Self.nextNiceNumber(after: step) }
        let decimals = Self.decimals(forStep: step)
        func clean(_ value: Double) -> Double {
            let scale = pow(10, Double(decimals))
            return (value * scale).rounded() / scale
        }
        let lower = clean(floor(low / step + 1e-9) * step)
        let upper = clean(ceil(high / step - 1e-9) * step)
        let count = Int(((upper - lower) / step).rounded())
        self.step = step
        self.lower = lower
        self.upper = upper
        ticks = (0...count).map { clean(lower + Double($0) * step) }
    }

    private static func tickCount(_ low: Double, _ high: Double, _ step: Double) -> Int {
        Int((ceil(high / step - 1e-9) - floor(low / step + 1e-9)).rounded()) + 1
    }

    /// 1 → 2 → 5 → 10 → 20 ...
    static func nextNiceNumber(after step: Double) -> Double {
        let power = pow(10, floor(log10(step) + 1e-9))
        let mantissa = (step / power).rounded()
        return (mantissa < 2 ? 2 : mantissa < 5 ? 5 : 10) * power
    }

    /// Digits after the point needed to print every tick.
    public var decimals: Int { Self.decimals(forStep: step) }

    public func label(_ tick: Double) -> String { NumberText.fixed(tick, decimals: decimals) }

    /// 1, 2, 5 or 10 times a power of ten near `value`: rounded to the
    /// nearest with `round`, else the smallest not below it.
    public static func niceNumber(_ value: Double, round: Bool) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = floor(log10(value))
        let power = pow(10, exponent)
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    static func decimals(forStep step: Double) -> Int {
        max(0, -Int(floor(log10(step) + 1e-9)))
    }
}
