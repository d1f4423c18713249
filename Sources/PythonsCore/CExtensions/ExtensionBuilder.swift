import Foundation

/// One interpreter's build of the extension.
public struct ExtensionBuildResult: CommandOutput, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case built, failed
        /// Another chosen interpreter has the same EXT_SUFFIX, so its build serves this one too.
        case skipped
    }

    public var interpreter: InterpreterReference
    public var status: Status
    /// The built file (also set for `skipped`: the file that serves it).
    public var output: String?
    /// The compiler run, when there was one.
    public var command: [String]?
    /// What the compiler printed (stdout and stderr), verbatim.
    public var compilerOutput: String
    /// Why it failed or was skipped, or a note such as a compiler substitution.
    public var message: String?
}

/// `pythons ext build --format json` (docs/json.md). Its text is its
/// results', each printed as its build ends (`CommandContext.printPart`).
public struct ExtensionBuildReport: CommandOutput, Codable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var source: String
    public var module: String
    public var results: [ExtensionBuildResult]

    public var allBuilt: Bool { results.allSatisfy { $0.status != .failed } }
}

public enum ExtensionBuilder {
    /// The module name a one-file extension defines: the NAME of its one
    /// PyInit_NAME function, else the file's name without `.c`.
    public static func moduleName(source: String, text: String) throws(PythonsError) -> String {
        let names = Set(text.matches(of: /PyInit_([A-Za-z_][A-Za-z0-9_]*)\s*\(/).map { String($0.output.1) })
        let stem = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        switch names.count {
        case 0: return stem
        case 1: return names.first!
        default:
            if names.contains(stem) { return stem }
            throw .usage("\(source) defines several modules (\(names.sorted().map { "PyInit_\($0)" }.joined(separator: ", "))); choose one with --name")
        }
    }

    /// Whether a name can be a module's name in C (PyInit_NAME) and Python.
    public static func isModuleName(_ name: String) -> Bool {
        name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil
    }

    /// The interpreters `ext build` uses without --python: for every CPython
    /// 3.13 or newer ABI found (one per EXT_SUFFIX, so 3.13 and 3.13t), the
    /// interpreter a plain request would pick (stock before JIT builds).
    public static func defaultInterpreters(in catalog: InterpreterCatalog, environment: PythonsEnvironment) throws(PythonsError) -> [Interpreter] {
        var requests: [VersionRequest] = []
        for interpreter in catalog.interpreters where interpreter.isCPython && interpreter.version >= PythonVersion(3, 13, 0) {
            let request = VersionRequest(major: 3, minor: interpreter.version.minor,
                                         variants: interpreter.facts.freeThreadedBuild ? [.freethreaded] : [])
            if !requests.contains(request) { requests.append(request) }
        }
        guard !requests.isEmpty else {
            throw .usage("no CPython 3.13 or newer found to build for; name interpreters with --python, or build them with `pythons install 3.13 3.13t`",
                         details: catalog.availableSummary(hint: VersionRequest(major: 3, minor: 13, variants: [.freethreaded])))
        }
        return try catalog.select(requests.map { .version($0) }, environment: environment)
    }

    /// Asks the interpreter how its extensions are built.
    public static func toolchain(of interpreter: Interpreter, environment: PythonsEnvironment,
                                 runner: ProcessRunner) async throws -> ExtensionToolchain {
        let outcome = try await runner.run(ProcessRequest(
            executable: interpreter.path, arguments: [PythonScripts.path("ext_toolchain.py", environment: environment.variables)],
            environment: RuntimeSettings.defaults.childEnvironment(from: environment.variables), timeout: .seconds(60)))
        guard outcome.succeeded, let line = outcome.standardOutput.split(separator: "\n").last,
              let toolchain = try? JSONDecoder().decode(ExtensionToolchain.self, from: Data(line.utf8)) else {
            throw PythonsError.failure("\(interpreter.displayName) could not say how it builds extensions: \(outcome.termination)\(outcome.lastErrorLine.map { ": \($0)" } ?? "")")
        }
        return toolchain
    }

    /// Builds the extension for each interpreter in turn into `outputFolder`.
    /// A failure for one does not stop the others; `compilerOutput` is handed
    /// over as each compiler finishes, so a user sees errors as printed.
    public static func build(source: String, module: String, interpreters: [Interpreter], outputFolder: String,
                             environment: PythonsEnvironment, runner: ProcessRunner,
                             onResult: @Sendable (ExtensionBuildResult) -> Void = { _ in }) async throws -> ExtensionBuildReport {
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        let osRelease = HeadersHint.readOSRelease()
        var results: [ExtensionBuildResult] = []
        var builtSuffixes: [String: String] = [:]
        for interpreter in interpreters {
            try Task.checkCancellation()
            let reference = InterpreterReference(interpreter)
            func failed(_ message: String, command: [String]? = nil, output: String = "") -> ExtensionBuildResult {
                ExtensionBuildResult(interpreter: reference, status: .failed, output: nil, command: command, compilerOutput: output, message: message)
            }
            let result: ExtensionBuildResult
            let toolchain: ExtensionToolchain
            do {
                toolchain = try await self.toolchain(of: interpreter, environment: environment, runner: runner)
            } catch let error as PythonsError {
                result = failed(error.message)
                results.append(result)
                onResult(result)
                continue
            }
            let outputPath = outputFolder + "/" + CompilerInvocation.outputName(module: module, extSuffix: toolchain.extSuffix)
            if let earlier = builtSuffixes[toolchain.extSuffix] {
                result = ExtensionBuildResult(interpreter: reference, status: .skipped, output: outputPath, command: nil, compilerOutput: "",
                                              message: "same EXT_SUFFIX (\(toolchain.extSuffix)) as \(earlier), whose build serves it")
            } else if toolchain.pythonH == nil {
                result = failed(HeadersHint.missingPythonH(interpreter: interpreter, includeDirs: toolchain.includeDirs, osRelease: osRelease))
            } else if let compiler = CompilerChoice.resolve(configured: toolchain.compiler, searchPath: environment.searchPath) {
                let invocation = CompilerInvocation(compiler: compiler.words, source: source, includeDirs: toolchain.includeDirs,
                                                    system: toolchain.system, output: outputPath)
                let outcome = try await runner.run(invocation.processRequest(environment: environment.variables))
                try Task.checkCancellation()
                let printed = outcome.standardOutput + outcome.standardError
                if outcome.succeeded {
                    builtSuffixes[toolchain.extSuffix] = reference.build
                    result = ExtensionBuildResult(interpreter: reference, status: .built, output: outputPath,
                                                  command: [invocation.executable] + invocation.arguments,
                                                  compilerOutput: printed, message: compiler.note)
                } else {
                    var message = "\(invocation.executable) \(outcome.termination)"
                    if printed.contains("Python.h") && printed.contains("No such file") {
                        message += "; " + HeadersHint.missingPythonH(interpreter: interpreter, includeDirs: toolchain.includeDirs, osRelease: osRelease)
                    }
                    result = failed(message, command: [invocation.executable] + invocation.arguments, output: printed)
                }
            } else {
                result = failed("no C compiler found (looked for \(toolchain.compiler.first ?? "CC"), cc, gcc and clang on PATH); install one, for example `sudo apt-get install gcc`")
            }
            results.append(result)
            onResult(result)
        }
        return ExtensionBuildReport(schemaVersion: ExtensionBuildReport.currentSchemaVersion, source: source,
                                    module: module, results: results)
    }
}
