/// `pythons repl`: the seed's interactive session (`python3.13j -i uops.py`):
/// the banner, then an interactive interpreter with `reveal_code(function)`.
public enum ReplSession {
    /// The settings the session starts with: each option when given, else what
    /// the user exported (PYTHON_GIL / PYTHON_JIT), except a PYTHON_GIL=0 the
    /// build cannot take (CPython would stop with a fatal error).
    public static func settings(gil: RuntimeSettings.Switch?, jit: RuntimeSettings.Switch?,
                                environment: [String: String], interpreter: Interpreter) -> RuntimeSettings {
        func inherited(_ name: String) -> RuntimeSettings.Switch? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value == "0" ? .off : .on
        }
        var settings = RuntimeSettings(gil: gil ?? inherited("PYTHON_GIL"), jit: jit ?? inherited("PYTHON_JIT"))
        if gil == nil, settings.gil == .off, !interpreter.facts.freeThreadedBuild { settings.gil = nil }
        if jit == nil, interpreter.facts.tier2 == .absent { settings.jit = nil }
        return settings
    }

    /// `python -i repl_startup.py BANNER`. Unlike benchmark runs, a session
    /// keeps the user's environment (PYTHONPATH, PYTHON_BASIC_REPL, ...):
    /// only PYTHON_GIL and PYTHON_JIT are replaced by the settings.
    public static func request(interpreter: Interpreter, banner: Banner, settings: RuntimeSettings,
                               environment: PythonsEnvironment) -> ProcessRequest {
        var variables = environment.variables
        variables.removeValue(forKey: "PYTHON_GIL")
        variables.removeValue(forKey: "PYTHON_JIT")
        variables.merge(settings.environmentOverrides) { $1 }
        return ProcessRequest(
            executable: interpreter.path,
            arguments: ["-i", PythonScripts.path("repl_startup.py", environment: environment.variables), banner.text],
            environment: variables)
    }
}
