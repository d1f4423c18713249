/// The one error type commands surface to the user. Its `kind` decides the
/// documented exit code, and its message is a single line that says what went
/// wrong and, where there is one, what to do next.
public struct PythonsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, Equatable {
        /// Something failed while doing what was asked (exit 1).
        case failure
        /// The request itself was wrong: bad option, unknown interpreter (exit 2).
        case usage
        /// `compare` found a regression beyond the thresholds (exit 3).
        case regression
        /// The user pressed Ctrl-C or the process got SIGTERM (exit 130).
        case interrupted
    }

    public var kind: Kind
    public var message: String
    /// Extra lines shown under the message, such as the interpreters that exist
    /// when a request matched none, or the tail of a build log.
    public var details: [String]
    /// Whether the interpreters that exist should be listed under the
    /// message (a malformed interpreter request): the command line layer
    /// adds them, since finding them takes the catalog.
    public var listsAvailableInterpreters = false

    public init(_ kind: Kind, _ message: String, details: [String] = []) {
        self.kind = kind
        self.message = message
        self.details = details
    }

    public static func usage(_ message: String, details: [String] = []) -> PythonsError {
        PythonsError(.usage, message, details: details)
    }

    public static func failure(_ message: String, details: [String] = []) -> PythonsError {
        PythonsError(.failure, message, details: details)
    }

    public var exitCode: Int32 { kind.exitCode }

    public var description: String {
        ([message] + details).joined(separator: "\n")
    }
}

extension PythonsError.Kind {
    /// The exit-code contract, documented in the README.
    public var exitCode: Int32 {
        switch self {
        case .failure: 1
        case .usage: 2
        case .regression: 3
        case .interrupted: 130
        }
    }
}
