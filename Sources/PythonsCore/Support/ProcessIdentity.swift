import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process told apart from a later one that got the same pid: on Linux its
/// boot and its start time (field 22 of /proc/PID/stat, in clock ticks since
/// boot). Stored with a running run, so that the next Pythons can tell whether
/// the process measuring it is still there.
public enum ProcessIdentity {
    /// This process's start stamp ("BOOT-ID/TICKS"), nil where /proc is missing.
    public static var currentStart: String? { start(of: getpid()) }

    public static func start(of pid: Int32) -> String? {
        guard let fields = statFields(pid), fields.count > 19 else { return nil }
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        return "\(boot)/\(fields[19])"
    }

    /// Whether the process that had this pid and start stamp still runs (a
    /// zombie does not). Without a stamp, whether any process has the pid.
    public static func isAlive(pid: Int32, start: String?) -> Bool {
        guard pid > 0 else { return false }
        if let start, let fields = statFields(pid) {
            return fields.first != "Z" && self.start(of: pid) == start
        }
        if start != nil, FileManager.default.fileExists(atPath: "/proc/self/stat") { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// /proc/PID/stat from field 3 (the state) on: the command name before
    /// it may hold spaces and parentheses, so it is cut at the last ')'.
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
