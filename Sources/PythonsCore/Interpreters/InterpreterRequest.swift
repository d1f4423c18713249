/// What a user asks for when choosing an interpreter: `3.13`, `3.13.5`,
/// `3.13t`, `3.13j`, `3.13+freethreaded`, `3.13+jit`, `3.13+tier2`,
/// `cpython@3.14`, `python3.12`, or a path. Every command uses this grammar.
public enum InterpreterRequest: Sendable, Hashable, CustomStringConvertible {
    case path(String)
    case version(VersionRequest)

    public var description: String {
        switch self {
        case .path(let path): path
        case .version(let request): request.description
        }
    }
}

/// A build variant a request can name.
public enum BuildVariant: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case freethreaded, jit, tier2

    public static func < (lhs: BuildVariant, rhs: BuildVariant) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct VersionRequest: Sendable, Hashable, CustomStringConvertible {
    public enum Implementation: String, Sendable, Hashable, CaseIterable {
        case cpython, pypy
        /// What probe.py reports as platform.python_implementation().
        public var reportedName: String { self == .cpython ? "CPython" : "PyPy" }
    }

    public var implementation: Implementation
    public var major: Int
    public var minor: Int?
    public var patch: Int?
    public var prerelease: String?
    public var variants: Set<BuildVariant>

    public init(implementation: Implementation = .cpython, major: Int, minor: Int? = nil, patch: Int? = nil,
                prerelease: String? = nil, variants: Set<BuildVariant> = []) {
        self.implementation = implementation
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.variants = variants
    }

    /// The canonical spelling: "3.13t", "3.13j", "3.13.5+tier2", "pypy@3.10".
    public var description: String {
        var text = implementation == .cpython ? "" : "\(implementation.rawValue)@"
        text += "\(major)"
        if let minor { text += ".\(minor)" }
        if let patch { text += ".\(patch)" }
        text += prerelease ?? ""
        if variants.contains(.freethreaded) { text += "t" }
        if variants.contains(.jit) { text += "j" }
        if variants.contains(.tier2) { text += "+tier2" }
        return text
    }

    /// Whether the version part matches: 3.13 matches every 3.13.x; 3.13.5 only 3.13.5.
    public func matchesVersion(_ version: PythonVersion) -> Bool {
        guard version.major == major else { return false }
        if let minor, version.minor != minor { return false }
        if let patch, version.patch != patch { return false }
        if patch != nil, version.prerelease != prerelease { return false }
        return true
    }

    /// Whether an interpreter is this request: the version matches, and the
    /// build is free-threaded exactly when the request says so (the two have
    /// different ABIs); `j` needs the JIT compiled in; `+tier2` needs the
    /// micro-op interpreter without the JIT.
    public func matches(_ facts: InterpreterFacts) -> Bool {
        guard facts.implementation == implementation.reportedName, matchesVersion(facts.version) else { return false }
        guard facts.freeThreadedBuild == variants.contains(.freethreaded) else { return false }
        if variants.contains(.jit), !facts.jitBuild { return false }
        if variants.contains(.tier2), !facts.isTier2InterpreterBuild { return false }
        return true
    }
}

/// Why a request could not be read.
public struct RequestSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String {
        "'\(text)' is not an interpreter request: \(reason). Use a version (3.13, 3.13.5), a variant (3.13t, 3.13j, 3.13+tier2, 3.13+freethreaded, 3.13+jit), cpython@3.14, python3.12, or a path"
    }
}

