import Foundation
import Testing
@testable import PythonsCore

@Suite("Micro-ops requests")
struct MicroOpsRequestTests {
    @Test("FILE.py:FUNCTION splits at the last colon", arguments: [
        ("fib.py:fib", "fib.py", "fib"),
        ("bench/jit.py:Fib.run", "bench/jit.py", "Fib.run"),
        ("/tmp/a:b/x.py:_private", "/tmp/a:b/x.py", "_private"),
    ])
    func parsesTargets(text: String, file: String, function: String) throws {
        let target = try FunctionTarget.parse(text)
        #expect(target == FunctionTarget(file: file, function: function))
    }

    @Test("targets without a file or a valid function name are usage errors", arguments: [
        "fib.py", ":fib", "fib.py:", "fib.py:1fib", "fib.py:fib(10)", "fib.py:a..b", "fib.py:fib ",
    ])
    func rejectsTargets(text: String) {
        #expect(throws: PythonsError.self) { try FunctionTarget.parse(text) }
        do { _ = try FunctionTarget.parse(text) } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("FILE.py:FUNCTION"))
        }
    }

    @Test("limits must be positive", arguments: [(0, 20.0), (-5, 20.0), (10, 0.0), (10, -1.0), (10, 7200.0)])
    func rejectsLimits(maxCalls: Int, maxSeconds: Double) {
        let request = MicroOpsRequest(target: FunctionTarget(file: "f.py", function: "f"), maxCalls: maxCalls, maxSeconds: maxSeconds)
        #expect(throws: PythonsError.usage(maxCalls < 1
            ? "--max-calls must be at least 1, got \(maxCalls)"
            : "--max-seconds must be more than 0 and at most 3600, got \(maxSeconds)")) {
            try request.validate()
        }
    }

    @Test("the helper gets the file, the function, each call in order and the limits")
    func helperArguments() throws {
        let facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        let interpreter = Interpreter(path: "/opt/p/bin/python3.13", resolvedPath: "/opt/p/bin/python3.13", aliases: [], foundIn: [.path], facts: facts)
        let environment = PythonsEnvironment(variables: ["PATH": "/usr/bin", "PYTHON_JIT": "1", "PYTHONPATH": "/x",
                                                         "PYTHONS_RESOURCES": "/res"], userHome: "/home/me")
        let request = MicroOpsRequest(target: FunctionTarget(file: "/w/fib.py", function: "fib"), calls: ["fib(10)", "fib(20)"],
                                      maxCalls: 50, maxSeconds: 2.5, settings: RuntimeSettings(jit: .off), jitSource: .option)
        let process = request.processRequest(interpreter: interpreter, environment: environment, workingDirectory: "/w")
        #expect(process.executable == "/opt/p/bin/python3.13")
        #expect(process.arguments == ["/res/uops.py", "--file", "/w/fib.py", "--function", "fib",
                                     "--call", "fib(10)", "--call", "fib(20)", "--max-calls", "50", "--max-seconds", "2.5"])
        #expect(process.environment["PYTHON_JIT"] == "0")
        #expect(process.environment["PYTHONPATH"] == nil)
        #expect(process.workingDirectory == "/w")
        #expect(process.timeout == .seconds(63))
    }

    @Test("without --call the function is called with no arguments")
    func defaultCall() {
        let request = MicroOpsRequest(target: FunctionTarget(file: "f.py", function: "Shape.area"))
        #expect(request.effectiveCalls == ["Shape.area()"])
    }

    @Test("--jit wins; else an exported PYTHON_JIT counts, read as CPython reads it")
    func jitSettingSources() {
        #expect(MicroOpsRequest.jitSetting(option: .on, environment: ["PYTHON_JIT": "0"]) == (.on, .option))
        #expect(MicroOpsRequest.jitSetting(option: nil, environment: ["PYTHON_JIT": "0"]) == (.off, .environment))
        #expect(MicroOpsRequest.jitSetting(option: nil, environment: ["PYTHON_JIT": "yes"]) == (.on, .environment))
        #expect(MicroOpsRequest.jitSetting(option: nil, environment: ["PYTHON_JIT": ""]) == (nil, nil))
        #expect(MicroOpsRequest.jitSetting(option: nil, environment: [:]) == (nil, nil))
    }

    @Test("every reason survives a JSON round trip with its kind and message")
    func reasonsRoundTrip() throws {
        let reasons: [NoExecutorsReason] = [
            .expressionRaised(RaisedError(type: "ZeroDivisionError", line: "ZeroDivisionError: division by zero", fileLine: 4,
                                          traceback: "Traceback ...", whileLoading: false)),
            .freeThreadedBuild(build: "CPython 3.13.5 (free-threaded) at /p"),
            .noTier2(build: "CPython 3.12.1 at /p", version: PythonVersion(3, 12, 1)),
            .jitTurnedOff(build: "CPython 3.13.5 (JIT) at /p", source: .environment),
            .jitOffByDefault(build: "CPython 3.13.5 (JIT) at /p"),
            .neverHot(.init(function: "fib", calls: 3, seconds: 0.001, limit: "max-calls", limitValue: 3, threshold: 16,
                            version: "3.13", functionHasLoop: true)),
        ]
        for reason in reasons {
            let data = try JSONOutput.encoder().encode(reason)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["kind"] as? String == reason.kind)
            #expect(object["message"] as? String == reason.message)
            #expect(try JSONOutput.decoder().decode(NoExecutorsReason.self, from: data) == reason)
        }
    }

    @Test("reasons name what to do")
    func reasonMessages() {
        #expect(NoExecutorsReason.jitTurnedOff(build: "B", source: .environment).message.contains("PYTHON_JIT=0 is set in your environment"))
        #expect(NoExecutorsReason.jitTurnedOff(build: "B", source: .option).message.contains("--jit off"))
        #expect(NoExecutorsReason.noTier2(build: "CPython 3.12.1 at /p", version: PythonVersion(3, 12, 1)).message.contains("arrived in CPython 3.13"))
        #expect(NoExecutorsReason.noTier2(build: "CPython 3.13.0 at /p", version: PythonVersion(3, 13, 0)).message.contains("stock build"))
        let neverHot = NoExecutorsReason.neverHot(.init(function: "fib", calls: 2, seconds: 20.4, limit: "max-seconds", limitValue: 20,
                                                        threshold: 4096, version: "3.14", functionHasLoop: true))
        #expect(neverHot.message.contains("--max-seconds 20"))
        #expect(neverHot.message.contains("about 4096 iterations"))
    }
}

