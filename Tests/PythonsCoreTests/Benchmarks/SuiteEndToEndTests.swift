import Foundation
import Testing
@testable import PythonsCore

extension BenchProcessTests {
/// pyperf scripts, the pyperformance suite and the scaling suite, run as a
/// user runs them: the built `pythons`, real interpreters, each test in its
/// own PYTHONS_HOME. Small runs: these tests check behaviour, never speed.
@Suite("suites and pyperf scripts end to end", .tags(.endToEnd, .interpreters))
struct SuiteEndToEndTests {
    static func bench(_ arguments: [String], home: TemporaryFolder, timeout: Duration = .seconds(600)) async throws -> ProcessOutcome {
        try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1"], timeout: timeout)
    }

    static func suiteDocument(_ outcome: ProcessOutcome) throws -> SuiteDocument {
        try JSONOutput.decoder().decode(SuiteDocument.self, from: Data(outcome.standardOutput.utf8))
    }

    /// A pyperf script using every registration the stand-in provides. Its
    /// bench_time_func reports exactly 2 ms per loop (0.5 ms per inner loop),
    /// so the adapter's value is known; `--fail-on` makes one interpreter
    /// raise.
    static let script = """
        import asyncio
        import sys
        import pyperf

        assert getattr(pyperf, "PYTHONS_STANDIN", False), "the real pyperf was imported"

        def fixed_time(loops, per_loop):
            return loops * per_loop

        async def sleep_nothing():
            await asyncio.sleep(0)

        if __name__ == "__main__":
            runner = pyperf.Runner()
            runner.metadata["description"] = "every registration"
            runner.argparser.add_argument("--per-loop", type=float, default=0.002)
            runner.argparser.add_argument("--fail-on", default="")
            args = runner.parse_args()
            if args.fail_on and args.fail_on == "%d.%d" % sys.version_info[:2]:
                raise RuntimeError("this benchmark does not run on " + args.fail_on)
            runner.bench_time_func("fixed", fixed_time, args.per_loop, inner_loops=4)
            runner.bench_func("sum", sum, range(1000))
            runner.timeit("join", stmt="''.join(parts)", setup="parts = ['a'] * 100")
            runner.bench_async_func("async", sleep_nothing)
        """

    @Test("a pyperf script: --benchmark picks one; bench_time_func's value is what it returns per inner loop; the real pyperf stays out")
    func pyperfScript() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("bm/run_benchmark.py", Self.script)
        let outcome = try await Self.bench(["bench", file, "--benchmark", "fixed", "--python", python.path, "--repeat", "3",
                                            "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try JSONOutput.decoder().decode(RunDocument.self, from: Data(outcome.standardOutput.utf8))
        #expect(document.run.workload == .pyperf(file: file, benchmark: "fixed", arguments: [], suite: nil))
        let median = try #require(document.analysis.configurations.first?.summary?.median)
        #expect(abs(median - 0.0005) < 1e-12, "the value must be 2 ms / 4 inner loops, got \(median)")

        // With the script's own option, and the name in the seed's line.
        let text = try await Self.bench(["bench", file, "--benchmark", "fixed", "--python", python.path, "--repeat", "2",
                                         "--", "--per-loop", "0.004"], home: home)
        #expect(text.termination == .exited(0), "\(text.standardError)")
        #expect(text.standardOutput.contains("Running fixed: 0.00s"))
        #expect(text.standardOutput.contains("1.000 ms"), "\(text.standardOutput)")

        let wrong = try await Self.bench(["bench", file, "--benchmark", "nope", "--python", python.path, "--repeat", "2"], home: home)
        #expect(wrong.termination == .exited(2))
        #expect(wrong.standardError.contains("registers no benchmark named 'nope'"))
        #expect(wrong.standardError.contains("it registers: fixed, sum, join, async"))

        // An option the script's own argparse refuses: the user's input, so exit 2 and argparse's reason.
        let refused = try await Self.bench(["bench", file, "--python", python.path, "--repeat", "2", "--", "--per-loop", "x"], home: home)
        #expect(refused.termination == .exited(2), "\(refused.standardError)")
        #expect(refused.standardError.contains("run_benchmark.py refused its arguments: argument --per-loop: invalid float value: 'x'"),
                "\(refused.standardError)")
    }

