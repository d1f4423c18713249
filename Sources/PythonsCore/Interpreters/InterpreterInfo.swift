/// `pythons list --format json`: the documented schema (docs/json.md); as
/// text, the catalog's table (CatalogRendering).
public struct ListReport: CommandOutput, Codable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var interpreters: [Interpreter]
    /// Interpreters inside virtual environments, each with its `venv`.
    public var venvs: [Interpreter]
    public var problems: [CandidateProblem]
    public var skippedShims: [String]

    public init(catalog: InterpreterCatalog) {
        schemaVersion = Self.currentSchemaVersion
        interpreters = catalog.interpreters
        venvs = catalog.venvs
        problems = catalog.problems
        skippedShims = catalog.skippedShims
    }
}

/// One interpreter as `pythons info` shows it: the seed's banner under the
/// chosen settings, and the facts it was drawn from.
public struct InterpreterDescription: Sendable, Codable, Equatable {
    public var path: String
    public var settings: RuntimeSettings
    public var banner: Banner
    public var facts: InterpreterFacts
}

/// `pythons info --format json`; as text, the banners one after another.
public struct InfoReport: CommandOutput, Codable, Equatable {
    public var schemaVersion: Int
    public var interpreters: [InterpreterDescription]

    public init(interpreters: [InterpreterDescription]) {
        schemaVersion = ListReport.currentSchemaVersion
        self.interpreters = interpreters
    }
}

public enum InterpreterInfo {
    /// The interpreters `info` describes without a request: every one found
    /// that the settings apply to.
    public static func applicable(_ settings: RuntimeSettings, in catalog: InterpreterCatalog) throws(PythonsError) -> [Interpreter] {
        let applicable = catalog.interpreters.filter { interpreter in
            (try? settings.validate(for: interpreter)) != nil
        }
        guard !applicable.isEmpty else {
            if catalog.interpreters.isEmpty {
                throw .usage("no Python interpreters found; install one, or pass its path")
            }
            throw .usage("no interpreter found accepts \(settings) (free-threaded builds take --gil off; JIT and tier-2 builds take --jit)",
                         details: catalog.availableSummary(hint: VersionRequest(major: 3, minor: 13, variants: settings.gil == .off ? [.freethreaded] : [.jit])))
        }
        return applicable
    }

    /// Starts each interpreter under the settings and reads its banner facts.
    public static func describe(_ interpreters: [Interpreter], settings: RuntimeSettings,
                                environment: PythonsEnvironment, timeout: Duration,
                                runner: ProcessRunner) async throws -> [InterpreterDescription] {
        let probe = BannerProbe(runner: runner, environment: environment, timeout: timeout)
        let readings = try await probe.read(interpreters.map { BannerProbe.Target(path: $0.path, settings: settings) })
        return try interpreters.map { interpreter in
            switch readings[BannerProbe.Target(path: interpreter.path, settings: settings)]! {
            case .banner(let banner, let facts):
                return InterpreterDescription(path: interpreter.path, settings: settings, banner: banner, facts: facts)
            case .failed(let reason):
                let under = settings.environmentOverrides.isEmpty ? "" : " with " + settings.environmentOverrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                throw PythonsError.failure("\(interpreter.displayName) failed to start\(under): \(reason)")
            }
        }
    }
}

extension InfoReport {
    public func text(_ context: TextContext) -> CommandText {
        CommandText(lines: interpreters.flatMap { $0.banner.lines })
    }
}
