import Foundation
import Testing
@testable import PythonsCore

enum RunToRunFixtures {
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
}

@Suite("History: this machine's earlier runs as the top level")
struct HistoryTests {
    @Test("earlier runs of the same configurations on this machine give an interval across runs, kept with the run")
    func historyInterval() throws {
        let folder = TemporaryFolder()
        let store = try RunStore(path: "\(folder.path)/results.sqlite")
        for (factor, seed) in [(0.97, 2), (1.03, 3), (1.0, 4)] as [(Double, UInt64)] {
            _ = try store.insert(RunToRunFixtures.run(scaled: factor, seed: seed))
        }
        // Another workload, another machine, another warm-up and another build do not count.
        _ = try store.insert(RunToRunFixtures.run(scaled: 1.5, workload: .jit(n: 100), seed: 5))
        var elsewhere = RunToRunFixtures.run(scaled: 2, seed: 6)
        elsewhere.machine.hostname = "otherhost"
        _ = try store.insert(elsewhere)
        var warmedOtherwise = RunToRunFixtures.run(scaled: 2, seed: 7)
        warmedOtherwise.options.warmup = 0
        _ = try store.insert(warmedOtherwise)
        var rebuilt = RunToRunFixtures.run(scaled: 2, seed: 8)
        for index in rebuilt.configurations.indices { rebuilt.configurations[index].interpreter.sysVersion = "3.13.5 (rebuilt)" }
        _ = try store.insert(rebuilt)

        var current = RunToRunFixtures.run(scaled: 1.0, seed: 9)
        let earlier = try store.earlierRuns(like: current)
        #expect(earlier.allSatisfy { $0.workload == current.workload && $0.machine.hostname == "testhost" })
        let history = try #require(BenchmarkSession.history(for: current, earlier: earlier))
        #expect(history.runs.count == 3)
        #expect(history.entries.count == 2 && history.entries.allSatisfy { $0.figures.count == 3 })
        #expect(history.entries[1].figures.allSatisfy { $0.speedup != nil })

        current.notes.append(.history(history))
        let analysis = RunAnalysis(current)
        #expect(analysis.historyRuns == 3)
        let time = try #require(analysis.configurations[0].time)
        let across = try #require(time.acrossRuns)
        #expect(across.source == .history && across.units == 4 && across.degreesOfFreedom == 3)
        #expect(time.shownKind == .acrossHistory(units: 4))
        // Medians ±3% apart: the spread of runs, far beyond this run's ±0.5%.
        #expect(abs(across.standardError - 0.025) < 0.01)
        #expect(try #require(time.relativeHalfWidth) > 0.05)
        let text = RunRendering(run: current, analysis: analysis).textLines()
        #expect(text.contains { $0.hasPrefix("note: this machine's last 4 runs of `gil -n 30`") })
        #expect(text.contains { $0.contains("history 4: across this machine's last 4 runs") })
        // The run read back shows the same: the history is kept with it.
        let handle = try store.insert(current)
        try store.finish(current, handle: handle)
        #expect(RunAnalysis(try #require(try store.run(String(handle.runNumber)))) == analysis)
    }

    @Test("one earlier run is no spread: the interval stays within this run, and says so")
    func tooFewEarlierRuns() throws {
        let folder = TemporaryFolder()
        let store = try RunStore(path: "\(folder.path)/results.sqlite")
        _ = try store.insert(RunToRunFixtures.run(scaled: 1.0, seed: 2))
        var current = RunToRunFixtures.run(scaled: 1.0, seed: 7)
        let history = try #require(BenchmarkSession.history(for: current, earlier: try store.earlierRuns(like: current)))
        current.notes.append(.history(history))
        let analysis = RunAnalysis(current)
        #expect(analysis.configurations.allSatisfy { $0.time?.acrossRuns == nil && $0.time?.shownKind == .withinRun })
        let note = try #require(RunNoteText.line(.history(history), run: current, analysis: analysis))
        #expect(note.contains("too few of the same configurations for an interval across runs"))
    }

    @Test("typed notes round-trip as JSON, and a note stored as a sentence reads back as text")
    func notesCodable() throws {
        let notes: [RunNote] = [
            .text("hello"), .newestInterpreterOnly(interpreter: "CPython 3.11"), .skippedBuild(interpreter: "x", settings: ["--gil off"]),
            .skippedSettings(interpreter: "y", settings: ["--jit on"]), .threadsBeyondCores(cores: 2),
            .failedToStart(configuration: "3.13", reason: "boom"), .samplingStopped(.outOfTime),
            .blocks([RunBlock(firstRound: 0, startedAt: Date(timeIntervalSince1970: 1), finishedAt: Date(timeIntervalSince1970: 2))]),
            .history(RunHistory(runs: [.init(id: "a", number: 3, startedAt: Date(timeIntervalSince1970: 5))],
                                entries: [.init(label: "3.13", threads: nil, figures: [.init(run: "a", median: 0.01, speedup: nil, scaling: nil)])])),
        ]
        let data = try JSONOutput.encoder().encode(notes)
        #expect(try JSONOutput.decoder().decode([RunNote].self, from: data) == notes)
        let old = try JSONOutput.decoder().decode([RunNote].self, from: Data(#"["a sentence", {"kind": "threads-beyond-cores", "cores": 4}]"#.utf8))
        #expect(old == [.text("a sentence"), .threadsBeyondCores(cores: 4)])
    }
}
