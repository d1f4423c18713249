import ArgumentParser
import PythonsCore

extension Pythons {
    struct Info: ContextCommand {
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

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output, discovery: discovery).execute { [pythons = pythons + pythonOptions, gil, jit] in
                try await InfoCommand.run($0, pythons: pythons, settings: RuntimeSettings(gil: gil, jit: jit))
            }
        }
    }
}
