import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock on a file (flock), held until `release()` or until the
/// process ends: the kernel drops it when a `pythons` process dies, so a
/// crashed install never leaves a stale lock behind.
public final class FileLock: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock, or returns nil at once when another process holds it.
    public static func tryAcquire(_ path: String) throws(PythonsError) -> FileLock? {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        } catch {
            throw .failure("cannot create the folder of the lock file \(path): \(error.localizedDescription)")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .failure("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
            return FileLock(path: path, descriptor: descriptor)
        }
        close(descriptor)
        return nil
    }

    /// Takes the lock, waiting (cancellably) while another process holds it.
    /// `onWait` is called once, when waiting starts.
    public static func acquire(_ path: String, onWait: () -> Void = {}) async throws -> FileLock {
        var told = false
        while true {
            if let lock = try tryAcquire(path) { return lock }
            if !told { onWait(); told = true }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}
