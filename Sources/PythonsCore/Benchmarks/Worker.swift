import Foundation

/// The protocol between Pythons and workloads/worker.py: one process per
/// sample, given its spec as key=value arguments and a secret on stdin,
/// answering with one result line that carries the secret. Separate from the
/// scheduler so the request is tested without running anything and the
/// answer is decoded from recorded output.
///
/// The secret is what makes the result the worker's own: the workload runs in
/// the worker's process and may print anything, including a line in the
/// result's format, then end the process (sys.exit(0), os._exit(0)). It never
/// sees the secret in argv, the environment or a module: the worker reads it
/// from stdin before loading the workload and keeps it in a local. (Code that
/// walks the worker's frames could still find it; this guards against
/// accidents and copied output, not against a workload written to forge.)
/// Stdin is also the worker's tie to Pythons: its write end stays open while
/// Pythons lives, and when it closes the kernel ends the worker's process
/// group (`ProcessRequest.lifelineInput`).
public struct WorkerSpec: Sendable, Equatable {
    public var workload: Workload.Kind
    public var n: Int?
    public var threads: Int?
    public var file: String?
    public var function: String?
    public var arguments: [String]
    /// A pyperf script's benchmark to time (nil: the first it registers).
    public var benchmark: String?
    /// Untimed calls first; nil: calls until 50 ms have passed (see worker.py).
    public var warmup: Int?
    /// Timed calls; 0 lets the worker choose (see worker.py).
    public var values: Int

    public init(workload: Workload, threads: Int?, warmup: Int?, values: Int) {
        self.workload = workload.kind
        switch workload {
        case .gil(let n), .jit(let n):
            self.n = n
            file = nil
            function = nil
            arguments = []
        case .function(let file, let name, let arguments):
            n = nil
            self.file = file
            function = name
            self.arguments = arguments
        case .pyperf(let file, let benchmark, let arguments, _):
            n = nil
            self.file = file
            function = nil
            self.arguments = arguments
            self.benchmark = benchmark
        case .scaling(let operation):
            // worker.py's scaling branch reads the operation's name here.
            n = nil
            file = nil
            function = operation
            arguments = []
        }
        self.threads = threads
        self.warmup = warmup
        self.values = values
    }

    /// The process to start: the interpreter, with the settings (and nothing
    /// inherited that would change how it runs) in its environment. No -E:
    /// that would make it ignore PYTHON_GIL and PYTHON_JIT. The seed's
    /// workloads need only the standard library, so their workers skip the
    /// site module (-S -s), which can take most of a process's start-up (28 of
    /// 31 ms for a pyenv 3.11 here); a user's function or pyperf script gets
    /// its site-packages.
    public func request(interpreter: String, settings: RuntimeSettings, environment: PythonsEnvironment,
                        timeout: Duration, workingDirectory: String?, token: String) throws -> ProcessRequest {
        ProcessRequest(
            executable: interpreter,
            arguments: (workload == .function || workload == .pyperf ? [] : ["-S", "-s"])
                + [PythonScripts.path("workloads/worker.py", environment: environment.variables)] + workerArguments,
            environment: settings.childEnvironment(from: environment.variables),
            workingDirectory: workingDirectory, timeout: timeout, lifelineInput: token + "\n")
    }

    /// A new secret for one worker: 128 random bits in hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The spec as worker.py reads it: one key=value per argument, arg=
    /// repeated in order (plain text, so the worker need not import json).
    public var workerArguments: [String] {
        var arguments = ["workload=\(workload.rawValue)"]
        if let n { arguments.append("n=\(n)") }
        if let threads { arguments.append("threads=\(threads)") }
        if let file { arguments.append("file=\(file)") }
        if let function { arguments.append("function=\(function)") }
        if let benchmark { arguments.append("benchmark=\(benchmark)") }
        arguments += self.arguments.map { "arg=\($0)" }
        if let warmup { arguments.append("warmup=\(warmup)") }
        arguments.append("values=\(values)")
        return arguments
    }
}

/// What a worker answered.
public struct WorkerResult: Sendable, Equatable, Decodable {
    public var valuesNs: [Double]
    public var warmupsNs: [Double]
    /// Calls per timed value (values are per call).
    public var loops: Int?
    public var gilEnabled: Bool?
    public var jitEnabled: Bool?

    enum CodingKeys: String, CodingKey {
        case valuesNs = "values_ns", warmupsNs = "warmups_ns", loops, gilEnabled = "gil_enabled", jitEnabled = "jit_enabled"
    }

    public static let prefix = "@@pythons-result "

    /// Reads a finished worker: the result, or the reason it has none (the
    /// last traceback line for a workload that raised). Only a result line
    /// with this worker's token counts.
    public static func interpret(_ outcome: ProcessOutcome, token: String) -> Result<WorkerResult, WorkerFailure> {
        let reported = result(in: outcome.standardOutput, token: token)
        switch outcome.termination {
        case .timedOut(let limit) where reported != nil:
            return .failure(WorkerFailure(message: "the workload left a thread running: its timings were reported, but the process did not exit within \(limit.formattedSeconds) (join the workload's threads, or make them daemon threads)"))
        case .timedOut(let limit):
            return .failure(WorkerFailure(message: "a sample did not finish within \(limit.formattedSeconds); its processes were stopped (raise --timeout)"))
        case .signaled:
            return .failure(WorkerFailure(message: "the worker was \(outcome.termination)"))
        case .exited(let code) where code != 0:
            if let line = outcome.lastErrorLine { return .failure(WorkerFailure(message: line)) }
            return .failure(WorkerFailure(message: "the workload ended its process with status \(code) before the timings were reported (sys.exit() in the workload?)"))
        case .exited:
            break
        }
        guard let result = reported else {
            return .failure(WorkerFailure(message: "the workload ended its process before the timings were reported (sys.exit(0) or os._exit(0) in the workload?)"))
        }
        guard !result.valuesNs.isEmpty, result.valuesNs.allSatisfy({ $0 > 0 }) else {
            return .failure(WorkerFailure(message: "the worker reported no usable timing"))
        }
        return .success(result)
    }

    /// The last result line carrying the token, decoded.
    static func result(in output: String, token: String) -> WorkerResult? {
        let marker = prefix + token + " "
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix(marker) }) else { return nil }
        return try? JSONDecoder().decode(WorkerResult.self, from: Data(line.dropFirst(marker.count).utf8))
    }

    public func sample(round: Int, sequence: Int? = nil) -> ProcessSample {
        ProcessSample(round: round, sequence: sequence, values: valuesNs.map { $0 / 1e9 }, warmups: warmupsNs.map { $0 / 1e9 },
                      loops: loops.flatMap { $0 > 1 ? $0 : nil },
                      gilEnabled: gilEnabled, jitEnabled: jitEnabled)
    }
}

public struct WorkerFailure: Error, Sendable, Equatable {
    public var message: String
    /// The script refused its command line (argparse's exit status 2): the
    /// user's input to fix, so a usage error (exit 2), not a failure.
    public var isUsage = false
}
