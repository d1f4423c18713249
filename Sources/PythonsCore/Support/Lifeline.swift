import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// The pipe behind `ProcessRequest.lifelineInput`, tying a child's process
/// group to this process without a watcher in the child: once the child has
/// started, the pipe's read side is set to signal (O_ASYNC, F_SETOWN) the
/// child's group, and Linux sends that owner SIGIO when the last writer of a
/// pipe goes away while readers remain (fs/pipe.c, pipe_release). This process
/// holds the only write end, so its death, even by SIGKILL, is that moment;
/// the child holds the read end as its stdin (worker.py keeps a copy of it).
/// SIGIO's default action ends a process, and nothing in the group needs the
/// GIL or a thread for it. This process keeps its copy of the read end (the
/// child's stdin is the same open pipe), so a child that exits first does not
/// release it, and the signal is disarmed before the pipe is closed after the
/// child ends: a pid reused by then cannot be hit. Both ends are
/// close-on-exec, so no other child inherits the write end (which would keep
/// the pipe open after this process died).
struct Lifeline {
    let readEnd: FileDescriptor
    private let writeEnd: FileDescriptor

    init(_ text: String, executable: String) throws(ProcessError) {
        var ends: [Int32] = [-1, -1]
        // pipe2(O_CLOEXEC) is not in Swift's Glibc. A child spawned by another
        // thread between these calls could inherit an end, were it not that
        // Subprocess closes every other descriptor in its children
        // (close_range, or posix_spawn's closefrom).
        guard pipe(&ends) == 0 else {
            throw .launch(executable, "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        readEnd = FileDescriptor(rawValue: ends[0])
        writeEnd = FileDescriptor(rawValue: ends[1])
        // A few bytes into an empty pipe: written at once, never blocks, and
        // before O_ASYNC, so signalling nobody.
        let bytes = Array(text.utf8)
        let written = bytes.isEmpty ? 0 : bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            try? FileDescriptor(rawValue: ends[0]).close()
            try? FileDescriptor(rawValue: ends[1]).close()
            throw .launch(executable, "cannot write to its stdin pipe")
        }
    }

    /// Makes the child's group (it leads its own session) the owner of the
    /// read side's signals.
    func arm(_ child: pid_t) {
        _ = fcntl(readEnd.rawValue, F_SETOWN, -child)
        _ = fcntl(readEnd.rawValue, F_SETFL, fcntl(readEnd.rawValue, F_GETFL) | O_ASYNC)
    }

    func close() {
        _ = fcntl(readEnd.rawValue, F_SETOWN, 0)
        _ = fcntl(readEnd.rawValue, F_SETFL, fcntl(readEnd.rawValue, F_GETFL) & ~O_ASYNC)
        try? writeEnd.close()
        try? readEnd.close()
    }
}
