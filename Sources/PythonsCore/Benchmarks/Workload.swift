import Foundation

/// What a worker process runs and times.
public enum Workload: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The seed's free-threading benchmark: each of T threads computes the
    /// recursive fib(n).
    case gil(n: Int)
    /// The seed's JIT benchmark: the iterative fib(i) for i in range(n).
    case jit(n: Int)
    /// The user's own function FUNC in FILE.py, called with `arguments`
    /// (each a Python literal, else a string); with threads, in T threads at once.
    case function(file: String, name: String, arguments: [String])
    /// An unmodified pyperf script, run through Pythons' pyperf stand-in with
    /// `arguments` as its command line: the benchmark it registers under
    /// `benchmark` (nil: the first it registers). `suite` names the suite it
    /// was measured in ("pyperformance 1.14.0"), nil for a script of the user's.
    case pyperf(file: String, benchmark: String?, arguments: [String], suite: String?)
    /// One operation of the thread-scaling suite (workloads/scaling.py), in
    /// each of T threads at once.
    case scaling(operation: String)

    /// The seed's defaults: fib(35) per thread, and fib() 10,000 times.
    public static let defaultGilN = 35
    public static let defaultJitN = 10_000

    public var kind: Kind {
        switch self {
        case .gil: .gil
        case .jit: .jit
        case .function: .function
        case .pyperf: .pyperf
        case .scaling: .scaling
        }
    }

    public enum Kind: String, Sendable, Codable { case gil, jit, function, pyperf, scaling }

    /// Whether a configuration's thread count means anything to this workload.
    public var takesThreads: Bool { kind != .jit && kind != .pyperf }

    /// The user's file, for workloads that run one.
    public var file: String? {
        switch self {
        case .function(let file, _, _), .pyperf(let file, _, _, _): file
        case .gil, .jit, .scaling: nil
        }
    }

    /// The workload with its file reduced to the file's name: what `compare`
    /// matches two runs on, as pyperf's compare_to matches benchmarks by
    /// name. The same script given as `gate.py` in one folder and as
    /// `ci/checkout/gate.py` in another, or from two checkouts, is one
    /// workload; its function, benchmark and arguments must still agree.
    public var matchedByFileName: Workload {
        switch self {
        case .function(let file, let name, let arguments):
            .function(file: (file as NSString).lastPathComponent, name: name, arguments: arguments)
        case .pyperf(let file, let benchmark, let arguments, let suite):
            .pyperf(file: (file as NSString).lastPathComponent, benchmark: benchmark, arguments: arguments, suite: suite)
        case .gil, .jit, .scaling: self
        }
    }

    /// "gil -n 35", "jit -n 10000", "work.py:main 1000".
    public var description: String {
        switch self {
        case .gil(let n): "gil -n \(n)"
        case .jit(let n): "jit -n \(n)"
        case .function(let file, let name, let arguments):
            ([file + ":" + name] + arguments).joined(separator: " ")
        case .pyperf(let file, let benchmark, let arguments, let suite):
            if let suite, let benchmark { "\(suite) \(benchmark)" } else {
                ([file] + arguments + (benchmark.map { ["--benchmark", $0] } ?? [])).joined(separator: " ")
            }
        case .scaling(let operation): "scaling \(operation)"
        }
    }

    /// Parses the WORKLOAD argument: `gil`, `jit`, `FILE.py:FUNC` or a
    /// pyperf script `FILE.py` (its arguments in `arguments`).
    public static func parse(_ text: String, n: Int?, arguments: [String], benchmark: String? = nil) throws(PythonsError) -> Workload {
        if benchmark != nil, !text.hasSuffix(".py") {
            throw .usage("--benchmark picks one benchmark of a pyperf script: give SCRIPT.py --benchmark NAME")
        }
        switch text {
        case "gil":
            guard arguments.isEmpty else { throw .usage("--args is for FILE.py:FUNC workloads; gil takes -n and --threads") }
            return .gil(n: n ?? defaultGilN)
        case "jit":
            guard arguments.isEmpty else { throw .usage("--args is for FILE.py:FUNC workloads; jit takes -n") }
            return .jit(n: n ?? defaultJitN)
        default:
            guard text.hasSuffix(".py") || text.contains(".py:") else {
                throw .usage("unknown workload '\(text)': give gil, jit, FILE.py:FUNC, a pyperf script SCRIPT.py, pyperformance or scaling")
            }
            if text.hasSuffix(".py") {
                guard n == nil else { throw .usage("-n is for the gil and jit workloads; pass a pyperf script's own options with --args") }
                try rejectPyperfResultOptions(arguments)
                return .pyperf(file: text, benchmark: benchmark, arguments: arguments, suite: nil)
            }
            guard let colon = text.lastIndex(of: ":"), text[..<colon].hasSuffix(".py") else {
                throw .usage("'\(text)' names a file but no function: write FILE.py:FUNC, for example \(text):main")
            }
            let file = String(text[..<colon]), name = String(text[text.index(after: colon)...])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !name.first!.isNumber else {
                throw .usage("'\(name)' is not a Python function name: write FILE.py:FUNC")
            }
            guard n == nil else { throw .usage("-n is for the gil and jit workloads; pass your function's arguments with --args") }
            return .function(file: file, name: name, arguments: arguments)
        }
    }

    /// pyperf's own options that write or compare results: the stand-in
    /// accepts pyperf's other options and leaves the sampling to Pythons, but
    /// ignoring these would lose a file the user asked for, or a comparison.
    static func rejectPyperfResultOptions(_ arguments: [String]) throws(PythonsError) {
        for argument in arguments {
            let option = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            switch option {
            case "-o", "--output", "--append":
                throw .usage("pyperf's \(option) is not written under pythons bench: give --pyperf FOLDER for pyperf JSON files (one per configuration)")
            case "--compare-to":
                throw .usage("pyperf's --compare-to is not run under pythons bench: measure both interpreters in one run (--python A,B), or compare stored runs with `pythons compare`")
            default:
                if argument.hasPrefix("-o"), argument.count > 2, !argument.hasPrefix("--") {
                    throw .usage("pyperf's -o is not written under pythons bench: give --pyperf FOLDER for pyperf JSON files (one per configuration)")
                }
            }
        }
    }

    /// The seed's result line for one time: "Running 4 threads: 7.33s",
    /// "Running fib() 10,000 times: 6.06s"; for a user function
    /// "Running work.py:main in 2 threads: 0.52s".
    public func resultLine(threads: Int?, seconds: Double) -> String {
        let time = String(format: "%.2fs", seconds)
        switch self {
        case .gil:
            return "Running \(threads ?? 1) threads: \(time)"
        case .jit(let n):
            return "Running fib() \(Workload.groupedThousands(n)) times: \(time)"
        case .function(let file, let name, _):
            let base = (file.split(separator: "/").last.map(String.init) ?? file) + ":" + name
            return "Running \(base)\(threads.map { " in \($0) thread\($0 == 1 ? "" : "s")" } ?? ""): \(time)"
        case .pyperf(let file, let benchmark, _, _):
            return "Running \(benchmark ?? (file.split(separator: "/").last.map(String.init) ?? file)): \(time)"
        case .scaling(let operation):
            return "Running \(operation)\(threads.map { " in \($0) thread\($0 == 1 ? "" : "s")" } ?? ""): \(time)"
        }
    }

    /// Python's f"{n:,}".
    static func groupedThousands(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}

