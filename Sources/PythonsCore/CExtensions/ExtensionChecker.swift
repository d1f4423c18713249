import Foundation

/// What `ext check` imports: one file (imported by the dotted name it has
/// from `root`, a folder put on sys.path when it is not there already), or a
/// module by dotted name.
public enum ExtensionTarget: Sendable, Equatable, Codable {
    case file(path: String, module: String, root: String?)
    case module(String)

    /// A path when it names a file (or looks like one), else a dotted module name.
    public static func parse(_ text: String, home: String, from folder: String? = nil) throws(PythonsError) -> ExtensionTarget {
        let absolute = FilePaths.absolute(text, home: home, from: folder)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) {
            guard !isFolder.boolValue else {
                throw .usage("\(text) is a folder: `ext check` takes one module or file; `pythons ext audit \(text)` checks every extension in a folder")
            }
            let fileName = (absolute as NSString).lastPathComponent
            guard ExtensionFileName.fileExtensions.contains(where: fileName.hasSuffix) else {
                throw .usage(fileName.hasSuffix(".c")
                    ? "\(text) is C source, not a built module: build it first with `pythons ext build \(text)`, then check the .so it writes"
                    : "\(text) is not an extension module (a .so): `ext check` imports compiled modules; give one, or a module name")
            }
            let name = ExtensionFileName(fileName)?.moduleName ?? String(fileName.prefix { $0 != "." })
            let (packages, root) = ExtensionAudit.enclosingPackages(of: (absolute as NSString).deletingLastPathComponent)
            return .file(path: absolute, module: (packages + [name]).joined(separator: "."), root: root)
        }
        if text.contains("/") || ExtensionFileName.fileExtensions.contains(where: text.hasSuffix) || text.hasSuffix(".py") {
            throw .usage("no such file: \(text)")
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ ExtensionAudit.isIdentifier(String($0)) }) else {
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
public struct ExtensionCheckResult: CommandOutput, Codable, Equatable {
    public var module: String
    public var path: String?
    public var interpreter: InterpreterReference
    public var verdict: ExtensionVerdict
    /// sys._is_gil_enabled() before and after the import (nil when it did not run).
    public var gilBefore: Bool?
    public var gilAfter: Bool?
    /// Other warnings raised while importing, verbatim.
    public var otherWarnings: [String]
    /// The distribution that installed the file (`ext audit`, from its RECORD).
    public var distribution: InstalledDistribution?

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
    /// PYTHON_GIL (which would decide the answer), importing as a user would.
    public static func processRequest(_ target: ExtensionTarget, interpreter: Interpreter,
                                      environment: PythonsEnvironment, workingDirectory: String,
                                      timeout: Duration = defaultTimeout, progressFile: String? = nil) -> ProcessRequest {
        var arguments = [PythonScripts.path("ext_check.py", environment: environment.variables)]
        if let progressFile { arguments += ["--progress", progressFile] }
        switch target {
        case .file(let path, let module, let root):
            arguments += ["--module", module, "--file", path, "--path-entry", root ?? (path as NSString).deletingLastPathComponent]
        case .module(let name):
            // As `python -c 'import NAME'` from the current folder.
            arguments += ["--module", name, "--cwd-first"]
        }
        return ProcessRequest(executable: interpreter.path, arguments: arguments,
                              environment: RuntimeSettings.defaults.childEnvironment(from: environment.variables),
                              workingDirectory: workingDirectory, timeout: timeout)
    }

    /// How long one import may take before it is stopped and called hung.
    public static let defaultTimeout: Duration = .seconds(60)

    /// Checks one module in its own process. Never throws for what the module
    /// does (a crash is a verdict); throws only when the interpreter cannot run.
    public static func check(_ target: ExtensionTarget, interpreter: Interpreter, environment: PythonsEnvironment,
                             workingDirectory: String? = nil,
                             timeout: Duration = defaultTimeout,
                             runner: ProcessRunner) async throws -> ExtensionCheckResult {
        // Without a folder, from where the command was started.
        let workingDirectory = workingDirectory ?? environment.currentDirectory
        var result = ExtensionCheckResult(module: target.moduleName, path: target.path, interpreter: InterpreterReference(interpreter),
                                          verdict: .gilStaysOff, gilBefore: nil, gilAfter: nil, otherWarnings: [])
        if let path = target.path, let verdict = verdictFromName(path, interpreter: interpreter) {
            // Loading a file built for another ABI can crash the interpreter
            // outright; the name is enough to know.
            result.verdict = verdict
            return result
        }
        // Where the helper notes each import before it starts: a crash or a
        // hang leaves no report, and this says where it happened.
        let progressFile = NSTemporaryDirectory() + "/pythons-ext-check-\(UUID().uuidString).progress"
        defer { try? FileManager.default.removeItem(atPath: progressFile) }
        let outcome = try await runner.run(processRequest(target, interpreter: interpreter, environment: environment,
                                                          workingDirectory: workingDirectory, timeout: timeout, progressFile: progressFile))
        try Task.checkCancellation()
        let reportLine = outcome.standardOutput.split(separator: "\n").last.map { Data($0.utf8) }
        let helper = reportLine.flatMap { try? JSONDecoder().decode(CheckHelperReport.self, from: $0) }
        guard let helper else {
            let progress = (try? String(contentsOfFile: progressFile, encoding: .utf8)) ?? ""
            let stage = progress.split(separator: "\n").last.map(String.init)
            let what = stage.map { $0 == target.moduleName || !target.moduleName.hasPrefix($0 + ".") ? $0 : "the package \($0) (before \(target.moduleName) itself)" } ?? target.moduleName
            if case .timedOut(let limit) = outcome.termination, stage == nil {
                // No import was begun: the interpreter itself did not start in
                // time, which says nothing about the module.
                result.verdict = .hung("did not get as far as importing \(target.moduleName) within \(limit.formattedSeconds) (the interpreter was still starting), and was stopped: inconclusive; a longer --timeout, or a less loaded machine, will tell")
            } else if case .timedOut(let limit) = outcome.termination {
                result.verdict = .hung("did not finish importing \(what) within \(limit.formattedSeconds), and was stopped: inconclusive (an initialization that waits or deadlocks), not a crash; a longer --timeout tells a slow import from a hang")
            } else {
                let last = outcome.lastErrorLine.map { ": \($0)" } ?? ""
                result.verdict = .crashed("\(outcome.termination) while importing \(what)\(last)")
            }
            return result
        }
        result.gilBefore = helper.gilBefore
        result.gilAfter = helper.gilAfter
        result.otherWarnings = helper.otherWarnings
        result.verdict = verdict(from: helper, module: target.moduleName, expectedFile: target.path)
        if !outcome.succeeded, result.verdict == .gilStaysOff || result.verdict.kind == .reenablesGIL {
            // The import worked, then the interpreter died on the way out.
            result.verdict = .crashed("imported, then \(outcome.termination) while the interpreter shut down")
        }
        return result
    }

    /// The verdict a file's name alone gives, before anything is loaded.
    static func verdictFromName(_ path: String, interpreter: Interpreter) -> ExtensionVerdict? {
        guard let name = ExtensionFileName((path as NSString).lastPathComponent), let extSuffix = interpreter.facts.extSuffix,
              let why = name.mismatch(extSuffix: extSuffix, freeThreaded: interpreter.facts.freeThreadedBuild, version: interpreter.version)
        else { return nil }
        if name.tag == .stableABI, interpreter.facts.freeThreadedBuild, interpreter.version >= PythonVersion(3, 15, 0) {
            return .oldStableABI(why + " (PEP 803)")
        }
        return .builtForAnotherInterpreter(why, rebuildFor: interpreter.facts.shortName)
    }

    static func verdict(from helper: CheckHelperReport, module: String, expectedFile: String?) -> ExtensionVerdict {
        if let error = helper.error {
            if let package = helper.failedPackage { return .packageFailsToImport(package: package, error: error.line) }
            if error.line.contains(ExtensionVerdict.oldStableABIRefusal) {
                return .oldStableABI("CPython refused it: \(error.line)")
            }
            return .importFails(error.line)
        }
        if let other = helper.shadowedBy, let expectedFile {
            return .inconclusive("`import \(module)` loads \(other), not \(expectedFile): an earlier sys.path entry has a module of that name")
        }
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

/// The JSON ext_check.py prints last.
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
    /// The enclosing package whose import raised `error`.
    var failedPackage: String?
    /// The file `import NAME` loaded, when it is not the file audited.
    var shadowedBy: String?

    enum CodingKeys: String, CodingKey {
        case gilBefore = "gil_before", gilAfter = "gil_after", gilWarnings = "gil_warnings"
        case otherWarnings = "other_warnings", error, failedPackage = "failed_package", shadowedBy = "shadowed_by"
    }
}