    /// pyperf's timeit forms: lists of lines, a teardown in the setup's scope,
    /// `duplicate` (the statement repeated in the loop, divided back out).
    @Test("timeit with lists, a teardown and duplicate=100: values per statement, and a timed loop of the usual millisecond, not 100 of them")
    func timeitForms() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("bm/timeit_forms.py", """
            import pyperf
            runner = pyperf.Runner()
            runner.timeit("lists", stmt=["y = x * 2", "y += 1"], setup=["x = 3", "z = 4"])
            runner.timeit("teardown", stmt="x + 1", setup="x = 1", teardown="del x")
            runner.timeit("duplicate", stmt="x + 1", setup="x = 1", duplicate=100)
            """)
        let outcome = try await Self.bench(["bench", file, "--python", python.path, "--repeat", "3", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try Self.suiteDocument(outcome)
        #expect(document.suite.benchmarks.map(\.name) == ["lists", "teardown", "duplicate"])
        #expect(document.suite.benchmarks.allSatisfy { $0.status == .measured }, "\(document.suite.benchmarks.map(\.status))")
        let duplicate = try #require(document.suite.benchmarks.last?.run?.configurations.first?.processes)
        for process in duplicate {
            let perStatement = process.values.sorted()[process.values.count / 2]
            #expect(perStatement < 1e-6, "x + 1 took \(perStatement) s a statement")
            // The worker times loops of about 1 ms; reading the time per
            // statement as the loop's made them 100 times longer.
            let loopSeconds = Double(process.loops ?? 1) * perStatement
            #expect(loopSeconds < 0.02, "a timed loop took \(loopSeconds) s (\(process.loops ?? 1) statements)")
        }
    }

    @Test("with a real pyperf installed, the worker still imports the stand-in")
    func realPyperfShadowed() async throws {
        guard let tools = ProcessInfo.processInfo.environment["PYTHONS_TEST_TOOLS"], !tools.isEmpty,
              FileManager.default.fileExists(atPath: "\(tools)/pyperf") else {
            try Test.cancel("PYTHONS_TEST_TOOLS (a venv with pyperf) is not set; scripts/test.sh sets it")
        }
        let home = TemporaryFolder()
        let file = try home.write("bm/run_benchmark.py", Self.script)
        let outcome = try await Self.bench(["bench", file, "--benchmark", "sum", "--python", "\(tools)/python", "--repeat", "2"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
    }

    @Test("several benchmarks and no --benchmark: each is measured, as a suite")
    func scriptSuite() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("bm/run_benchmark.py", Self.script)
        let outcome = try await Self.bench(["bench", file, "--python", python.path, "--repeat", "2", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try Self.suiteDocument(outcome)
        #expect(document.suite.kind == .script)
        #expect(document.suite.benchmarks.map(\.name) == ["fixed", "sum", "join", "async"])
        #expect(document.suite.benchmarks.allSatisfy { $0.status == .measured && $0.run?.configurations.first?.processes.count == 2 })
    }

    @Test("bad scripts: one line each, exit 1", arguments: [
        ("import pyperf\nprint('nothing registered')\n", "registers no benchmark"),
        ("import pyperf\npyperf.Runner().bench_command('x', ['true'])\n", "Runner.bench_command() is not supported by Pythons' pyperf stand-in"),
        ("import pyperf\npyperf.Runner().bench_func('x', len, [])\npyperf.BenchmarkSuite\n", "pyperf.BenchmarkSuite is not supported"),
        ("import pythons_no_such_module\n", "needs the module 'pythons_no_such_module'"),
    ])
    func badScripts(source: String, expected: String) async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("bad.py", source)
        var arguments = ["bench", file, "--python", python.path, "--repeat", "2"]
        if source.contains("bench_func('x'") { arguments += ["--benchmark", "x"] }
        let outcome = try await Self.bench(arguments, home: home)
        // The listing runs each script to its end, so an unsupported call
        // after the benchmark it registers is found before any timing.
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError.contains(expected), "\(outcome.standardError)")
        #expect(outcome.standardError.split(separator: "\n").filter { $0.contains("Traceback") }.isEmpty)
    }

    @Test("a script that raises on one interpreter: that configuration fails, the other is measured, exit 1")
    func raisesInOneConfiguration() async throws {
        let catalog = await RealInterpreters.catalog()
        let stock = catalog.interpreters.filter { $0.isCPython && $0.version.major == 3 && $0.version.minor >= 8 }
        var byMinor: [Int: Interpreter] = [:]
        for interpreter in stock where byMinor[interpreter.version.minor] == nil { byMinor[interpreter.version.minor] = interpreter }
        guard byMinor.count >= 2 else { try Test.cancel("needs two CPython 3 feature versions on this machine") }
        let chosen = byMinor.values.sorted { $0.version < $1.version }.suffix(2)
        let failing = chosen.last!.version.featureVersion
        let home = TemporaryFolder()
        let file = try home.write("bm/run_benchmark.py", Self.script)
        // The listing runs on the first (older) one, which does not raise.
        let outcome = try await Self.bench(["bench", file, "--benchmark", "sum",
                                            "--python", chosen.map(\.path).joined(separator: ","), "--repeat", "2",
                                            "--format", "json", "--", "--fail-on", failing], home: home)
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        let document = try JSONOutput.decoder().decode(RunDocument.self, from: Data(outcome.standardOutput.utf8))
        #expect(document.run.configurations.map(\.status) == [.measured, .failed])
        #expect(document.run.configurations[1].error == "RuntimeError: this benchmark does not run on \(failing)")
    }

    @Test("a suite's budget: benchmarks share it, and those it did not reach are named")
    func budget() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        // 50 processes each cannot fit in 5 s: nothing converges early.
        let outcome = try await Self.bench(["bench", "scaling:pymethod,create_dict,create_tuple,deepcopy", "--python", python.path,
                                            "--threads", "1,2", "--max-time", "5", "--min-processes", "50"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("not finished: pymethod: its share of the budget"), "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("not run: deepcopy: the suite's budget of 5 s ran out before it started"))
        #expect(outcome.standardError.contains("within 5 s"))
    }

    @Test("pyperformance: 5 benchmarks through the stand-in on 3.13 and 3.13j with the JIT on and off; bad names go on")
    func pyperformance() async throws {
        let stock = try await RealInterpreters.require("3.13.5", why: "the stock build")
        let jit = try await RealInterpreters.require("3.13j", why: "the JIT build")
        let home = TemporaryFolder()
        let outcome = try await Self.bench(
            ["bench", "pyperformance:nbody,float,richards,nqueens,spectral_norm,nope,python_startup",
             "--python", "\(stock.path),\(jit.path)", "--jit", "on,off", "--repeat", "6", "--warmup", "0", "--values", "1",
             "--format", "json"], home: home, timeout: .seconds(1200))
        // Two names cannot run: exit 1, after the others were measured.
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("fetching pyperformance \(PyperformancePackage.version) from PyPI"))
        let document = try Self.suiteDocument(outcome)
        let measured = document.suite.benchmarks.filter { $0.status == .measured }
        #expect(measured.map(\.name) == ["nbody", "float", "richards", "nqueens", "spectral_norm"])
        #expect(document.suite.benchmarks.first { $0.name == "nope" }?.status == .failed)
        #expect(document.suite.benchmarks.first { $0.name == "python_startup" }?.message?.contains("bench_command") == true)
        for benchmark in measured {
            let run = try #require(benchmark.run)
            #expect(run.workload == .pyperf(file: run.workload.file!, benchmark: benchmark.name, arguments: [],
                                            suite: PyperformancePackage.suiteName))
            #expect(run.configurations.map(\.label) == ["3.13", "3.13j (JIT on)", "3.13j (JIT off)"])
            // 6 a side: the fewest with an interval of the median, which a
            // benchmark needs to count in the geometric mean.
            #expect(run.configurations.allSatisfy { $0.processes.count == 6 })
            // The JIT setting reached the workers.
            #expect(run.configurations[1].processes.allSatisfy { $0.jitEnabled == true })
            #expect(run.configurations[2].processes.allSatisfy { $0.jitEnabled == false })
        }
        for label in ["3.13j (JIT on)", "3.13j (JIT off)"] {
            let mean = try #require(document.analysis.geometricMean(for: label))
            #expect(mean.benchmarks == 5)
            #expect(mean.speedup.low <= mean.speedup.value && mean.speedup.value <= mean.speedup.high)
            #expect(mean.faster + mean.slower + mean.unchanged == 5)
        }
        #expect(document.analysis.benchmarks.filter { !$0.cells.isEmpty }.allSatisfy { $0.cells.count == 3 && $0.cells[1].speedup != nil })

        // The suite is kept: its report page has the ratio chart.
        let report = try await Self.bench(["report", "suite:latest", "-o", "\(home.path)/suite.html"], home: home)
        #expect(report.termination == .exited(0), "\(report.standardError)")
        let page = try String(contentsOfFile: "\(home.path)/suite.html", encoding: .utf8)
        #expect(page.contains("Speedup of 3.13j (JIT on) against 3.13"))

        // Only unknown names: a usage error naming the valid ones.
        let unknown = try await Self.bench(["bench", "pyperformance:nope", "--python", stock.path], home: home)
        #expect(unknown.termination == .exited(2))
        #expect(unknown.standardError.contains("no pyperformance \(PyperformancePackage.version) benchmark or tag named 'nope'"))
        #expect(unknown.standardError.contains("benchmarks: 2to3, argparse"))
    }

