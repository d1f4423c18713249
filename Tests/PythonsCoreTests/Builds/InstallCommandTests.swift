import Foundation
import Testing
@testable import PythonsCore

/// `pythons install` end to end on inputs that fail before or during a build:
/// every one must exit with its documented code, say what is wrong in one
/// line, and leave nothing registered.
@Suite("pythons install: bad input, verification and failures", .tags(.endToEnd))
struct InstallCommandTests {
    static let knownSum = "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640"

    func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }

    @Test("bad input exits 2 with one line naming the problem", arguments: [
        (["install", "3.13t", "--jobs", "0"], "--jobs must be between 1 and 1024, got 0"),
        (["install", "3.13t", "--jobs", "many"], "The value 'many' is invalid for '--jobs <jobs>'"),
        (["install", "3.13t", "--sha256", "xyz"], "--sha256 must be 64 hexadecimal digits"),
        (["install", "3.13t", "--source", "/nonexistent/Python-3.13.5.tar.xz"], "--source /nonexistent/Python-3.13.5.tar.xz: no such file"),
        (["install", "3.13t", "--source", "/"], "--source / is a folder"),
        (["install", "3.16"], "Pythons knows no CPython 3.16 release; give the full version (3.16.0) or --source TARBALL"),
        (["install", "3.12t"], "pythons install builds CPython 3.13 and newer"),
        (["install", "3.13t", "--llvm-tools", "/nonexistent"], "--llvm-tools /nonexistent: no such folder"),
        (["install", "pypy@3.13"], "pythons install builds CPython"),
        (["install", "3.13t+jit"], "is not an interpreter request"),
        (["uninstall", "3.13t"], "no install matches '3.13t'"),
        (["doctor", "--llvm-tools", "/nonexistent"], "--llvm-tools /nonexistent: no such folder"),
    ])
    func badInput(arguments: [String], expected: String) async throws {
        let scratch = TemporaryFolder()
        let outcome = try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": scratch.path])
        #expect(outcome.termination == .exited(2), "\(arguments): \(outcome.standardError)")
        #expect(firstLine(outcome.standardError).contains(expected), "\(arguments): \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/installs"))
    }

    @Test("a URL that does not exist is bad input: exit 2, and the partial download is gone")
    func missingURL() async throws {
        let scratch = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["install", "3.13t", "--source", "file://\(scratch.path)/missing.tar.xz"],
                                                  environment: ["PYTHONS_HOME": "\(scratch.path)/home"])
        #expect(outcome.termination == .exited(2), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("cannot download file://\(scratch.path)/missing.tar.xz"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(scratch.path)/home/sources")) ?? []).isEmpty)
    }

    @Test("a JIT build without LLVM 18 stops before any work, naming the tools and the version")
    func jitWithoutLLVM() async throws {
        let scratch = TemporaryFolder()
        let emptyTools = "\(scratch.path)/tools"
        try FileManager.default.createDirectory(atPath: emptyTools, withIntermediateDirectories: true)
        let home = "\(scratch.path)/home"
        // 3.13.5 is in the checksum table, so its version (and LLVM 18) is known
        // before anything is downloaded; PATH holds no LLVM at all.
        let outcome = try await PythonsBinary.run(["install", "3.13.5j", "--llvm-tools", emptyTools],
                                                  environment: ["PYTHONS_HOME": home, "PATH": emptyTools])
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError == "pythons: error: a JIT build of CPython 3.13 needs LLVM 18: clang-18 and llvm-readobj-18 not found on PATH; install LLVM 18 or pass --llvm-tools DIR\n")
        #expect(!FileManager.default.fileExists(atPath: "\(home)/sources"))
        #expect(!FileManager.default.fileExists(atPath: "\(home)/installs"))
    }

    @Test("--llvm-tools finds LLVM 18 when PATH has none", .tags(.builds))
    func jitWithLLVMFolder() async throws {
        guard let tools = ProcessInfo.processInfo.environment["PYTHONS_TEST_LLVM_TOOLS"], !tools.isEmpty else {
            try Test.cancel("PYTHONS_TEST_LLVM_TOOLS is not set; scripts/test.sh sets it to scripts/provide-llvm18.sh's folder")
        }
        let requirement = LLVMRequirement.forCPython(PythonVersion(3, 13, 5))!
        let check = await LLVMToolLocator(extraFolder: tools, searchPath: [], environment: ProcessInfo.processInfo.environment, runner: ProcessRunner()).check(requirement)
        #expect(check.isComplete, "\(check.missing)")
        #expect(check.found["clang"]?.hasPrefix(tools) == true)
    }

    @Test("a download whose sha256 is not the expected one is deleted and refused; the original stays")
    func shaMismatchDeletesDownload() async throws {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/Python-3.13.77.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.13.77", configureBody: "exit 1", at: tarball)
        let wrong = String(repeating: "0", count: 64)
        let home = "\(scratch.path)/home"
        let outcome = try await PythonsBinary.run(["install", "3.13t", "--source", "file://\(tarball)", "--sha256", wrong],
                                                  environment: ["PYTHONS_HOME": home])
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("expected \(wrong); it was deleted"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/sources")) ?? []).isEmpty)
        #expect(FileManager.default.fileExists(atPath: tarball))

        // The same check on a local file refuses without deleting the user's file.
        let local = try await PythonsBinary.run(["install", "3.13t", "--source", tarball, "--sha256", wrong], environment: ["PYTHONS_HOME": home])
        #expect(local.termination == .exited(1))
        #expect(firstLine(local.standardError).contains("not the \(wrong) given with --sha256; refusing to build it"))
        #expect(FileManager.default.fileExists(atPath: tarball))
    }

    @Test("a tarball that claims a known release but has another sum is refused")
    func impostorRelease() async throws {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/Python-3.13.5.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.13.5", configureBody: "exit 0", at: tarball)
        let home = "\(scratch.path)/home"
        let outcome = try await PythonsBinary.run(["install", "3.13t", "--source", tarball], environment: ["PYTHONS_HOME": home])
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("says it is CPython 3.13.5, but its sha256"))
        #expect(outcome.standardError.contains("is not that release's \(Self.knownSum)"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/sources")) ?? []).isEmpty)
    }

    @Test("a tarball of another version than asked for is bad input")
    func versionMismatch() async throws {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/Python-3.13.77.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.13.77", configureBody: "exit 1", at: tarball)
        let outcome = try await PythonsBinary.run(["install", "3.14t", "--source", tarball], environment: ["PYTHONS_HOME": "\(scratch.path)/home"])
        #expect(outcome.termination == .exited(2), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("the source tarball is CPython 3.13.77, not the 3.14t asked for"))
    }

    @Test("a failed build exits 1 with the log's path and last lines; nothing is registered and the log stays")
    func failedBuildKeepsLog() async throws {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/Python-3.13.77.tar.xz"
        try await TarballMaker.fakeCPython(
            version: "3.13.77",
            configureBody: "i=1; while [ $i -le 40 ]; do echo \"checking thing $i... no\"; i=$((i+1)); done; echo 'configure: error: no acceptable C compiler found in $PATH' >&2; exit 1",
            at: tarball)
        let home = "\(scratch.path)/home"
        let outcome = try await PythonsBinary.run(["install", "3.13t", "--source", tarball], environment: ["PYTHONS_HOME": home])
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        let lines = outcome.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("warning: Pythons has no sha256 for CPython 3.13.77; building the tarball unverified") })
        let errorLine = try #require(lines.first { $0.hasPrefix("pythons: error:") })
        #expect(errorLine.hasPrefix("pythons: error: configure exited with status 1; log: \(home)/logs/cpython-3.13.77+freethreaded-"))
        let logPath = String(errorLine.split(separator: " ").last!)
        #expect(FileManager.default.fileExists(atPath: logPath))
        #expect(lines.last == "  configure: error: no acceptable C compiler found in $PATH")
        #expect(lines.contains("  checking thing 40... no"))
        #expect(!lines.contains("  checking thing 5... no"), "only the last 30 lines are shown")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/installs")) ?? []).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/staging")) ?? []).isEmpty)
    }

    @Test("Ctrl-C during configure stops it and its children, registers nothing and keeps the log")
    func interruptedConfigure() async throws {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/Python-3.13.77.tar.xz"
        // A configure that starts a small process tree and waits, like make.
        try await TarballMaker.fakeCPython(
            version: "3.13.77", configureBody: "echo configure started; sleep 300 & sh -c 'sleep 300' & wait", at: tarball)
        let home = "\(scratch.path)/home"
        let run = try BackgroundPythons(["install", "3.13t", "--source", tarball], environment: ["PYTHONS_HOME": home], scratch: scratch.path)
        let started = await BackgroundPythons.waitUntil(timeout: .seconds(120)) {
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: "\(home)/logs")) ?? []
            return logs.contains { ((try? String(contentsOfFile: "\(home)/logs/\($0)", encoding: .utf8)) ?? "").contains("configure started") }
        }
        try #require(started, "configure never started: \(run.standardError)")
        #expect(!ProcessScan.processes(mentioning: home).isEmpty, "the configure tree should be running")
        run.process.interrupt()
        let status = await run.wait(timeout: .seconds(30))
        #expect(status == 130, "\(run.standardError)")
        #expect(run.standardError.contains("interrupted during configure: nothing was installed; log: \(home)/logs/cpython-3.13.77+freethreaded-"))
        // Killed processes of a loaded machine may take a moment to go.
        _ = await BackgroundPythons.waitUntil(timeout: .seconds(10)) { ProcessScan.processes(mentioning: home).isEmpty }
        let leftovers = ProcessScan.processes(mentioning: home)
        #expect(leftovers.isEmpty, "still running: \(leftovers)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/installs")) ?? []).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/staging")) ?? []).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/logs")) ?? []).count == 1)
    }
}
