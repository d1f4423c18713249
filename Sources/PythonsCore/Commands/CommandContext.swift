import Foundation

/// Everything a command works with, handed to every command: the
/// environment (read once, here, for the whole process), the console its
/// output goes through, the output format, the process runner, the clock, and
/// how interpreters are discovered. The executable makes the live one; tests
/// make their own with a private home and a console that keeps the output.
public struct CommandContext: Sendable {
    public var environment: PythonsEnvironment
    public var console: Console
    public var runner: ProcessRunner
    public var format: OutputFormat = .text
    public var clock: CommandClock = .system
    public var discovery = DiscoverySettings()

    public init(environment: PythonsEnvironment, console: Console, runner: ProcessRunner) {
        self.environment = environment
        self.console = console
        self.runner = runner
    }

    /// This process's: its environment variables, home and current folder,
    /// its stdout and stderr.
    public static func live() -> CommandContext {
        let environment = PythonsEnvironment()
        return CommandContext(environment: environment, console: .live(environment: environment.variables),
                              runner: ProcessRunner())
    }

    /// Runs a command (`ListCommand.run`, ...) as the executable does:
    /// Ctrl-C and SIGTERM cancel it, and it then ends as interrupted (exit
    /// 130) once its partial results are kept (see `Interruption`). Tests
    /// call the command with their context directly.
    public func execute<Outcome: Sendable>(_ command: @escaping @Sendable (CommandContext) async throws -> Outcome) async throws -> Outcome {
        try await Interruption.run { [self] in try await command(self) }
    }

    /// Prints a command's result: its JSON with `--format json`, else its text.
    public func print<Output: CommandOutput>(_ output: Output) throws {
        switch format {
        case .json: console.print(try JSONOutput.string(output))
        case .text: console.write(output.text(textContext))
        }
    }

    /// Prints part of a result as soon as it is known, in text only: the
    /// JSON document printed at the end carries it.
    public func printPart<Output: CommandOutput>(_ part: Output) {
        if format == .text { console.write(part.text(textContext)) }
    }

    /// A message about what the command is doing, on stderr with text
    /// output only (a program reading the JSON has no one to tell).
    public func progressMessage(_ line: String) {
        if format == .text { console.message(line) }
    }

    /// What text renderers may use: the console's styles, widths and glyphs.
    public var textContext: TextContext {
        TextContext(console: console, environment: environment)
    }

    /// Prints the error a command ended with (with the interpreters found,
    /// when it names one that is not) and returns the exit code.
    public func report(_ error: PythonsError) async -> Int32 {
        var error = error
        if error.listsAvailableInterpreters {
            // From the probe cache, so this costs milliseconds.
            let catalog = await InterpreterCatalog.discover(environment: environment, options: .init(), runner: runner)
            error.details += catalog.availableSummary()
        }
        console.error(error)
        return error.exitCode
    }
}

/// The times a command reads: wall-clock dates (a report's "generated")
/// and the monotonic clock behind elapsed times (install's phases).
public struct CommandClock: Sendable {
    public var now: @Sendable () -> Date
    public var instant: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> Date, instant: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
        self.instant = instant
    }

    public static let system = CommandClock(now: { Date() }, instant: { .now })
}

/// How interpreters are discovered: `--refresh` and `--probe-timeout`.
public struct DiscoverySettings: Sendable {
    public var refresh: Bool
    public var probeTimeout: Duration

    public init(refresh: Bool = false, probeTimeout: Duration = InterpreterProber.defaultTimeout) {
        self.refresh = refresh
        self.probeTimeout = probeTimeout
    }
}

extension CommandContext {
    /// Every interpreter on the machine (through the probe cache), the
    /// given paths probed too.
    public func catalog(probing paths: [String] = []) async -> InterpreterCatalog {
        await InterpreterCatalog.discover(
            environment: environment,
            options: InterpreterCatalog.Options(explicitPaths: paths, refresh: discovery.refresh, probeTimeout: discovery.probeTimeout),
            runner: runner)
    }

    /// Every interpreter on the machine, the paths among `requests` probed too.
    public func catalog(for requests: [InterpreterRequest]) async -> InterpreterCatalog {
        await catalog(probing: InterpreterRequest.paths(in: requests))
    }

    /// The interpreters requested, each one found, or with none requested
    /// those `choose` picks; discovered once.
    public func interpreters(_ requests: [InterpreterRequest],
                             default choose: (InterpreterCatalog) throws -> [Interpreter]) async throws -> [Interpreter] {
        let catalog = await catalog(for: requests)
        return requests.isEmpty ? try choose(catalog) : try catalog.select(requests, environment: environment)
    }

    /// The interpreter requested, or without a request the one `choose` picks.
    public func interpreter(_ request: InterpreterRequest?,
                            default choose: (InterpreterCatalog) throws -> Interpreter) async throws -> Interpreter {
        let requests = request.map { [$0] } ?? []
        let catalog = await catalog(for: requests)
        return try request.map { request throws(PythonsError) in try catalog.select(request, environment: environment) }
            ?? choose(catalog)
    }
}
