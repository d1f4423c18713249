import Foundation
import Testing
@testable import PythonsCore

/// Steady-state detection per process (Barrett et al. 2017), on synthetic
/// timings with a known shape and on timings recorded by `pythons bench`.
@Suite("Steady state per process")
struct SteadyStateTests {
    /// Timings around `level` with relative noise, and now and then one
    /// preempted call 5 to 20% slow, as on a quiet shared machine.
    static func steady(_ generator: inout SplitMix64, count: Int = 20, level: Double = 0.0073, noise: Double = 0.01) -> [Double] {
        (0..<count).map { index in
            var value = level * (1 + noise * generator.normal())
            if generator.next() % 13 == 0 { value *= 1.05 + 0.15 * Double(generator.next() % 100) / 100 }
            _ = index
            return value
        }
    }

    @Test("steady timings, even with a stray slow call, are steady: at most 1 in 100 processes flagged")
    func steadyIsSteady() {
        var generator = SplitMix64(seed: 1)
        var flagged = 0
        for _ in 0..<1000 {
            if SteadyState.classify(Self.steady(&generator)).verdict != .steady { flagged += 1 }
        }
        #expect(flagged <= 10, "\(flagged) of 1000 steady processes flagged")
        // Fewer than six timings cannot be judged.
        #expect(SteadyState.classify([1, 2, 1, 2, 1]).verdict == .tooFewTimings)
    }

    @Test("two levels back and forth are modes, with their levels")
    func flippingIsModes() throws {
        var generator = SplitMix64(seed: 2)
        // The 3.15 JIT shape: a process's timings jump between about 3.7 and
        // 7.7 ms in runs of a few calls.
        var values: [Double] = []
        var high = false
        while values.count < 20 {
            let run = 1 + Int(generator.next() % 4)
            for _ in 0..<run where values.count < 20 { values.append((high ? 0.0077 : 0.0037) * (1 + 0.005 * generator.normal())) }
            high.toggle()
        }
        let classification = SteadyState.classify(values)
        #expect(classification.verdict == .flipped)
        let levels = try #require(classification.levels)
        #expect(abs(levels.low - 0.0037) < 0.0001 && abs(levels.high - 0.0077) < 0.0001)
    }

    @Test("a drop to a lower level is a late warm-up; a rise, or an upward trend, a slow-down")
    func shiftsAndTrends() {
        var generator = SplitMix64(seed: 3)
        func noisy(_ level: Double, _ noise: Double = 0.005) -> Double { level * (1 + noise * generator.normal()) }
        func ramp(_ index: Int, _ total: Double) -> Double { 1 + total * Double(index) / 19 }
        let late = (0..<20).map { noisy($0 < 6 ? 0.012 : 0.010) }
        #expect(SteadyState.classify(late).verdict == .warmedUpLate)
        let rise = (0..<20).map { noisy($0 < 12 ? 0.010 : 0.0115) }
        #expect(SteadyState.classify(rise).verdict == .slowedDown)
        // 6% slower over the process, gradually.
        let drift = (0..<20).map { noisy(0.010 * ramp($0, 0.06), 0.004) }
        #expect(SteadyState.classify(drift).verdict == .slowedDown)
        let warming = (0..<20).map { noisy(0.010 * ramp(19 - $0, 0.06), 0.004) }
        #expect(SteadyState.classify(warming).verdict == .warmedUpLate)
        // A 1% drift is within what a median of steady calls shrugs off.
        let slight = (0..<20).map { noisy(0.010 * ramp($0, 0.01), 0.004) }
        #expect(SteadyState.classify(slight).verdict == .steady)
    }

    @Test("a process of 20,000 timings is judged on medians of stretches: a 6% drift is a slow-down, noise is steady")
    func longProcesses() {
        var generator = SplitMix64(seed: 4)
        let count = 20_000
        #expect(SteadyState.trendPoints(Array(repeating: 1.0, count: count)).count == SteadyState.maximumTrendPoints)
        let drift: [Double] = (0..<count).map { index in
            let ramp = 1 + 0.06 * Double(index) / Double(count - 1)
            return 0.010 * ramp * (1 + 0.01 * generator.normal())
        }
        #expect(SteadyState.classify(drift).verdict == .slowedDown)
        let steady = Self.steady(&generator, count: count)
        #expect(SteadyState.classify(steady).verdict == .steady)
    }

