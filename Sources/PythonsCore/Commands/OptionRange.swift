/// Range checks for numeric options. Every value outside the range (NaN,
/// inf, 1e20, a negative count) is a usage error (exit 2, one line) before it
/// reaches a conversion that would trap (Int(1e20), a Duration of 1e20 s) or
/// an encoder that refuses it (inf in the stored run's JSON). The executable
/// runs them while it parses the options, so that their message ends with
/// the `--help` hint of argument-parser's own errors.
public enum OptionRange {
    /// More than 0 (or, for a pause, 0 or more) and at most `limit` seconds;
    /// NaN fails every comparison.
    public static func seconds(_ value: Double, atMost limit: Double, option: String, zeroAllowed: Bool = false) throws(PythonsError) {
        guard zeroAllowed ? value >= 0 : value > 0, value <= limit else {
            throw .usage("\(option) must be \(zeroAllowed ? "0 or more" : "more than 0") and at most \(Format.plainNumber(limit)) seconds, got \(value)")
        }
    }

    public static func count(_ value: Int, _ range: ClosedRange<Int>, option: String) throws(PythonsError) {
        guard range.contains(value) else {
            throw .usage("\(option) must be at least \(range.lowerBound) and at most \(range.upperBound), got \(value)")
        }
    }
}
