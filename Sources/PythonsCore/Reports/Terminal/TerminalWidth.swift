#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many columns the terminal charts and the progress line may use.
public enum TerminalWidth {
    /// The terminal's width if the descriptor is a terminal, else COLUMNS,
    /// else `fallback`; never below 40, so a chart always has room for a bar.
    public static func columns(fileDescriptor: Int32, environment: [String: String], fallback: Int = 100) -> Int {
        var size = winsize()
        if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return max(Int(size.ws_col), 40)
        }
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return max(columns, 40)
        }
        return fallback
    }
}
