/// `pythons list`: every interpreter on the machine and what it supports.
public enum ListCommand {
    /// - Parameter paths: interpreter paths probed besides those found (`--python`).
    public static func run(_ context: CommandContext, paths: [String] = []) async throws {
        let catalog = await context.catalog(probing: paths)
        try context.print(ListReport(catalog: catalog))
        // A path asked for that cannot run is an error, as in every command
        // that takes --python: exit 2 after the listing, which still shows the rest.
        for path in paths { _ = try catalog.select(.path(path), environment: context.environment) }
    }
}

/// `pythons info`: the seed's banner of interpreters under GIL and JIT settings.
public enum InfoCommand {
    /// - Parameter pythons: interpreter requests, as given; none describes
    ///   every one found that the settings apply to.
    public static func run(_ context: CommandContext, pythons: [String] = [], settings: RuntimeSettings = .defaults) async throws {
        let requests = try InterpreterRequest.parseAll(pythons)
        let chosen = try await context.interpreters(requests) { catalog in try InterpreterInfo.applicable(settings, in: catalog) }
        if !requests.isEmpty {
            for interpreter in chosen { try settings.validate(for: interpreter) }
        }
        let descriptions = try await InterpreterInfo.describe(chosen, settings: settings, environment: context.environment,
                                                              timeout: context.discovery.probeTimeout, runner: context.runner)
        try context.print(InfoReport(interpreters: descriptions))
    }
}