extension Workload {
    private enum CodingKeys: String, CodingKey { case kind, n, file, function, arguments, benchmark, suite, operation }

    /// Flat JSON: {"kind": "gil", "n": 35}, {"kind": "function", "file": ...,
    /// "function": "main", "arguments": ["1000"]}, {"kind": "pyperf", "file":
    /// ..., "benchmark": "nbody", "arguments": [], "suite": "pyperformance
    /// 1.14.0"}, {"kind": "scaling", "operation": "pymethod"}.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .gil: self = .gil(n: try container.decode(Int.self, forKey: .n))
        case .jit: self = .jit(n: try container.decode(Int.self, forKey: .n))
        case .function:
            self = .function(file: try container.decode(String.self, forKey: .file),
                             name: try container.decode(String.self, forKey: .function),
                             arguments: try container.decodeIfPresent([String].self, forKey: .arguments) ?? [])
        case .pyperf:
            self = .pyperf(file: try container.decode(String.self, forKey: .file),
                           benchmark: try container.decodeIfPresent(String.self, forKey: .benchmark),
                           arguments: try container.decodeIfPresent([String].self, forKey: .arguments) ?? [],
                           suite: try container.decodeIfPresent(String.self, forKey: .suite))
        case .scaling:
            self = .scaling(operation: try container.decode(String.self, forKey: .operation))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .gil(let n), .jit(let n):
            try container.encode(n, forKey: .n)
        case .function(let file, let name, let arguments):
            try container.encode(file, forKey: .file)
            try container.encode(name, forKey: .function)
            try container.encode(arguments, forKey: .arguments)
        case .pyperf(let file, let benchmark, let arguments, let suite):
            try container.encode(file, forKey: .file)
            try container.encodeIfPresent(benchmark, forKey: .benchmark)
            try container.encode(arguments, forKey: .arguments)
            try container.encodeIfPresent(suite, forKey: .suite)
        case .scaling(let operation):
            try container.encode(operation, forKey: .operation)
        }
    }
}
