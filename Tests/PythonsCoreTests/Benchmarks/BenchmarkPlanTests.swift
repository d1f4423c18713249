import Foundation
import Testing
@testable import PythonsCore

@Suite("Benchmark workloads, options and matrix")
struct BenchmarkPlanTests {
    @Test("workloads: gil, jit, FILE.py:FUNC; anything else is a usage error")
    func workloads() throws {
        #expect(try Workload.parse("gil", n: nil, arguments: []) == .gil(n: 35))
        #expect(try Workload.parse("jit", n: 500, arguments: []) == .jit(n: 500))
        #expect(try Workload.parse("work/bench.py:main", n: nil, arguments: ["1000", "'x'"])
            == .function(file: "work/bench.py", name: "main", arguments: ["1000", "'x'"]))
        for bad in ["gill", "bench.py:", "bench.py:1st", "bench.py:a-b", "bench.txt:main"] {
            #expect(throws: PythonsError.self, "\(bad)") { try Workload.parse(bad, n: nil, arguments: []) }
        }
        // A file without a function is a pyperf script (see SuiteUnitTests).
        #expect(try Workload.parse("bench.py", n: nil, arguments: []) == .pyperf(file: "bench.py", benchmark: nil, arguments: [], suite: nil))
        let noFunction = #expect(throws: PythonsError.self) { try Workload.parse("bench.py:", n: nil, arguments: []) }
        #expect(noFunction?.kind == .usage)
        #expect(noFunction?.message.contains("FILE.py:FUNC") == true)
        #expect(throws: PythonsError.self) { try Workload.parse("gil", n: nil, arguments: ["1"]) }
        #expect(throws: PythonsError.self) { try Workload.parse("x.py:f", n: 3, arguments: []) }
    }

    @Test("workloads encode flat JSON and read it back")
    func workloadJSON() throws {
        for workload in [Workload.gil(n: 30), .jit(n: 100), .function(file: "a.py", name: "f", arguments: ["1"])] {
            let data = try JSONEncoder().encode(workload)
            #expect(try JSONDecoder().decode(Workload.self, from: data) == workload)
        }
        let text = String(decoding: try JSONOutput.encoder().encode(Workload.gil(n: 30)), as: UTF8.self)
        #expect(text.contains("\"kind\" : \"gil\"") && text.contains("\"n\" : 30"))
    }

    @Test("the seed's result lines")
    func resultLines() {
        #expect(Workload.gil(n: 35).resultLine(threads: 4, seconds: 7.33) == "Running 4 threads: 7.33s")
        #expect(Workload.jit(n: 10000).resultLine(threads: nil, seconds: 6.064) == "Running fib() 10,000 times: 6.06s")
        #expect(Workload.jit(n: 1_234_567).resultLine(threads: nil, seconds: 1) == "Running fib() 1,234,567 times: 1.00s")
        #expect(Workload.function(file: "x/w.py", name: "main", arguments: []).resultLine(threads: 2, seconds: 0.5)
            == "Running w.py:main in 2 threads: 0.50s")
    }

    @Test("thread counts: lists, ranges, and bad values refused", arguments: [
        ("2", [2]), ("1,2,4", [1, 2, 4]), ("1...4", [1, 2, 3, 4]), ("1,2,4...6", [1, 2, 4, 5, 6]), ("2,2,1", [2, 1]),
    ])
    func threadCounts(text: String, expected: [Int]) throws {
        #expect(try ThreadCounts.parse(text) == expected)
    }

    @Test("bad thread counts are usage errors", arguments: ["0", "4...1", "-1", "two", "", "1,,2", "1...", "5000"])
    func badThreadCounts(text: String) {
        let error = #expect(throws: PythonsError.self) { try ThreadCounts.parse(text) }
        #expect(error?.kind == .usage)
    }

    @Test("--precision and --threshold take 1% or 0.01, nothing ambiguous")
    func fractions() throws {
        #expect(try OptionValues.fraction("1%", option: "--precision", example: "1") == 0.01)
        #expect(try OptionValues.fraction("0.005", option: "--precision", example: "1") == 0.005)
        #expect(try OptionValues.fraction("0%", option: "--threshold", example: "5", allowsZero: true) == 0)
        for bad in ["0", "0%", "-1%", "100%", "2", "abc", "nan", ""] {
            #expect(throws: PythonsError.self, "\(bad)") { try OptionValues.fraction(bad, option: "--precision", example: "1") }
        }
        #expect(try OptionValues.switches("on,OFF", option: "--gil") == [.on, .off])
        #expect(throws: PythonsError.self) { try OptionValues.switches("on,maybe", option: "--gil") }
    }

    @Test("the matrix labels configurations as the seed does")
    func labels() throws {
        let matrix = try BenchmarkMatrix(
            candidates: [.init(interpreter: BenchFixtures.interpreter("3.13"), requested: true),
                         .init(interpreter: BenchFixtures.interpreter("3.13t"), requested: true),
                         .init(interpreter: BenchFixtures.interpreter("3.13j"), requested: true)],
            gil: [.on, .off], jit: [.on, .off], threads: [1, 2], cores: 2)
        let names = matrix.configurations.map(\.name)
        #expect(names == [
            "3.13, 1 thread", "3.13, 2 threads",
            "3.13t (GIL on), 1 thread", "3.13t (GIL on), 2 threads", "3.13t (GIL off), 1 thread", "3.13t (GIL off), 2 threads",
            "3.13j (JIT on), 1 thread", "3.13j (JIT on), 2 threads", "3.13j (JIT off), 1 thread", "3.13j (JIT off), 2 threads",
        ])
        // Stock builds run with nothing set; the switches go where they apply.
        #expect(matrix.configurations[0].settings == RuntimeSettings())
        #expect(matrix.configurations[4].settings == RuntimeSettings(gil: .off))
        #expect(matrix.configurations[8].settings == RuntimeSettings(jit: .off))
        #expect(matrix.configurations.map(\.jitLabel) == ["unsupported", "unsupported", "unsupported", "unsupported", "unsupported", "unsupported", "on", "on", "off", "off"])
        #expect(matrix.configurations[5].pythonLabel == "3.13t (GIL off)")
        #expect(matrix.notes.count == 3)  // each build skipped what it cannot do
    }

    @Test("defaults: a free-threaded build is labelled by its default GIL state")
    func defaultsLabels() throws {
        let matrix = try BenchmarkMatrix(candidates: [.init(interpreter: BenchFixtures.interpreter("3.13t"), requested: false)],
                                         gil: [], jit: [], threads: [nil], cores: 2)
        #expect(matrix.configurations.map(\.label) == ["3.13t (GIL off)"])
        #expect(matrix.configurations[0].settings == RuntimeSettings())
        #expect(matrix.notes.isEmpty)
    }

    @Test("a build named with --python that cannot take any setting asked for is a usage error naming it")
    func impossibleRequested() {
        let error = #expect(throws: PythonsError.self) {
            try BenchmarkMatrix(candidates: [.init(interpreter: BenchFixtures.interpreter("3.13"), requested: true)],
                                gil: [.off], jit: [], threads: [nil], cores: 2)
        }
        #expect(error?.kind == .usage)
        #expect(error?.message.contains("--gil off needs a free-threaded build") == true)
        #expect(error?.message.contains("CPython 3.13.5 at /opt/3.13/bin/python") == true)
        let jitError = #expect(throws: PythonsError.self) {
            try BenchmarkMatrix(candidates: [.init(interpreter: BenchFixtures.interpreter("3.13t"), requested: true)],
                                gil: [], jit: [.on], threads: [nil], cores: 2)
        }
        #expect(jitError?.message.contains("--jit needs") == true)
    }

    @Test("a build found by default that cannot take the settings is skipped, said so")
    func impossibleDefault() throws {
        let matrix = try BenchmarkMatrix(
            candidates: [.init(interpreter: BenchFixtures.interpreter("3.12", version: "3.12.1"), requested: false),
                         .init(interpreter: BenchFixtures.interpreter("3.13t"), requested: false)],
            gil: [.off], jit: [], threads: [2], cores: 2)
        #expect(matrix.configurations.map(\.name) == ["3.13t (GIL off), 2 threads"])
        #expect(matrix.notes.contains { RunNoteText.standalone($0)?.hasPrefix("skipped CPython 3.12.1") == true })
    }

    @Test("more threads than cores is noted: it measures the scheduler")
    func oversubscription() throws {
        let matrix = try BenchmarkMatrix(candidates: [.init(interpreter: BenchFixtures.interpreter("3.13t"), requested: true)],
                                         gil: [], jit: [], threads: [1, 4], cores: 2)
        #expect(matrix.notes.contains(.threadsBeyondCores(cores: 2)))
        #expect(matrix.notes.contains { RunNoteText.standalone($0)?.contains("beyond 2 threads the run measures the scheduler") == true })
    }

    @Test("two builds with one short name get their full versions, then their paths")
    func disambiguation() throws {
        let matrix = try BenchmarkMatrix(
            candidates: [.init(interpreter: BenchFixtures.interpreter("3.13", version: "3.13.0", path: "/a/python3.13"), requested: true),
                         .init(interpreter: BenchFixtures.interpreter("3.13", version: "3.13.5", path: "/b/python3.13"), requested: true),
                         .init(interpreter: BenchFixtures.interpreter("3.13", version: "3.13.5", path: "/c/python3.13"), requested: true)],
            gil: [], jit: [], threads: [nil], cores: 2)
        #expect(matrix.configurations.map(\.label) == ["3.13.0", "3.13.5 [/b/python3.13]", "3.13.5 [/c/python3.13]"])
    }

    @Test("the baseline is a label, its start, or a position; else a usage error listing them")
    func baseline() throws {
        let configurations = BenchFixtures.run().configurations
        #expect(try BenchmarkSession.baselineLabel(nil, configurations: configurations) == "3.13t (GIL on)")
        #expect(try BenchmarkSession.baselineLabel("3.13T (gil OFF)", configurations: configurations) == "3.13t (GIL off)")
        #expect(try BenchmarkSession.baselineLabel("2", configurations: configurations) == "3.13t (GIL off)")
        let error = #expect(throws: PythonsError.self) { try BenchmarkSession.baselineLabel("3.12", configurations: configurations) }
        #expect(error?.details.contains("  1. 3.13t (GIL on)") == true)
    }

    @Test("the worker request passes settings explicitly and inherits none")
    func workerRequest() throws {
        let environment = PythonsEnvironment(variables: ["PATH": "/usr/bin", "PYTHON_GIL": "1", "PYTHONPATH": "/x", "PYTHON_JIT": "1"], userHome: "/home/u")
        let spec = WorkerSpec(workload: .gil(n: 20), threads: 2, warmup: 1, values: 0)
        let request = try spec.request(interpreter: "/opt/p/bin/python3.13t", settings: RuntimeSettings(gil: .off),
                                       environment: environment, timeout: .seconds(5), workingDirectory: "/tmp", token: "t0ken")
        #expect(request.environment["PYTHON_GIL"] == "0")
        #expect(request.environment["PYTHON_JIT"] == nil)
        #expect(request.environment["PYTHONPATH"] == nil)
        #expect(request.environment["PATH"] == "/usr/bin")
        #expect(request.arguments[2].hasSuffix("workloads/worker.py"))
        #expect(Array(request.arguments.dropFirst(3)) == ["workload=gil", "n=20", "threads=2", "warmup=1", "values=0"])
        #expect(Array(request.arguments.prefix(2)) == ["-S", "-s"])
        #expect(!request.arguments.contains("-E"))
        // The secret travels on stdin only, where the workload cannot read it.
        #expect(request.lifelineInput == "t0ken\n")
        #expect(!request.arguments.joined().contains("t0ken") && !request.environment.values.contains { $0.contains("t0ken") })
        let function = try WorkerSpec(workload: .function(file: "dir=x/w.py", name: "f", arguments: ["a=b", ""]), threads: nil, warmup: nil, values: 1)
            .request(interpreter: "/p", settings: RuntimeSettings(), environment: environment, timeout: .seconds(5), workingDirectory: nil, token: "t")
        // With site: the user's imports need site-packages.
        #expect(function.arguments[0].hasSuffix("workloads/worker.py"))
        #expect(Array(function.arguments.dropFirst()) == ["workload=function", "file=dir=x/w.py", "function=f", "arg=a=b", "arg=", "values=1"])  // no warmup=: the worker warms up for 50 ms
    }

    @Test("worker answers: a result line, a traceback's last line, a timeout")
    func workerAnswers() throws {
        func interpret(_ outcome: ProcessOutcome) -> Result<WorkerResult, WorkerFailure> { WorkerResult.interpret(outcome, token: "abc") }
        let printed = "user output\n@@pythons-result abc {\"values_ns\": [1500000000], \"warmups_ns\": [1600000000], \"loops\": 1, \"gil_enabled\": false, \"jit_enabled\": null}\n"
        let result = try interpret(ProcessOutcome(termination: .exited(0), standardOutput: printed, standardError: "")).get()
        #expect(result.sample(round: 3, sequence: 7) == ProcessSample(round: 3, sequence: 7, values: [1.5], warmups: [1.6], gilEnabled: false, jitEnabled: nil))
        let looped = "@@pythons-result abc {\"values_ns\": [150.5, 151.25], \"warmups_ns\": [2600], \"loops\": 4096, \"gil_enabled\": true, \"jit_enabled\": true}"
        let loopedSample = try interpret(ProcessOutcome(termination: .exited(0), standardOutput: looped, standardError: "")).get().sample(round: 0)
        #expect(loopedSample.loops == 4096 && loopedSample.values == [150.5e-9, 151.25e-9])
        let traceback = "Traceback (most recent call last):\n  File \"w.py\", line 2, in f\nZeroDivisionError: division by zero\n"
        guard case .failure(let failure) = interpret(ProcessOutcome(termination: .exited(1), standardOutput: "", standardError: traceback)) else {
            Issue.record("a traceback must fail")
            return
        }
        #expect(failure.message == "ZeroDivisionError: division by zero")
        guard case .failure(let timeout) = interpret(ProcessOutcome(termination: .timedOut(.seconds(2)), standardOutput: "", standardError: "")) else {
            Issue.record("a timeout must fail")
            return
        }
        #expect(timeout.message.contains("within 2 s"))
        guard case .failure = interpret(ProcessOutcome(termination: .exited(0), standardOutput: "no result", standardError: "")) else {
            Issue.record("no result line must fail")
            return
        }
        // A line in the result's format without this worker's token is the
        // workload's output, not a result.
        let forged = "@@pythons-result {\"values_ns\": [1], \"warmups_ns\": [], \"loops\": 1, \"gil_enabled\": true, \"jit_enabled\": null}"
        guard case .failure(let forgery) = interpret(ProcessOutcome(termination: .exited(0), standardOutput: forged, standardError: "")) else {
            Issue.record("a result without the token must fail")
            return
        }
        #expect(forgery.message.contains("before the timings were reported"))
    }
}
