import Foundation
import Testing
@testable import PythonsCore

/// Real virtual environments for the tests, made with `python -m venv`.
enum Venvs {
    /// A stock CPython that can make venvs (3.8 or newer), newest first.
    static func base() async throws -> Interpreter {
        try await UopsFixtures.stockCPython(minimumMinor: 8)
    }

    /// Runs `PYTHON -m venv ARGUMENTS FOLDER` and returns FOLDER.
    @discardableResult
    static func make(_ folder: String, from python: String, withPip: Bool = false, timeout: Duration = .seconds(120)) async throws -> String {
        let arguments = ["-m", "venv"] + (withPip ? [] : ["--without-pip"]) + [folder]
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: python, arguments: arguments,
            environment: RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment), timeout: timeout))
        guard outcome.succeeded else {
            throw PythonsError.failure("\(python) -m venv \(folder) failed: \(outcome.termination) \(outcome.standardError)")
        }
        return folder
    }

    /// The venv's own name for its interpreter, python3.X (what `list` shows).
    static func pythonName(_ base: Interpreter) -> String {
        "python\(base.version.major).\(base.version.minor)\(base.facts.abiflags.contains("t") ? "t" : "")"
    }

    /// Discovery as commands do it, in a private PYTHONS_HOME.
    static func discover(home: TemporaryFolder, explicit: [String] = [], variables extra: [String: String] = [:],
                         currentDirectory: String? = nil, refresh: Bool = false) async -> InterpreterCatalog {
        var variables = ProcessInfo.processInfo.environment
        variables["PYTHONS_HOME"] = home.path
        variables.removeValue(forKey: "VIRTUAL_ENV")
        variables.merge(extra) { $1 }
        let environment = PythonsEnvironment(variables: variables, currentDirectory: currentDirectory ?? home.path)
        return await InterpreterCatalog.discover(environment: environment,
                                                 options: .init(explicitPaths: explicit, refresh: refresh, probeTimeout: .seconds(30)), runner: ProcessRunner())
    }
}
