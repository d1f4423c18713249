import Foundation

/// What `ext check` imports: one file (loaded under its module name), or a
/// module by dotted name.
public enum ExtensionTarget: Sendable, Equatable, Codable {
    /// `root` goes first on sys.path (the file's folder when nil).
    case file(path: String, module: String, root: String?)
    case module(String)

    /// A path when it names a file (or looks like one), else a dotted module name.
    public static func parse(_ text: String, home: String) throws(PythonsError) -> ExtensionTarget {
        let absolute = FilePaths.absolute(text, home: home)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) {
            guard !isFolder.boolValue else {
                throw .usage("\(text) is a folder: `ext check` takes one module or file; `pythons ext audit \(text)` checks every extension in a folder")
            }
            let fileName = (absolute as NSString).lastPathComponent
            let module = ExtensionFileName(fileName)?.moduleName ?? String(fileName.prefix { $0 != "." })
            return .file(path: absolute, module: module, root: nil)
        }
        if text.contains("/") || ExtensionFileName.fileExtensions.contains(where: text.hasSuffix) || text.hasSuffix(".py") {
            throw .usage("no such file: \(text)")
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ part in
            guard let first = part.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
            return part.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
        }) else {
            throw .usage("'\(text)' is neither a file nor a module name: give a path (greeter.cpython-313t-x86_64-linux-gnu.so) or a module (greeter, package.module)")
        }
        return .module(text)
    }

    public var moduleName: String {
        switch self {
        case .file(_, let module, _): module
        case .module(let name): name
        }
    }

    public var path: String? {
        if case .file(let path, _, _) = self { return path }
        return nil
    }
}

/// One module's verdict on one interpreter.
public struct ExtensionCheckResult: Sendable, Codable, Equatable {
    public var module: String
    public var path: String?
    public var interpreter: InterpreterReference
    public var verdict: ExtensionVerdict
    /// sys._is_gil_enabled() before and after the import (nil when it did not run).
    public var gilBefore: Bool?
    public var gilAfter: Bool?
    /// Other warnings raised while importing, verbatim.
    public var otherWarnings: [String]

    public var passed: Bool { verdict == .gilStaysOff }
}

/// Imports modules in fresh free-threaded interpreters and judges each.
public enum ExtensionChecker {
    /// The interpreter `ext check` uses without --python: the free-threaded
    /// build the file name asks for when there is one, else the newest
    /// free-threaded CPython.
    public static func defaultInterpreter(for target: ExtensionTarget?, in catalog: InterpreterCatalog,
                                          environment: PythonsEnvironment) throws(PythonsError) -> Interpreter {
        if let path = target?.path, let name = ExtensionFileName((path as NSString).lastPathComponent),
           case .cpython(let major, let minor, true, _) = name.tag,
           let matching = try? catalog.select(.version(VersionRequest(major: major, minor: minor, variants: [.freethreaded])), environment: environment) {
            return matching
        }
        do {
            return try catalog.select(.version(VersionRequest(major: 3, variants: [.freethreaded])), environment: environment)
        } catch {
            throw .usage("no free-threaded interpreter found, and only one can tell whether the GIL stays off; build one with `pythons install 3.13t`, or name one with --python",
                         details: catalog.availableSummary(hint: VersionRequest(major: 3, minor: 13, variants: [.freethreaded])))
        }
    }

    /// `ext check` and `ext audit` judge imports on free-threaded builds only.
    public static func requireFreeThreaded(_ interpreter: Interpreter) throws(PythonsError) {
        guard interpreter.facts.freeThreadedBuild else {
            throw .usage("\(interpreter.displayName) is not free-threaded, so its GIL is always on; check with a free-threaded build such as 3.13t (`pythons install 3.13t`)")
        }
    }

