import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Identifies the real file behind a path: hard links and symlinks to one
/// executable (python3 → python3.13, python3.6 and python3.6m) share it, and it
/// changes when the file is replaced or rebuilt.
public struct FileIdentity: Sendable, Hashable, Codable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var modified: Int64

    /// Follows symlinks; nil when the path does not exist.
    public static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// The same file, ignoring whether it changed.
    public var fileKey: String { "\(device):\(inode)" }
}

public enum FilePaths {
    /// The path with every symlink resolved, or the path itself when it cannot be.
    public static func resolve(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    /// Expands a leading ~ and makes the path absolute against the current folder.
    /// - Parameter folder: what a relative path is relative to; nil for
    ///   this process's current folder.
    public static func absolute(_ path: String, home: String, from folder: String? = nil) -> String {
        var expanded = path
        if expanded == "~" { expanded = home } else if expanded.hasPrefix("~/") { expanded = home + expanded.dropFirst() }
        if !expanded.hasPrefix("/") { expanded = (folder ?? FileManager.default.currentDirectoryPath) + "/" + expanded }
        return normalized(expanded)
    }

    /// An absolute path with "." and empty components removed and ".." taken
    /// back lexically, as Python's os.path.normpath does. No link is
    /// followed: Foundation's `standardizingPath` resolves a link whose
    /// target is absolute (on Linux), which turned a venv's bin/python (a
    /// link to its base, as pyenv's and uv's venvs make it) into the base
    /// itself, outside the venv.
    public static func normalized(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if let last = components.last, last != ".." { components.removeLast() } else if !isAbsolute { components.append(component) }
            default: components.append(component)
            }
        }
        let joined = components.joined(separator: "/")
        return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
