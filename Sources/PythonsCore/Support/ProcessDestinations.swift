import Foundation
import Subprocess
import Synchronization
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Where a child's stdout goes.
public enum OutputDestination: Sendable, Equatable {
    /// Kept in memory, at most `ProcessRequest.outputLimit` bytes: more stops
    /// the child and throws `ProcessError` (`.outputLimit`), never a hang.
    case capture
    /// Appended to a file, created if missing: a build log, which must survive
    /// a failure or Ctrl-C for the user to read.
    case append(to: String)
    /// Written to a file, created or truncated: data to keep (a decompressed
    /// tarball).
    case write(to: String)
    case discard
}

/// Where a child's stderr goes: the places stdout can go, or into stdout's.
public enum ErrorDestination: Sendable, Equatable {
    case capture
    case append(to: String)
    case write(to: String)
    case discard
    /// Into the same pipe or file as stdout, in the order the child wrote them.
    case mergeIntoOutput

    var asOutput: OutputDestination? {
        switch self {
        case .capture: .capture
        case .append(let path): .append(to: path)
        case .write(let path): .write(to: path)
        case .discard: .discard
        case .mergeIntoOutput: nil
        }
    }
}

/// A destination made concrete for one run: files are opened (and closed
/// after it) by this process, so the child writes to them directly.
enum Sink {
    case collect
    case file(FileDescriptor)
    case merge

    static func make(_ destination: OutputDestination, executable: String) throws(ProcessError) -> Sink {
        switch destination {
        case .capture: return .collect
        case .append(let path):
            return .file(try openFile(path, O_WRONLY | O_CREAT | O_APPEND, executable: executable, failure: "cannot open the log \(path)"))
        case .write(let path):
            return .file(try openFile(path, O_WRONLY | O_CREAT | O_TRUNC, executable: executable, failure: "cannot write \(path)"))
        case .discard:
            return .file(try openFile("/dev/null", O_WRONLY, executable: executable, failure: "cannot open /dev/null"))
        }
    }

    static func make(_ destination: ErrorDestination, executable: String) throws(ProcessError) -> Sink {
        guard let destination = destination.asOutput else { return .merge }
        return try make(destination, executable: executable)
    }

    private static func openFile(_ path: String, _ flags: Int32, executable: String, failure: String) throws(ProcessError) -> FileDescriptor {
        let descriptor = open(path, flags | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .launch(executable, "\(failure): \(String(cString: strerror(errno)))") }
        return FileDescriptor(rawValue: descriptor)
    }

    func close() {
        if case .file(let descriptor) = self { try? descriptor.close() }
    }
}

/// A child's captured stdout and stderr as they arrive, kept here rather than
/// in the run's result so that a child stopped by its timeout still shows
/// what it printed.
final class CollectedOutput: Sendable {
    enum Stream: Sendable {
        case output, error
        var name: String { self == .output ? "stdout" : "stderr" }
    }

    struct Overflow: Error {
        var stream: Stream
    }

    let limit: Int
    private let bytes = Mutex<(output: [UInt8], error: [UInt8])>(([], []))
    private let leaderPID = Mutex<pid_t?>(nil)

    init(limit: Int) { self.limit = limit }

    /// The child, once started: it leads its process group.
    var leader: pid_t? {
        get { leaderPID.withLock { $0 } }
        set { leaderPID.withLock { $0 = newValue } }
    }

    /// Reads the captured streams to their ends, side by side.
    func drain(_ streams: [(SubprocessOutputSequence, Stream)]) async throws {
        guard let leader else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (sequence, stream) in streams {
                group.addTask { try await self.drain(sequence, into: stream, leader: leader) }
            }
            try await group.waitForAll()
        }
    }

    /// Reads a stream to its end. Past the limit the child's group is killed
    /// (so the other stream ends too) and `Overflow` thrown.
    private func drain(_ sequence: SubprocessOutputSequence, into stream: Stream, leader: pid_t) async throws {
        do {
            for try await buffer in sequence {
                let overflowed = bytes.withLock { collected in
                    buffer.withUnsafeBytes { chunk in
                        switch stream {
                        case .output: collected.output += chunk
                        case .error: collected.error += chunk
                        }
                    }
                    return (stream == .output ? collected.output.count : collected.error.count) > limit
                }
                if overflowed {
                    ProcessRunner.killGroup(leader)
                    throw Overflow(stream: stream)
                }
            }
        } catch let overflow as Overflow {
            throw overflow
        } catch {
            // Reading stops when the child has exited while a grandchild
            // still holds the pipe, or on cancellation: what arrived is kept.
        }
    }

    func text(_ stream: Stream) -> String {
        bytes.withLock { String(decoding: stream == .output ? $0.output : $0.error, as: UTF8.self) }
    }
}