    /// The helper run for one target: a fresh interpreter with no inherited
    /// PYTHON_GIL (which would decide the answer), in `workingDirectory`.
    public static func processRequest(_ target: ExtensionTarget, interpreter: Interpreter,
                                      environment: PythonsEnvironment, workingDirectory: String,
                                      timeout: Duration = .seconds(120)) -> ProcessRequest {
        var arguments = [PythonScripts.path("ext_check.py", environment: environment.variables)]
        switch target {
        case .file(let path, let module, let root):
            arguments += ["--file", path, "--name", module]
            if let root { arguments += ["--root", root] }
        case .module(let name):
            arguments += ["--module", name]
        }
        return ProcessRequest(executable: interpreter.path, arguments: arguments,
                              environment: RuntimeSettings.defaults.childEnvironment(from: environment.variables),
                              workingDirectory: workingDirectory, timeout: timeout)
    }

    /// Checks one module in its own process. Never throws for what the module
    /// does (a crash is a verdict); throws only when the interpreter cannot run.
    public static func check(_ target: ExtensionTarget, interpreter: Interpreter, environment: PythonsEnvironment,
                             workingDirectory: String = FileManager.default.currentDirectoryPath,
                             runner: ProcessRunner = ProcessRunner()) async throws -> ExtensionCheckResult {
        var result = ExtensionCheckResult(module: target.moduleName, path: target.path, interpreter: InterpreterReference(interpreter),
                                          verdict: .gilStaysOff, gilBefore: nil, gilAfter: nil, otherWarnings: [])
        if let path = target.path, let name = ExtensionFileName((path as NSString).lastPathComponent),
           let extSuffix = interpreter.facts.extSuffix,
           let why = name.mismatch(extSuffix: extSuffix, freeThreaded: interpreter.facts.freeThreadedBuild, version: interpreter.version) {
            // Loading a file built for another ABI can crash the interpreter
            // outright; the name is enough to know.
            result.verdict = .builtForAnotherInterpreter(why, rebuildFor: interpreter.facts.shortName)
            return result
        }
        let outcome = try await runner.run(processRequest(target, interpreter: interpreter, environment: environment,
                                                          workingDirectory: workingDirectory))
        try Task.checkCancellation()
        let reportLine = outcome.standardOutput.split(separator: "\n").first.map(String.init)
        let helper = reportLine.flatMap { try? JSONDecoder().decode(CheckHelperReport.self, from: Data($0.utf8)) }
        guard let helper else {
            let last = outcome.lastErrorLine.map { ": \($0)" } ?? ""
            result.verdict = .crashed("\(outcome.termination) while importing \(target.moduleName)\(last)")
            return result
        }
        result.gilBefore = helper.gilBefore
        result.gilAfter = helper.gilAfter
        result.otherWarnings = helper.otherWarnings
        result.verdict = verdict(from: helper)
        if !outcome.succeeded, result.verdict == .gilStaysOff || result.verdict.kind == .reenablesGIL {
            // The import worked, then the interpreter died on the way out.
            result.verdict = .crashed("imported, then \(outcome.termination) while the interpreter shut down")
        }
        return result
    }

    static func verdict(from helper: CheckHelperReport) -> ExtensionVerdict {
        if let error = helper.error { return .importFails(error.line) }
        if helper.gilBefore {
            return .inconclusive("the GIL was already on before the import (PYTHON_GIL, or a module imported at start-up, turned it on)")
        }
        if helper.gilAfter {
            let warnings = helper.gilWarnings.map {
                GILWarning(module: $0.module, file: $0.file, initKind: $0.initKind.flatMap(GILWarning.InitKind.init(rawValue:)),
                           generator: $0.generator, text: $0.text)
            }
            return .reenablesGIL(warnings)
        }
        return .gilStaysOff
    }
}

/// The JSON ext_check.py prints.
struct CheckHelperReport: Decodable {
    struct Warning: Decodable {
        var module: String
        var file: String?
        var initKind: String?
        var generator: String?
        var text: String

        enum CodingKeys: String, CodingKey {
            case module, file, initKind = "init_kind", generator, text
        }
    }

    struct ErrorReport: Decodable {
        var type: String
        var line: String
    }

    var gilBefore: Bool
    var gilAfter: Bool
    var gilWarnings: [Warning]
    var otherWarnings: [String]
    var error: ErrorReport?

    enum CodingKeys: String, CodingKey {
        case gilBefore = "gil_before", gilAfter = "gil_after", gilWarnings = "gil_warnings"
        case otherWarnings = "other_warnings", error
    }
}
