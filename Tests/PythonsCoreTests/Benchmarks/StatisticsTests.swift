import Foundation
import Testing
@testable import PythonsCore

@Suite("Statistics")
struct StatisticsTests {
    @Test("quantiles interpolate as NumPy's default does")
    func quantiles() {
        #expect(Quantiles.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(Quantiles.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Quantiles.quantile([1, 2, 3, 4], 0.75) == 3.25)
        #expect(Quantiles.quantile([7], 0.9) == 7)
        #expect(Quantiles.median([5, 1, 3]) == 3)
    }

    @Test("the summary has the usual descriptive statistics and flags outliers by Tukey's fences")
    func summary() throws {
        let summary = try #require(Summary([1, 1.1, 0.9, 1.0, 1.05, 0.95, 9]))
        #expect(summary.count == 7)
        #expect(summary.median == 1.0)
        #expect(summary.minimum == 0.9 && summary.maximum == 9)
        #expect(abs(summary.mean - 15.0 / 7) < 1e-12)
        #expect(summary.outliers == [6])
        #expect(summary.lowerWhisker == 0.9 && summary.upperWhisker == 1.1)
        #expect(summary.isOutlier(9) && !summary.isOutlier(1.05))
        #expect(Summary([]) == nil)
        #expect(try #require(Summary([2])).standardDeviation == 0)
        #expect(abs(try #require(Summary([2, 4, 4, 4, 5, 5, 7, 9])).standardDeviation - 2.138089935299395) < 1e-12)
    }