extension InterpreterRequest {
    public static func parse(_ text: String) throws(RequestSyntaxError) -> InterpreterRequest {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func fail(_ reason: String) -> RequestSyntaxError { RequestSyntaxError(text: text, reason: reason) }
        guard !trimmed.isEmpty else { throw fail("it is empty") }
        if trimmed.contains("/") || trimmed.hasPrefix("~") || trimmed.hasPrefix(".") {
            return .path(trimmed)
        }
        var rest = Substring(trimmed.lowercased())

        var implementation = VersionRequest.Implementation.cpython
        if let at = rest.firstIndex(of: "@") {
            let name = rest[..<at]
            guard let named = VersionRequest.Implementation(rawValue: String(name)) ?? (name == "python" ? .cpython : nil) else {
                throw fail("unknown implementation '\(name)' (known: cpython, pypy)")
            }
            implementation = named
            rest = rest[rest.index(after: at)...]
        } else {
            for (prefix, named) in [("cpython-", VersionRequest.Implementation.cpython), ("cpython", .cpython),
                                    ("python", .cpython), ("pypy-", .pypy), ("pypy", .pypy)] where rest.hasPrefix(prefix) {
                implementation = named
                rest = rest.dropFirst(prefix.count)
                break
            }
        }

        // Variant words after '+'.
        var variants: Set<BuildVariant> = []
        let pieces = rest.split(separator: "+", omittingEmptySubsequences: false)
        rest = pieces[0]
        for word in pieces.dropFirst() {
            switch word {
            case "freethreaded", "free-threaded", "freethreading": variants.insert(.freethreaded)
            case "jit": variants.insert(.jit)
            case "tier2", "tier-2", "uops": variants.insert(.tier2)
            case "": throw fail("'+' must be followed by freethreaded, jit or tier2")
            default: throw fail("unknown variant '+\(word)' (known: +freethreaded, +jit, +tier2)")
            }
        }

        // Version digits, an optional pre-release tag, an optional t or j.
        if let last = rest.last, last == "t" || last == "j" {
            variants.insert(last == "t" ? .freethreaded : .jit)
            rest = rest.dropLast()
        }
        let digits = rest.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
        let tag = rest.dropFirst(digits.count)
        guard !digits.isEmpty else { throw fail("it has no version number") }
        let numbers = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count <= 3, numbers.allSatisfy({ !$0.isEmpty }) else {
            throw fail("a version is MAJOR, MAJOR.MINOR or MAJOR.MINOR.PATCH")
        }
        var values: [Int] = []
        for number in numbers {
            guard number.count <= 6, let value = Int(number) else { throw fail("'\(number)' is not a version number") }
            values.append(value)
        }
        var prerelease: String?
        if tag == "t" || tag == "j" {
            throw fail("it names two builds: a request ends in t (free-threaded) or j (JIT), not both")
        }
        if !tag.isEmpty {
            guard values.count == 3, PythonVersion.isPrerelease(tag) else {
                throw fail("'\(tag)' is not a pre-release tag such as a1, b2 or rc1 after a full version")
            }
            prerelease = String(tag)
        }
        if variants.contains(.freethreaded), variants.contains(.jit) || variants.contains(.tier2) {
            throw fail("free-threaded builds do not run the JIT or the tier-2 interpreter")
        }
        if variants.contains(.jit), variants.contains(.tier2) {
            throw fail("+jit and +tier2 are different builds; ask for one")
        }
        return .version(VersionRequest(
            implementation: implementation, major: values[0],
            minor: values.count > 1 ? values[1] : nil, patch: values.count > 2 ? values[2] : nil,
            prerelease: prerelease, variants: variants))
    }
}

extension InterpreterRequest {
    /// Interpreter requests given as arguments or options, each possibly a
    /// comma-separated list, so that a malformed one is a usage error (exit
    /// 2) before anything runs. An empty one is refused too: `--python "$PY"`
    /// with PY unset must not quietly measure the default set.
    public static func parseAll(_ texts: [String]) throws(PythonsError) -> [InterpreterRequest] {
        let pieces: [String] = texts.flatMap { text in
            text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var requests: [InterpreterRequest] = []
        for piece in pieces {
            guard !piece.isEmpty else {
                throw .usage("an interpreter request is empty (an unset shell variable?): name one, such as 3.13t, python3.12 or a path")
            }
            do {
                requests.append(try InterpreterRequest.parse(piece))
            } catch {
                var usage = PythonsError.usage(error.description)
                usage.listsAvailableInterpreters = true
                throw usage
            }
        }
        return requests
    }

    /// The paths among requests: they are probed even when no search finds them.
    public static func paths(in requests: [InterpreterRequest]) -> [String] {
        requests.compactMap { if case .path(let path) = $0 { path } else { nil } }
    }
}