@Suite("repl sessions")
struct ReplSessionTests {
    static func interpreter(freeThreaded: Bool, tier2: Int?) throws -> Interpreter {
        var facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        facts.freeThreadedBuild = freeThreaded
        facts.tier2Flags = tier2
        facts.jitBuild = tier2 == 1
        return Interpreter(path: "/opt/p/bin/python3.13", resolvedPath: "/opt/p/bin/python3.13", aliases: [], foundIn: [.path], facts: facts)
    }

    @Test("options win; exported PYTHON_GIL/PYTHON_JIT count where the build can take them")
    func settings() throws {
        let jit = try Self.interpreter(freeThreaded: false, tier2: 1)
        let freeThreaded = try Self.interpreter(freeThreaded: true, tier2: nil)
        #expect(ReplSession.settings(gil: nil, jit: .on, environment: ["PYTHON_JIT": "0"], interpreter: jit) == RuntimeSettings(jit: .on))
        #expect(ReplSession.settings(gil: nil, jit: nil, environment: ["PYTHON_JIT": "0"], interpreter: jit) == RuntimeSettings(jit: .off))
        // CPython stops with a fatal error on PYTHON_GIL=0 without free threading: never pass it on.
        #expect(ReplSession.settings(gil: nil, jit: nil, environment: ["PYTHON_GIL": "0"], interpreter: jit) == RuntimeSettings())
        #expect(ReplSession.settings(gil: nil, jit: nil, environment: ["PYTHON_GIL": "0", "PYTHON_JIT": "1"], interpreter: freeThreaded)
                == RuntimeSettings(gil: .off))
    }

    @Test("the session is python -i with the start-up file and the banner, in the user's environment")
    func request() throws {
        let interpreter = try Self.interpreter(freeThreaded: true, tier2: nil)
        let banner = Banner(platformLine: "P", interpreterLine: "I", freeThreading: .enabled, jit: .unsupported)
        let environment = PythonsEnvironment(variables: ["PYTHONS_RESOURCES": "/res", "PYTHONPATH": "/src", "PYTHON_GIL": "1",
                                                         "PYTHON_BASIC_REPL": "1"], userHome: "/home/me")
        let request = ReplSession.request(interpreter: interpreter, banner: banner, settings: RuntimeSettings(gil: .off), environment: environment)
        #expect(request.executable == "/opt/p/bin/python3.13")
        #expect(request.arguments == ["-i", "/res/repl_startup.py", banner.text])
        #expect(request.environment["PYTHON_GIL"] == "0")
        #expect(request.environment["PYTHONPATH"] == "/src")
        #expect(request.environment["PYTHON_BASIC_REPL"] == "1")
        #expect(request.timeout == nil)
    }
}