    @Test("the exact interval of the median uses the binomial order statistics", arguments: [
        (5, nil, nil), (6, 1, 0.96875), (10, 2, 0.978515625), (20, 6, 0.9586105346679688), (100, 40, nil),
    ] as [(Int, Int?, Double?)])
    func orderStatisticRanks(count: Int, k: Int?, coverage: Double?) {
        let rank = MedianInterval.lowerRank(count: count, confidence: 0.95)
        #expect(rank?.k == k)
        if let coverage { #expect(abs((rank?.coverage ?? 0) - coverage) < 1e-12) }
        if let rank { #expect(rank.coverage >= 0.95) }
    }

    @Test("below six values there is no 95% interval, so no precision can be claimed")
    func tooFewForAnInterval() throws {
        let summary = try #require(Summary([1, 2, 3, 4, 5]))
        #expect(summary.medianInterval == nil)
        #expect(summary.relativePrecision == nil)
        let ten = try #require(Summary((1...10).map(Double.init)))
        #expect(ten.medianInterval == ConfidenceInterval(lower: 2, upper: 9, confidence: 0.978515625))
        // Median 5.5; the longer side is 9 - 5.5.
        #expect(ten.relativePrecision == 3.5 / 5.5)
    }

    @Test("the interval of the median covers the true median at least 95% of the time, for skewed timings")
    func medianIntervalCoverage() {
        var generator = SplitMix64(seed: 42)
        for count in [6, 10, 17, 40] {
            var covered = 0
            let trials = 4000
            for _ in 0..<trials {
                // Log-normal timings around 10 ms: the true median is exactly 0.010.
                let values = (0..<count).map { _ in 0.010 * exp(0.05 * generator.normal()) }
                if let interval = MedianInterval.orderStatistic(sorted: values.sorted()), interval.contains(0.010) { covered += 1 }
            }
            let coverage = Double(covered) / Double(trials)
            // The nominal coverage is >= 0.95; allow for Monte Carlo error (±0.007 at 2 sigma).
            #expect(coverage > 0.94, "n = \(count): coverage \(coverage)")
        }
    }

    @Test("a speedup is the ratio of the two medians, with an interval over whole rounds in which a shared drift stays shared")
    func ratioOfMedians() throws {
        var generator = SplitMix64(seed: 7)
        var reference: [ProcessSample] = [], candidate: [ProcessSample] = []
        for round in 0..<30 {
            let drift = 1 + 0.2 * sin(Double(round))
            reference.append(ProcessSample(round: round, values: [3.0 * drift * (1 + 0.005 * generator.normal())]))
            candidate.append(ProcessSample(round: round, values: [2.0 * drift * (1 + 0.005 * generator.normal())]))
        }
        let estimate = try #require(RatioOfMedians.of(reference, over: candidate, factor: 1, confidence: 0.95))
        // Exactly the ratio of the medians printed beside it.
        #expect(estimate.value == Quantiles.median(reference.map(\.value)) / Quantiles.median(candidate.map(\.value)))
        #expect(abs(estimate.value - 1.5) < 0.01 && estimate.pairs == 30)
        let interval = try #require(estimate.interval)
        #expect(interval.contains(1.5))
        #expect(interval.upper - interval.lower < 0.05, "a drift both sides shared must not widen it much: \(interval)")
        // A factor scales value and interval alike (thread scaling N × t1 / tN).
        let scaled = try #require(RatioOfMedians.of(reference, over: candidate, factor: 2, confidence: 0.95))
        let scaledInterval = try #require(scaled.interval)
        #expect(abs(scaled.value - 2 * estimate.value) < 1e-12 && abs(scaledInterval.lower - 2 * interval.lower) < 1e-12)
        // Fewer than 6 rounds with both: the value, without an interval.
        let few = try #require(RatioOfMedians.of(Array(reference.prefix(5)), over: candidate, factor: 1, confidence: 0.95))
        #expect(few.pairs == 5 && few.interval == nil)
        #expect(RatioOfMedians.of([], over: candidate, factor: 1, confidence: 0.95) == nil)
    }

    @Test("the ratio of medians' interval covers a known ratio in at least 94% of simulated runs, with drift between rounds and unequal rounds")
    func ratioOfMediansCoverage() throws {
        var generator = SplitMix64(seed: 11)
        // (rounds of the reference, rounds of the other): adaptive sampling
        // stops each configuration when it has converged, so one side may run
        // in rounds the other no longer does.
        for (referenceRounds, otherRounds) in [(6, 6), (12, 12), (6, 24)] {
            var covered = 0
            let trials = 500
            for _ in 0..<trials {
                var reference: [ProcessSample] = [], candidate: [ProcessSample] = []
                for round in 0..<max(referenceRounds, otherRounds) {
                    // Each round's machine speed falls on both; each process has its own noise.
                    let drift = exp(0.05 * generator.normal())
                    let own = (exp(0.03 * generator.normal()), exp(0.03 * generator.normal()))
                    if round < referenceRounds { reference.append(ProcessSample(round: round, values: [0.011 * drift * own.0])) }
                    if round < otherRounds { candidate.append(ProcessSample(round: round, values: [0.010 * drift * own.1])) }
                }
                let estimate = try #require(RatioOfMedians.of(reference, over: candidate, factor: 1, confidence: 0.95, resamples: 1_000))
                if try #require(estimate.interval).contains(1.1) { covered += 1 }
            }
            // 500 trials: a true 95% reads 0.95 ± 0.02 (2 standard errors).
            let coverage = Double(covered) / Double(trials)
            #expect(coverage >= 0.94, "\(referenceRounds) and \(otherRounds) rounds: coverage \(coverage)")
        }
    }

    @Test("Mann-Whitney p-values match the textbook normal approximation")
    func mannWhitney() throws {
        // U = 0 for fully separated groups of 5: z = (12.5 - 0.5) / sqrt(25 * 11 / 12) = 2.5067, p = 0.01219.
        let separated = try #require(MannWhitney.pValue([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]))
        #expect(abs(separated - 0.012186) < 1e-4)
        let overlapping = try #require(MannWhitney.pValue([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]))
        #expect(overlapping > 0.5)
        // Unequal sizes are fine.
        #expect(try #require(MannWhitney.pValue([1, 2, 3], [10, 11, 12, 13, 14, 15, 16])) < 0.05)
        #expect(MannWhitney.pValue([1, 1, 1], [1, 1]) == nil)
        #expect(MannWhitney.pValue([], [1]) == nil)
    }

    @Test("the normal quantile inverts the CDF")
    func normalQuantile() {
        #expect(abs(Normal.quantile(0.975) - 1.959964) < 1e-5)
        #expect(abs(Normal.cdf(1.959964) - 0.975) < 1e-6)
    }
}
