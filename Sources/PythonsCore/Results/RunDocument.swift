import Foundation

/// `pythons bench --format json` and `pythons show RUN --format json`: a run
/// with its raw samples and the statistics derived from them. `pythons
/// compare` (and `pythons report`) read these files back from other machines.
public struct RunDocument: Sendable, Equatable, Codable {
    /// 2: `analysis` has `time`, `speedup` (baseline / this) and `scaling`
    /// with intervals within and across runs, and `steadiness`; notes are
    /// typed. Documents of schema 1 still read: only `run` is read back.
    public static let currentSchemaVersion = 2
    public var schemaVersion: Int
    public var run: BenchmarkRun
    /// Derived from `run` by `RunAnalysis`; recomputed, not trusted, on import.
    public var analysis: RunAnalysis

    public init(run: BenchmarkRun) {
        schemaVersion = Self.currentSchemaVersion
        self.run = run
        analysis = RunAnalysis(run)
    }

    private enum CodingKeys: String, CodingKey { case schemaVersion, run, analysis }

    /// Reads `run` and recomputes the analysis: an older Pythons' analysis
    /// has other fields, and no document's figures are taken on trust.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        run = try container.decode(BenchmarkRun.self, forKey: .run)
        analysis = RunAnalysis(run)
    }

    /// Reads a file written by `--format json`.
    public static func read(path: String) throws(PythonsError) -> RunDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read \(path)")
        }
        do {
            let document = try JSONOutput.decoder().decode(RunDocument.self, from: data)
            guard document.schemaVersion <= currentSchemaVersion else {
                throw PythonsError.usage("\(path) was written by a newer Pythons (schema \(document.schemaVersion)); update Pythons to read it")
            }
            return document
        } catch let error as PythonsError {
            throw error
        } catch let error as DecodingError {
            throw .usage("\(path) is not a run written by `pythons bench --format json`: \(ErrorDescriptions.decoding(error))")
        } catch {
            throw .usage("\(path) is not a run written by `pythons bench --format json`: \(ErrorDescriptions.file(error))")
        }
    }
}

/// `pythons history --format json`; as text, see HistoryRendering.
public struct HistoryReport: CommandOutput, Equatable, Codable {
    public var schemaVersion: Int
    public var database: String
    public var runs: [RunStore.RunListing]

    public init(database: String, runs: [RunStore.RunListing]) {
        schemaVersion = 1
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
