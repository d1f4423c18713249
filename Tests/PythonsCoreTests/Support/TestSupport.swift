import Foundation
import Testing
@testable import PythonsCore

extension Tag {
    /// Runs real interpreters found on this machine.
    @Tag static var interpreters: Tag
    /// Needs interpreters that `pythons install` built (3.13.5, 3.13t, 3.13j).
    @Tag static var builds: Tag
    /// Runs the built `pythons` binary end to end.
    @Tag static var endToEnd: Tag
}

/// A folder under the system's temporary folder, removed when released.
final class TemporaryFolder: @unchecked Sendable {
    let path: String

    init(_ label: String = "pythons-test") {
        let template = NSTemporaryDirectory() + "/\(label).XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { fatalError("mkdtemp failed") }
        path = FilePaths.resolve(String(cString: made))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file (creating folders) and returns its path.
    @discardableResult
    func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws -> String {
        let full = "\(path)/\(relativePath)"
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        if executable { chmod(full, 0o755) }
        return full
    }
}

/// The `pythons` executable built beside the test bundle, run end to end.
/// Runs blocking work (a pipe read to its end, `waitUntilExit`) on a thread
/// of its own. Swift's cooperative pool has one thread per core, two here:
/// a test that blocks one for a child's lifetime stalls every other test's
/// sleeps and deadlines, which then fail on a loaded machine.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

enum PythonsBinary {
    static var path: String {
        let testExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testExecutable.deletingLastPathComponent()
        // On Linux the tests run from .build/<triple>/debug/PythonsPackageTests.xctest.
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("pythons").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("pythons").path
    }

    /// Runs `pythons ARGUMENTS` with the caller's environment plus `overrides`
    /// (a nil value removes a variable). Always give a temporary PYTHONS_HOME
    /// so tests never touch the user's own.
    static func run(_ arguments: [String], environment overrides: [String: String?] = [:],
                    timeout: Duration = .seconds(300)) async throws -> ProcessOutcome {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides { environment[key] = value }
        precondition(environment["PYTHONS_HOME"] != ProcessInfo.processInfo.environment["PYTHONS_HOME"] || overrides.keys.contains("PYTHONS_HOME"),
                     "end-to-end tests must set PYTHONS_HOME to a temporary folder")
        return try await ProcessRunner().run(ProcessRequest(
            executable: path, arguments: arguments, environment: environment, timeout: timeout))
    }
}

/// Real interpreters on this machine, found the way `pythons list` finds them
/// (tests never hard-code interpreter paths).
///
/// Two environment variables add interpreters that Pythons built:
/// - PYTHONS_TEST_HOME: a PYTHONS_HOME whose installs/ holds `pythons install`
///   builds (scripts/test.sh sets it);
/// - PYTHONS_TEST_PYTHONS: extra interpreter paths, separated by ':'.
enum RealInterpreters {
    static let testHome: String? = ProcessInfo.processInfo.environment["PYTHONS_TEST_HOME"].flatMap { $0.isEmpty ? nil : $0 }
    static let extraPaths: [String] = (ProcessInfo.processInfo.environment["PYTHONS_TEST_PYTHONS"] ?? "")
        .split(separator: ":").map(String.init)

    /// The environment that discovery sees: the real one, with the test home's
    /// installs and a private cache folder.
    static func environment(cacheHome: String) -> PythonsEnvironment {
        var variables = ProcessInfo.processInfo.environment
        variables["PYTHONS_HOME"] = cacheHome
        return PythonsEnvironment(variables: variables)
    }

    private static let sharedCatalog = Task<InterpreterCatalog, Never> {
        let scratch = TemporaryFolder("pythons-catalog")
        var variables = ProcessInfo.processInfo.environment
        variables["PYTHONS_HOME"] = testHome ?? scratch.path
        let catalog = await InterpreterCatalog.discover(
            environment: PythonsEnvironment(variables: variables),
            options: .init(explicitPaths: extraPaths, refresh: true, probeTimeout: .seconds(30)), runner: ProcessRunner())
        _ = scratch
        return catalog
    }

    static func catalog() async -> InterpreterCatalog { await sharedCatalog.value }

    /// The first interpreter matching a request, or the test is skipped with
    /// the reason printed.
    static func require(_ requestText: String, why: String = "") async throws -> Interpreter {
        let catalog = await catalog()
        let request = try InterpreterRequest.parse(requestText)
        if let found = try? catalog.select(request, environment: PythonsEnvironment()) { return found }
        try Test.cancel("no \(requestText) interpreter on this machine\(why.isEmpty ? "" : " (\(why))"); scripts/test.sh builds 3.13.5, 3.13t and 3.13j")
    }

    /// Any CPython 3 on the machine, newest first.
    static func anyCPython3() async throws -> Interpreter {
        let catalog = await catalog()
        guard let found = catalog.interpreters.first(where: { $0.isCPython && $0.version.major == 3 }) else {
            try Test.cancel("no CPython 3 interpreter found on this machine")
        }
        return found
    }

    /// A CPython 3 without free threading, JIT or tier 2, newest first.
    static func stockCPython3() async throws -> Interpreter {
        let catalog = await catalog()
        guard let found = catalog.interpreters.first(where: {
            $0.isCPython && $0.version.major == 3 && !$0.facts.freeThreadedBuild && $0.facts.tier2 == .absent
        }) else {
            try Test.cancel("no stock CPython 3 interpreter found on this machine")
        }
        return found
    }

    /// Runs Python code in an interpreter and returns stdout, for comparing
    /// what Pythons reports with what the interpreter itself says.
    static func evaluate(_ interpreter: Interpreter, _ code: String, environment overrides: [String: String] = [:]) async throws -> String {
        var environment = RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment)
        environment.merge(overrides) { $1 }
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: interpreter.path, arguments: ["-c", code], environment: environment, timeout: .seconds(60)))
        guard outcome.succeeded else {
            throw PythonsError.failure("\(interpreter.path) -c failed: \(outcome.termination) \(outcome.standardError)")
        }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
