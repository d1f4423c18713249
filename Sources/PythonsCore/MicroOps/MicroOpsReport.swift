import Foundation

/// The interpreter a result came from, as reports name it.
public struct InterpreterReference: Sendable, Codable, Equatable {
    public var path: String
    /// "3.13j", "3.13t", "3.13+tier2", "3.13".
    public var build: String
    public var version: String
    /// "CPython 3.13.5 (JIT) at /path".
    public var description: String

    public init(_ interpreter: Interpreter) {
        path = interpreter.path
        build = interpreter.facts.shortName
        version = interpreter.version.description
        description = interpreter.displayName
    }
}

/// One micro-op of an executor, as `_opcode.get_executor()` yields it.
public struct MicroOp: Sendable, Codable, Equatable {
    public var name: String
    public var oparg: Int
    public var target: Int
    public var operand: UInt64

    public init(name: String, oparg: Int, target: Int, operand: UInt64) {
        self.name = name
        self.oparg = oparg
        self.target = target
        self.operand = operand
    }
}

/// One executor attached to the function's bytecode.
public struct ExecutorReport: Sendable, Codable, Equatable {
    /// The code object holding it: the function, or a function nested in it.
    public var codeName: String
    /// Bytecode offset of the ENTER_EXECUTOR instruction, and its line.
    public var offset: Int
    public var line: Int?
    /// The instruction the executor replaced (JUMP_BACKWARD for a loop).
    public var replacedOpcode: String
    /// Where the traced loop begins (the backward jump's target), and its line.
    public var loopStartOffset: Int?
    public var loopStartLine: Int?
    public var valid: Bool?
    /// Size of the machine code the JIT emitted; nil without machine code.
    public var machineCodeBytes: Int?
    /// Why there is no machine code ("JIT support not enabled." on a tier-2
    /// interpreter build).
    public var machineCodeNote: String?
    public var microOps: [MicroOp]

    public var hasMachineCode: Bool { machineCodeBytes != nil }
}

/// An exception the called expression (or loading the file) raised.
public struct RaisedError: Sendable, Codable, Equatable {
    public var type: String
    /// The exception line as Python prints it: "ZeroDivisionError: division by zero".
    public var line: String
    /// The line of the user's file where it was raised, when it was there.
    public var fileLine: Int?
    public var traceback: String
    /// True when the file itself raised while loading, before any call.
    public var whileLoading: Bool
}

/// Why a run ended with no executor.
public enum NoExecutorsReason: Sendable, Equatable {
    /// The expression (or the file as it loaded) raised.
    case expressionRaised(RaisedError)
    /// Free-threaded builds create no executors.
    case freeThreadedBuild(build: String)
    /// The build has neither the JIT nor the tier-2 micro-op interpreter.
    case noTier2(build: String, version: PythonVersion)
    /// PYTHON_JIT=0 (from --jit off or the environment) turns tier 2 off.
    case jitTurnedOff(build: String, source: SettingSource)
    /// The JIT is built in but off unless PYTHON_JIT turns it on.
    case jitOffByDefault(build: String)
    /// Calling stopped at a limit before any loop got hot.
    case neverHot(NeverHot)

    public struct NeverHot: Sendable, Codable, Equatable {
        public var function: String
        public var calls: Int
        public var seconds: Double
        /// "max-calls" or "max-seconds": the limit that stopped the calling.
        public var limit: String
        public var limitValue: Double
        /// Iterations a loop runs before it gets an executor, where known.
        public var threshold: Int?
        public var version: String
        public var functionHasLoop: Bool
    }

    public var kind: String {
        switch self {
        case .expressionRaised: "expression-raised"
        case .freeThreadedBuild: "free-threaded-build"
        case .noTier2: "no-tier2"
        case .jitTurnedOff: "jit-turned-off"
        case .jitOffByDefault: "jit-off-by-default"
        case .neverHot: "never-hot"
        }
    }