    @Test("scaling on 3.13t with the GIL on and off: an efficiency, interval and verdict per operation and configuration")
    func scaling() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t", why: "the free-threaded build")
        let home = TemporaryFolder()
        let outcome = try await Self.bench(["bench", "scaling:pymethod,create_dict,nope", "--python", freeThreaded.path,
                                            "--gil", "on,off", "--threads", "1,2", "--repeat", "6", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        let document = try Self.suiteDocument(outcome)
        #expect(document.suite.benchmarks.first { $0.name == "nope" }?.message?.contains("operations: object_cfunction") == true)
        let entries = document.analysis.scaling
        #expect(Set(entries.map(\.operation)) == ["pymethod", "create_dict"])
        #expect(Set(entries.map(\.label)) == ["3.13t (GIL on)", "3.13t (GIL off)"])
        #expect(entries.allSatisfy { $0.threads == 2 && $0.speedup.low <= $0.speedup.value && $0.speedup.value <= $0.speedup.high })
        #expect(entries.allSatisfy { abs($0.efficiency.value - $0.speedup.value / $0.ideal) < 1e-9 })

        let text = try await Self.bench(["show", "1"], home: home)
        #expect(text.termination == .exited(0))
        let noOne = try await Self.bench(["bench", "scaling", "--python", freeThreaded.path, "--threads", "2"], home: home)
        #expect(noOne.termination == .exited(2))
        #expect(noOne.standardError.contains("needs 1 among the thread counts"))
    }
}
}