    @Test("a configuration counts its processes by verdict; one stray process does not flag it, two do, and a tenth of many")
    func configurationSummary() throws {
        var generator = SplitMix64(seed: 4)
        var processes = (0..<5).map { ProcessSample(round: $0, values: Self.steady(&generator)) }
        let steadiness = Steadiness(processes: processes)
        #expect(steadiness.checked == 5 && steadiness.steady == 5 && !steadiness.isUnsteady && steadiness.modes == nil)
        processes.append(ProcessSample(round: 5, values: Self.recordedJITFlip))
        processes.append(ProcessSample(round: 6, values: [0.007, 0.0071]))
        let stray = Steadiness(processes: processes)
        #expect(stray.checked == 6 && stray.flipped == 1 && stray.tooFewTimings == 1 && stray.unsteadyProcesses == [5])
        #expect(!stray.isUnsteady, "one process of six, as a preempted one is")
        processes.append(ProcessSample(round: 7, values: Self.recordedJITFlip))
        let flagged = Steadiness(processes: processes)
        #expect(flagged.isUnsteady && flagged.unsteadyProcesses == [5, 7])
        let modes = try #require(flagged.modes)
        #expect(modes[0] < 0.0035 && modes[1] > 0.0065)
        #expect(RunNoteText.steadinessText(flagged).hasPrefix("2 of 7 processes flipped between modes (2.9"))
        // Among 50 processes, 5 (a tenth) flag; 4 do not.
        #expect(Steadiness.flaggingCount(checked: 50) == 5 && Steadiness.flaggingCount(checked: 10) == 2)
    }

    /// One process of `pythons bench jit -n 500 --python python3.15 --jit on
    /// --values 20` (Debian's CPython 3.15.2, 2026-12-01, on this 2-core
    /// machine with a load of 8), in seconds: calls of about 3 ms, and calls
    /// 4 and 8 ms longer, a scheduler slice or two. Preemption on a busy
    /// machine makes levels as a JIT flip does; both are flagged, and the
    /// warning names the load when it exceeds the cores.
    static let recordedJITFlip: [Double] = [3.09, 3.17, 11.13, 6.95, 7.28, 2.9, 2.9, 10.91, 2.97, 2.93, 9.09, 2.93, 6.95, 6.94,
                                            2.92, 6.94, 9.42, 7.98, 3.33, 2.97].map { $0 / 1000 }
    /// Another process of the same run, steady at its slower level but for
    /// one fast call.
    static let recordedSlowLevel: [Double] = [5.47, 7.45, 7.52, 7.6, 8.23, 7.85, 7.92, 7.86, 9.7, 8.34, 7.97, 6.62, 9.93, 7.92, 7.75,
                                              3.75, 7.71, 7.68, 7.41, 7.39].map { $0 / 1000 }

    @Test("recorded timings: the flipping 3.15 process is flagged, with its two levels; the one at one level is not")
    func recorded() throws {
        let flip = SteadyState.classify(Self.recordedJITFlip)
        #expect(flip.verdict == .flipped)
        #expect(try #require(flip.levels).low < 0.0032)
        #expect(SteadyState.classify(Self.recordedSlowLevel).verdict == .steady)
    }

    @Test("an unsteady configuration is flagged in the table, the notes, Markdown, the report, pyperf's metadata and compare")
    func flaggedEverywhere() throws {
        var run = BenchFixtures.run(rounds: 8, seed: 5)
        run.configurations[1].processes[2].values = Self.recordedJITFlip
        run.configurations[1].processes[3].values = Self.recordedJITFlip
        let analysis = RunAnalysis(run)
        #expect(analysis.configurations[1].isUnsteady && !analysis.configurations[0].isUnsteady)
        let rendering = RunRendering(run: run, analysis: analysis)
        #expect(rendering.textLines().contains { $0.hasPrefix("3.13t (GIL off)") && $0.contains("unsteady") })
        // The fixture's other processes timed one call each: too few to judge.
        #expect(rendering.textLines().contains { $0.hasPrefix("warning: unsteady: 3.13t (GIL off), 2 threads: 2 of 2 processes flipped between modes") })
        #expect(rendering.markdownLines().contains { $0.hasPrefix("**Warning**: unsteady: 3.13t (GIL off)") })
        let report = RunReport(run: run, analysis: analysis)
        #expect(report.notes.contains { $0.hasPrefix("unsteady: 3.13t (GIL off)") })
        #expect(StatisticsTable(run: report).rows[1].last?.contains("unsteady: 2 of 2 processes flipped") == true)
        #expect(ReportCharts.comparison(report)?.contains("unsteady") == true)
        let pyperf = RunExports.pyperfDocuments(run, analysis: analysis)
        let metadata = try #require(pyperf[1].document["metadata"] as? [String: Any])
        #expect((metadata["pythons_steady_state"] as? String)?.hasPrefix("unsteady: 2 of 2 processes flipped") == true)
        #expect((pyperf[0].document["metadata"] as? [String: Any])?["pythons_steady_state"] == nil)
        let comparison = try RunComparison(BenchFixtures.run(rounds: 8, seed: 6), run, threshold: 0.02)
        #expect(comparison.entries[1].unsteadyIn == ["B"] && comparison.entries[0].unsteadyIn.isEmpty)
        #expect(comparison.textLines().contains { $0.contains("(unsteady in B)") })
    }
}