    /// One sentence that says why and what to do.
    public var message: String {
        switch self {
        case .expressionRaised(let error):
            let place = error.fileLine.map { " (line \($0))" } ?? ""
            return error.whileLoading
                ? "the file raised \(error.line)\(place) while loading, so nothing was called"
                : "the expression raised \(error.line)\(place)"
        case .freeThreadedBuild(let build):
            return "\(build) creates no executors: free-threaded builds run neither the JIT nor the tier-2 optimizer; use a JIT build such as 3.13j"
        case .noTier2(let build, let version):
            if version.major == 3, version.minor < 13 {
                return "\(build) has no tier-2 optimizer: executors and micro-ops arrived in CPython 3.13, and only in builds configured with --enable-experimental-jit; use a 3.13j (`pythons install 3.13j`)"
            }
            // A 3.13 or newer stock build: the same version's JIT build is the one to try.
            let same = version.featureVersion
            return "\(build) is a stock build: without --enable-experimental-jit it has neither the JIT nor the tier-2 micro-op interpreter, so it never creates executors; use a \(same)j or \(same)+tier2 build (`pythons install \(same)j`)"
        case .jitTurnedOff(let build, let source):
            let origin = source == .option ? "--jit off sets PYTHON_JIT=0" : "PYTHON_JIT=0 is set in your environment"
            return "\(origin), which turns the JIT and the tier-2 optimizer off in \(build); run with --jit on"
        case .jitOffByDefault(let build):
            return "\(build) has the JIT built in but off by default (--enable-experimental-jit=yes-off); run with --jit on"
        case .neverHot(let detail):
            if !detail.functionHasLoop {
                return "\(detail.function) has no loop: CPython creates executors only for loops that run often (backward jumps), so calling it more would not help; name the function that holds the hot loop"
            }
            let limit = detail.limit == "max-calls"
                ? "--max-calls \(Int(detail.limitValue))"
                : "--max-seconds \(String(format: "%g", detail.limitValue))"
            let threshold = detail.threshold.map { " (\(Self.thresholdNote($0, featureVersion: detail.version)))" } ?? ""
            return "no loop of \(detail.function) got hot: \(detail.calls) \(detail.calls == 1 ? "call" : "calls") in \(Self.format(detail.seconds)) stopped at \(limit) before any executor appeared\(threshold); raise \(limit.split(separator: " ")[0]) or call it with a larger argument"
        }
    }

    /// "CPython 3.14 makes one after a loop runs about 4096 iterations": why
    /// a loop needs 2 calls of the seed's fib to get hot on 3.13 and ~270 on 3.14.
    static func thresholdNote(_ threshold: Int, featureVersion: String) -> String {
        "CPython \(featureVersion) makes one after a loop runs about \(threshold) iterations"
    }

    /// "20 s", "1.5 s", "3.2 ms", "38 µs": for messages about how long the
    /// calling took, not for measurements.
    static func format(_ seconds: Double) -> String {
        switch seconds {
        case 10...: String(format: "%.0f s", seconds)
        case 1...: String(format: "%.1f s", seconds)
        case 0.01...: String(format: "%.0f ms", seconds * 1e3)
        case 0.001...: String(format: "%.1f ms", seconds * 1e3)
        default: String(format: "%.0f µs", seconds * 1e6)
        }
    }
}

extension NoExecutorsReason: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, message, build, version, source, error, detail
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(message, forKey: .message)
        switch self {
        case .expressionRaised(let error): try container.encode(error, forKey: .error)
        case .freeThreadedBuild(let build), .jitOffByDefault(let build): try container.encode(build, forKey: .build)
        case .noTier2(let build, let version):
            try container.encode(build, forKey: .build)
            try container.encode(version, forKey: .version)
        case .jitTurnedOff(let build, let source):
            try container.encode(build, forKey: .build)
            try container.encode(source, forKey: .source)
        case .neverHot(let detail): try container.encode(detail, forKey: .detail)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "expression-raised": self = .expressionRaised(try container.decode(RaisedError.self, forKey: .error))
        case "free-threaded-build": self = .freeThreadedBuild(build: try container.decode(String.self, forKey: .build))
        case "no-tier2": self = .noTier2(build: try container.decode(String.self, forKey: .build),
                                         version: try container.decode(PythonVersion.self, forKey: .version))
        case "jit-turned-off": self = .jitTurnedOff(build: try container.decode(String.self, forKey: .build),
                                                    source: try container.decode(SettingSource.self, forKey: .source))
        case "jit-off-by-default": self = .jitOffByDefault(build: try container.decode(String.self, forKey: .build))
        case "never-hot": self = .neverHot(try container.decode(NeverHot.self, forKey: .detail))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown reason kind \(kind)")
        }
    }
}

/// What `pythons uops` found: the executors of the function after the calls,
/// or the reason there are none. `--format json` prints this (docs/json.md).
public struct MicroOpsReport: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1

    /// How the calling loop ended.
    public enum StopCause: String, Sendable, Codable, Equatable {
        /// An executor appeared.
        case executors
        /// The build cannot make executors now: the expressions ran once each.
        case unavailable
        case maxCalls = "max-calls"
        case maxSeconds = "max-seconds"
        /// The expression raised.
        case error
        /// The file raised while loading.
        case load
    }

    public var schemaVersion: Int
    public var interpreter: InterpreterReference
    public var settings: RuntimeSettings
    public var file: String
    public var function: String
    public var calls: [String]
    /// Expressions evaluated, in all rounds.
    public var callsMade: Int
    /// Time spent calling (and looking for executors after each call).
    public var seconds: Double
    public var stoppedBy: StopCause
    /// Loop iterations before an executor is made, where the interpreter says.
    public var threshold: Int?
    public var executors: [ExecutorReport]
    /// Set exactly when `executors` is empty.
    public var reason: NoExecutorsReason?
}
