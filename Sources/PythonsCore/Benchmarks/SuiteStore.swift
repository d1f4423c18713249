import Foundation

/// Where suite runs are kept until the results database has a place for
/// them: one JSON file per suite under PYTHONS_HOME/suites, naming its
/// benchmarks, their statuses and the ids of their runs. The runs themselves
/// (every sample) are ordinary runs in results.sqlite, stored as they are
/// measured; this file only groups them, and is rewritten after each
/// benchmark so an interrupted suite keeps its grouping too.
/// (Proposed for the database: a `suite` table and a nullable run.suiteId.)
public struct SuiteStore: Sendable {
    public var folder: String

    public init(environment: PythonsEnvironment) {
        folder = "\(environment.pythonsHome)/suites"
    }

    public init(folder: String) { self.folder = folder }

    public func path(of id: String) -> String { "\(folder)/\(id).json" }

    /// Writes the suite without its runs' samples (those are in the database).
    public func save(_ suite: SuiteRun) throws {
        var grouping = suite
        for index in grouping.benchmarks.indices { grouping.benchmarks[index].run = nil }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try JSONOutput.encoder().encode(grouping).write(to: URL(fileURLWithPath: path(of: suite.id)), options: .atomic)
        } catch {
            throw PythonsError.failure("cannot write the suite's record \(path(of: suite.id)): \(error.localizedDescription)")
        }
    }

    /// The suites kept, newest first.
    public func ids() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let dated = files.filter { $0.hasSuffix(".json") }.compactMap { file -> (String, Date)? in
            let attributes = try? FileManager.default.attributesOfItem(atPath: "\(folder)/\(file)")
            return (String(file.dropLast(5)), (attributes?[.modificationDate] as? Date) ?? .distantPast)
        }
        return dated.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// A suite by id (or a prefix of at least 4 characters, or "latest"),
    /// its runs read back from the results database.
    public func load(_ reference: String, runs: RunStore) throws -> SuiteRun {
        let all = ids()
        let id: String?
        if reference == "latest" {
            id = all.first
        } else {
            let matches = all.filter { $0.hasPrefix(reference.lowercased()) }
            guard matches.count <= 1 else { throw PythonsError.usage("suite id '\(reference)' is ambiguous: give more of it") }
            id = reference.count >= 4 ? matches.first : nil
        }
        guard let id, let data = FileManager.default.contents(atPath: path(of: id)) else {
            throw PythonsError.usage("no suite '\(reference)' in \(folder): `pythons bench pyperformance` or `pythons bench scaling` makes one")
        }
        var suite: SuiteRun
        do {
            suite = try JSONOutput.decoder().decode(SuiteRun.self, from: data)
        } catch {
            throw PythonsError.failure("\(path(of: id)) is not a suite record: \(error)")
        }
        for index in suite.benchmarks.indices {
            if let runID = suite.benchmarks[index].runID {
                suite.benchmarks[index].run = try runs.run(runID)
            }
        }
        return suite
    }
}
