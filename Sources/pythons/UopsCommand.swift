import ArgumentParser
import PythonsCore

struct UopsCommand: AsyncParsableCommand {
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

    func run() async throws {
        let environment = PythonsEnvironment()
        let functionTarget = try FunctionTarget.parse(target)
        let requests = try parseRequests(python.map { [$0] } ?? [])
        let (jitSwitch, jitSource) = MicroOpsRequest.jitSetting(option: jit, environment: environment.variables)
        let request = MicroOpsRequest(target: functionTarget, calls: calls, maxCalls: maxCalls, maxSeconds: maxSeconds,
                                      settings: RuntimeSettings(jit: jitSwitch), jitSource: jitSource)
        try request.validate()
        let report = try await Interruption.run { [discovery, jit] in
            let catalog = await InterpreterCatalog.discover(
                environment: environment, options: discovery.catalogOptions(explicitPaths: explicitPaths(in: requests)))
            let interpreter = try requests.first.map { request throws(PythonsError) in try catalog.select(request, environment: environment) }
                ?? MicroOpsInspector.defaultInterpreter(in: catalog)
            if jit != nil { try RuntimeSettings(jit: jit).validate(for: interpreter) }
            return try await MicroOpsInspector.inspect(request, interpreter: interpreter, environment: environment)
        }
        switch output.format {
        case .json: try Console.json(report)
        case .text: Console.print(lines: report.textLines(verbose: verbose, style: Console.stdoutStyle))
        }
        if case .expressionRaised(let error) = report.reason {
            throw PythonsError.failure(error.whileLoading ? "\(functionTarget.file) raised \(error.line) while loading" : "the expression raised \(error.line)")
        }
    }
}
