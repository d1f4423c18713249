import Foundation
import Testing
@testable import PythonsCore

/// The one `ProcessRunner.run` with its destinations: what was
/// `runLogged` (append to a log, stderr merged) and `runWritingOutput` (stdout
/// to a file) before, with the same teardown and error for each.
@Suite("Running external commands: where the output goes")
struct ProcessDestinationTests {
    static let shell = "/bin/sh"
    static let path = ["PATH": "/usr/bin:/bin"]

    @Test("append: runs add to the same file, stderr merged in the order written; nothing is kept in memory")
    func appendMerged() async throws {
        let folder = TemporaryFolder()
        let log = "\(folder.path)/build.log"
        for step in ["one", "two"] {
            let outcome = try await ProcessRunner().run(ProcessRequest(
                executable: Self.shell, arguments: ["-c", "echo \(step); echo \(step)-err >&2; echo \(step)-end"], environment: [:]),
                stdout: .append(to: log), stderr: .mergeIntoOutput)
            #expect(outcome.succeeded && outcome.standardOutput.isEmpty && outcome.standardError.isEmpty)
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "one\none-err\none-end\ntwo\ntwo-err\ntwo-end\n")
    }

    @Test("write: stdout replaces the file's contents, stderr is still captured for the message")
    func writeToFile() async throws {
        let folder = TemporaryFolder()
        let target = try folder.write("out.txt", "old contents that are longer\n")
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: Self.shell, arguments: ["-c", "echo new; echo why >&2; exit 2"], environment: [:]), stdout: .write(to: target))
        #expect(outcome.termination == .exited(2) && outcome.lastErrorLine == "why" && outcome.standardOutput.isEmpty)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    @Test("discard: the stream is dropped, the other one still captured")
    func discard() async throws {
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: Self.shell, arguments: ["-c", "echo out; echo err >&2"], environment: [:]), stdout: .discard)
        #expect(outcome.standardOutput.isEmpty && outcome.standardError == "err\n")
        let merged = try await ProcessRunner().run(ProcessRequest(
            executable: Self.shell, arguments: ["-c", "echo out; echo err >&2"], environment: [:]), stderr: .mergeIntoOutput)
        #expect(merged.standardOutput == "out\nerr\n" && merged.standardError.isEmpty)
    }

    @Test("a timeout stops a logged child and its group; what it wrote stays in the log")
    func loggedTimeout() async throws {
        let folder = TemporaryFolder()
        let log = "\(folder.path)/build.log"
        let marker = ProcessRunnerTests.uniqueSleep()
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: Self.shell, arguments: ["-c", "echo started; /bin/sleep \(marker) & /bin/sleep \(marker)"], environment: [:],
            timeout: .seconds(3)), stdout: .append(to: log), stderr: .mergeIntoOutput)
        #expect(outcome.termination == .timedOut(.seconds(3)))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "started\n")
        #expect(try await ProcessRunnerTests.survivorsAfterGrace("sleep \(marker)") == 0)
    }

    @Test("a cancelled run throws CancellationError whatever the destinations, and its group is gone", arguments: [false, true])
    func cancellation(logged: Bool) async throws {
        let folder = TemporaryFolder()
        let marker = ProcessRunnerTests.uniqueSleep()
        let request = ProcessRequest(executable: Self.shell, arguments: ["-c", "/bin/sleep \(marker) & /bin/sleep \(marker)"], environment: [:])
        let task = Task {
            logged ? try await ProcessRunner().run(request, stdout: .append(to: "\(folder.path)/log"), stderr: .mergeIntoOutput)
                : try await ProcessRunner().run(request)
        }
        var attempts = 0
        while try await ProcessRunnerTests.survivors("sleep \(marker)") < 3, attempts < 100 {
            try await Task.sleep(for: .milliseconds(50))
            attempts += 1
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        var remaining = try await ProcessRunnerTests.survivors("sleep \(marker)")
        for _ in 0..<40 where remaining > 0 {
            try await Task.sleep(for: .milliseconds(50))
            remaining = try await ProcessRunnerTests.survivors("sleep \(marker)")
        }
        #expect(remaining == 0)
    }

    @Test("every destination gets the same launch diagnosis, and an output file that cannot be opened is a launch error",
          arguments: [OutputDestination.capture, .discard, .append(to: "LOG"), .write(to: "LOG")])
    func launchErrors(stdout: OutputDestination) async throws {
        let folder = TemporaryFolder()
        let plain = try folder.write("plain", "#!/bin/sh\n")
        let destination: OutputDestination = switch stdout {
        case .append: .append(to: "\(folder.path)/log")
        case .write: .write(to: "\(folder.path)/out")
        default: stdout
        }
        let error = await #expect(throws: ProcessError.self) {
            _ = try await ProcessRunner().run(ProcessRequest(executable: plain, environment: [:]), stdout: destination)
        }
        #expect(error?.kind == .launch(reason: "permission denied (not executable)"), "\(String(describing: error))")
        #expect(error?.description == "cannot run \(plain): permission denied (not executable)")

        let unwritable = await #expect(throws: ProcessError.self) {
            _ = try await ProcessRunner().run(ProcessRequest(executable: Self.shell, arguments: ["-c", "true"], environment: [:]),
                                              stdout: .append(to: "\(folder.path)/missing/build.log"))
        }
        #expect(unwritable?.description == "cannot run /bin/sh: cannot open the log \(folder.path)/missing/build.log: No such file or directory")
    }

    @Test("a lifeline with no text: the child's stdin stays open, with nothing to read, while this process lives")
    func emptyLifeline() async throws {
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: Self.shell, arguments: ["-c", "cat; echo eof"], environment: Self.path,
            timeout: .seconds(1), lifelineInput: ""))
        #expect(outcome.termination == .timedOut(.seconds(1)) && outcome.standardOutput.isEmpty)
    }

    @Test("a process error reaching a command's boundary is one failure line, not argument-parser's printout")
    func mappedIntoPythonsError() async throws {
        let error = ProcessError(executable: "/x/python", kind: .launch(reason: "no such file"))
        #expect(error.pythonsError == .failure("cannot run /x/python: no such file"))
        let limit = ProcessError(executable: "/x/python", kind: .outputLimit(stream: "stderr", limit: 1 << 20))
        #expect(limit.pythonsError == .failure("/x/python printed more than 1 MiB on stderr and was stopped"))
        await #expect(throws: PythonsError.failure("cannot run /x/python: no such file")) {
            _ = try await Interruption.run { () async throws -> Int in throw error }
        }
    }
}
