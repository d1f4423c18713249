import Foundation
import Testing
@testable import PythonsCore

/// `pythons --generate-completion-script SHELL`, as the README tells users to
/// install it: bash loads the script and completes real command lines.
@Suite("Shell completions", .tags(.endToEnd))
struct CompletionTests {
    static func script(_ shell: String) async throws -> String {
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["--generate-completion-script", shell], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.succeeded, "\(outcome.standardError)")
        return outcome.standardOutput
    }

    @Test("bash completes `pythons b` to bench, and `pythons bench --fo` to --format")
    func bashCompletesCommands() async throws {
        let script = try await Self.script("bash")
        #expect(try await BashCompletion.offers(script: script, words: ["pythons", "b"]) == ["bench"])
        #expect(try await BashCompletion.offers(script: script, words: ["pythons", "bench", "--fo"]) == ["--format"])
        // A word no command starts with is offered nothing.
        #expect(try await BashCompletion.offers(script: script, words: ["pythons", "zz"]).isEmpty)
    }

    @Test("zsh and fish scripts name every command", arguments: ["zsh", "fish"])
    func otherShells(shell: String) async throws {
        let script = try await Self.script(shell)
        for command in ["list", "info", "install", "bench", "compare", "report", "uops", "ext"] {
            #expect(script.contains(command), "\(shell) script lacks \(command)")
        }
        #expect(script.contains(shell == "zsh" ? "#compdef pythons" : "complete -c 'pythons'"), "\(script.prefix(200))")
    }

    @Test("an unknown shell is a usage error (exit 2) that names it")
    func unknownShell() async throws {
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["--generate-completion-script", "tcsh"], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(2))
        #expect(outcome.standardError.contains("tcsh"), "\(outcome.standardError)")
    }
}
