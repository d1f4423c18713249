/// A command's result: one value that is JSON with `--format json` (its
/// documented schema, docs/json.md) and renders itself as text otherwise.
/// `CommandContext.print` chooses; no command looks at the format itself.
public protocol CommandOutput: Encodable, Sendable {
    /// The text form, for people: result lines for stdout, and any lines
    /// that belong on stderr beside them, in order.
    func text(_ context: TextContext) -> CommandText
}

/// What text rendering may depend on: the console's styles, stdout's width
/// and the glyphs charts draw with, and the environment (for ~/
/// abbreviations and paths relative to the current folder). A command's
/// context makes it (`CommandContext.textContext`).
public struct TextContext: Sendable {
    public var console: Console
    public var environment: PythonsEnvironment

    /// stdout's style (colour, terminal).
    public var style: TerminalStyle { console.stdoutStyle }
    /// stderr's, for the lines that go there.
    public var messageStyle: TerminalStyle { console.stderrStyle }
    /// stdout's width, for charts.
    public var width: Int { console.columns(of: .standardOutput) }
    public var glyphs: ChartGlyphs { console.glyphs }
}

/// A rendered result: lines for stdout, with lines for stderr among them
/// where a result has some (a compiler's output, a note).
public struct CommandText: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        /// A line of results, on stdout.
        case line(String)
        /// A line for the person, on stderr.
        case message(String)
        /// Text for stderr exactly as another program printed it.
        case verbatim(String)
    }

    public var pieces: [Piece]

    public init(_ pieces: [Piece] = []) { self.pieces = pieces }

    /// Result lines only.
    public init(lines: [String]) { pieces = lines.map(Piece.line) }

    /// The stdout lines.
    public var lines: [String] {
        pieces.compactMap { if case .line(let line) = $0 { line } else { nil } }
    }
}

extension Console {
    /// Writes rendered text; consecutive result lines in one write.
    public func write(_ text: CommandText) {
        var lines: [String] = []
        for piece in text.pieces {
            if case .line(let line) = piece {
                lines.append(line)
                continue
            }
            self.print(lines: lines)
            lines = []
            switch piece {
            case .message(let line): message(line)
            case .verbatim(let output): write(output, to: .standardError)
            case .line: break
            }
        }
        self.print(lines: lines)
    }
}

/// A result with two text forms, one a command's flag picks (`show
/// --markdown`, `uops --verbose`).
public protocol TextWithOption: Codable, Sendable, Equatable {
    func text(_ context: TextContext, option: Bool) -> CommandText
}

/// A result and the flag that picks its text form; its JSON is the result's own.
public struct OptionedOutput<Value: TextWithOption>: CommandOutput, Codable, Equatable {
    public var value: Value
    public var option: Bool

    public init(_ value: Value, option: Bool) {
        self.value = value
        self.option = option
    }

    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }

    public init(from decoder: any Decoder) throws { self.init(try Value(from: decoder), option: false) }

    public func text(_ context: TextContext) -> CommandText { value.text(context, option: option) }
}
