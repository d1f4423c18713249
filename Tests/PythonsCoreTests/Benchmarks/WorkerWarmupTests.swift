import Foundation
import Testing
@testable import PythonsCore

extension BenchProcessTests {
/// The worker's warm-up on builds with tier 2: it goes on until the number of
/// executors in the workload's code stops changing. Runs worker.py's own
/// functions in a real tier-2 build.
@Suite("Worker warm-up on tier-2 builds", .tags(.interpreters))
struct WorkerWarmupTests {
    /// worker.py's definitions without its last line (the call that starts a
    /// worker), then `code`.
    static func script(_ code: String) throws -> String {
        let path = PythonScripts.path("workloads/worker.py")
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        lines.removeLast()
        return """
            import sys
            __file__ = \(pythonString(path))
            sys.argv = ["worker.py", "workload=jit", "n=300", "values=1"]
            \(lines.joined(separator: "\n"))
            \(code)
            """
    }

    @Test("the executor count sees the seed's loop become an executor, JIT on; none with it off, none without tier 2")
    func countsExecutors() async throws {
        let tier2 = try await RealInterpreters.require("3.13+tier2", why: "a build with tier 2")
        let code = try Self.script("""
            spec = parse_spec(sys.argv[1:])
            workload = make_workload(spec)
            count = executor_counter(workload_module(spec))
            before = count()
            for _ in range(400):
                workload()
            print(before, count())
            """)
        let on = try await RealInterpreters.evaluate(tier2, code, environment: ["PYTHON_JIT": "1"])
        let counts = on.split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 2 && counts[0] == 0 && counts[1] >= 1, "JIT on: \(on)")
        #expect(try await RealInterpreters.evaluate(tier2, code, environment: ["PYTHON_JIT": "0"]) == "0 0")
        let stock = try await RealInterpreters.stockCPython3()
        if stock.version < PythonVersion("3.14")! {
            let none = try await RealInterpreters.evaluate(stock, try Self.script("print(executor_counter(workload_module(parse_spec(sys.argv[1:]))))"))
            #expect(none == "None", "no tier 2, no counter (and no opcode import): \(none)")
        }
    }

    @Test("with tier 2 on, the automatic warm-up lasts past the executors' last change by AUTO_WARMUP_NS")
    func warmupWaitsForExecutors() async throws {
        let tier2 = try await RealInterpreters.require("3.13+tier2", why: "a build with tier 2")
        let home = TemporaryFolder()
        let outcome = try await BenchEndToEndTests.bench(["bench", "jit", "-n", "300", "--python", tier2.path, "--jit", "on,off",
                                                          "--repeat", "2", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try BenchEndToEndTests.decodeRun(outcome)
        let on = try #require(document.run.configurations.first { $0.jitLabel == "on" })
        let off = try #require(document.run.configurations.first { $0.jitLabel == "off" })
        func warmupSeconds(_ process: ProcessSample) -> Double {
            // Each entry is a batch's time per call. As worker.py does: for
            // the first AUTO_WARMUP_NS (50 ms) a batch that took under
            // MIN_TIMED_NS (1 ms) doubles, again after a slow (preempted)
            // one too; the executors' wait then keeps the batch it reached.
            var batch = 1.0, total = 0.0
            for entry in process.warmups {
                let elapsed = entry * batch
                let doubling = total < 0.05
                total += elapsed
                if doubling, elapsed < 0.001, batch < Double(1 << 20) { batch *= 2 }
            }
            return total
        }
        // The seed's loop turns hot within the first 50 ms; the count then
        // holds for another 50 ms: more than 100 ms of warm-up in all. A
        // loaded machine only lengthens a warm-up, so with the JIT off one
        // process that stopped near 50 ms shows there was no executors' wait.
        #expect(on.processes.allSatisfy { warmupSeconds($0) > 0.1 }, "\(on.processes.map(warmupSeconds))")
        #expect(off.processes.contains { warmupSeconds($0) < 0.1 + 0.05 }, "\(off.processes.map(warmupSeconds))")
    }
}
}
