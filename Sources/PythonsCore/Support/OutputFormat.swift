import Foundation

/// How a command prints its result on stdout.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    /// Text for people; messages and progress go to stderr.
    case text
    /// One JSON document on stdout with a documented, stable schema; nothing else
    /// is written to stdout.
    case json
}

/// The JSON encoder every `--format json` output uses, so that key order and
/// date format are the same everywhere.
public enum JSONOutput {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public static func string<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
