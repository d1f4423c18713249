import Foundation
import Testing
@testable import PythonsCore

/// `pythons uops` against real interpreters: what the JIT, tier-2, stock and
/// free-threaded builds really do with the seed's fib.
@Suite("Micro-ops of real interpreters", .tags(.interpreters), .serialized)
struct MicroOpsRealTests {
    static let seedMicroOps = ["_ITER_NEXT_RANGE", "_GUARD_BOTH_INT", "_BINARY_OP_ADD_INT"]

    func inspect(_ interpreter: Interpreter, calls: [String] = ["fib(10)", "fib(20)"], function: String = "fib",
                 maxCalls: Int = MicroOpsRequest.defaultMaxCalls, jit: RuntimeSettings.Switch? = nil, jitSource: SettingSource? = nil,
                 extraEnvironment: [String: String] = [:]) async throws -> MicroOpsReport {
        let folder = TemporaryFolder("pythons-uops")
        let file = try folder.write("fib.py", UopsFixtures.fibSource)
        let request = MicroOpsRequest(target: FunctionTarget(file: file, function: function), calls: calls, maxCalls: maxCalls,
                                      settings: RuntimeSettings(jit: jit), jitSource: jitSource)
        return try await MicroOpsInspector.inspect(request, interpreter: interpreter,
                                                   environment: UopsFixtures.environment(home: folder, extra: extraEnvironment), runner: ProcessRunner())
    }

    @Test("on a JIT build, fib after fib(10) and fib(20) has one executor with the seed's micro-ops and machine code")
    func jitBuild() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let report = try await inspect(interpreter)
        #expect(report.reason == nil)
        #expect(report.stoppedBy == .executors)
        #expect(report.callsMade == 2)  // 10 + 20 loop iterations pass 3.13's threshold of 16 in the second call
        let executor = try #require(report.executors.first)
        #expect(report.executors.count == 1)
        let names = executor.microOps.map(\.name)
        for name in Self.seedMicroOps { #expect(names.contains(name)) }
        #expect(names.first == "_START_EXECUTOR")
        #expect(executor.hasMachineCode)
        #expect((executor.machineCodeBytes ?? 0) > 0)
        #expect(executor.replacedOpcode == "JUMP_BACKWARD")
        #expect(executor.line == 4)           // a, b = b, a + b: the loop body's last line jumps back
        #expect(executor.loopStartLine == 3)  // for _ in range(n):
        #expect(report.threshold == 16)
    }

