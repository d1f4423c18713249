import Foundation

/// Where a command's text goes. Results go to stdout; messages, warnings and
/// progress to stderr, so `--format json` output stays parseable. Everything
/// goes through one handler: the live console writes it to the process's
/// stdout and stderr, a test's console keeps it.
public struct Console: Sendable {
    public enum Stream: Sendable, Equatable {
        case standardOutput, standardError
    }

    /// Receives text exactly as it is to be written, newlines included.
    public typealias Handler = @Sendable (Stream, String) -> Void

    /// Whether each stream may be painted and redrawn (a terminal, no NO_COLOR).
    public var stdoutStyle: TerminalStyle
    public var stderrStyle: TerminalStyle
    /// Unicode blocks for charts unless the locale cannot show them.
    public var glyphs: ChartGlyphs
    private let columns: @Sendable (Stream) -> Int
    private let handler: Handler

    /// - Parameter columns: how wide each stream is, asked whenever a chart or
    ///   the progress line is drawn (a terminal can be resized meanwhile).
    public init(stdoutStyle: TerminalStyle, stderrStyle: TerminalStyle, glyphs: ChartGlyphs,
                columns: @escaping @Sendable (Stream) -> Int, handler: @escaping Handler) {
        self.stdoutStyle = stdoutStyle
        self.stderrStyle = stderrStyle
        self.glyphs = glyphs
        self.columns = columns
        self.handler = handler
    }

    /// The process's own stdout and stderr, styled as `environment` and the
    /// terminal say.
    public static func live(environment: [String: String]) -> Console {
        Console(stdoutStyle: TerminalStyle.detect(fileDescriptor: 1, environment: environment),
                stderrStyle: TerminalStyle.detect(fileDescriptor: 2, environment: environment),
                glyphs: ChartGlyphs.forEnvironment(environment),
                columns: { TerminalWidth.columns(fileDescriptor: $0 == .standardOutput ? 1 : 2, environment: environment) },
                handler: { stream, text in
                    (stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
                })
    }

    /// The width charts (stdout) or the progress line (stderr) may use.
    public func columns(of stream: Stream) -> Int { columns(stream) }

    /// Text for stderr as it is, such as a compiler's own output.
    public func write(_ text: String, to stream: Stream) { handler(stream, text) }

    /// One line of results on stdout.
    public func print(_ line: String) { handler(.standardOutput, line + "\n") }

    /// Lines of results on stdout, in one write; none writes nothing.
    public func print(lines: [String]) {
        guard !lines.isEmpty else { return }
        handler(.standardOutput, lines.joined(separator: "\n") + "\n")
    }

    /// A line for the person watching, on stderr.
    public func message(_ line: String) { handler(.standardError, line + "\n") }

    public func warning(_ line: String) {
        message(stderrStyle.paint("warning:", .yellow) + " " + line)
    }

    /// `pythons: error: MESSAGE` and its details, as the command ends.
    public func error(_ error: PythonsError) {
        let label = error.kind == .interrupted ? "" : stderrStyle.paint("error:", .red) + " "
        message("pythons: " + label + Self.oneLine(error.message))
        for detail in error.details { message(detail) }
    }

    /// What stderr's live line writes through (`LiveLine.Writer`).
    public var standardErrorWriter: LiveLine.Writer {
        let handler = handler
        return { handler(.standardError, $0) }
    }

    /// A message stays one line, and the user's own text in it (a path with
    /// a newline, an escape sequence) cannot break it or paint the terminal:
    /// control characters are shown as escapes.
    public static func oneLine(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
