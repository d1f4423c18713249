#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decides whether output may use colour and live progress, following the
/// conventions users expect: colour only on a terminal, never when NO_COLOR is
/// set to anything non-empty, never for TERM=dumb.
public struct TerminalStyle: Sendable {
    public var usesColor: Bool
    public var isInteractive: Bool

    public init(usesColor: Bool, isInteractive: Bool) {
        self.usesColor = usesColor
        self.isInteractive = isInteractive
    }

    /// The style for a file descriptor (1 for stdout, 2 for stderr).
    public static func detect(fileDescriptor: Int32, environment: [String: String]) -> TerminalStyle {
        let isTerminal = isatty(fileDescriptor) == 1
        let dumb = environment["TERM"] == "dumb"
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        return TerminalStyle(usesColor: isTerminal && !dumb && !noColor, isInteractive: isTerminal && !dumb)
    }

    public static let plain = TerminalStyle(usesColor: false, isInteractive: false)

    public enum Color: String, Sendable {
        case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36", dim = "2", bold = "1"
    }

    public func paint(_ text: String, _ color: Color) -> String {
        usesColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }
}
