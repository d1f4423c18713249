import Foundation

/// `FILE.py:FUNCTION`: the function whose executors `pythons uops` shows.
/// FUNCTION may be dotted (`Class.method`).
public struct FunctionTarget: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var function: String

    public init(file: String, function: String) {
        self.file = file
        self.function = function
    }

    /// Splits at the last ':' (a path may hold one, a function name cannot).
    public static func parse(_ text: String) throws(PythonsError) -> FunctionTarget {
        guard let colon = text.lastIndex(of: ":") else {
            throw .usage("'\(text)' names no function: write FILE.py:FUNCTION, for example fib.py:fib")
        }
        let file = String(text[..<colon])
        let function = String(text[text.index(after: colon)...])
        guard !file.isEmpty else {
            throw .usage("'\(text)' names no file: write FILE.py:FUNCTION, for example fib.py:fib")
        }
        let parts = function.split(separator: ".", omittingEmptySubsequences: false)
        guard !function.isEmpty, parts.allSatisfy(isIdentifier) else {
            throw .usage("'\(function)' is not a Python function name: write FILE.py:FUNCTION, for example fib.py:fib or shapes.py:Circle.area")
        }
        return FunctionTarget(file: file, function: function)
    }

    private static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }

    public var description: String { "\(file):\(function)" }
}

/// Where a PYTHON_JIT setting came from, for saying why executors are missing.
public enum SettingSource: String, Sendable, Codable, Equatable {
    /// `--jit on|off` on the command line.
    case option
    /// PYTHON_JIT in the environment Pythons was started with.
    case environment
}

/// Everything `pythons uops` needs to run the helper: a value, so the exact
/// command can be tested without running it.
public struct MicroOpsRequest: Sendable, Equatable {
    public var target: FunctionTarget
    /// Expressions evaluated in the file's namespace, in order, round after
    /// round, until an executor appears. Empty means `FUNCTION()`.
    public var calls: [String]
    /// At most this many expressions are evaluated.
    public var maxCalls: Int
    /// At most this long is spent calling.
    public var maxSeconds: Double
    public var settings: RuntimeSettings
    /// Where `settings.jit` came from (nil when it is not set).
    public var jitSource: SettingSource?

    public static let defaultMaxCalls = 10_000
    public static let defaultMaxSeconds = 20.0

    public init(target: FunctionTarget, calls: [String] = [], maxCalls: Int = defaultMaxCalls,
                maxSeconds: Double = defaultMaxSeconds, settings: RuntimeSettings = .defaults,
                jitSource: SettingSource? = nil) {
        self.target = target
        self.calls = calls
        self.maxCalls = maxCalls
        self.maxSeconds = maxSeconds
        self.settings = settings
        self.jitSource = settings.jit == nil ? nil : (jitSource ?? .option)
    }

    /// The settings for a run: `--jit` when given, else a PYTHON_JIT the user
    /// exported (CPython reads any non-empty value other than "0" as on), so
    /// that `PYTHON_JIT=0 pythons uops ...` means what it says.
    public static func jitSetting(option: RuntimeSettings.Switch?, environment: [String: String]) -> (RuntimeSettings.Switch?, SettingSource?) {
        if let option { return (option, .option) }
        if let value = environment["PYTHON_JIT"], !value.isEmpty {
            return (value == "0" ? .off : .on, .environment)
        }
        return (nil, nil)
    }

    public var effectiveCalls: [String] { calls.isEmpty ? ["\(target.function)()"] : calls }

    public func validate() throws(PythonsError) {
        guard maxCalls >= 1 else { throw .usage("--max-calls must be at least 1, got \(maxCalls)") }
        guard maxSeconds > 0, maxSeconds <= 3600 else {
            throw .usage("--max-seconds must be more than 0 and at most 3600, got \(maxSeconds)")
        }
        for call in calls where call.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .usage("--call needs a Python expression, for example --call 'fib(10)'")
        }
    }

    /// The helper run: `python uops.py --file ... --function ... --call ...`.
    public func processRequest(interpreter: Interpreter, environment: PythonsEnvironment,
                               workingDirectory: String) -> ProcessRequest {
        var arguments = [PythonScripts.path("uops.py", environment: environment.variables),
                         "--file", target.file, "--function", target.function]
        for call in effectiveCalls { arguments += ["--call", call] }
        arguments += ["--max-calls", String(maxCalls), "--max-seconds", String(maxSeconds)]
        return ProcessRequest(
            executable: interpreter.path, arguments: arguments,
            environment: settings.childEnvironment(from: environment.variables),
            workingDirectory: workingDirectory,
            // Loading the file and reading the executors take time too.
            timeout: .seconds(Int(maxSeconds.rounded(.up)) + 60))
    }
}
