import ArgumentParser
import PythonsCore

extension OutputFormat: ExpressibleByArgument {}
extension RuntimeSettings.Switch: ExpressibleByArgument {}


/// A subcommand whose logic is a `PythonsCommand` in the core, run against
/// the one context `main` makes for the process.
protocol ContextCommand: AsyncParsableCommand {
    func run(_ context: CommandContext) async throws
}

extension ContextCommand {
    func run() async throws { try await run(.live()) }
}

/// --format, shared by every command.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text for people, json for programs (schema in docs/json.md).")
    var format: OutputFormat = .text
}

/// Options that control how interpreters are discovered.
struct DiscoveryOptions: ParsableArguments {
    @Option(name: .customLong("probe-timeout"), help: "Seconds a candidate interpreter may take to answer the probe.")
    var probeTimeout: Double = Double(InterpreterProber.defaultTimeout.components.seconds)

    @Flag(help: "Probe every interpreter again instead of using the cache.")
    var refresh = false

    func validate() throws {
        try usage { () throws(PythonsError) in try OptionRange.seconds(probeTimeout, atMost: 600, option: "--probe-timeout") }
    }

    var settings: DiscoverySettings {
        DiscoverySettings(refresh: refresh, probeTimeout: .milliseconds(Int(probeTimeout * 1000)))
    }
}

/// The options `ext check` and `ext audit` share: the free-threaded
/// interpreter and how long an import may take.
struct ImportOptions: ParsableArguments {
    @Option(help: "The free-threaded interpreter (3.13t, a path, a venv's python, ...).")
    var python: String?

    @Option(help: "Seconds one import may take before it is stopped and called hung.")
    var timeout: Double = 60

    @OptionGroup var discovery: DiscoveryOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0 and 3600 seconds, got \(timeout)")
        }
    }

    var timeoutDuration: Duration { .milliseconds(Int(timeout * 1000)) }

    func context(_ context: CommandContext) -> CommandContext { context.with(format: output, discovery: discovery) }
}

extension CommandContext {
    /// This context with the command's --format and discovery options.
    func with(format output: OutputOptions? = nil, discovery: DiscoveryOptions? = nil) -> CommandContext {
        var context = self
        if let output { context.format = output.format }
        if let discovery { context.discovery = discovery.settings }
        return context
    }
}

/// A check of the core's, as argument-parser's validation error: its line
/// then ends with the `--help` hint, as every parsing error's does.
func usage(_ check: () throws(PythonsError) -> Void) throws {
    do { try check() } catch { throw ValidationError(error.message) }
}
