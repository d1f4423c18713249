import Foundation
import PythonsCore

/// Writes to stdout and stderr. Results go to stdout; messages, warnings and
/// progress to stderr, so `--format json` output stays parseable.
enum Console {
    static let environment = ProcessInfo.processInfo.environment
    static let stdoutStyle = TerminalStyle.detect(fileDescriptor: 1, environment: environment)
    static let stderrStyle = TerminalStyle.detect(fileDescriptor: 2, environment: environment)

    static func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func print(lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func message(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func warning(_ line: String) {
        message(stderrStyle.paint("warning:", .yellow) + " " + line)
    }

    static func error(_ error: PythonsError) {
        let label = error.kind == .interrupted ? "" : stderrStyle.paint("error:", .red) + " "
        message("pythons: " + label + error.message)
        for detail in error.details { message(detail) }
    }

    static func json<Value: Encodable>(_ value: Value) throws {
        print(try JSONOutput.string(value))
    }
}