@Suite("Reasons for no executors")
struct NoExecutorsReasonTests {
    static func helper(supported: Bool = true, active: Bool?, error: Bool = false) throws -> HelperReport {
        let json = """
            {"executors_supported": \(supported), "optimizer_active": \(active.map(String.init) ?? "null"), "threshold": 16,
             "calls_made": 10000, "seconds": 0.5, "stopped_by": "\(error ? "error" : "max_calls")", "has_loop": true,
             "error": \(error ? #"{"type": "KeyError", "line": "KeyError: 'x'", "traceback": "T", "file_line": 3}"# : "null"),
             "load_error": null, "executors": []}
            """
        return try JSONDecoder().decode(HelperReport.self, from: Data(json.utf8))
    }

    static func interpreter(tier2Flags: Int?, freeThreaded: Bool = false) throws -> Interpreter {
        var facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        facts.freeThreadedBuild = freeThreaded
        facts.tier2Flags = tier2Flags
        facts.jitBuild = tier2Flags.map { $0 & 1 == 1 } ?? false
        return Interpreter(path: "/p/python3.13", resolvedPath: "/p/python3.13", aliases: [], foundIn: [.path], facts: facts)
    }

    static let request = MicroOpsRequest(target: FunctionTarget(file: "f.py", function: "fib"))

    @Test("when the interpreter cannot say whether tier 2 runs, the build's default decides")
    func unknownOptimizerState() throws {
        let offByDefault = try Self.interpreter(tier2Flags: 3)
        let onByDefault = try Self.interpreter(tier2Flags: 1)
        #expect(MicroOpsInspector.decideReason(helper: try Self.helper(active: nil), stoppedBy: .maxCalls, request: Self.request,
                                               interpreter: offByDefault) == .jitOffByDefault(build: offByDefault.displayName))
        guard case .neverHot = MicroOpsInspector.decideReason(helper: try Self.helper(active: nil), stoppedBy: .maxCalls,
                                                              request: Self.request, interpreter: onByDefault) else {
            Issue.record("a JIT build that is on by default should be reported as never hot")
            return
        }
    }

    @Test("an error comes first, then free threading, then the build")
    func order() throws {
        let freeThreaded = try Self.interpreter(tier2Flags: nil, freeThreaded: true)
        let raised = MicroOpsInspector.decideReason(helper: try Self.helper(supported: false, active: nil, error: true), stoppedBy: .error,
                                                    request: Self.request, interpreter: freeThreaded)
        #expect(raised.kind == "expression-raised")
        #expect(MicroOpsInspector.decideReason(helper: try Self.helper(supported: false, active: nil), stoppedBy: .unavailable,
                                               request: Self.request, interpreter: freeThreaded).kind == "free-threaded-build")
        #expect(MicroOpsInspector.decideReason(helper: try Self.helper(supported: false, active: nil), stoppedBy: .unavailable,
                                               request: Self.request, interpreter: try Self.interpreter(tier2Flags: nil)).kind == "no-tier2")
    }
}
