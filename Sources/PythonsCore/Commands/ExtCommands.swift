import Foundation

/// `pythons ext build SOURCE.c`: a one-file C extension for each chosen
/// interpreter, each result printed as its build ends.
public enum ExtBuildCommand {
    /// - Parameters:
    ///   - pythons: interpreter requests, as given; none builds for every
    ///     CPython 3.13+ ABI found.
    ///   - name: `--name`, the module, when the source defines several PyInit_ functions.
    public static func run(_ context: CommandContext, source: String, pythons: [String] = [], outputFolder: String = ".",
                           name: String? = nil) async throws {
        let environment = context.environment
        let sourcePath = environment.absolute(source)
        guard source.hasSuffix(".c") else {
            throw PythonsError.usage("\(source) is not C source: `ext build` compiles one .c file into an extension module")
        }
        guard let text = try? String(contentsOfFile: sourcePath, encoding: .utf8) else {
            throw PythonsError.usage("cannot read \(source): no such file, or not UTF-8 text")
        }
        let module = try name ?? ExtensionBuilder.moduleName(source: source, text: text)
        guard ExtensionBuilder.isModuleName(module) else {
            throw PythonsError.usage("--name must be a C and Python identifier such as greeter, got '\(module)'")
        }
        let requests = try InterpreterRequest.parseAll(pythons)
        let folder = environment.absolute(outputFolder)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw PythonsError.usage("-o must be a folder, and \(outputFolder) is a file")
        }
        let interpreters = try await context.interpreters(requests) { catalog in
            try ExtensionBuilder.defaultInterpreters(in: catalog, environment: environment)
        }
        let report = try await ExtensionBuilder.build(
            source: sourcePath, module: module, interpreters: interpreters, outputFolder: folder,
            environment: environment, runner: context.runner) { context.printPart($0) }
        try context.print(report)
        let failed = report.results.filter { $0.status == .failed }
        if !failed.isEmpty {
            throw PythonsError.failure("\(module) did not build for \(failed.map(\.interpreter.build).joined(separator: ", "))")
        }
    }
}

/// `pythons ext check MODULE_OR_FILE`: whether a module keeps the GIL off
/// on a free-threaded build.
public enum ExtCheckCommand {
    /// - Parameter python: an interpreter request, as given; nil for the
    ///   free-threaded build the file name asks for.
    public static func run(_ context: CommandContext, target: String, python: String? = nil,
                           timeout: Duration = ExtensionChecker.defaultTimeout) async throws {
        let extensionTarget = try ExtensionTarget.parse(target, home: context.environment.userHome,
                                                      from: context.environment.currentDirectory)
        let requests = try InterpreterRequest.parseAll(python.map { [$0] } ?? [])
        let interpreter = try await context.freeThreadedInterpreter(requests.first, target: extensionTarget)
        let result = try await ExtensionChecker.check(extensionTarget, interpreter: interpreter, environment: context.environment,
                                                      timeout: timeout, runner: context.runner)
        try context.print(result)
        if !result.passed {
            throw PythonsError.failure("\(result.module): \(result.verdict.kind.label)")
        }
    }
}

/// `pythons ext audit [PATH...]`: every extension module in site-packages
/// (or the folders given), each checked as `ext check` does.
public enum ExtAuditCommand {
    public static func run(_ context: CommandContext, folders: [String] = [], python: String? = nil,
                           timeout: Duration = ExtensionChecker.defaultTimeout) async throws {
        let environment = context.environment
        let requests = try InterpreterRequest.parseAll(python.map { [$0] } ?? [])
        var roots: [String] = []
        for folder in folders {
            let absolute = environment.absolute(folder)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else {
                throw PythonsError.usage("no such folder: \(folder)")
            }
            guard isFolder.boolValue else {
                throw PythonsError.usage("\(folder) is not a folder; `ext audit` searches folders (use `ext check` for one file)")
            }
            roots.append(absolute)
        }
        let interpreter = try await context.freeThreadedInterpreter(requests.first, target: nil)
        let plan = ExtensionAudit.plan(folders: roots, interpreter: interpreter, environment: environment)
        for note in plan.notes { context.console.message("note: " + note) }
        let found = plan.extensions
        context.console.message("checking \(found.count) extension \(found.count == 1 ? "module" : "modules") in \(plan.folders.joined(separator: ", ")) with \(interpreter.displayName)")
        let results = try await ExtensionAudit.run(found, interpreter: interpreter, environment: environment, timeout: timeout,
                                                   runner: context.runner)
        let report = ExtensionAuditReport(interpreter: InterpreterReference(interpreter), folders: plan.folders, results: results,
                                          found: found.count, notes: plan.notes)
        try context.print(report)
        if !report.complete {
            throw PythonsError(.interrupted, "interrupted after checking \(report.results.count) of \(report.found) modules")
        }
        if !report.allKeepTheGILOff {
            let failing = report.results.filter { !$0.passed }.count
            throw PythonsError.failure("\(failing) of \(report.results.count) modules do not keep the GIL off")
        }
    }
}

extension CommandContext {
    /// The interpreter `ext check` and `ext audit` import with: the one asked
    /// for, else the default for the target; it must be free-threaded.
    func freeThreadedInterpreter(_ request: InterpreterRequest?, target: ExtensionTarget?) async throws -> Interpreter {
        let interpreter = try await interpreter(request) { catalog in
            try ExtensionChecker.defaultInterpreter(for: target, in: catalog, environment: environment)
        }
        try ExtensionChecker.requireFreeThreaded(interpreter)
        return interpreter
    }
}