    @Test("on a tier-2 interpreter build the micro-ops are the seed's list exactly, with no machine code")
    func tier2Build() async throws {
        let interpreter = try await UopsFixtures.tier2Interpreter()
        let report = try await inspect(interpreter)
        let executor = try #require(report.executors.first)
        #expect(executor.microOps.map(\.name) == [
            "_START_EXECUTOR", "_TIER2_RESUME_CHECK", "_ITER_CHECK_RANGE", "_GUARD_NOT_EXHAUSTED_RANGE", "_ITER_NEXT_RANGE",
            "_STORE_FAST_3", "_LOAD_FAST_2", "_LOAD_FAST_1", "_LOAD_FAST_2", "_GUARD_BOTH_INT", "_BINARY_OP_ADD_INT",
            "_STORE_FAST_2", "_STORE_FAST_1", "_JUMP_TO_TOP", "_DEOPT", "_EXIT_TRACE", "_EXIT_TRACE", "_ERROR_POP_N",
            "_EXIT_TRACE", "_ERROR_POP_N",
        ])
        #expect(!executor.hasMachineCode)
        #expect(executor.machineCodeNote != nil)
    }

    @Test("--jit off on a JIT build: no executors, and the reason names PYTHON_JIT=0")
    func jitTurnedOff() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let report = try await inspect(interpreter, jit: .off, jitSource: .option)
        #expect(report.executors.isEmpty)
        #expect(report.reason == .jitTurnedOff(build: interpreter.displayName, source: .option))
        #expect(report.reason?.message.contains("PYTHON_JIT=0") == true)
    }

    @Test("PYTHON_JIT=0 exported by the user is honoured and named as the reason")
    func jitTurnedOffByEnvironment() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let (setting, source) = MicroOpsRequest.jitSetting(option: nil, environment: ["PYTHON_JIT": "0"])
        let report = try await inspect(interpreter, jit: setting, jitSource: source)
        #expect(report.executors.isEmpty)
        #expect(report.reason?.message.hasPrefix("PYTHON_JIT=0 is set in your environment") == true)
    }

    @Test("a free-threaded build creates no executors, and the reason says so")
    func freeThreaded() async throws {
        let interpreter = try await RealInterpreters.require("3.13t")
        let report = try await inspect(interpreter)
        #expect(report.executors.isEmpty)
        #expect(report.stoppedBy == .unavailable)
        #expect(report.callsMade == 2)  // each call once: enough to show the expression runs
        #expect(report.reason == .freeThreadedBuild(build: interpreter.displayName))
        #expect(report.reason?.message.contains("creates no executors: free-threaded builds run neither the JIT nor the tier-2 optimizer") == true)
    }

    @Test("a stock build has neither JIT nor tier 2, and the reason names the build")
    func stockBuild() async throws {
        let interpreter = try await UopsFixtures.stockCPython()
        let report = try await inspect(interpreter)
        #expect(report.executors.isEmpty)
        #expect(report.reason == .noTier2(build: interpreter.displayName, version: interpreter.version))
        #expect(report.reason?.message.contains(interpreter.displayName) == true)
    }

    @Test("stopping before the loop is hot says how many calls ran and at which limit")
    func neverHot() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let report = try await inspect(interpreter, calls: ["fib(10)"], maxCalls: 1)
        #expect(report.executors.isEmpty)
        #expect(report.stoppedBy == .maxCalls)
        guard case .neverHot(let detail) = report.reason else {
            Issue.record("expected never-hot, got \(String(describing: report.reason))")
            return
        }
        #expect(detail.calls == 1)
        #expect(detail.limit == "max-calls")
        #expect(detail.threshold == 16)
        #expect(detail.functionHasLoop)
    }

    @Test("a function without a loop is told apart: calling it more would not help")
    func functionWithoutLoop() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let report = try await inspect(interpreter, calls: ["no_loop(1)"], function: "no_loop", maxCalls: 200)
        guard case .neverHot(let detail) = report.reason else {
            Issue.record("expected never-hot, got \(String(describing: report.reason))")
            return
        }
        #expect(!detail.functionHasLoop)
        #expect(report.reason?.message.contains("no_loop has no loop") == true)
    }

    @Test("a decorated function is unwrapped: the executors are the original function's, not the wrapper's")
    func decoratedFunction() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let report = try await inspect(interpreter, calls: ["decorated_sum(40)"], function: "decorated_sum")
        let executor = try #require(report.executors.first, "\(String(describing: report.reason?.message))")
        #expect(executor.codeName == "decorated_sum")
        #expect(executor.microOps.map(\.name).contains("_BINARY_OP_ADD_INT"))
    }

    @Test("an expression that raises is the reason, with Python's error line and the file's line")
    func expressionRaises() async throws {
        let interpreter = try await RealInterpreters.anyCPython3()
        guard interpreter.version.minor >= 6 else { try Test.cancel("uops needs Python 3.6+") }
        let report = try await inspect(interpreter, calls: ["broken(3)"], function: "broken")
        guard case .expressionRaised(let error) = report.reason else {
            Issue.record("expected expression-raised, got \(String(describing: report.reason))")
            return
        }
        #expect(error.line == "ZeroDivisionError: division by zero")
        #expect(error.fileLine == 13)
        #expect(!error.traceback.contains("uops.py"))
    }

    @Test("a function the file does not define is a usage error that lists what it defines")
    func missingFunction() async throws {
        let interpreter = try await RealInterpreters.anyCPython3()
        guard interpreter.version.minor >= 6 else { try Test.cancel("uops needs Python 3.6+") }
        do {
            _ = try await inspect(interpreter, function: "fibonacci")
            Issue.record("a missing function was accepted")
        } catch let error as PythonsError {
            #expect(error.kind == .usage)
            #expect(error.message.contains("defines no fibonacci"))
            #expect(error.message.contains("it defines: broken, decorated_sum, fib, logged, no_loop"))
        }
    }

    @Test("executors are found by walking instructions: inline-cache bytes equal to ENTER_EXECUTOR are not executors")
    func instructionWalkAvoidsCacheTrap() async throws {
        let interpreter = try await RealInterpreters.require("3.13j")
        let library = PythonScripts.path("microops.py")
        // Ground truth: the offsets where CPython itself has an executor.
        let output = try await RealInterpreters.evaluate(interpreter, """
            import _opcode, dis, importlib.util, json
            spec = importlib.util.spec_from_file_location("m", \(String(reflecting: library)))
            m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
            \(UopsFixtures.fibSource)
            fib(10); fib(20)
            code = fib.__code__._co_code_adaptive
            def has(offset):
                try:
                    _opcode.get_executor(fib.__code__, offset); return True
                except ValueError:
                    return False
            truth = [o for o in range(0, len(code), 2) if has(o)]
            naive = [o for o in range(0, len(code), 2) if dis.opname[code[o]] == "ENTER_EXECUTOR"]
            print(json.dumps({"truth": truth, "naive": naive, "walk": [e["offset"] for e in m.executors_of(fib)]}))
            """)
        let found = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [Int]])
        #expect(found["walk"] == found["truth"])
        #expect(found["truth"]?.isEmpty == false)
        // On 3.13.5 the naive scan also hits a LOAD_GLOBAL cache entry (offset 18): the trap this avoids.
        if found["naive"] != found["truth"] {
            #expect(Set(found["naive"] ?? []).isSuperset(of: found["truth"] ?? []))
        }
    }

    @Test("without --python, uops picks a JIT build before a tier-2 build, and never a free-threaded one")
    func defaultInterpreter() async throws {
        let catalog = await RealInterpreters.catalog()
        guard catalog.interpreters.contains(where: { $0.facts.tier2 == .present && !$0.facts.freeThreadedBuild }) else {
            #expect(throws: PythonsError.self) { try MicroOpsInspector.defaultInterpreter(in: catalog) }
            return
        }
        let chosen = try MicroOpsInspector.defaultInterpreter(in: catalog)
        #expect(!chosen.facts.freeThreadedBuild)
        #expect(chosen.facts.tier2 == .present)
        if catalog.interpreters.contains(where: { $0.facts.jitBuild && !$0.facts.freeThreadedBuild }) {
            #expect(chosen.facts.jitBuild)
        }
    }
}
