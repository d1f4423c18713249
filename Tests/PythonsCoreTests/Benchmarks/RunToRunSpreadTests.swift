import Foundation
import Testing
@testable import PythonsCore

@Suite("Run-to-run spread from this machine's history")
struct RunToRunSpreadTests {
    /// The fixture run with every timing scaled: a machine that was that
    /// much slower when the run was made.
    static func run(scaled factor: Double, workload: Workload = .gil(n: 30), seed: UInt64) -> BenchmarkRun {
        var run = BenchFixtures.run(workload: workload, seed: seed)
        run.id = UUID().uuidString.lowercased()
        for index in run.configurations.indices {
            for process in run.configurations[index].processes.indices {
                run.configurations[index].processes[process].values = run.configurations[index].processes[process].values.map { $0 * factor }
            }
        }
        return run
    }

    @Test("earlier runs that moved more than this run's intervals give a note with the spread")
    func noteWhenRunsDrift() throws {
        let folder = TemporaryFolder()
        let store = try RunStore(path: "\(folder.path)/results.sqlite")
        for (factor, seed) in [(0.97, 2), (1.03, 3), (1.0, 4)] as [(Double, UInt64)] {
            _ = try store.insert(Self.run(scaled: factor, seed: seed))
        }
        // Another workload and another machine's run do not count.
        _ = try store.insert(Self.run(scaled: 1.5, workload: .jit(n: 100), seed: 5))
        var elsewhere = Self.run(scaled: 2, seed: 6)
        elsewhere.machine.hostname = "otherhost"
        _ = try store.insert(elsewhere)

        let current = Self.run(scaled: 1.0, seed: 7)
        let earlier = try store.earlierRuns(like: current)
        #expect(earlier.count == 3)
        #expect(earlier.allSatisfy { $0.workload == current.workload && $0.machine.hostname == "testhost" })
        let spread = try #require(RunToRunSpread(current: current, earlier: earlier))
        #expect(spread.earlierRuns == 3 && spread.entries.count == 2)
        #expect(abs(spread.widest.relativeSpread - 0.03) < 0.006)
        let note = try #require(try BenchmarkSession.runToRunNote(current, store: store))
        #expect(note.hasPrefix("this machine's last 4 runs of `gil -n 30` spread up to ±"))
        #expect(note.contains("more than this run's intervals"))
    }

    @Test("runs that agree within this run's intervals, or too few of them, give no note")
    func quietWhenSteady() throws {
        let folder = TemporaryFolder()
        let store = try RunStore(path: "\(folder.path)/results.sqlite")
        _ = try store.insert(Self.run(scaled: 1.0, seed: 2))
        let current = Self.run(scaled: 1.0, seed: 7)
        // One earlier run is not enough to speak of a spread.
        #expect(RunToRunSpread(current: current, earlier: try store.earlierRuns(like: current)) == nil)
        #expect(try BenchmarkSession.runToRunNote(current, store: store) == nil)
        _ = try store.insert(Self.run(scaled: 1.0005, seed: 3))
        let spread = try #require(RunToRunSpread(current: current, earlier: try store.earlierRuns(like: current)))
        #expect(spread.widest.relativeSpread < 0.005)
        #expect(try BenchmarkSession.runToRunNote(current, store: store) == nil)
    }
}
