/// GIL and JIT settings an interpreter is started with. Pythons always passes
/// them explicitly (PYTHON_GIL, PYTHON_JIT) and removes any inherited value, so
/// a setting never leaks into a run by accident.
public struct RuntimeSettings: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Switch: String, Sendable, Hashable, Codable, CaseIterable {
        case on, off
        var environmentValue: String { self == .on ? "1" : "0" }
    }

    public var gil: Switch?
    public var jit: Switch?

    public init(gil: Switch? = nil, jit: Switch? = nil) {
        self.gil = gil
        self.jit = jit
    }

    public static let defaults = RuntimeSettings()

    /// The variables to set; nil values mean "removed".
    public var environmentOverrides: [String: String] {
        var values: [String: String] = [:]
        if let gil { values["PYTHON_GIL"] = gil.environmentValue }
        if let jit { values["PYTHON_JIT"] = jit.environmentValue }
        return values
    }

    /// The child environment: the parent's, without any PYTHON* variable that
    /// changes how the interpreter runs, plus these settings.
    public func childEnvironment(from parent: [String: String]) -> [String: String] {
        var environment = parent.filter { key, _ in !RuntimeSettings.isInterpreterVariable(key) }
        environment.merge(environmentOverrides) { $1 }
        return environment
    }

    /// PYTHON* variables that change how CPython runs (PYTHONHOME, PYTHONPATH,
    /// PYTHON_GIL, PYTHON_JIT, PYTHONOPTIMIZE, ...). PYTHONS_* are Pythons' own
    /// and PYTHONIOENCODING is harmless, so they stay.
    static func isInterpreterVariable(_ name: String) -> Bool {
        name.hasPrefix("PYTHON") && !name.hasPrefix("PYTHONS_") && name != "PYTHONIOENCODING" && name != "PYTHONUTF8"
    }

    /// Checks the settings against a build, as CPython would refuse them:
    /// PYTHON_GIL=0 aborts a build without free threading, and PYTHON_JIT does
    /// nothing on a build without tier 2.
    public func validate(for interpreter: Interpreter) throws(PythonsError) {
        if gil == .off, !interpreter.facts.freeThreadedBuild {
            throw .usage("--gil off needs a free-threaded build, and \(interpreter.displayName) is not one (choose a 3.13t, or build it with `pythons install 3.13t`)")
        }
        if jit != nil, interpreter.facts.tier2 == .absent {
            throw .usage("--jit needs a build with the JIT or the tier-2 interpreter, and \(interpreter.displayName) has neither (choose a 3.13j, or build it with `pythons install 3.13j`)")
        }
    }

    /// "GIL off, JIT on"; empty for defaults.
    public var description: String {
        [gil.map { "GIL \($0.rawValue)" }, jit.map { "JIT \($0.rawValue)" }].compactMap { $0 }.joined(separator: ", ")
    }
}
