/// `pythons uops FILE.py:FUNCTION`: the micro-ops the JIT traced for a
/// function's hot loops.
public enum UopsCommand {
    /// - Parameters:
    ///   - target: FILE.py:FUNCTION, as given.
    ///   - calls: expressions to evaluate (none: FUNCTION()).
    ///   - python: an interpreter request, as given; nil for the default
    ///     (`MicroOpsInspector.defaultInterpreter`).
    ///   - jit: `--jit`; without it PYTHON_JIT from the environment holds.
    ///   - verbose: each micro-op's oparg, target and operand too.
    public static func run(_ context: CommandContext, target: String, calls: [String] = [], python: String? = nil,
                           jit: RuntimeSettings.Switch? = nil, maxCalls: Int = MicroOpsRequest.defaultMaxCalls,
                           maxSeconds: Double = MicroOpsRequest.defaultMaxSeconds, verbose: Bool = false) async throws {
        let functionTarget = try FunctionTarget.parse(target)
        let requests = try InterpreterRequest.parseAll(python.map { [$0] } ?? [])
        let (jitSwitch, jitSource) = MicroOpsRequest.jitSetting(option: jit, environment: context.environment.variables)
        let request = MicroOpsRequest(target: functionTarget, calls: calls, maxCalls: maxCalls, maxSeconds: maxSeconds,
                                      settings: RuntimeSettings(jit: jitSwitch), jitSource: jitSource)
        try request.validate()
        let interpreter = try await context.interpreter(requests.first, default: MicroOpsInspector.defaultInterpreter)
        if jit != nil { try RuntimeSettings(jit: jit).validate(for: interpreter) }
        let report = try await MicroOpsInspector.inspect(request, interpreter: interpreter, environment: context.environment,
                                                         runner: context.runner)
        try context.print(MicroOpsView(report, option: verbose))
        if case .expressionRaised(let error) = report.reason {
            throw PythonsError.failure(error.whileLoading ? "\(functionTarget.file) raised \(error.line) while loading" : "the expression raised \(error.line)")
        }
    }
}

/// `pythons repl`: the seed's interactive session. Its outcome is the
/// interpreter to start with the banner and reveal_code(); the executable
/// becomes it (execve), so the library never gives its process away.
public enum ReplCommand {
    /// - Parameter python: an interpreter request, as given; nil for the
    ///   default (as `uops`).
    public static func run(_ context: CommandContext, python: String? = nil, gil: RuntimeSettings.Switch? = nil,
                           jit: RuntimeSettings.Switch? = nil) async throws -> ProcessRequest {
        let requests = try InterpreterRequest.parseAll(python.map { [$0] } ?? [])
        let interpreter = try await context.interpreter(requests.first, default: MicroOpsInspector.defaultInterpreter)
        try RuntimeSettings(gil: gil, jit: jit).validate(for: interpreter)
        let settings = ReplSession.settings(gil: gil, jit: jit, environment: context.environment.variables, interpreter: interpreter)
        let description = try await InterpreterInfo.describe(
            [interpreter], settings: settings, environment: context.environment,
            timeout: context.discovery.probeTimeout, runner: context.runner)[0]
        return ReplSession.request(interpreter: interpreter, banner: description.banner, settings: settings,
                                   environment: context.environment)
    }
}
