/// Parsers for the values of `bench` and `compare` options, so that every
/// wrong value is a usage error (exit 2) with a line that shows the right form.
public enum OptionValues {
    /// "on,off" → [.on, .off].
    public static func switches(_ text: String, option: String) throws(PythonsError) -> [RuntimeSettings.Switch] {
        var switches: [RuntimeSettings.Switch] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = RuntimeSettings.Switch(rawValue: piece.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw .usage("\(option) \(text): '\(piece)' is neither on nor off; write on, off or on,off")
            }
            if !switches.contains(value) { switches.append(value) }
        }
        return switches
    }

    /// A relative amount written "1%" or "0.01" → 0.01. A bare number of 1 or
    /// more is refused: "2" could mean 2% or 200%.
    public static func fraction(_ text: String, option: String, example: String,
                                allowsZero: Bool = false) throws(PythonsError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let isPercent = trimmed.hasSuffix("%")
        guard let number = Double(isPercent ? String(trimmed.dropLast()) : trimmed), number.isFinite else {
            throw .usage("\(option) \(text) is not a number: write \(example)% or 0.0\(example)")
        }
        guard isPercent || number < 1 else {
            throw .usage("\(option) \(text) is ambiguous: write \(text)% or a fraction such as 0.0\(example)")
        }
        let fraction = isPercent ? number / 100 : number
        guard allowsZero ? fraction >= 0 : fraction > 0, fraction < 1 else {
            throw .usage("\(option) \(text) must be \(allowsZero ? "from 0" : "more than 0") and below 100%: write \(example)% or 0.0\(example)")
        }
        return fraction
    }
}
