/// `pythons list --format json`: the documented schema (docs/json.md).
public struct ListReport: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var interpreters: [Interpreter]
    public var problems: [CandidateProblem]
    public var skippedShims: [String]

    public init(catalog: InterpreterCatalog) {
        schemaVersion = Self.currentSchemaVersion
        interpreters = catalog.interpreters
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

/// `pythons info --format json`.
public struct InfoReport: Sendable, Codable, Equatable {
    public var schemaVersion: Int
    public var interpreters: [InterpreterDescription]

    public init(interpreters: [InterpreterDescription]) {
        schemaVersion = ListReport.currentSchemaVersion
        self.interpreters = interpreters
    }
}

public enum InterpreterInfo {
    /// The interpreters `info` describes: those requested (each must accept
    /// the settings), or else every one found that the settings apply to.
    public static func choose(requests: [InterpreterRequest], settings: RuntimeSettings,
                              catalog: InterpreterCatalog, environment: PythonsEnvironment) throws(PythonsError) -> [Interpreter] {
        if !requests.isEmpty {
            let chosen = try catalog.select(requests, environment: environment)
            for interpreter in chosen { try settings.validate(for: interpreter) }
            return chosen
        }
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
                                runner: ProcessRunner = ProcessRunner()) async throws -> [InterpreterDescription] {
        let prober = InterpreterProber(runner: runner, environment: environment, timeout: timeout)
        let results = await withTaskGroup(of: (Int, ProbeCache.Result).self) { group in
            for (index, interpreter) in interpreters.enumerated() {
                group.addTask { (index, await prober.probe(executable: interpreter.path, settings: settings, banner: true)) }
            }
            var collected: [Int: ProbeCache.Result] = [:]
            for await (index, result) in group { collected[index] = result }
            return collected
        }
        try Task.checkCancellation()
        return try interpreters.enumerated().map { index, interpreter in
            switch results[index]! {
            case .facts(let facts):
                return InterpreterDescription(path: interpreter.path, settings: settings, banner: Banner(facts: facts), facts: facts)
            case .failure(let reason):
                let under = settings.environmentOverrides.isEmpty ? "" : " with " + settings.environmentOverrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                throw PythonsError.failure("\(interpreter.displayName) failed to start\(under): \(reason)")
            }
        }
    }
}
