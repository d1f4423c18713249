import Foundation
import Testing
@testable import PythonsCore

@Suite("Timed calls per process, chosen from the pilot's noise")
struct ProcessDesignTests {
    /// Pilot processes whose medians spread by `between` (relative) and whose
    /// calls spread by `within` around their process, deterministically.
    static func pilot(between: Double, within: Double, calls: Int = 4, overhead: Double, value: Double = 0.010,
                      count: Int = ProcessDesign.pilotProcesses) -> [ProcessSample] {
        // Offsets with a robust standard deviation near 1 (the normal
        // quantiles of evenly spaced probabilities).
        let processOffsets = (0..<count).map { Normal.quantile((Double($0) + 0.5) / Double(count)) }
        let callOffsets = (0..<calls).map { Normal.quantile((Double($0) + 0.5) / Double(calls)) }
        return processOffsets.enumerated().map { index, offset in
            let center = value * (1 + between * offset)
            // Rotate the call offsets so that processes differ in order too.
            let values = callOffsets.indices.map { center * (1 + within * callOffsets[($0 + index) % calls]) }
            return ProcessSample(round: index, values: values, processSeconds: overhead + values.reduce(0, +))
        }
    }

    @Test("processes that differ more than their calls, and a costly start: one call each")
    func betweenDominates() throws {
        let design = try #require(ProcessDesign.choose(from: Self.pilot(between: 0.04, within: 0.007, overhead: 0.065)))
        #expect(design.valuesPerProcess == 1)
        #expect(abs(design.processOverhead - 0.065) < 1e-9)
        #expect(abs(design.valueCost - 0.010) < 0.0005)
        #expect(design.betweenProcesses > 0.02 && design.betweenProcesses < 0.06)
        #expect(design.withinProcess > 0.003 && design.withinProcess < 0.015)
    }

    @Test("calls that differ more than processes: more calls per process, up to the maximum")
    func withinDominates() throws {
        let noisy = try #require(ProcessDesign.choose(from: Self.pilot(between: 0.005, within: 0.03, overhead: 0.060)))
        #expect(noisy.valuesPerProcess > 4 && noisy.valuesPerProcess <= ProcessDesign.maximumValues)
        let identicalProcesses = try #require(ProcessDesign.choose(from: Self.pilot(between: 0, within: 0.02, overhead: 0.060)))
        #expect(identicalProcesses.valuesPerProcess == ProcessDesign.maximumValues)
        #expect(identicalProcesses.betweenProcesses == 0)
    }

    @Test("the cheaper a process's start, the fewer calls it pays for")
    func overheadMatters() throws {
        let cheap = try #require(ProcessDesign.choose(from: Self.pilot(between: 0.02, within: 0.02, overhead: 0.005)))
        let costly = try #require(ProcessDesign.choose(from: Self.pilot(between: 0.02, within: 0.02, overhead: 0.5)))
        #expect(cheap.valuesPerProcess < costly.valuesPerProcess)
    }

    @Test("no design until the pilot can tell: too few processes, one call each, or no wall time")
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
        let later = Self.pilot(between: 0.001, within: 0.05, overhead: 0.065, count: 30)
        #expect(ProcessDesign.choose(from: pilot) == ProcessDesign.choose(from: pilot + later))
    }
}
