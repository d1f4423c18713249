import Foundation
import Testing
@testable import PythonsCore

@Suite("Colour on terminals only", .tags(.endToEnd))
struct TerminalOutputTests {
    /// Runs `pythons ARGS` under a pseudo-terminal with script(1), the way a
    /// user's shell runs it, and returns what the terminal received.
    static func onTerminal(_ arguments: [String], environment: [String: String?]) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            try Test.cancel("script(1) from util-linux is needed to give pythons a terminal")
        }
        let command = ([PythonsBinary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: "/usr/bin/script", arguments: ["-qec", command, "/dev/null"], environment: variables, timeout: .seconds(120)))
        return outcome.standardOutput
    }

    @Test("a terminal gets colour; NO_COLOR, TERM=dumb and pipes get plain text")
    func noColor() async throws {
        let home = TemporaryFolder()
        let colored = try await Self.onTerminal(["list"], environment: ["PYTHONS_HOME": home.path, "NO_COLOR": nil, "TERM": "xterm"])
        #expect(colored.contains("\u{1B}["), "no colour on a terminal")
        let plain = try await Self.onTerminal(["list"], environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1", "TERM": "xterm"])
        #expect(!plain.contains("\u{1B}["))
        let dumb = try await Self.onTerminal(["list"], environment: ["PYTHONS_HOME": home.path, "NO_COLOR": nil, "TERM": "dumb"])
        #expect(!dumb.contains("\u{1B}["))
        let piped = try await PythonsBinary.run(["list"], environment: ["PYTHONS_HOME": home.path, "NO_COLOR": nil])
        #expect(!piped.standardOutput.contains("\u{1B}["))
        // Same content either way.
        #expect(plain.replacingOccurrences(of: "\r", with: "") == piped.standardOutput)
    }
}
