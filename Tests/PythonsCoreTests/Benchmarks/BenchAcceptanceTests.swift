import Foundation
import Testing
@testable import PythonsCore

/// The issue's acceptance on this machine, with the builds `pythons install`
/// makes (3.13t, 3.13j). Workloads are small so each test takes seconds; the
/// assertions are about what the statistics let one conclude, with margins
/// that hold on a quiet 2-core machine.
extension BenchProcessTests {
@Suite("pythons bench acceptance with 3.13t and 3.13j", .tags(.builds, .endToEnd))
struct BenchAcceptanceTests {
    @Test("GIL off at 2 threads is faster than GIL on at 2 threads, ratio CI above 1.5")
    func freeThreading() async throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard cores >= 2 else { try Test.cancel("needs 2 cores to run 2 threads at once; this machine has \(cores)") }
        let python = try await RealInterpreters.require("3.13t")
        try await Self.requireTwoCores(python, when: "before", attempts: 3)
        // A neighbour that takes a core for a minute halves what 2 threads
        // can do, and a check of the machine before or after cannot see it.
        // So a shortfall is measured again, up to three runs: free threading
        // that does not run in parallel falls short every time.
        var shortfalls: [String] = []
        for attempt in 1...3 {
            let home = TemporaryFolder()
            let outcome = try await BenchEndToEndTests.bench(
                ["bench", "gil", "--python", python.path, "--gil", "on,off", "--threads", "1,2", "-n", "30",
                 "--repeat", "10", "--format", "json"], home: home)
            #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
            let document = try BenchEndToEndTests.decodeRun(outcome)
            #expect(document.run.configurations.map(\.name) == [
                "3.13t (GIL on), 1 thread", "3.13t (GIL on), 2 threads", "3.13t (GIL off), 1 thread", "3.13t (GIL off), 2 threads"])
            #expect(document.run.configurations[1].banner?.freeThreading == .disabled)
            #expect(document.run.configurations[3].banner?.freeThreading == .enabled)
            // The workers really ran with the GIL as asked.
            #expect(document.run.configurations[1].processes.allSatisfy { $0.gilEnabled == true })
            #expect(document.run.configurations[3].processes.allSatisfy { $0.gilEnabled == false })
            let speedup = try #require(document.analysis.configurations[3].speedup)
            #expect(speedup.baseline == "3.13t (GIL on)")
            let interval = try #require(speedup.withinRun)
            if interval.lower > 1.5 { return }
            shortfalls.append("run \(attempt): \(speedup.value) [\(interval.lower), \(interval.upper)] at load \(document.run.machine.loadAverage)")
            try await Self.requireTwoCores(python, when: "after", result: "GIL off vs on at 2 threads, " + shortfalls.joined(separator: "; "))
        }
        Issue.record("GIL off vs on at 2 threads had its 95% CI above 1.5 in none of 3 runs: \(shortfalls.joined(separator: "; "))")
    }

    /// Two threads can only beat one when the machine has two cores to give.
    /// When other work takes them (a busy shared machine, other test
    /// processes), the claim cannot be checked: the test says so and stops,
    /// rather than fail. Checked before the run and, when the result falls
    /// short, again after it.
    /// - Parameter attempts: checks 10 s apart before giving up. Before the
    ///   run, 3: this test starts right after the parallel suite, whose last
    ///   processes may still be ending (1.51 cores' worth at load 4.95 was
    ///   seen then in CI).
    static func requireTwoCores(_ python: Interpreter, when: String, result: String = "", attempts: Int = 1) async throws {
        var capacity = try await parallelCapacity(python)
        for _ in 1..<max(attempts, 1) where capacity < 1.7 {
            try await Task.sleep(for: .seconds(10))
            capacity = try await parallelCapacity(python)
        }
        if capacity < 1.7 {
            try Test.cancel("\(when) the run, the machine gave only \(String(format: "%.2f", capacity)) cores' worth to 2 busy processes (load \(String(format: "%.2f", MachineInfo.current().loadAverage.first ?? 0))): two threads cannot beat one now\(result.isEmpty ? "" : "; " + result)")
        }
    }

    /// How many cores' worth of CPU two busy processes get at once: 2 × the
    /// time of one alone over the time of two together (2 on an idle 2-core
    /// machine, 1 when everything else leaves a single core).
    static func parallelCapacity(_ python: Interpreter) async throws -> Double {
        let busy = ["-c", "sum(i * i for i in range(3_000_000))"]
        let environment = RuntimeSettings(gil: .off).childEnvironment(from: ProcessInfo.processInfo.environment)
        func timed(_ count: Int) async throws -> Double {
            let clock = ContinuousClock()
            let start = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        _ = try await ProcessRunner().run(ProcessRequest(executable: python.path, arguments: busy,
                                                                         environment: environment, timeout: .seconds(60)))
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        let single = try await timed(1)
        let pair = try await timed(2)
        return 2 * single / pair
    }

    @Test("JIT on and off are shown apart, each with a CI, and their ratio with a CI")
    func jit() async throws {
        let python = try await RealInterpreters.require("3.13j")
        let home = TemporaryFolder()
        let outcome = try await BenchEndToEndTests.bench(
            ["bench", "jit", "--python", python.path, "--jit", "on,off", "-n", "600", "--repeat", "10"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let text = outcome.standardOutput
        #expect(text.contains("JIT Compiler: enabled ✨"))
        #expect(text.contains("JIT Compiler: disabled"))
        #expect(text.components(separatedBy: "Running fib() 600 times: ").count == 3)
        // The table's rows: from its header to the first blank line (the bar
        // chart below names the configurations again).
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.hasPrefix("CONFIGURATION") })
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.hasPrefix("3.13j (JIT") })
        let stored = try #require(try RunStore(path: "\(home.path)/results.sqlite").run("latest"))
        let analysis = RunAnalysis(stored)
        #expect(stored.configurations.map(\.label) == ["3.13j (JIT on)", "3.13j (JIT off)"])
        #expect(stored.configurations[0].processes.allSatisfy { $0.jitEnabled == true })
        #expect(stored.configurations[1].processes.allSatisfy { $0.jitEnabled == false })
        #expect(analysis.configurations.allSatisfy { $0.summary?.medianInterval != nil })
        #expect(analysis.configurations[1].speedup?.withinRun != nil)
    }
}
}
