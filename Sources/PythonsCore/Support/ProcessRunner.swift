import Foundation
import Subprocess
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Runs external commands, all through one `run`. Every child gets its own
/// session (and so its own process group), and when it ends, times out or is
/// cancelled, the whole group is stopped: a benchmark worker or a `make` can
/// never leave orphans behind.
public struct ProcessRunner: Sendable {
    /// Time between SIGTERM to the group and SIGKILL.
    public var gracePeriod: Duration

    public init(gracePeriod: Duration = .milliseconds(500)) {
        self.gracePeriod = gracePeriod
    }

    /// Runs `request` to its end, its timeout, or the task's cancellation,
    /// with stdout and stderr sent where the destinations say.
    ///
    /// - Returns: how the child ended, and what it printed into `.capture`
    ///   destinations; a child stopped by its timeout ends `.timedOut` and
    ///   still shows what it printed.
    /// - Throws: `ProcessError` when the command could not be started or
    ///   printed more than its output limit; `CancellationError` when the task
    ///   was cancelled while it ran, whatever status the stopped child ended
    ///   with.
    public func run(_ request: ProcessRequest, stdout: OutputDestination = .capture,
                    stderr: ErrorDestination = .capture) async throws -> ProcessOutcome {
        let output = try Sink.make(stdout, executable: request.executable)
        defer { output.close() }
        let error = try Sink.make(stderr, executable: request.executable)
        defer { error.close() }
        try Task.checkCancellation()
        let collected = CollectedOutput(limit: request.outputLimit)
        let termination = try await Self.withTimeout(request.timeout, timedOut: ProcessTermination.timedOut) {
            try await runToEnd(request, output: output, error: error, collecting: collected)
        }
        try Task.checkCancellation()
        return ProcessOutcome(termination: termination, standardOutput: collected.text(.output),
                              standardError: collected.text(.error))
    }

    /// Runs `work`; after `limit`, cancels it (which tears its child's group
    /// down), waits for it to end and returns `timedOut(limit)` instead.
    static func withTimeout<Value: Sendable>(_ limit: Duration?, timedOut: (Duration) -> Value,
                                             _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        guard let limit else { return try await work() }
        let finished = try await withThrowingTaskGroup(of: Value?.self, returning: Value?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            if let value = first { return value }
            group.cancelAll()
            while let _ = try? await group.next() {}
            return nil
        }
        return finished ?? timedOut(limit)
    }

    private func runToEnd(_ request: ProcessRequest, output: Sink, error: Sink,
                          collecting collected: CollectedOutput) async throws -> ProcessTermination {
        let configuration = sessionConfiguration(request)
        // Whatever happens (normal exit, error, cancellation), members of the
        // child's group that outlived it are killed.
        defer { if let pid = collected.leader { Self.killGroup(pid) } }
        do {
            let status: TerminationStatus
            if let text = request.lifelineInput {
                let lifeline = try Lifeline(text, executable: request.executable)
                // Disarmed and closed only after the child is reaped: while it
                // runs, its stdin has a writer, this process.
                defer { lifeline.close() }
                status = try await Self.spawn(configuration, input: .fileDescriptor(lifeline.readEnd, closeAfterSpawningProcess: false),
                                              output: output, error: error, collecting: collected, started: lifeline.arm)
            } else {
                status = try await Self.spawn(configuration, input: .none, output: output, error: error, collecting: collected)
            }
            return switch status {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signaled(signal)
            }
        } catch let error as SubprocessError {
            if Task.isCancelled { throw CancellationError() }
            throw ProcessError.launch(request.executable, Self.launchFailure(error, executable: request.executable))
        } catch let overflow as CollectedOutput.Overflow {
            throw ProcessError(executable: request.executable,
                               kind: .outputLimit(stream: overflow.stream.name, limit: request.outputLimit))
        }
    }

