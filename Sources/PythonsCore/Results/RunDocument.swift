import Foundation

/// `pythons bench --format json` and `pythons show RUN --format json`: a run
/// with its raw samples and the statistics derived from them. `pythons
/// compare` (and `pythons report`) read these files back from other machines.
public struct RunDocument: Sendable, Equatable, Codable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var run: BenchmarkRun
    /// Derived from `run` by `RunAnalysis`; recomputed, not trusted, on import.
    public var analysis: RunAnalysis

    public init(run: BenchmarkRun) {
        schemaVersion = Self.currentSchemaVersion
        self.run = run
        analysis = RunAnalysis(run)
    }

    /// Reads a file written by `--format json`.
    public static func read(path: String) throws(PythonsError) -> RunDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read \(path)")
        }
        do {
            var document = try JSONOutput.decoder().decode(RunDocument.self, from: data)
            guard document.schemaVersion <= currentSchemaVersion else {
                throw PythonsError.usage("\(path) was written by a newer Pythons (schema \(document.schemaVersion)); update Pythons to read it")
            }
            document.analysis = RunAnalysis(document.run)
            return document
        } catch let error as PythonsError {
            throw error
        } catch {
            throw .usage("\(path) is not a run written by `pythons bench --format json`: \(error)")
        }
    }
}

/// `pythons history --format json`.
public struct HistoryReport: Sendable, Equatable, Codable {
    public var schemaVersion: Int
    public var database: String
    public var runs: [RunStore.RunListing]

    public init(database: String, runs: [RunStore.RunListing]) {
        schemaVersion = RunDocument.currentSchemaVersion
        self.database = database
        self.runs = runs
    }
}

extension RunStore {
    /// A run named on the command line: the path of a JSON file written by
    /// `--format json`, a run number, an id prefix, or "latest".
    public func resolve(_ reference: String) throws -> BenchmarkRun {
        if reference.hasSuffix(".json") || reference.contains("/") {
            return try RunDocument.read(path: reference).run
        }
        guard let run = try run(reference) else {
            throw PythonsError.usage("no run '\(reference)' in \(path): see `pythons history` for the runs stored")
        }
        return run
    }
}
