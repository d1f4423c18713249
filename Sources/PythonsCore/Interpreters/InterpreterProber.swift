import Foundation

/// Runs probe.py in interpreters and turns what they print into facts, or into
/// a one-line reason when a candidate is not a working interpreter.
public struct InterpreterProber: Sendable {
    public var runner: ProcessRunner
    public var environment: PythonsEnvironment
    /// A candidate that has not answered by then is stopped and reported.
    public var timeout: Duration

    /// Long enough for a real interpreter on a loaded 2-core machine (over
    /// 5 s was seen in CI while the test suite ran), short enough that a
    /// shim that waits forever does not stall `list` for minutes.
    public static let defaultTimeout: Duration = .seconds(30)

    public init(runner: ProcessRunner, environment: PythonsEnvironment, timeout: Duration = defaultTimeout) {
        self.runner = runner
        self.environment = environment
        self.timeout = timeout
    }

    /// The arguments for one probe. Without settings the interpreter ignores
    /// every PYTHON* variable (-E), so it reports how it starts by default;
    /// with settings those are passed through the environment. The site
    /// module is skipped (-S) except in a venv: only site gives a venv its
    /// sys.prefix and site-packages.
    public func request(executable: String, settings: RuntimeSettings?, banner: Bool) -> ProcessRequest {
        var arguments = settings == nil ? ["-E", "-s"] : ["-s"]
        if VirtualEnvironment.configFile(forExecutable: executable) == nil { arguments.append("-S") }
        arguments.append("-B")
        arguments.append(PythonScripts.path("probe.py", environment: environment.variables))
        if banner { arguments.append("--banner") }
        return ProcessRequest(
            executable: executable, arguments: arguments,
            environment: (settings ?? .defaults).childEnvironment(from: environment.variables),
            timeout: timeout, outputLimit: 1 << 20)
    }

    public func probe(executable: String, settings: RuntimeSettings? = nil, banner: Bool = false) async -> ProbeCache.Result {
        guard FilePaths.isExecutable(executable) else {
            return .failure(FileManager.default.fileExists(atPath: executable) ? "not executable (no execute permission)" : "no such file")
        }
        let outcome: ProcessOutcome
        do {
            outcome = try await runner.run(request(executable: executable, settings: settings, banner: banner))
        } catch let error as ProcessError {
            guard case .launch(let reason) = error.kind else { return .failure("could not be run: \(error)") }
            return .failure(reason)
        } catch {
            return .failure("could not be run: \(error)")
        }
        return Self.interpret(outcome)
    }

    /// Turns a finished probe into facts or a reason; separate so that decoding
    /// is tested with recorded outputs.
    public static func interpret(_ outcome: ProcessOutcome) -> ProbeCache.Result {
        switch outcome.termination {
        case .timedOut(let limit):
            return .failure("did not answer within \(limit.formattedSeconds) and was stopped")
        case .signaled:
            return .failure("\(outcome.termination)")
        case .exited(let code) where code != 0:
            let last = outcome.lastErrorLine.map { ": " + excerpt($0) } ?? ""
            return .failure("exited with status \(code)\(last)")
        case .exited:
            break
        }
        let text = outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), let data = text.data(using: .utf8) else {
            return .failure(text.isEmpty ? "printed nothing: not a Python interpreter" : "is not a Python interpreter: it printed \"\(excerpt(text))\"")
        }
        do {
            return .facts(try JSONDecoder().decode(InterpreterFacts.self, from: data))
        } catch {
            return .failure("is not a Python interpreter this version of Pythons can read: it printed \"\(excerpt(text))\"")
        }
    }

    /// The first line of some text, without control characters, at most 60
    /// characters: enough to recognise, never a dump.
    static func excerpt(_ text: String) -> String {
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let clean = String(firstLine.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return clean.count > 60 ? String(clean.prefix(57)) + "..." : clean
    }
}
