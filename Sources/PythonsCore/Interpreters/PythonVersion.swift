/// A Python version such as 3.13.5, 3.14.0rc1 or 2.7.18, ordered as releases
/// are: 3.14.0a1 < 3.14.0b1 < 3.14.0rc1 < 3.14.0.
public struct PythonVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// "a1", "b2", "rc1", or nil for a final release.
    public var prerelease: String?

    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
    }

    /// Parses what `platform.python_version()` prints: "3.13.5", "3.14.0rc1",
    /// "3.15.0a1+" (a development build; the "+" is dropped).
    public init?(_ text: String) {
        var rest = Substring(text)
        if rest.hasSuffix("+") { rest.removeLast() }
        let numbers = rest.prefix { $0.isNumber || $0 == "." }
        let suffix = rest.dropFirst(numbers.count)
        let parts = numbers.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        let patch = parts.count == 3 ? Int(parts[2]) : 0
        guard let patch else { return nil }
        if !suffix.isEmpty {
            guard PythonVersion.isPrerelease(suffix) else { return nil }
        }
        self.init(major, minor, patch, prerelease: suffix.isEmpty ? nil : String(suffix))
    }

    static func isPrerelease(_ text: Substring) -> Bool {
        for tag in ["rc", "a", "b"] where text.hasPrefix(tag) {
            let number = text.dropFirst(tag.count)
            return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber)
        }
        return false
    }

    /// "3.13": the feature version, as in python3.13.
    public var featureVersion: String { "\(major).\(minor)" }

    public var description: String { "\(major).\(minor).\(patch)\(prerelease ?? "")" }

    public static func < (lhs: PythonVersion, rhs: PythonVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        return lhs.prereleaseRank < rhs.prereleaseRank
    }

    /// Orders a < b < rc < final, then by number.
    private var prereleaseRank: (Int, Int) {
        guard let prerelease else { return (3, 0) }
        let tag = prerelease.prefix { $0.isLetter }
        let number = Int(prerelease.dropFirst(tag.count)) ?? 0
        switch tag {
        case "a": return (0, number)
        case "b": return (1, number)
        default: return (2, number)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = PythonVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a Python version: \(text)"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
