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
        version: "0.1.0",
        subcommands: [
            ListCommand.self, InfoCommand.self, InstallCommand.self, UninstallCommand.self, DoctorCommand.self,
            BenchCommand.self, HistoryCommand.self, ShowCommand.self, CompareCommand.self, ReportCommand.self,
            UopsCommand.self, ReplCommand.self, ExtCommand.self,
        ]
    )

    /// Parses, runs, and maps every error to the documented exit codes.
    /// ArgumentParser's own usage errors would exit 64; Pythons promises 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch var error as PythonsError {
            if error.listsAvailableInterpreters {
                // From the probe cache, so this costs milliseconds.
                let catalog = await InterpreterCatalog.discover(environment: PythonsEnvironment())
                error.details += catalog.availableSummary()
            }
            Console.error(error)
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // Usage errors from parsing: one message and the hint, exit 2.
            let message = fullMessage(for: error)
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code == .failure ? 1 : PythonsError.Kind.usage.exitCode)
        }
    }
}
