import Foundation
import Testing
@testable import PythonsCore

/// `bench gil` and `bench jit` without -n: sized for a call of about 20 ms.
@Suite("Workload sizing")
struct WorkloadSizingTests {
    @Test("sizes scale by the workload's growth: φ per step for recursive fib, n² for the iterative loop")
    func scaling() throws {
        // fib(20) in 2 ms: 20 ms is about log_φ(10) ≈ 4.8 steps more.
        #expect(WorkloadSizing.scaled(.gil, probe: 20, seconds: 0.002) == 25)
        // A slower machine gets a smaller n, a faster one a larger.
        #expect(WorkloadSizing.scaled(.gil, probe: 20, seconds: 0.006) == 23)
        #expect(WorkloadSizing.scaled(.gil, probe: 20, seconds: 0.0005) == 28)
        // range(300) in 1 ms: 20 ms is √20 ≈ 4.47 times the n, two digits.
        #expect(WorkloadSizing.scaled(.jit, probe: 300, seconds: 0.001) == 1300)
        // Clamped to sizes that mean something, and never from a bad clock.
        #expect(WorkloadSizing.scaled(.gil, probe: 20, seconds: 1e-9) == 40)
        #expect(WorkloadSizing.scaled(.jit, probe: 300, seconds: 100) == 100)
        #expect(WorkloadSizing.scaled(.gil, probe: 20, seconds: 0) == nil)
        #expect(WorkloadSizing.scaled(.function, probe: 1, seconds: 1) == nil)
    }

    @Test("a real interpreter sizes both workloads near 20 ms a call, once: the choice is cached", .tags(.interpreters))
    func realSizing() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let sizing = WorkloadSizing(environment: RealInterpreters.environment(cacheHome: home.path))
        for kind in [Workload.Kind.gil, .jit] {
            let size = try #require(try await sizing.size(kind, interpreter: python.path, settings: .defaults))
            // Within a factor of 3 of the aim: a probe on a busy machine can
            // be preempted, and gil moves in steps of φ.
            #expect(size.expectedSeconds > WorkloadSizing.targetSeconds / 3 && size.expectedSeconds < WorkloadSizing.targetSeconds * 3,
                    "\(kind): n \(size.n), \(size.expectedSeconds) s")
            // The same answer again, from the cache (the file holds it).
            #expect(try await sizing.size(kind, interpreter: python.path, settings: .defaults) == size)
        }
        #expect(sizing.readCache().count == 2)
    }
}

/// What a run that did not converge says it would take.
@Suite("Not converged: what it would take")
struct WhatItWouldTakeTests {
    /// The fixture run (60 s, 12 rounds) with 1% noise reaches about ±1.5%;
    /// asking for ±0.5% needs (1.5/0.5)² ≈ 9 times the processes.
    @Test("the processes and time ±p needs at this pace, or a wider precision when that is hours")
    func estimate() throws {
        var run = BenchFixtures.run(rounds: 12)
        run.options.precision = 0.005
        let analysis = RunAnalysis(run)
        let widths = analysis.configurations.compactMap { $0.time?.withinRunHalfWidth }
        let width = try #require(widths.max())
        let line = RunNoteText.whatItWouldTake(run, analysis: analysis)
        let processes = Int((12 * (width / 0.005) * (width / 0.005)).rounded(.up))
        #expect(line.contains("needs about \(processes) processes"), "\(line)")
        #expect(line.contains("--max-time \(Int((60 * Double(processes) / 12).rounded(.up)))") || processes > 720, "\(line)")
        // A precision far below the noise would take hours: say so instead.
        run.options.precision = 0.0001
        let hours = RunNoteText.whatItWouldTake(run, analysis: RunAnalysis(run))
        #expect(hours.contains("too noisy for it now") && hours.contains("accept --precision"), "\(hours)")
    }
}

extension BenchProcessTests {
/// `bench gil` as a newcomer types it: no -n.
@Suite("bench without -n", .tags(.endToEnd, .interpreters))
struct SizedBenchTests {
    static func document(_ outcome: ProcessOutcome) throws -> RunDocument {
        try JSONOutput.decoder().decode(RunDocument.self, from: Data(outcome.standardOutput.utf8))
    }

    @Test("gil without -n measures the size chosen on the baseline and says so; without a free-threaded build, the last line names the command that adds one")
    func sizedAndAdvised() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["bench", "gil", "--python", python.path, "--threads", "1", "--repeat", "3", "--format", "json"],
                                                  environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1"], timeout: .seconds(300))
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let run = try Self.document(outcome).run
        // The stored workload is the cached choice, not the seed's fib(35).
        let sizing = WorkloadSizing(environment: RealInterpreters.environment(cacheHome: home.path))
        let cached = try #require(sizing.readCache().values.first)
        #expect(run.workload == .gil(n: cached.n))
        #expect(cached.n != Workload.defaultGilN)
        #expect(run.notes.contains(.sizedWorkload(n: cached.n, interpreter: run.configurations[0].label)))
        // With --format json the note is in the document only.
        #expect(!outcome.standardError.contains("chosen for this machine"), "\(outcome.standardError)")
        let last = outcome.standardError.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains("no free-threaded build was measured") && last.contains("`pythons install 3.13t`"), "\(last)")

        // -n given: measured as given, no note, no probe.
        let given = try await PythonsBinary.run(["bench", "gil", "--python", python.path, "--threads", "1", "--repeat", "3", "-n", "18", "--format", "json"],
                                                environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1"], timeout: .seconds(300))
        let givenRun = try Self.document(given).run
        #expect(givenRun.workload == .gil(n: 18))
        #expect(givenRun.notes.filter(\.isSizedWorkload).isEmpty)
    }

    @Test("with a free-threaded build measured, no advice to install one; as text the size chosen is said once, at the end")
    func noAdviceWithFreeThreading() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["bench", "gil", "--python", freeThreaded.path, "--threads", "1", "--repeat", "3"],
                                                  environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1"], timeout: .seconds(300))
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        // As text, the size chosen is said once, among the closing notes,
        // not as a warning before the run.
        let all = outcome.standardOutput + outcome.standardError
        #expect(all.components(separatedBy: "chosen for this machine").count == 2, "\(all)")
        #expect(outcome.standardOutput.contains("note: -n "), "\(outcome.standardOutput)")
        #expect(!outcome.standardError.contains("no free-threaded build"), "\(outcome.standardError)")
    }
}
}
