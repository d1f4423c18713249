import Foundation
import Testing
@testable import PythonsCore

@Suite("Timings per process, chosen from the pilot's noise")
struct ProcessDesignTests {
    /// Pilot processes whose centres spread by `between` (relative) and whose
    /// timings spread by `within` around their centre: normal noise from a
    /// fixed seed, so every process has its own.
    static func pilot(between: Double, within: Double, calls: Int = 4, overhead: Double, value: Double = 0.010,
                      count: Int = ProcessDesign.pilotProcesses, seed: UInt64 = 7) -> [ProcessSample] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let center = value * (1 + between * generator.normal())
            let values = (0..<calls).map { _ in center * (1 + within * generator.normal()) }
            return ProcessSample(round: index, values: values, processSeconds: overhead + values.reduce(0, +))
        }
    }

    /// The design from many pilots' worth of processes (the estimates of a
    /// 6-process pilot are rough; these tests check the model, not luck).
    static func design(between: Double, within: Double, calls: Int = 4, overhead: Double) throws -> ProcessDesign {
        // Estimate the spreads from 600 processes, then choose as for a pilot.
        let many = pilot(between: between, within: within, calls: calls, overhead: overhead, count: 600)
        return try #require(ProcessDesign.estimate(from: many))
    }

    @Test("the spreads and costs are recovered from the processes")
    func estimates() throws {
        let design = try Self.design(between: 0.03, within: 0.01, overhead: 0.065)
        #expect(abs(design.betweenProcesses - 0.03) < 0.004)
        #expect(abs(design.withinProcess - 0.01) < 0.0015)
        #expect(abs(design.processOverhead - 0.065) < 1e-9)
        #expect(abs(design.valueCost - 0.010) < 0.0005)
    }

    @Test("processes that differ more than their timings, and a dear start: one timing each")
    func betweenDominates() throws {
        #expect(try Self.design(between: 0.03, within: 0.007, overhead: 0.065).valuesPerProcess == 1)
    }

    @Test("the count balances start-up against timing noise, inside the range")
    func interior() throws {
        // B = W = 1%, c0 = 60 ms, c1 = 10 ms: (1 + v(k)) (60 + 10 k) is least at k = 3
        // (v(2) = 0.5: 1.5 × 80 = 120; v(3) = 0.449: 1.449 × 90 = 130; v(4) = 0.298: 1.298 × 100 = 130).
        let design = try Self.design(between: 0.01, within: 0.01, overhead: 0.060)
        #expect((2...4).contains(design.valuesPerProcess))
        // A dearer start buys more timings per process; a cheap one fewer.
        let dear = try Self.design(between: 0.01, within: 0.02, overhead: 0.5)
        let cheap = try Self.design(between: 0.01, within: 0.02, overhead: 0.005)
        #expect(dear.valuesPerProcess > design.valuesPerProcess && dear.valuesPerProcess < ProcessDesign.maximumValues)
        #expect(cheap.valuesPerProcess < dear.valuesPerProcess)
    }

    @Test("identical processes: as many timings as allowed; no noise at all: one")
    func edges() throws {
        let identical = try Self.design(between: 0, within: 0.02, overhead: 0.060)
        #expect(identical.valuesPerProcess == ProcessDesign.maximumValues)
        let silent = try #require(ProcessDesign.choose(from: Self.pilot(between: 0, within: 0, overhead: 0.060)))
        #expect(silent.valuesPerProcess == 1)
    }

    @Test("processes with different counts weigh alike in the within-process spread")
    func unequalCounts() throws {
        // Half the processes with 2 timings, half with 20, the same noise.
        let few = Self.pilot(between: 0.02, within: 0.01, calls: 2, overhead: 0.06, count: 300, seed: 1)
        let many = Self.pilot(between: 0.02, within: 0.01, calls: 20, overhead: 0.06, count: 300, seed: 2)
        let design = try #require(ProcessDesign.estimate(from: zip(few, many).flatMap { [$0, $1] }))
        #expect(abs(design.withinProcess - 0.01) < 0.0015)
        #expect(abs(design.betweenProcesses - 0.02) < 0.003)
    }

    @Test("no design until the pilot can tell: too few processes, one timing each, or no wall time")
    func undecided() {
        #expect(ProcessDesign.choose(from: Self.pilot(between: 0.04, within: 0.01, overhead: 0.06, count: 5)) == nil)
        #expect(ProcessDesign.choose(from: Self.pilot(between: 0.04, within: 0.01, calls: 1, overhead: 0.06)) == nil)
        var unpriced = Self.pilot(between: 0.04, within: 0.01, overhead: 0.06)
        unpriced[2].processSeconds = nil
        #expect(ProcessDesign.choose(from: unpriced) == nil)
    }

    @Test("only the pilot decides: later processes do not move the choice")
    func pilotOnly() throws {
        let pilot = Self.pilot(between: 0.04, within: 0.007, overhead: 0.065)
        let later = Self.pilot(between: 0.001, within: 0.05, overhead: 0.065, count: 30, seed: 9)
        #expect(ProcessDesign.choose(from: pilot) != nil)
        #expect(ProcessDesign.choose(from: pilot) == ProcessDesign.choose(from: pilot + later))
    }

    @Test("the scheduler asks for the pilot's choice only in adaptive runs with --values auto")
    func schedulerHandOff() throws {
        var configuration = BenchFixtures.run().configurations[0]
        configuration.processes = Self.pilot(between: 0.01, within: 0.02, overhead: 0.5)
        let design = try #require(ProcessDesign.choose(from: configuration.processes))
        #expect(design.valuesPerProcess > 1 && design.valuesPerProcess < ProcessDesign.maximumValues)
        func scheduler(_ options: MeasurementOptions) -> BenchmarkScheduler {
            BenchmarkScheduler(workload: .jit(n: 10), options: options, environment: PythonsEnvironment(variables: [:], userHome: "/tmp"), runner: ProcessRunner())
        }
        #expect(scheduler(MeasurementOptions()).valuesPerProcess(configuration) == design.valuesPerProcess)
        #expect(scheduler(MeasurementOptions(valuesPerProcess: 3)).valuesPerProcess(configuration) == 3)
        #expect(scheduler(MeasurementOptions(repeatCount: 20)).valuesPerProcess(configuration) == 0)
        var pilotRunning = configuration
        pilotRunning.processes.removeLast()
        #expect(scheduler(MeasurementOptions()).valuesPerProcess(pilotRunning) == 0)  // the worker's own count
    }
}
