import Foundation

/// Which benchmarks a pyperf script registers: the script run once through
/// the stand-in in list mode (workloads/pyperf_script.py), timing nothing.
/// `pythons bench SCRIPT.py` and the pyperformance suite list before they
/// measure, so a script that registers none, a name it does not register,
/// a call the stand-in does not support or a package it cannot import is one
/// line before any timing starts.
public struct PyperfScriptListing: Sendable, Equatable {
    public struct Registered: Sendable, Equatable, Codable {
        public var name: String
        /// bench_func, bench_time_func, bench_async_func or timeit.
        public var kind: String
    }

    public var benchmarks: [Registered]

    public static let prefix = "@@pythons-benchmarks "

    /// The listing process: the worker in list mode, under the settings of the
    /// configuration it lists for (a script may register other benchmarks on
    /// another build).
    public static func request(file: String, arguments: [String], interpreter: String, settings: RuntimeSettings,
                               environment: PythonsEnvironment, timeout: Duration,
                               workingDirectory: String?) throws -> ProcessRequest {
        let spec = WorkerSpec(workload: .pyperf(file: file, benchmark: nil, arguments: arguments, suite: nil),
                              threads: nil, warmup: nil, values: 0)
        var request = try spec.request(interpreter: interpreter, settings: settings, environment: environment,
                                       timeout: timeout, workingDirectory: workingDirectory,
                                       token: WorkerSpec.newToken())
        request.arguments.append("mode=list")
        return request
    }

    /// The names listed, or the one line that says why there are none.
    public static func interpret(_ outcome: ProcessOutcome, script: String) -> Result<PyperfScriptListing, WorkerFailure> {
        let name = (script as NSString).lastPathComponent
        switch outcome.termination {
        case .timedOut(let limit):
            return .failure(WorkerFailure(message: "\(name) did not finish registering its benchmarks within \(limit.formattedSeconds) (raise --timeout)"))
        case .signaled:
            return .failure(WorkerFailure(message: "\(name) \(outcome.termination) while registering its benchmarks"))
        case .exited(2) where outcome.lastErrorLine?.contains(": error: ") == true:
            // argparse's "PROG: error: ..." after its usage line, exit status 2.
            let line = outcome.lastErrorLine!
            let reason = line[line.range(of: ": error: ")!.upperBound...]
            return .failure(WorkerFailure(message: "\(name) refused its arguments: \(reason) (its options: python \(script) --help)",
                                          isUsage: true))
        case .exited(let code) where code != 0:
            return .failure(WorkerFailure(message: Self.explain(outcome.lastErrorLine ?? "\(name) exited with status \(code)")))
        case .exited:
            break
        }
        struct Answer: Decodable { var benchmarks: [Registered] }
        guard let line = outcome.standardOutput.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }),
              let answer = try? JSONDecoder().decode(Answer.self, from: Data(line.dropFirst(prefix.count).utf8)) else {
            return .failure(WorkerFailure(message: "\(name) printed no list of benchmarks (did it call sys.exit() or os._exit()?)"))
        }
        guard !answer.benchmarks.isEmpty else {
            return .failure(WorkerFailure(message: "\(name) registers no benchmark: a pyperf script calls Runner().bench_func, bench_time_func, bench_async_func or timeit (for a plain function, write \(name):FUNC)"))
        }
        return .success(PyperfScriptListing(benchmarks: answer.benchmarks))
    }

    /// A missing module is the usual reason a script does not start: say
    /// what to install and where.
    static func explain(_ line: String) -> String {
        let marker = "ModuleNotFoundError: No module named "
        guard let range = line.range(of: marker) else { return line }
        let module = line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        let top = module.split(separator: ".").first.map(String.init) ?? module
        let distribution = distributionNames[top] ?? top
        return "needs the module '\(module)', which this interpreter does not have: install it there (python -m pip install \(distribution)), or leave this benchmark out"
    }

    /// Modules whose PyPI distribution has another name (`pip install yaml`
    /// finds nothing); pyperformance's benchmarks import several of them.
    static let distributionNames = [
        "yaml": "PyYAML", "PIL": "pillow", "bs4": "beautifulsoup4", "cv2": "opencv-python", "sklearn": "scikit-learn",
        "dateutil": "python-dateutil", "attr": "attrs", "Crypto": "pycryptodome", "jwt": "PyJWT", "serial": "pyserial",
        "google": "protobuf", "psycopg2": "psycopg2-binary", "OpenSSL": "pyOpenSSL", "dns": "dnspython", "zmq": "pyzmq",
    ]

    /// The one benchmark asked for, or a usage error listing what exists.
    public func choose(_ asked: String, script: String) throws(PythonsError) -> Registered {
        if let match = benchmarks.first(where: { $0.name == asked }) { return match }
        throw .usage("\((script as NSString).lastPathComponent) registers no benchmark named '\(asked)'",
                     details: ["it registers: " + benchmarks.map(\.name).joined(separator: ", ")])
    }
}
