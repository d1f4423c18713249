import Foundation

/// The unit a time is shown in, chosen from its magnitude so that figures
/// read as "7.33 s" or "11.2 ms", never "0.0112 s".
public enum TimeUnit: String, Sendable, CaseIterable, Codable {
    case seconds = "s"
    case milliseconds = "ms"
    case microseconds = "µs"
    case nanoseconds = "ns"

    public var secondsPerUnit: Double {
        switch self {
        case .seconds: 1
        case .milliseconds: 1e-3
        case .microseconds: 1e-6
        case .nanoseconds: 1e-9
        }
    }

    public var symbol: String { rawValue }

    /// The largest unit in which the time is at least 1.
    public static func forMagnitude(_ seconds: Double) -> TimeUnit {
        let magnitude = abs(seconds)
        return allCases.first { magnitude >= $0.secondsPerUnit } ?? .nanoseconds
    }

    public func value(ofSeconds seconds: Double) -> Double { seconds / secondsPerUnit }
}

/// Locale-free number formatting: reports are compared byte for byte, and a
/// decimal comma would break both the snapshot and the reader's copy-paste.
public enum NumberText {
    /// `value` with exactly `decimals` digits after the point; never "-0".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var text = String(format: "%.\(max(decimals, 0))f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }

    /// `value` with `digits` significant digits, without exponent: 7.33,
    /// 12.5, 123, 1234.
    public static func significant(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite, value != 0 else { return fixed(value, decimals: 0) }
        let magnitude = Int(floor(log10(abs(value))))
        var decimals = max(digits - 1 - magnitude, 0)
        // Rounding can add a digit (9.996 → "10.00"); drop one decimal then.
        let rounded = fixed(value, decimals: decimals)
        if decimals > 0, let number = Double(rounded), abs(number) >= pow(10, Double(magnitude + 1)) {
            decimals -= 1
        }
        return fixed(value, decimals: decimals)
    }

    /// "1.2%" for 0.012, "1%" for 0.01: a relative figure such as a CI
    /// half-width, to `digits` significant digits without trailing zeros.
    public static func percent(_ fraction: Double, digits: Int = 2) -> String {
        var text = significant(fraction * 100, digits: digits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + "%"
    }

    /// "1.52×".
    public static func factor(_ value: Double) -> String {
        fixed(value, decimals: 2) + "×"
    }
}

public enum TimeText {
    /// "7.33 s", "11.2 ms": three significant digits in the unit the value
    /// calls for (999.96 ms prints as "1.00 s").
    public static func duration(_ seconds: Double, digits: Int = 3) -> String {
        var unit = TimeUnit.forMagnitude(seconds)
        var text = NumberText.significant(unit.value(ofSeconds: seconds), digits: digits)
        if let number = Double(text), abs(number) >= 1000, let larger = TimeUnit.allCases.last(where: { $0.secondsPerUnit > unit.secondsPerUnit }) {
            unit = larger
            text = NumberText.significant(unit.value(ofSeconds: seconds), digits: digits)
        }
        return "\(text) \(unit.symbol)"
    }

    /// "7.30–7.36 s": an interval in one unit, the unit chosen from its upper end.
    public static func interval(_ low: Double, _ high: Double, digits: Int = 3) -> String {
        let unit = TimeUnit.forMagnitude(max(abs(low), abs(high)))
        return NumberText.significant(unit.value(ofSeconds: low), digits: digits) + "–"
            + NumberText.significant(unit.value(ofSeconds: high), digits: digits) + " " + unit.symbol
    }

    /// "42 s", "3 min 5 s", "1 h 2 min": a time left or elapsed.
    public static func remaining(_ seconds: Double) -> String {
        let total = Int(max(seconds, 0).rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return total % 60 == 0 ? "\(total / 60) min" : "\(total / 60) min \(total % 60) s" }
        let minutes = (total % 3600) / 60
        return minutes == 0 ? "\(total / 3600) h" : "\(total / 3600) h \(minutes) min"
    }
}

/// What a ratio to the baseline means, in words.
public enum RatioText {
    /// "1.52× faster (1.48–1.56)", "1.10× slower (1.07–1.13)", or "same
    /// within noise (0.98–1.01)" when the interval contains 1. `timeRatio` is
    /// this time divided by the baseline's.
    public static func describe(timeRatio: Estimate) -> String {
        if timeRatio.contains(1) {
            return "no clear difference (×\(NumberText.fixed(timeRatio.low, decimals: 2))–\(NumberText.fixed(timeRatio.high, decimals: 2)))"
        }
        if timeRatio.value < 1 {
            let speed = timeRatio.reciprocal
            return "\(NumberText.factor(speed.value)) faster (\(NumberText.fixed(speed.low, decimals: 2))–\(NumberText.fixed(speed.high, decimals: 2)))"
        }
        return "\(NumberText.factor(timeRatio.value)) slower (\(NumberText.fixed(timeRatio.low, decimals: 2))–\(NumberText.fixed(timeRatio.high, decimals: 2)))"
    }

    /// "1.52× faster" without the interval, for tight spaces.
    public static func short(timeRatio: Estimate) -> String {
        if timeRatio.contains(1) { return "≈ baseline" }
        return timeRatio.value < 1 ? "\(NumberText.factor(1 / timeRatio.value)) faster" : "\(NumberText.factor(timeRatio.value)) slower"
    }
}
