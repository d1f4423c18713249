import ArgumentParser
import Foundation
import PythonsCore

@main
struct Pythons: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pythons",
        abstract: "Find, build and benchmark CPython's free-threaded and JIT builds.",
        discussion: """
            Exit codes: 0 success, 1 failure, 2 usage error (bad option or an interpreter \
            request that matches nothing), 3 regression found by `compare`, 130 interrupted.
            """,
        version: PythonsRelease.version,
        subcommands: [
            List.self, Info.self, Install.self, Uninstall.self, Doctor.self,
            Bench.self, History.self, Show.self, Compare.self, Report.self,
            Uops.self, Repl.self, Ext.self,
        ]
    )

    /// Parses, runs, and maps every error to the documented exit codes.
    /// ArgumentParser's own usage errors would exit 64; Pythons promises 2.
    static func main() async {
        // The process's environment, console and runner: read here, once.
        let context = CommandContext.live()
        do {
            var command = try parseAsRoot()
            if let problem = PythonScripts.missingScriptsProblem(environment: context.environment.variables) {
                throw PythonsError.failure(problem)
            }
            if let contextCommand = command as? any ContextCommand {
                try await contextCommand.run(context)
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as PythonsError {
            Foundation.exit(await context.report(error))
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // Usage errors from parsing: one line, exit 2 (ArgumentParser's
            // usage block under it would bury the message). Anything else
            // that got this far is a failure, in one readable line.
            let usage = code == .validationFailure
            let line = usage ? message(for: error) + " (see `pythons \(commandName(CommandLine.arguments)) --help`)"
                : ErrorDescriptions.anyError(error)
            context.console.error(PythonsError(usage ? .usage : .failure, line.split(whereSeparator: \.isNewline).joined(separator: " ")))
            Foundation.exit(usage ? PythonsError.Kind.usage.exitCode : 1)
        }
    }

    /// The subcommand named on the command line, for the --help hint.
    static func commandName(_ arguments: [String]) -> String {
        let names = configuration.subcommands.map { $0._commandName }
        return arguments.dropFirst().first { names.contains($0) } ?? ""
    }
}
