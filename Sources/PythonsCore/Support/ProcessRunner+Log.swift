import Foundation
import Subprocess
import Synchronization
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

extension ProcessRunner {
    /// Runs a long command (configure, make) with its stdout and stderr
    /// appended to a log file instead of kept in memory: a CPython build prints
    /// megabytes, and the log must survive a failure or Ctrl-C for the user to
    /// read. The child gets its own session like every other child, and when it
    /// ends, times out or the task is cancelled, its whole process group (make
    /// and every compiler it started) is stopped.
    ///
    /// Throws `CancellationError` when the task was cancelled while the command
    /// ran, whatever status the stopped child ended with.
    public func runLogged(_ request: ProcessRequest, appendingTo logPath: String) async throws -> ProcessTermination {
        let descriptor = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ProcessLaunchError(executable: request.executable,
                                     reason: "cannot open the log \(logPath): \(String(cString: strerror(errno)))")
        }
        let log = FileDescriptor(rawValue: descriptor)
        defer { try? log.close() }
        try Task.checkCancellation()

        let configuration = sessionConfiguration(request)
        let groupLeader = Mutex<pid_t?>(nil)
        defer { if let pid = groupLeader.withLock({ $0 }) { ProcessRunner.killGroup(pid) } }

        let run: @Sendable () async throws -> ProcessTermination = {
            do {
                let result = try await Subprocess.run(
                    configuration,
                    input: .none,
                    output: .fileDescriptor(log, closeAfterSpawningProcess: false),
                    error: .combinedWithOutput
                ) { execution in
                    groupLeader.withLock { $0 = execution.processIdentifier.value }
                }
                return switch result.terminationStatus {
                case .exited(let code): .exited(code)
                case .signaled(let signal): .signaled(signal)
                }
            } catch let error as SubprocessError {
                if Task.isCancelled { throw CancellationError() }
                throw ProcessLaunchError(executable: request.executable, reason: Self.describe(error))
            }
        }

        let termination: ProcessTermination
        if let timeout = request.timeout {
            termination = try await withThrowingTaskGroup(of: ProcessTermination?.self) { group in
                group.addTask { try await run() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                if let finished = first { return finished }
                group.cancelAll()
                while let _ = try? await group.next() {}
                return .timedOut(timeout)
            }
        } else {
            termination = try await run()
        }
        try Task.checkCancellation()
        return termination
    }

    /// Runs a command whose stdout is data to keep (a decompressed tarball):
    /// stdout goes to `outputPath` (created or truncated), stderr is kept in
    /// memory for the error message. Same process-group teardown as `run`.
    public func runWritingOutput(_ request: ProcessRequest, to outputPath: String) async throws -> ProcessOutcome {
        let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ProcessLaunchError(executable: request.executable,
                                     reason: "cannot write \(outputPath): \(String(cString: strerror(errno)))")
        }
        let output = FileDescriptor(rawValue: descriptor)
        defer { try? output.close() }
        try Task.checkCancellation()
        let groupLeader = Mutex<pid_t?>(nil)
        defer { if let pid = groupLeader.withLock({ $0 }) { ProcessRunner.killGroup(pid) } }
        do {
            let result = try await Subprocess.run(
                sessionConfiguration(request),
                input: .none,
                output: .fileDescriptor(output, closeAfterSpawningProcess: false),
                error: .string(limit: 1 << 20)
            ) { execution in
                groupLeader.withLock { $0 = execution.processIdentifier.value }
            }
            try Task.checkCancellation()
            let termination: ProcessTermination = switch result.terminationStatus {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signaled(signal)
            }
            return ProcessOutcome(termination: termination, standardOutput: "", standardError: result.standardError)
        } catch let error as SubprocessError {
            if Task.isCancelled { throw CancellationError() }
            throw ProcessLaunchError(executable: request.executable, reason: Self.describe(error))
        }
    }

    /// A configuration whose child leads its own session, torn down as a group.
    func sessionConfiguration(_ request: ProcessRequest) -> Configuration {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: gracePeriod),
        ]
        return Configuration(
            executable: .path(FilePath(request.executable)),
            arguments: Arguments(request.arguments),
            environment: .custom(Dictionary(uniqueKeysWithValues: request.environment.map { (Environment.Key(rawValue: $0.key)!, $0.value) })),
            workingDirectory: request.workingDirectory.map { FilePath($0) },
            platformOptions: options
        )
    }
}
