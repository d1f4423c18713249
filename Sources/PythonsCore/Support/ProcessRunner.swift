import Foundation
import Subprocess
import Synchronization
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// One external command, as a value: what to run, with which environment, and
/// how long it may take. Commands build these and hand them to `ProcessRunner`,
/// so their argument lists can be tested without running anything.
public struct ProcessRequest: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    /// The complete environment of the child. Nothing is inherited implicitly:
    /// benchmark settings such as PYTHON_GIL must never leak in by accident.
    public var environment: [String: String]
    public var workingDirectory: String?
    /// After this long the child's whole process group is stopped.
    public var timeout: Duration?
    /// Largest stdout or stderr kept, in bytes; more is a failure, not a hang.
    public var outputLimit: Int

    public init(executable: String, arguments: [String] = [], environment: [String: String],
                workingDirectory: String? = nil, timeout: Duration? = nil,
                outputLimit: Int = 8 << 20) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.outputLimit = outputLimit
    }
}

/// How a child process ended.
public enum ProcessTermination: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    case timedOut(Duration)

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
        case .timedOut(let limit): "did not finish within \(limit.formattedSeconds) and was stopped"
        }
    }

    static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGBUS: "SIGBUS"
        case SIGILL: "SIGILL"
        case SIGFPE: "SIGFPE"
        default: nil
        }
    }
}

public struct ProcessOutcome: Sendable, Equatable {
    public var termination: ProcessTermination
    public var standardOutput: String
    public var standardError: String

    public init(termination: ProcessTermination, standardOutput: String, standardError: String) {
        self.termination = termination
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public var succeeded: Bool { termination == .exited(0) }

    /// The last non-empty line of stderr: for Python, the exception line of a
    /// traceback, which is what a user needs to see first.
    public var lastErrorLine: String? {
        standardError.split(whereSeparator: \.isNewline).last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { String($0).trimmingCharacters(in: .whitespaces) }
    }
}

/// Why a process could not even be started.
public struct ProcessLaunchError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var reason: String
    public var description: String { "cannot run \(executable): \(reason)" }
}

/// Runs external commands. Every child gets its own session (and so its own
/// process group), and when it ends, times out or is cancelled, the whole group
/// is stopped: a benchmark worker or a `make` can never leave orphans behind.
public struct ProcessRunner: Sendable {
    /// Time between SIGTERM to the group and SIGKILL.
    public var gracePeriod: Duration

    public init(gracePeriod: Duration = .milliseconds(500)) {
        self.gracePeriod = gracePeriod
    }

    public func run(_ request: ProcessRequest) async throws -> ProcessOutcome {
        guard let timeout = request.timeout else {
            return try await runToEnd(request)
        }
        return try await withThrowingTaskGroup(of: ProcessOutcome?.self) { group in
            group.addTask { try await runToEnd(request) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            if let outcome = first { return outcome }
            // The sleeper won: cancelling the run tears the child's group down.
            group.cancelAll()
            while let _ = try? await group.next() {}
            return ProcessOutcome(termination: .timedOut(timeout), standardOutput: "", standardError: "")
        }
    }

    private func runToEnd(_ request: ProcessRequest) async throws -> ProcessOutcome {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: gracePeriod),
        ]
        let configuration = Configuration(
            executable: .path(FilePath(request.executable)),
            arguments: Arguments(request.arguments),
            environment: .custom(Dictionary(uniqueKeysWithValues: request.environment.map { (Environment.Key(rawValue: $0.key)!, $0.value) })),
            workingDirectory: request.workingDirectory.map { FilePath($0) },
            platformOptions: options
        )
        let groupLeader = Mutex<pid_t?>(nil)
        // Whatever happens (normal exit, error, cancellation), members of the
        // child's group that outlived it are killed.
        defer { if let pid = groupLeader.withLock({ $0 }) { ProcessRunner.killGroup(pid) } }
        do {
            let result = try await Subprocess.run(
                configuration,
                input: .none,
                output: .string(limit: request.outputLimit),
                error: .string(limit: request.outputLimit)
            ) { execution in
                groupLeader.withLock { $0 = execution.processIdentifier.value }
            }
            let termination: ProcessTermination = switch result.terminationStatus {
            case .exited(let code): .exited(code)
            case .signaled(let signal): .signaled(signal)
            }
            return ProcessOutcome(termination: termination,
                                  standardOutput: result.standardOutput,
                                  standardError: result.standardError)
        } catch let error as SubprocessError {
            if Task.isCancelled { throw CancellationError() }
            // Subprocess reports a file it may not execute as not found.
            if error.code == .executableNotFound, FileManager.default.fileExists(atPath: request.executable),
               !FilePaths.isExecutable(request.executable) {
                throw ProcessLaunchError(executable: request.executable, reason: "permission denied (not executable)")
            }
            throw ProcessLaunchError(executable: request.executable, reason: Self.describe(error))
        }
    }

    static func killGroup(_ leader: pid_t) {
        _ = kill(-leader, SIGKILL)
    }

    static func describe(_ error: SubprocessError) -> String {
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

    /// "1.5 s", "250 ms": for messages, not for measurements.
    public var formattedSeconds: String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        let rounded = (seconds * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
    }
}
