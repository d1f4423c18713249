import Foundation
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
    /// Largest stdout or stderr kept in memory (`.capture`), in bytes; more is
    /// a failure, not a hang.
    public var outputLimit: Int
    /// Text for the child's stdin, through a pipe whose write end this
    /// process holds open until the child ends: the child reads the text,
    /// and when this process is gone, whatever killed it (SIGKILL included),
    /// the kernel sends the child's process group SIGIO, whose default action
    /// ends it (see `Lifeline`). An empty text ties the child to this process
    /// with nothing to read; only for children that never read stdin, since a
    /// read waits for as long as this process lives. Nil: stdin is /dev/null.
    public var lifelineInput: String?

    public init(executable: String, arguments: [String] = [], environment: [String: String],
                workingDirectory: String? = nil, timeout: Duration? = nil,
                outputLimit: Int = 8 << 20, lifelineInput: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.lifelineInput = lifelineInput
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

/// How a child ended and what it printed into `.capture` destinations (empty
/// for a stream sent elsewhere).
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

/// Why `ProcessRunner` could not run a command to its end: the one error it
/// throws (besides `CancellationError`). A child that ran and failed is not
/// an error but a `ProcessTermination`.
public struct ProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Nothing ran: the program is missing or not executable, or a pipe or
        /// an output file could not be opened.
        case launch(reason: String)
        /// The program ran and printed more than `ProcessRequest.outputLimit`
        /// on one stream ("stdout" or "stderr"); it and its group were stopped.
        case outputLimit(stream: String, limit: Int)
    }

    public var executable: String
    public var kind: Kind

    public init(executable: String, kind: Kind) {
        self.executable = executable
        self.kind = kind
    }

    static func launch(_ executable: String, _ reason: String) -> ProcessError {
        ProcessError(executable: executable, kind: .launch(reason: reason))
    }

    /// The cause without the program: "permission denied (not executable)".
    public var reason: String {
        switch kind {
        case .launch(let reason): reason
        case .outputLimit(let stream, let limit): "printed more than \(Self.size(limit)) on \(stream) and was stopped"
        }
    }

    public var description: String {
        switch kind {
        case .launch(let reason): "cannot run \(executable): \(reason)"
        case .outputLimit: "\(executable) \(reason)"
        }
    }

    /// The error as commands surface it: a failure, in one line.
    public var pythonsError: PythonsError { .failure(description) }

    public static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}
