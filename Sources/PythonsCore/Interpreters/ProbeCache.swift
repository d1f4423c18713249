import Foundation

/// Probe results kept between runs, keyed by the real executable's path and
/// the venv it runs in (a venv's view differs from its base's), and checked
/// against the executable's size and modification time (and the venv's
/// pyvenv.cfg's), so a second `pythons list` starts no interpreter and a
/// rebuilt one, or a re-created venv, is probed again.
public struct ProbeCache: Sendable {
    /// What one probe produced: facts, or the reason it failed. Failures are
    /// kept too, so a hanging candidate costs its timeout once, not every run.
    public enum Result: Sendable, Equatable, Codable {
        case facts(InterpreterFacts)
        case failure(String)
    }

    struct Entry: Codable {
        var identity: FileIdentity
        /// The venv's pyvenv.cfg, for a venv's interpreter.
        var configIdentity: FileIdentity?
        var result: Result
    }

    struct Contents: Codable {
        var probeVersion: Int
        var entries: [String: Entry]
    }

    public let file: String
    private var entries: [String: Entry]

    public init(file: String) {
        self.file = file
        self.entries = [:]
        if let data = FileManager.default.contents(atPath: file),
           let contents = try? JSONDecoder().decode(Contents.self, from: data),
           contents.probeVersion == InterpreterFacts.currentProbeVersion {
            entries = contents.entries
        }
    }

    /// `key` is an interpreter's identity key (InterpreterCatalog.identityKey).
    public func lookup(key: String, identity: FileIdentity, configIdentity: FileIdentity? = nil) -> Result? {
        guard let entry = entries[key], entry.identity == identity, entry.configIdentity == configIdentity else { return nil }
        return entry.result
    }

    public mutating func store(_ result: Result, key: String, identity: FileIdentity, configIdentity: FileIdentity? = nil) {
        entries[key] = Entry(identity: identity, configIdentity: configIdentity, result: result)
    }

    /// Writes the cache atomically (a temporary file renamed into place), so a
    /// concurrent `pythons` never reads half a file. A cache that cannot be
    /// written is not an error: the next run probes again.
    public func save() {
        let folder = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(Contents(probeVersion: InterpreterFacts.currentProbeVersion, entries: entries)) else { return }
        let temporary = "\(file).\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, file) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
