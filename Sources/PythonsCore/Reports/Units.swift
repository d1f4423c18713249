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
/// Locale-free number printing: reports are compared byte for byte, and a
/// decimal comma would break both the snapshot and the reader's copy-paste.
public enum NumberText {
    /// `value` with exactly `decimals` digits after the point; never "-0".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        var text = String(format: "%.\(max(decimals, 0))f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }
}

/// The one way Pythons writes a figure for people, in every output (bench
/// and show tables, Markdown, terminal charts, SVG charts, the HTML report,
/// compare): times in four significant digits in the unit their size calls
/// for, percentages to a tenth, speedups to three decimals. A test reads the
/// same run's outputs and checks that each figure is the same text.
public enum Format {
    /// "7.331 s", "11.24 ms", "412.6 µs": 999.96 ms is "1.000 s".
    public static func seconds(_ value: Double) -> String {
        let unit = unit(for: value)
        return significant(unit.value(ofSeconds: value)) + " " + unit.symbol
    }

    /// "7.297–7.365 s": both ends in the unit of the larger.
    public static func secondsRange(_ lower: Double, _ upper: Double) -> String {
        let unit = unit(for: max(abs(lower), abs(upper)))
        return significant(unit.value(ofSeconds: lower)) + "–" + significant(unit.value(ofSeconds: upper)) + " " + unit.symbol
    }

    /// The unit a time is written in: the largest in which it is at least 1,
    /// after rounding to four digits (so 999.96 ms moves up to seconds).
    public static func unit(for seconds: Double) -> TimeUnit {
        let unit = TimeUnit.forMagnitude(seconds)
        guard let larger = TimeUnit.allCases.last(where: { $0.secondsPerUnit > unit.secondsPerUnit }),
              let rounded = Double(significant(unit.value(ofSeconds: seconds))), abs(rounded) >= 1000 else { return unit }
        return larger
    }

    /// "1.2%".
    public static func percent(_ fraction: Double) -> String { percent(fraction, decimals: 1) }

    public static func percent(_ fraction: Double, decimals: Int) -> String {
        NumberText.fixed(fraction * 100, decimals: decimals) + "%"
    }

    /// "1.930×": a speedup (the baseline's time over this one's) or a thread
    /// scaling.
    public static func speedup(_ value: Double) -> String { NumberText.fixed(value, decimals: 3) + "×" }

    /// "1.880–1.970".
    public static func speedupRange(_ lower: Double, _ upper: Double) -> String {
        NumberText.fixed(lower, decimals: 3) + "–" + NumberText.fixed(upper, decimals: 3)
    }

    public static func pValue(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : NumberText.fixed(value, decimals: 3)
    }

    /// 60 → "60", 2.5 → "2.5".
    public static func plainNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// "42 s", "3 min 5 s", "1 h 2 min": a time left or elapsed.
    public static func timeLeft(_ seconds: Double) -> String {
        let total = Int(max(seconds, 0).rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return total % 60 == 0 ? "\(total / 60) min" : "\(total / 60) min \(total % 60) s" }
        let minutes = (total % 3600) / 60
        return minutes == 0 ? "\(total / 3600) h" : "\(total / 3600) h \(minutes) min"
    }

    /// Four significant digits, without an exponent: 7.331, 11.24, 412.6
    /// (9.99998 rounds to "10.00", not "10.000").
    static func significant(_ value: Double) -> String {
        var decimals = abs(value) >= 100 ? 1 : abs(value) >= 10 ? 2 : 3
        var text = NumberText.fixed(value, decimals: decimals)
        while decimals > 1, let rounded = Double(text), abs(rounded) >= pow(10, Double(4 - decimals)) {
            decimals -= 1
            text = NumberText.fixed(value, decimals: decimals)
        }
        return text
    }
}
