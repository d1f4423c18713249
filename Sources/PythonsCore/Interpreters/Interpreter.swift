/// One interpreter as it is invoked: a real executable file, on its own or
/// inside a virtual environment (the same file run from a venv is another
/// interpreter: its own sys.prefix and site-packages), with every path it
/// was found under and what it says about itself.
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
    /// The venv this path runs in; nil for a plain interpreter.
    public var venv: VirtualEnvironment?

    public init(path: String, resolvedPath: String, aliases: [String], foundIn: [DiscoverySource], facts: InterpreterFacts,
                venv: VirtualEnvironment? = nil) {
        self.path = path
        self.resolvedPath = resolvedPath
        self.aliases = aliases
        self.foundIn = foundIn
        self.facts = facts
        self.venv = venv
    }

    /// What tells two interpreters apart: the real file, and the venv it runs in.
    public var identityKey: String { InterpreterCatalog.identityKey(resolvedPath: resolvedPath, venvPrefix: venv?.prefix) }

    /// The interpreter the venv was made from, as the venv itself reports it.
    public var basePath: String? {
        guard let venv else { return nil }
        return facts.baseExecutable ?? venv.baseExecutable ?? resolvedPath
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
        let venvNote = basePath.map { " (venv of \($0))" } ?? ""
        return "\(facts.implementation) \(facts.version)\(kind) at \(path)\(venvNote)"
    }
}

/// A candidate that could not be used, with a one-line reason.
public struct CandidateProblem: Sendable, Equatable, Codable {
    public var path: String
    public var foundIn: DiscoverySource
    public var reason: String
    /// The venv folder, when the candidate is a venv's interpreter: one
    /// problem is reported per venv, not per name in its bin folder.
    public var venv: String?

    public init(path: String, foundIn: DiscoverySource, reason: String, venv: String? = nil) {
        self.path = path
        self.foundIn = foundIn
        self.reason = reason
        self.venv = venv
    }
}
