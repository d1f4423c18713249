import ArgumentParser
import PythonsCore

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print the seed's banner for interpreters, under the GIL and JIT settings given.",
        discussion: """
            PYTHON may be a version (3.13, 3.13.5), a variant (3.13t, 3.13j, 3.13+tier2), \
            cpython@3.14, python3.12 or a path. Without one, every interpreter found is shown \
            (only those the settings apply to, when --gil or --jit is given).
            """
    )

    @Argument(help: "Interpreters to describe.")
    var pythons: [String] = []

    @Option(name: .customLong("python"), help: "An interpreter to describe (repeatable; same as the arguments).")
    var pythonOptions: [String] = []

    @Option(help: "Run with the GIL on or off (PYTHON_GIL); off needs a free-threaded build.")
    var gil: RuntimeSettings.Switch?

    @Option(help: "Run with the JIT on or off (PYTHON_JIT); needs a JIT or tier-2 build.")
    var jit: RuntimeSettings.Switch?

    @OptionGroup var discovery: DiscoveryOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let environment = PythonsEnvironment()
        let requests = try parseRequests(pythons + pythonOptions)
        let settings = RuntimeSettings(gil: gil, jit: jit)
        let reports = try await Interruption.run { [discovery] in
            let catalog = await InterpreterCatalog.discover(
                environment: environment, options: discovery.catalogOptions(explicitPaths: explicitPaths(in: requests)))
            let chosen = try InterpreterInfo.choose(requests: requests, settings: settings, catalog: catalog, environment: environment)
            return try await InterpreterInfo.describe(chosen, settings: settings, environment: environment,
                                                      timeout: discovery.catalogOptions(explicitPaths: []).probeTimeout)
        }
        switch output.format {
        case .json:
            try Console.json(InfoReport(interpreters: reports))
        case .text:
            Console.print(lines: reports.flatMap { $0.banner.lines })
        }
    }
}
