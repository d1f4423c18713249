import Foundation

/// Probe results kept between runs, keyed by the real executable's path and
/// checked against its size and modification time, so a second `pythons list`
/// starts no interpreter and a rebuilt one is probed again.
public struct ProbeCache: Sendable {
    /// What one probe produced: facts, or the reason it failed. Failures are
    /// kept too, so a hanging candidate costs its timeout once, not every run.
    public enum Result: Sendable, Equatable, Codable {
        case facts(InterpreterFacts)
        case failure(String)
    }

    struct Entry: Codable {
        var identity: FileIdentity
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

    public func lookup(resolvedPath: String, identity: FileIdentity) -> Result? {
        guard let entry = entries[resolvedPath], entry.identity == identity else { return nil }
        return entry.result
    }

    public mutating func store(_ result: Result, resolvedPath: String, identity: FileIdentity) {
        entries[resolvedPath] = Entry(identity: identity, result: result)
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
