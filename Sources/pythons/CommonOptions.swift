import ArgumentParser
import PythonsCore

extension OutputFormat: ExpressibleByArgument {}
extension RuntimeSettings.Switch: ExpressibleByArgument {}

/// --format, shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text for people, json for programs (schema in docs/json.md).")
    var format: OutputFormat = .text
}

/// Options that control how interpreters are discovered.
struct DiscoveryOptions: ParsableArguments {
    @Option(name: .customLong("probe-timeout"), help: "Seconds a candidate interpreter may take to answer the probe.")
    var probeTimeout: Double = 5

    @Flag(help: "Probe every interpreter again instead of using the cache.")
    var refresh = false

    func validate() throws {
        guard probeTimeout > 0, probeTimeout <= 600 else {
            throw ValidationError("--probe-timeout must be between 0 and 600 seconds, got \(probeTimeout)")
        }
    }

    func catalogOptions(explicitPaths: [String]) -> InterpreterCatalog.Options {
        InterpreterCatalog.Options(explicitPaths: explicitPaths, refresh: refresh,
                                   probeTimeout: .milliseconds(Int(probeTimeout * 1000)))
    }
}

/// Parses interpreter requests given as arguments or options, so that a
/// malformed one is a usage error (exit 2) before anything runs.
func parseRequests(_ texts: [String]) throws -> [InterpreterRequest] {
    let pieces: [String] = texts.flatMap { text in text.split(separator: ",").map { String($0) } }
    var requests: [InterpreterRequest] = []
    for piece in pieces {
        do {
            requests.append(try InterpreterRequest.parse(piece))
        } catch {
            var usage = PythonsError.usage(error.description)
            usage.listsAvailableInterpreters = true
            throw usage
        }
    }
    return requests
}

/// The paths among requests: they are probed even when no search finds them.
func explicitPaths(in requests: [InterpreterRequest]) -> [String] {
    requests.compactMap { if case .path(let path) = $0 { path } else { nil } }
}
