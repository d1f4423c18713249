import ArgumentParser
import PythonsCore

extension Pythons {
    struct Uops: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "uops",
            abstract: "Show the micro-ops the JIT traced for a function's hot loops.",
            discussion: """
                Loads FILE in the interpreter, evaluates the --call expressions in its namespace \
                (in order, round after round) until the function has an executor or a limit is \
                reached, and prints each executor: where its loop starts, its micro-ops, and \
                whether it carries machine code. When there are none it says why.

                Without --python it uses the newest JIT build found, else a tier-2 build. \
                PYTHON_JIT from your environment is honoured unless --jit is given.
                """
        )

        @Argument(help: ArgumentHelp("The function to inspect.", valueName: "FILE.py:FUNCTION"))
        var target: String

        @Option(name: .customLong("call"), help: ArgumentHelp("A Python expression to evaluate in FILE's namespace (repeatable; default: FUNCTION()).", valueName: "EXPR"))
        var calls: [String] = []

        @Option(help: "The interpreter (a request such as 3.13j, 3.13+tier2, or a path).")
        var python: String?

        @Option(help: "Run with the JIT on or off (PYTHON_JIT); needs a JIT or tier-2 build.")
        var jit: RuntimeSettings.Switch?

        @Option(name: .customLong("max-calls"), help: "Stop after this many evaluated expressions.")
        var maxCalls: Int = MicroOpsRequest.defaultMaxCalls

        @Option(name: .customLong("max-seconds"), help: "Stop calling after this many seconds.")
        var maxSeconds: Double = MicroOpsRequest.defaultMaxSeconds

        @Flag(help: "Show each micro-op's oparg, target and operand.")
        var verbose = false

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            try usage { () throws(PythonsError) in try OptionRange.count(maxCalls, 1...100_000_000, option: "--max-calls") }
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output, discovery: discovery).execute { [target, calls, python, jit, maxCalls, maxSeconds, verbose] in
                try await UopsCommand.run($0, target: target, calls: calls, python: python, jit: jit, maxCalls: maxCalls,
                                          maxSeconds: maxSeconds, verbose: verbose)
            }
        }
    }
}
