import Foundation

/// The protocol between Pythons and workloads/worker.py: one process per
/// sample, given its spec as key=value arguments, answering with one result
/// line. Separate from the scheduler so the request is tested without
/// running anything and the answer is decoded from recorded output.
public struct WorkerSpec: Sendable, Equatable {
    public var workload: Workload.Kind
    public var n: Int?
    public var threads: Int?
    public var file: String?
    public var function: String?
    public var arguments: [String]
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
    /// 31 ms for a pyenv 3.11 here); a user's function gets its site-packages.
    public func request(interpreter: String, settings: RuntimeSettings, environment: PythonsEnvironment,
                        timeout: Duration, workingDirectory: String?) throws -> ProcessRequest {
        ProcessRequest(
            executable: interpreter,
            arguments: (workload == .function ? [] : ["-S", "-s"])
                + [PythonScripts.path("workloads/worker.py", environment: environment.variables)] + workerArguments,
            environment: settings.childEnvironment(from: environment.variables),
            workingDirectory: workingDirectory, timeout: timeout)
    }

    /// The spec as worker.py reads it: one key=value per argument, arg=
    /// repeated in order (plain text, so the worker need not import json).
    public var workerArguments: [String] {
        var arguments = ["workload=\(workload.rawValue)"]
        if let n { arguments.append("n=\(n)") }
        if let threads { arguments.append("threads=\(threads)") }
        if let file { arguments.append("file=\(file)") }
        if let function { arguments.append("function=\(function)") }
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
    /// last traceback line for a workload that raised).
    public static func interpret(_ outcome: ProcessOutcome) -> Result<WorkerResult, WorkerFailure> {
        switch outcome.termination {
        case .timedOut(let limit):
            return .failure(WorkerFailure(message: "a sample did not finish within \(limit.formattedSeconds); its processes were stopped (raise --timeout)"))
        case .signaled:
            return .failure(WorkerFailure(message: "the worker was \(outcome.termination)"))
        case .exited(let code) where code != 0:
            return .failure(WorkerFailure(message: outcome.lastErrorLine ?? "the worker exited with status \(code)"))
        case .exited:
            break
        }
        guard let line = outcome.standardOutput.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }),
              let result = try? JSONDecoder().decode(WorkerResult.self, from: Data(line.dropFirst(prefix.count).utf8)) else {
            return .failure(WorkerFailure(message: "the worker printed no result (did the workload call sys.exit()?)"))
        }
        guard !result.valuesNs.isEmpty, result.valuesNs.allSatisfy({ $0 > 0 }) else {
            return .failure(WorkerFailure(message: "the worker reported no usable timing"))
        }
        return .success(result)
    }

    public func sample(round: Int, sequence: Int? = nil) -> ProcessSample {
        ProcessSample(round: round, sequence: sequence, values: valuesNs.map { $0 / 1e9 }, warmups: warmupsNs.map { $0 / 1e9 },
                      loops: loops.flatMap { $0 > 1 ? $0 : nil },
                      gilEnabled: gilEnabled, jitEnabled: jitEnabled)
    }
}

public struct WorkerFailure: Error, Sendable, Equatable {
    public var message: String
}
