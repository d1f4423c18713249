/// One real interpreter executable, with every path it was found under and
/// what it says about itself.
public struct Interpreter: Sendable, Equatable, Codable {
    /// The path to run: the first one found, in discovery priority order.
    public var path: String
    /// `path` with every symlink resolved.
    public var resolvedPath: String
    /// Every other path found for this same executable (links, hard links).
    public var aliases: [String]
    /// Every place it was found, in priority order.
    public var foundIn: [DiscoverySource]
    public var facts: InterpreterFacts

    public init(path: String, resolvedPath: String, aliases: [String], foundIn: [DiscoverySource], facts: InterpreterFacts) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.aliases = aliases
        self.foundIn = foundIn
        self.facts = facts
    }

    public var version: PythonVersion { facts.version }
    public var isCPython: Bool { facts.implementation == "CPython" }
    public var isManaged: Bool { foundIn.contains(.pythons) }

    /// "CPython 3.13.5 (free-threaded) at /path": how messages name a build.
    public var displayName: String {
        var kinds: [String] = []
        if facts.freeThreadedBuild { kinds.append("free-threaded") }
        if facts.jitBuild { kinds.append("JIT") } else if facts.tier2 == .present { kinds.append("tier-2 interpreter") }
        let kind = kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))"
        return "\(facts.implementation) \(facts.version)\(kind) at \(path)"
    }
}

/// A candidate that could not be used, with a one-line reason.
public struct CandidateProblem: Sendable, Equatable, Codable {
    public var path: String
    public var foundIn: DiscoverySource
    public var reason: String

    public init(path: String, foundIn: DiscoverySource, reason: String) {
        self.path = path
        self.foundIn = foundIn
        self.reason = reason
    }
}
