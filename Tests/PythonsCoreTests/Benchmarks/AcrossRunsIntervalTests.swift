import Foundation
import Testing
@testable import PythonsCore

/// The intervals that span runs, checked against a known truth: simulated
/// benchmarks whose runs, processes and timings each add their own noise,
/// with the true median fixed, so that coverage can be counted.
@Suite("Intervals across runs: hierarchical bootstrap and t over runs")
struct AcrossRunsIntervalTests {
    /// A simulated measurement: `runs` runs of `processes` processes of
    /// `timings` timings. On the log scale each run adds N(0, runSpread²),
    /// each process N(0, processSpread²), each timing N(0, timingSpread²);
    /// the true median of a run's figure is `truth`.
    struct Simulation {
        var truth = 0.010
        var runs: Int
        var processes = 8
        var timings = 5
        var runSpread: Double
        var processSpread = 0.01
        var timingSpread = 0.005

        func measure(_ generator: inout SplitMix64) -> [[[Double]]] {
            (0..<runs).map { _ in
                let run = runSpread * generator.normal()
                return (0..<processes).map { _ in
                    let process = processSpread * generator.normal()
                    return (0..<timings).map { _ in truth * exp(run + process + timingSpread * generator.normal()) }
                }
            }
        }
    }

    @Test("Student's t quantiles and the normal's agree with published tables")
    func distributions() {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1) - 12.706) < 1e-3)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 2) - 4.303) < 1e-3)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 9) - 2.262) < 1e-3)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1000) - 1.962) < 1e-3)
        #expect(abs(StudentT.cdf(0, degreesOfFreedom: 4) - 0.5) < 1e-12)
        #expect(abs(Normal.quantile(0.975) - 1.959964) < 1e-5)
    }

    @Test("the bootstrap is deterministic for a seed, and its estimate is the statistic of the data as measured")
    func deterministic() throws {
        let tree = MeasurementTree.units([[1, 2, 3], [2, 3, 4], [10, 11, 12]])
        let bootstrap = HierarchicalBootstrap(levels: [.init(.withReplacement, .median), .init(.withReplacement, .median)], resamples: 2000)
        let first = try #require(bootstrap.interval(tree))
        let second = try #require(bootstrap.interval(tree))
        #expect(first == second)
        #expect(first.estimate == 3)
        #expect(first.interval.lower >= 2 && first.interval.upper <= 11)
        #expect(bootstrap.replicates(tree) == bootstrap.replicates(tree))
        var reseeded = bootstrap
        reseeded.seed = 99
        #expect(reseeded.replicates(tree) != bootstrap.replicates(tree))
        // Fixed levels keep every unit: with nothing resampled the interval is a point.
        let fixed = HierarchicalBootstrap(levels: [.init(.fixed, .mean)], resamples: 100)
        let point = try #require(fixed.interval(.values([1, 2, 3])))
        #expect(point.interval.lower == 2 && point.interval.upper == 2)
        #expect(MeasurementTree.units([[1, 2], [3]]).depth == 2)
    }

    @Test("a suite's geometric mean of ratios: 2× and 0.5× cancel, fixed benchmarks, an interval around the truth")
    func suite() throws {
        let bootstrap = HierarchicalBootstrap(levels: [.init(.withReplacement, .median)], resamples: 2000)
        let fast = MeasurementTree.values([1.0, 1.01, 0.99, 1.02, 0.98])
        let slow = MeasurementTree.values([2.0, 2.02, 1.98, 2.04, 1.96])
        let result = try #require(bootstrap.suiteRatio([(fast, slow), (slow, fast)]))
        #expect(abs(result.estimate - 1) < 1e-12)
        #expect(result.interval.contains(1))
        let speedup = try #require(bootstrap.ratio(numerator: slow, denominator: fast))
        #expect(abs(speedup.estimate - 2) < 1e-12 && speedup.interval.contains(2) && speedup.interval.upper < 2.1)
    }

    /// Over many simulated benchmarks: how often the t-interval over K runs
    /// (blocks), centred on the median over all processes as Pythons prints
    /// it, contains the true median.
    static func blockCoverage(_ simulation: Simulation, trials: Int, seed: UInt64) -> Double {
        var generator = SplitMix64(seed: seed)
        var covered = 0
        for _ in 0..<trials {
            let runs = simulation.measure(&generator)
            let blockMedians = runs.map { run in Quantiles.median(run.map { Quantiles.median($0) }) }
            let overall = Quantiles.median(runs.flatMap { $0.map { Quantiles.median($0) } })
            let interval = AcrossRunsInterval.fromBlocks(blockMedians, center: overall)!
            if interval.interval.contains(simulation.truth) { covered += 1 }
        }
        return Double(covered) / Double(trials)
    }

    @Test("the t-interval over K blocks covers the true median at least 93% of the time", arguments: [
        (2, 0.02), (3, 0.02), (3, 0.0), (5, 0.01), (10, 0.015), (3, 0.05),
    ] as [(Int, Double)])
    func tOverBlocksCovers(runs: Int, runSpread: Double) {
        let coverage = Self.blockCoverage(Simulation(runs: runs, runSpread: runSpread), trials: 3000, seed: UInt64(runs * 1000) + UInt64(runSpread * 1e4))
        // Nominal 95%; 3000 trials put ±0.8% of Monte Carlo error at 2 sigma.
        #expect(coverage >= 0.93, "K = \(runs), run spread \(runSpread): coverage \(coverage)")
    }

    @Test("from history: this run ± t × the spread of runs covers the truth at least 93% of the time")
    func historyCovers() {
        var generator = SplitMix64(seed: 11)
        for earlierRuns in [2, 4, 9] {
            var covered = 0
            let trials = 3000
            let simulation = Simulation(runs: earlierRuns + 1, runSpread: 0.015)
            for _ in 0..<trials {
                let medians = simulation.measure(&generator).map { run in Quantiles.median(run.map { Quantiles.median($0) }) }
                let interval = AcrossRunsInterval.fromHistory(earlier: Array(medians.dropLast()), current: medians.last!)!
                if interval.interval.contains(simulation.truth) { covered += 1 }
            }
            let coverage = Double(covered) / Double(trials)
            #expect(coverage >= 0.93, "\(earlierRuns) earlier runs: coverage \(coverage)")
        }
    }

    @Test("the hierarchical bootstrap of a ratio covers the true ratio at least 93% of the time, with enough runs")
    func bootstrapRatioCovers() throws {
        var generator = SplitMix64(seed: 5)
        // Runs summarised by their geometric mean (the log-scale mean), so
        // the true ratio is exactly 2; processes and timings by medians.
        let bootstrap = HierarchicalBootstrap(
            levels: [.init(.withReplacement, .geometricMean), .init(.withReplacement, .median), .init(.withReplacement, .median)],
            resamples: 500)
        let baseline = Simulation(truth: 0.020, runs: 10, processes: 5, timings: 2, runSpread: 0.015)
        let candidate = Simulation(truth: 0.010, runs: 10, processes: 5, timings: 2, runSpread: 0.015)
        func tree(_ runs: [[[Double]]]) -> MeasurementTree { .unit(runs.map { .units($0) }) }
        var covered = 0
        let trials = 300
        for _ in 0..<trials {
            let speedup = try #require(bootstrap.ratio(numerator: tree(baseline.measure(&generator)),
                                                       denominator: tree(candidate.measure(&generator))))
            if speedup.interval.contains(2) { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        #expect(coverage >= 0.93, "coverage \(coverage)")
    }

    @Test("with 3 runs a bootstrap over runs is too narrow; the t-interval is what covers")
    func bootstrapOverFewRunsIsTooNarrow() {
        var generator = SplitMix64(seed: 21)
        let simulation = Simulation(runs: 3, runSpread: 0.02)
        let bootstrap = HierarchicalBootstrap(levels: [.init(.withReplacement, .median), .init(.withReplacement, .median)], resamples: 500)
        var bootstrapCovered = 0, tCovered = 0
        let trials = 400
        for _ in 0..<trials {
            let runs = simulation.measure(&generator)
            let processValues = runs.map { $0.map { Quantiles.median($0) } }
            let result = bootstrap.interval(.units(processValues))!
            if result.interval.contains(simulation.truth) { bootstrapCovered += 1 }
            let interval = AcrossRunsInterval.fromBlocks(processValues.map(Quantiles.median), center: result.estimate)!
            if interval.interval.contains(simulation.truth) { tCovered += 1 }
        }
        #expect(Double(bootstrapCovered) / Double(trials) < 0.85, "bootstrap over 3 runs covered \(bootstrapCovered) of \(trials)")
        #expect(Double(tCovered) / Double(trials) >= 0.93, "t over 3 runs covered \(tCovered) of \(trials)")
    }

    @Test("blocks and history: the wider interval is kept; too few units give none")
    func widerAndTooFew() throws {
        #expect(AcrossRunsInterval.fromBlocks([1.0], center: 1) == nil)
        #expect(AcrossRunsInterval.fromHistory(earlier: [1.0], current: 1) == nil)
        let blocks = try #require(AcrossRunsInterval.fromBlocks([1.0, 1.01, 0.99], center: 1))
        let history = try #require(AcrossRunsInterval.fromHistory(earlier: [1.0, 1.05, 0.95], current: 1))
        #expect(AcrossRunsInterval.wider(blocks, history) == history)
        #expect(AcrossRunsInterval.wider(nil, blocks) == blocks)
        #expect(blocks.units == 3 && blocks.degreesOfFreedom == 2 && history.units == 4)
        #expect(blocks.interval.contains(1) && abs(blocks.interval.lower * blocks.interval.upper - 1) < 1e-12)
    }
}