    /// Starts the child with each stream where its sink says, notes it as its
    /// group's leader, and reads what is captured until the child is done.
    /// One case per pair of sinks: Subprocess gives the streams to read only
    /// for its `.sequence` output type.
    private static func spawn(_ configuration: Configuration, input: some InputProtocol, output: Sink, error: Sink,
                              collecting collected: CollectedOutput,
                              started: (pid_t) -> Void = { _ in }) async throws -> TerminationStatus {
        func begin(_ identifier: ProcessIdentifier) {
            collected.leader = identifier.value
            started(identifier.value)
        }
        switch (output, error) {
        case (.collect, .collect):
            return try await Subprocess.run(configuration, input: input, output: .sequence, error: .sequence) {
                begin($0.processIdentifier)
                try await collected.drain([($0.standardOutput, .output), ($0.standardError, .error)])
            }.terminationStatus
        case (.collect, .file(let file)):
            return try await Subprocess.run(configuration, input: input, output: .sequence,
                                            error: .fileDescriptor(file, closeAfterSpawningProcess: false)) {
                begin($0.processIdentifier)
                try await collected.drain([($0.standardOutput, .output)])
            }.terminationStatus
        case (.collect, .merge):
            return try await Subprocess.run(configuration, input: input, output: .sequence, error: .combinedWithOutput) {
                begin($0.processIdentifier)
                try await collected.drain([($0.standardOutput, .output)])
            }.terminationStatus
        case (.file(let file), .collect):
            return try await Subprocess.run(configuration, input: input, output: .fileDescriptor(file, closeAfterSpawningProcess: false),
                                            error: .sequence) {
                begin($0.processIdentifier)
                try await collected.drain([($0.standardError, .error)])
            }.terminationStatus
        case (.file(let file), .file(let errorFile)):
            return try await Subprocess.run(configuration, input: input, output: .fileDescriptor(file, closeAfterSpawningProcess: false),
                                            error: .fileDescriptor(errorFile, closeAfterSpawningProcess: false)) {
                begin($0.processIdentifier)
            }.terminationStatus
        case (.file(let file), .merge):
            return try await Subprocess.run(configuration, input: input, output: .fileDescriptor(file, closeAfterSpawningProcess: false),
                                            error: .combinedWithOutput) {
                begin($0.processIdentifier)
            }.terminationStatus
        case (.merge, _):
            // Not reached: an `OutputDestination` has no merge.
            throw ProcessError.launch(configuration.executable.description, "stdout cannot be merged into itself")
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

    static func killGroup(_ leader: pid_t) {
        _ = kill(-leader, SIGKILL)
    }

    /// Why a child could not be started, in words. Subprocess reports a file
    /// it may not execute as not found; the file system says which it is.
    static func launchFailure(_ error: SubprocessError, executable: String) -> String {
        if error.code == .executableNotFound, FileManager.default.fileExists(atPath: executable),
           !FilePaths.isExecutable(executable) {
            return "permission denied (not executable)"
        }
        if error.code == .outputLimitExceeded { return "printed more output than expected" }
        if let underlying = error.underlyingError {
            let code = underlying.rawValue
            if code == EACCES { return "permission denied (not executable)" }
            if code == ENOENT { return "no such file" }
            if code == ENOEXEC { return "not a program this system can run (exec format error)" }
            if code != 0 { return String(cString: strerror(code)) }
        }
        return "\(error)"
    }
}

extension Duration {
    /// Seconds as a Double, for reports and process costs.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// A duration from a number of seconds that cannot trap: Duration's own
    /// initializers do for values past Int64 nanoseconds' range (1e20 s) and
    /// for NaN. Options are range-checked before this; it is the last guard.
    public static func clampedSeconds(_ seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        // About 285 years; also where inf lands.
        guard seconds < 9e9 else { return .seconds(9_000_000_000) }
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// "1.5 s", "250 ms": for messages, not for measurements.
    public var formattedSeconds: String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        let rounded = (seconds * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
    }

    /// "2 min 14 s", "35 s": for build times.
    public var formattedMinutes: String {
        let total = Int(components.seconds)
        return total < 60 ? formattedSeconds : "\(total / 60) min \(total % 60) s"
    }
}
