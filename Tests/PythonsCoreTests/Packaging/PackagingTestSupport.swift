import Foundation
import Testing
@testable import PythonsCore

extension Tag {
    /// Installs and runs the wheel scripts/build-wheel.sh built.
    @Tag static var wheel: Tag
}

/// The wheel under test: scripts/test.sh builds it with scripts/build-wheel.sh
/// and names it in PYTHONS_TEST_WHEEL. `swift test` alone has none, and the
/// wheel suites say so instead of building one (a release build takes minutes).
enum WheelUnderTest {
    static let path: String? = ProcessInfo.processInfo.environment["PYTHONS_TEST_WHEEL"].flatMap { $0.isEmpty ? nil : $0 }
    static let missing: Comment = "PYTHONS_TEST_WHEEL is not set: scripts/test.sh builds the wheel (scripts/build-wheel.sh) and sets it"

    static func require() throws -> String {
        guard let path else { try Test.cancel(missing) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw PythonsError.failure("PYTHONS_TEST_WHEEL names \(path), which does not exist: run scripts/build-wheel.sh")
        }
        return path
    }

    /// The file names inside the wheel, read by Python's zipfile.
    static func members(of wheel: String) async throws -> [String] {
        let outcome = try await Commands.run([try ToolsVenv.tool("python"), "-c",
                                              "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", wheel])
        guard outcome.succeeded else { throw PythonsError.failure("cannot list \(wheel): \(outcome.standardError)") }
        return outcome.standardOutput.split(separator: "\n").map(String.init)
    }

    /// A copy of the wheel with other platform tags (`wheel tags`), in `folder`.
    static func retagged(_ wheel: String, platform: String, in folder: TemporaryFolder) async throws -> String {
        let copy = "\(folder.path)/\(URL(fileURLWithPath: wheel).lastPathComponent)"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: wheel, toPath: copy)
        let outcome = try await Commands.run([try ToolsVenv.tool("wheel"), "tags", "--remove", "--platform-tag", platform, copy])
        guard outcome.succeeded else { throw PythonsError.failure("wheel tags failed: \(outcome.standardError)") }
        return "\(folder.path)/\(outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))"
    }
}

/// Programs in the test tools' virtual environment (PYTHONS_TEST_TOOLS, made
/// by scripts/install-test-tools.sh): uv, auditwheel, wheel, actionlint, and a
/// python with PyYAML.
enum ToolsVenv {
    static func tool(_ name: String) throws -> String {
        guard let folder = ProcessInfo.processInfo.environment["PYTHONS_TEST_TOOLS"], !folder.isEmpty else {
            try Test.cancel("PYTHONS_TEST_TOOLS is not set: scripts/test.sh sets it to the venv scripts/install-test-tools.sh makes")
        }
        let path = "\(folder)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            try Test.cancel("\(path) is missing: run scripts/install-test-tools.sh")
        }
        return path
    }
}

/// External commands run the way a person types them, with a stated
/// environment (never the test runner's by accident).
enum Commands {
    /// A small environment: PATH of the system's folders only, a private HOME.
    static func minimalEnvironment(home: String, path: String = "/usr/bin:/bin") -> [String: String] {
        ["PATH": path, "HOME": home, "LANG": "C.UTF-8"]
    }

    static func run(_ command: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
                    timeout: Duration = .seconds(300)) async throws -> ProcessOutcome {
        try await ProcessRunner().run(ProcessRequest(
            executable: command[0], arguments: Array(command.dropFirst()),
            environment: environment ?? RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment),
            workingDirectory: workingDirectory, timeout: timeout))
    }

    /// The lines a command wrote on stdout and stderr together, blank ones left out.
    static func lines(_ outcome: ProcessOutcome) -> [String] {
        (outcome.standardOutput + "\n" + outcome.standardError).split(whereSeparator: \.isNewline)
            .map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

/// What bash's programmable completion offers for a command line, with a
/// completion script loaded the way ~/.bashrc would (`source`).
enum BashCompletion {
    static func offers(script: String, words: [String]) async throws -> [String] {
        let bash = try TestTools.require("bash", package: "bash")
        let folder = TemporaryFolder("pythons-completion")
        let scriptFile = try folder.write("pythons.bash", script)
        // Bash calls the function `complete -F` registered with the command
        // name, the word being completed and the one before it.
        let quoted = words.map(ShellQuoting.quote).joined(separator: " ")
        let driver = """
            source \(ShellQuoting.quote(scriptFile))
            function=$(complete -p pythons | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
            [ -n "$function" ] || { echo "no completion registered for pythons" >&2; exit 1; }
            COMP_WORDS=(\(quoted))
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            "$function" pythons "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let outcome = try await Commands.run([bash, "--norc", "--noprofile", "-c", driver],
                                             environment: Commands.minimalEnvironment(home: folder.path))
        guard outcome.succeeded else { throw PythonsError.failure("bash completion failed: \(outcome.standardError)") }
        return outcome.standardOutput.split(separator: "\n").map(String.init)
    }
}
