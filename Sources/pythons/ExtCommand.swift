import ArgumentParser
import Foundation
import PythonsCore

struct ExtCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ext",
        abstract: "Build C extensions and check whether they keep the GIL off on free-threaded builds.",
        subcommands: [Build.self, Check.self, Audit.self]
    )
}

extension ExtCommand {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Compile a one-file C extension for each chosen interpreter.",
            discussion: """
                Uses each interpreter's own C compiler (sysconfig CC) and headers (what \
                pythonX.Y-config --includes prints) with the seed's flags -shared -fPIC -O3, and \
                names the result with its EXT_SUFFIX (greeter.cpython-313t-x86_64-linux-gnu.so). \
                Without --python it builds for every CPython 3.13 or newer ABI found: one \
                interpreter per EXT_SUFFIX, such as 3.13 and 3.13t.
                """
        )

        @Argument(help: ArgumentHelp("The extension's C source.", valueName: "SOURCE.c"))
        var source: String

        @Option(name: .customLong("python"), help: "An interpreter to build for (repeatable, or comma-separated).")
        var pythons: [String] = []

        @Option(name: .short, help: ArgumentHelp("Folder for the built files.", valueName: "DIR"))
        var outputFolder: String = "."

        @Option(help: "The module name, when the source defines several PyInit_ functions.")
        var name: String?

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let environment = PythonsEnvironment()
            let sourcePath = FilePaths.absolute(source, home: environment.userHome)
            guard let text = try? String(contentsOfFile: sourcePath, encoding: .utf8) else {
                throw PythonsError.usage("cannot read \(source): no such file, or not UTF-8 text")
            }
            let module = try name ?? ExtensionBuilder.moduleName(source: source, text: text)
            guard ExtensionBuilder.isModuleName(module) else {
                throw PythonsError.usage("--name must be a C and Python identifier such as greeter, got '\(module)'")
            }
            let requests = try parseRequests(pythons)
            let folder = FilePaths.absolute(outputFolder, home: environment.userHome)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
                throw PythonsError.usage("-o must be a folder, and \(outputFolder) is a file")
            }
            let format = output.format
            let report = try await Interruption.run { [discovery] in
                let catalog = await InterpreterCatalog.discover(
                    environment: environment, options: discovery.catalogOptions(explicitPaths: explicitPaths(in: requests)))
                let interpreters = requests.isEmpty
                    ? try ExtensionBuilder.defaultInterpreters(in: catalog, environment: environment)
                    : try catalog.select(requests, environment: environment)
                return try await ExtensionBuilder.build(
                    source: sourcePath, module: module, interpreters: interpreters, outputFolder: folder,
                    environment: environment) { result in
                    if format == .text { Build.show(result) }
                }
            }
            if format == .json { try Console.json(report) }
            let failed = report.results.filter { $0.status == .failed }
            if !failed.isEmpty {
                throw PythonsError.failure("\(module) did not build for \(failed.map(\.interpreter.build).joined(separator: ", "))")
            }
        }

        /// Text output as each build ends: the compiler's own output (errors
        /// and warnings, as printed) on stderr, the result on stdout.
        static func show(_ result: ExtensionBuildResult) {
            if !result.compilerOutput.isEmpty {
                FileHandle.standardError.write(Data(result.compilerOutput.utf8))
            }
            let build = result.interpreter.build
            switch result.status {
            case .built:
                Console.print("built for \(build): \(relative(result.output ?? ""))")
                if let command = result.command {
                    Console.print("  $ " + command.map(shellWord).joined(separator: " "))
                }
                if let note = result.message { Console.message("note: \(note)") }
            case .skipped:
                Console.print("skipped \(build): \(result.message ?? "")")
            case .failed:
                if let command = result.command {
                    Console.message("$ " + command.map(shellWord).joined(separator: " "))
                }
                Console.message(Console.stderrStyle.paint("failed for \(build):", .red) + " \(result.message ?? "")")
            }
        }

        static func relative(_ path: String) -> String {
            let current = FileManager.default.currentDirectoryPath
            return path.hasPrefix(current + "/") ? "./" + path.dropFirst(current.count + 1) : path
        }

        /// A word of a shown command, with paths under the current folder made relative.
        static func shellWord(_ word: String) -> String {
            ShellQuoting.quote(relative(word))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Import a module in a fresh free-threaded interpreter and say whether the GIL stays off.",
            discussion: """
                Verdicts: GIL stays off (exit 0); re-enables the GIL (CPython's warning is quoted \
                and the fix named); fails to import; built for another interpreter (its EXT_SUFFIX \
                does not match, so it is not loaded); crashes the interpreter. Every verdict but \
                the first exits 1. Without --python it uses the free-threaded build the file name \
                asks for, else the newest free-threaded CPython found.
                """
        )

        @Argument(help: ArgumentHelp("An extension file, or a module name importable from the current folder.", valueName: "MODULE_OR_FILE"))
        var target: String

        @Option(help: "The free-threaded interpreter (3.13t, a path, ...).")
        var python: String?

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let environment = PythonsEnvironment()
            let extensionTarget = try ExtensionTarget.parse(target, home: environment.userHome)
            let requests = try parseRequests(python.map { [$0] } ?? [])
            let result = try await Interruption.run { [discovery] in
                let catalog = await InterpreterCatalog.discover(
                    environment: environment, options: discovery.catalogOptions(explicitPaths: explicitPaths(in: requests)))
                let interpreter = try requests.first.map { request throws(PythonsError) in try catalog.select(request, environment: environment) }
                    ?? ExtensionChecker.defaultInterpreter(for: extensionTarget, in: catalog, environment: environment)
                try ExtensionChecker.requireFreeThreaded(interpreter)
                return try await ExtensionChecker.check(extensionTarget, interpreter: interpreter, environment: environment)
            }
            switch output.format {
            case .json: try Console.json(result)
            case .text: Console.print(lines: Check.textLines(result))
            }
            if !result.passed {
                throw PythonsError.failure("\(result.module): \(result.verdict.kind.label)")
            }
        }

        static func textLines(_ result: ExtensionCheckResult) -> [String] {
            let style = Console.stdoutStyle
            let file = result.path.map { " (\(Build.relative($0)))" } ?? ""
            var lines = ["\(result.module)\(file) on \(result.interpreter.description)"]
            let label = result.verdict.kind.label
            lines.append(result.passed ? style.paint(label, .green) : style.paint(label, .red))
            if let detail = result.verdict.detail(module: result.module) { lines.append("  " + detail) }
            if case .reenablesGIL(let warnings) = result.verdict {
                for warning in warnings { lines.append("  CPython warned: " + warning.text) }
            }
            if let fix = result.verdict.fix { lines.append("  fix: " + fix) }
            return lines
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check every extension module in site-packages (or the given folders) on a free-threaded build.",
            discussion: """
                Each module is imported in its own interpreter process, so one that crashes is a \
                verdict, not the end of the audit. Exits 0 only when every module keeps the GIL off.
                """
        )

        @Argument(help: ArgumentHelp("Folders to search (default: the interpreter's site-packages).", valueName: "PATH"))
        var folders: [String] = []

        @Option(help: "The free-threaded interpreter (3.13t, a path, ...).")
        var python: String?

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let environment = PythonsEnvironment()
            let requests = try parseRequests(python.map { [$0] } ?? [])
            var roots: [String] = []
            for folder in folders {
                let absolute = FilePaths.absolute(folder, home: environment.userHome)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
                    throw PythonsError.usage("\(folder) is not a folder; `ext audit` searches folders (use `ext check` for one file)")
                }
                roots.append(absolute)
            }
            let report = try await Interruption.run { [discovery, roots] in
                let catalog = await InterpreterCatalog.discover(
                    environment: environment, options: discovery.catalogOptions(explicitPaths: explicitPaths(in: requests)))
                let interpreter = try requests.first.map { request throws(PythonsError) in try catalog.select(request, environment: environment) }
                    ?? ExtensionChecker.defaultInterpreter(for: nil, in: catalog, environment: environment)
                try ExtensionChecker.requireFreeThreaded(interpreter)
                let searched = roots.isEmpty ? interpreter.facts.sitePackages.filter { FileManager.default.fileExists(atPath: $0) } : roots
                let found = ExtensionAudit.findExtensions(in: searched)
                Console.message("checking \(found.count) extension \(found.count == 1 ? "module" : "modules") in \(searched.joined(separator: ", ")) with \(interpreter.displayName)")
                let results = try await ExtensionAudit.run(found, interpreter: interpreter, environment: environment)
                return ExtensionAuditReport(interpreter: InterpreterReference(interpreter), folders: searched, results: results, found: found.count)
            }
            switch output.format {
            case .json: try Console.json(report)
            case .text: Console.print(lines: Audit.textLines(report))
            }
            if !report.complete {
                throw PythonsError(.interrupted, "interrupted after checking \(report.results.count) of \(report.found) modules")
            }
            if !report.allKeepTheGILOff {
                let failing = report.results.filter { !$0.passed }.count
                throw PythonsError.failure("\(failing) of \(report.results.count) modules do not keep the GIL off")
            }
        }

        static func textLines(_ report: ExtensionAuditReport) -> [String] {
            let style = Console.stdoutStyle
            guard !report.results.isEmpty else {
                return ["No extension modules in \(report.folders.joined(separator: ", "))."]
            }
            let table = TextTable(header: ["MODULE", "FILE", "VERDICT", "DETAIL"], rows: report.results.map { result in
                [result.module, result.path.map { ($0 as NSString).lastPathComponent } ?? "", result.verdict.kind.label,
                 result.verdict.shortDetail(module: result.module)]
            })
            var lines = table.render(decorateHeader: { style.paint($0, .bold) })
            let counts = ExtensionVerdict.Kind.allCases.compactMap { kind -> String? in
                let count = report.counts[kind.rawValue] ?? 0
                return count == 0 ? nil : "\(count) \(kind.label)"
            }
            lines.append("")
            let checked = report.complete ? "" : " checked of \(report.found) found"
            lines.append("\(report.results.count) \(report.results.count == 1 ? "module" : "modules")\(checked): " + counts.joined(separator: ", "))
            return lines
        }
    }
}
