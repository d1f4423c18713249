import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns Ctrl-C (SIGINT) and SIGTERM into task cancellation, so that running
/// children are torn down through `ProcessRunner` and partial results are kept,
/// instead of the process dying with its children orphaned in their own sessions.
public enum Interruption {
    /// Runs `operation`; on SIGINT or SIGTERM it is cancelled, and if it then
    /// ends by throwing, the error becomes `PythonsError(.interrupted)` (exit 130).
    /// A `ProcessError` that reaches here (a helper that could not be started)
    /// becomes the failure it describes, in one line.
    /// An operation that handles cancellation itself and returns normally (for
    /// example a benchmark that saved its partial samples) may instead throw its
    /// own interrupted error after saving.
    public static func run<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let task = Task { try await operation() }
        let received = Atomic<Int32>(0)
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                received.store(signalNumber, ordering: .relaxed)
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        do {
            return try await task.value
        } catch let error as PythonsError {
            throw error
        } catch {
            let signalNumber = received.load(ordering: .relaxed)
            if signalNumber != 0 {
                throw PythonsError(.interrupted, signalNumber == SIGINT ? "interrupted (Ctrl-C)" : "stopped by SIGTERM")
            }
            if let error = error as? ProcessError { throw error.pythonsError }
            throw error
        }
    }

    /// True when the current task was cancelled, which in Pythons means the
    /// user interrupted the command.
    public static var isRequested: Bool { Task.isCancelled }
}
