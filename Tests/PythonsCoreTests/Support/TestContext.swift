import Foundation
import Synchronization
import Testing
@testable import PythonsCore

/// A `CommandContext` for running a command in-process, as `pythons` would
/// run it, but inside a temporary folder: HOME, PYTHONS_HOME, PYTHONS_BIN and
/// the caches are private to the test, and the console keeps what the
/// command prints instead of writing to the real stdout and stderr. Making
/// one whose environment points at the real home folder (HOME,
/// ~/.local/share/pythons, ~/.local/bin) or at the test home's builds fails
/// the test at once, before any command runs.
final class TestContext: Sendable {
    let folder: TemporaryFolder
    let context: CommandContext
    private let transcript = Transcript()

    /// Everything written, in order, by stream.
    private final class Transcript: Sendable {
        let written = Mutex<[(stream: Console.Stream, text: String)]>([])
    }

    /// - Parameters:
    ///   - variables: set over the private ones (and the caller's PATH and
    ///     locale); a nil value removes a variable.
    ///   - currentDirectory: default the temporary folder.
    init(format: OutputFormat = .text, variables overrides: [String: String?] = [:], currentDirectory: String? = nil,
         clock: CommandClock = .system) throws {
        folder = TemporaryFolder("pythons-context")
        let real = ProcessInfo.processInfo.environment
        var variables: [String: String] = ["HOME": "\(folder.path)/home", "PYTHONS_HOME": "\(folder.path)/pythons-home",
                                           "PYTHONS_BIN": "\(folder.path)/bin", "PATH": real["PATH"] ?? "/usr/bin:/bin",
                                           "LANG": "C.UTF-8"]
        for (key, value) in overrides { variables[key] = value }
        let environment = PythonsEnvironment(variables: variables, currentDirectory: currentDirectory ?? folder.path)
        if let problem = Self.realHomeProblem(environment) {
            Issue.record(Comment(rawValue: problem))
            throw TestContextError.realHome(problem)
        }
        let transcript = transcript
        let console = Console(stdoutStyle: .plain, stderrStyle: .plain, glyphs: .unicode, columns: { _ in 100 },
                              handler: { stream, text in transcript.written.withLock { $0.append((stream, text)) } })
        var context = CommandContext(environment: environment, console: console, runner: ProcessRunner())
        context.format = format
        context.clock = clock
        self.context = context
    }

    /// What the commands wrote to stdout and stderr since the last call,
    /// which starts the next command's afresh.
    func take() -> (stdout: String, stderr: String) {
        transcript.written.withLock { written in
            defer { written = [] }
            return (written.filter { $0.stream == .standardOutput }.map(\.text).joined(),
                    written.filter { $0.stream == .standardError }.map(\.text).joined())
        }
    }

    /// What the command wrote to stdout, and to stderr, so far.
    var stdout: String { transcript.written.withLock { $0.filter { $0.stream == .standardOutput }.map(\.text).joined() } }
    var stderr: String { transcript.written.withLock { $0.filter { $0.stream == .standardError }.map(\.text).joined() } }

    /// The folders of the user's own Pythons, and the builds the tests share
    /// (read, never written): a command under test must not reach them.
    static func realHomeProblem(_ environment: PythonsEnvironment) -> String? {
        let real = ProcessInfo.processInfo.environment
        let realHome = real["HOME"] ?? NSHomeDirectory()
        var forbidden = [realHome, "\(realHome)/.local/share/pythons", "\(realHome)/.local/bin"]
        if let testHome = RealInterpreters.testHome { forbidden.append(testHome) }
        if let pythonsHome = real["PYTHONS_HOME"], !pythonsHome.isEmpty { forbidden.append(pythonsHome) }
        let used = [("HOME", environment.userHome), ("PYTHONS_HOME", environment.pythonsHome),
                    ("PYTHONS_BIN", environment.linkFolder), ("the cache folder", environment.cacheFolder)]
        for (name, path) in used {
            let resolved = FilePaths.resolve(path)
            for folder in forbidden.map(FilePaths.resolve) where resolved == folder || (name != "HOME" && resolved.hasPrefix(folder + "/")) {
                return "a test context must not use the real \(folder) (its \(name) is \(path))"
            }
        }
        return nil
    }

    enum TestContextError: Error { case realHome(String) }
}
