import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Ext: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ext",
            abstract: "Build C extensions and check whether they keep the GIL off on free-threaded builds.",
            subcommands: [Build.self, Check.self, Audit.self]
        )
    }
}

extension Pythons.Ext {
    struct Build: ContextCommand {
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

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output, discovery: discovery).execute { [source, pythons, outputFolder, name] in
                try await ExtBuildCommand.run($0, source: source, pythons: pythons, outputFolder: outputFolder, name: name)
            }
        }
    }

    struct Check: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Import a module in a fresh free-threaded interpreter and say whether the GIL stays off.",
            discussion: """
                The module is imported as a user would: by its dotted name (a file inside a package \
                folder is imported as PACKAGE.MODULE), its packages first, from the interpreter's \
                own sys.path (a venv's, given a venv's python). Verdicts: GIL stays off (exit 0); \
                re-enables the GIL (CPython's warning is quoted and the fix named); fails to import; \
                its package fails to import; built for another interpreter (its EXT_SUFFIX does not \
                match, so it is not loaded); built for the old abi3 (refused by free-threaded 3.15+); \
                crashes the interpreter; hung (stopped after --timeout: inconclusive). Every verdict \
                but the first exits 1. Without --python it uses the free-threaded build the file \
                name asks for, else the newest free-threaded CPython found.
                """
        )

        @Argument(help: ArgumentHelp("An extension file, or a module name importable from the current folder.", valueName: "MODULE_OR_FILE"))
        var target: String

        @OptionGroup var importing: ImportOptions

        func run(_ context: CommandContext) async throws {
            try await importing.context(context).execute { [target, python = importing.python, timeout = importing.timeoutDuration] in
                try await ExtCheckCommand.run($0, target: target, python: python, timeout: timeout)
            }
        }
    }

    struct Audit: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check every extension module in site-packages (or the given folders) on a free-threaded build.",
            discussion: """
                Each module is imported as `ext check` does, in its own interpreter process (a few \
                at a time), so one that crashes or hangs is a verdict, not the end of the audit. \
                Modules are grouped by the installed distribution (dist-info RECORD) they belong to. \
                Without folders it audits the interpreter's site-packages: a venv's, given a venv's \
                python. Exits 0 only when every module keeps the GIL off.
                """
        )

        @Argument(help: ArgumentHelp("Folders to search (default: the interpreter's site-packages).", valueName: "PATH"))
        var folders: [String] = []

        @OptionGroup var importing: ImportOptions

        func run(_ context: CommandContext) async throws {
            try await importing.context(context).execute { [folders, python = importing.python, timeout = importing.timeoutDuration] in
                try await ExtAuditCommand.run($0, folders: folders, python: python, timeout: timeout)
            }
        }
    }
}
