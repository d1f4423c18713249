import Foundation
import GRDB
import Testing
@testable import PythonsCore

@Suite("Run store, analysis, exports and comparison")
struct ResultsTests {
    @Test("a run is stored and read back whole, by number, id prefix and latest")
    func storeRoundTrip() throws {
        let folder = TemporaryFolder()
        let store = try RunStore(path: "\(folder.path)/results.sqlite")
        let run = BenchFixtures.run()
        let handle = try store.insert(run)
        #expect(handle.runNumber == 1 && handle.configurationIDs.count == 2)
        let loaded = try #require(try store.run("1"))
        var expected = run
        expected.number = 1
        #expect(loaded == expected)
        #expect(try store.run(String(run.id.prefix(8))) == expected)
        #expect(try store.run("latest") == expected)
        #expect(try store.run("2") == nil)
        #expect(try store.run("zz") == nil)
    }

    @Test("samples are appended as they come and the end state is recorded")
    func incrementalWrites() throws {
        let folder = TemporaryFolder()
        let store = try RunStore(path: "\(folder.path)/results.sqlite")
        var run = BenchFixtures.run()
        let samples = run.configurations.map(\.processes)
        for index in run.configurations.indices { run.configurations[index].processes = [] }
        run.status = .running
        let handle = try store.insert(run)
        try store.append(samples[0][0], configurationID: handle.configurationIDs[0])
        try store.append(samples[1][0], configurationID: handle.configurationIDs[1])
        try store.markFailed(configurationID: handle.configurationIDs[1], message: "ZeroDivisionError: division by zero")
        #expect(try store.run("1")?.status == .running)
        run.status = .interrupted
        run.finishedAt = Date(timeIntervalSince1970: 1_760_000_100)
        run.configurations[1].status = .failed
        run.configurations[1].error = "ZeroDivisionError: division by zero"
        run.notes = ["a note"]
        try store.finish(run, handle: handle)
        let loaded = try #require(try store.run("1"))
        #expect(loaded.status == .interrupted)
        #expect(loaded.configurations.map(\.processes.count) == [1, 1])
        #expect(loaded.configurations[1].error == "ZeroDivisionError: division by zero")
        #expect(loaded.notes == ["a note"])
        let listing = try store.listing(limit: 5)
        #expect(listing.count == 1 && listing[0].processes == 2 && listing[0].status == .interrupted)
    }

    @Test("two stores on one file, writing at once from many tasks, lose no row")
    func concurrentWriters() async throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/results.sqlite"
        let stores = try [RunStore(path: path), RunStore(path: path)]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let store = stores[writer % 2]
                    var run = BenchFixtures.run(rounds: 0)
                    run.id = UUID().uuidString
                    let handle = try store.insert(run)
                    for round in 0..<25 {
                        try store.append(ProcessSample(round: round, values: [0.1]), configurationID: handle.configurationIDs[round % 2])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try stores[0].runCount() == 8)
        #expect(try stores[1].sampleCount() == 200)
    }

    @Test("a database written by a newer Pythons is refused, not misread")
    func newerSchema() throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/results.sqlite"
        _ = try RunStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        #expect(throws: PythonsError.self) { try RunStore(path: path) }
    }

    @Test("a database of the first schema is brought up to date, its runs kept, process times added")
    func olderSchema() throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/results.sqlite"
        let run = BenchFixtures.run()
        _ = try RunStore(path: path).insert(run)
        // Back to schema 1 as an earlier Pythons wrote it: no processSeconds.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ALTER TABLE sample DROP COLUMN processSeconds")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        try queue.close()

        let store = try RunStore(path: path)
        var expected = run
        expected.number = 1
        #expect(try store.run("1") == expected)
        var timed = run
        timed.id = UUID().uuidString.lowercased()
        timed.configurations[0].processes[0].processSeconds = 0.25
        _ = try store.insert(timed)
        #expect(try store.run("2")?.configurations[0].processes[0].processSeconds == 0.25)
        let version = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == RunStore.schemaVersion)
    }

    @Test("the analysis compares with the baseline at the same thread count, from paired rounds")
    func analysis() throws {
        let run = BenchFixtures.run(rounds: 12, speedup: 2)
        let analysis = RunAnalysis(run)
        #expect(analysis.configurations[0].comparison == nil)
        let comparison = try #require(analysis.configurations[1].comparison)
        #expect(abs(comparison.ratio.ratio - 2) < 0.05)
        #expect(comparison.ratio.method == .paired && comparison.ratio.count == 12)
        #expect(try #require(comparison.ratio.interval).lower > 1.9)
        #expect(try #require(comparison.pValue) < 0.001)
        #expect(analysis.configurations.allSatisfy { $0.summary?.count == 12 })
    }

    @Test("thread scaling appears for N threads when the same configuration ran at 1")
    func scalingAnalysis() throws {
        var run = BenchFixtures.run(rounds: 8, threads: 1)
        let twoThreads = BenchFixtures.run(rounds: 8, threads: 2, seed: 9).configurations.map { configuration -> ConfigurationRun in
            var configuration = configuration
            // GIL on: two threads take twice as long; GIL off: as long as one.
            let factor = configuration.label.contains("GIL on") ? 2.0 : 1.0
            configuration.processes = configuration.processes.map { ProcessSample(round: $0.round, values: $0.values.map { $0 * factor }) }
            return configuration
        }
        run.configurations += twoThreads
        let analysis = RunAnalysis(run)
        #expect(analysis.configurations[0].scaling == nil)
        let serial = try #require(analysis.configurations[2].scaling)
        let parallel = try #require(analysis.configurations[3].scaling)
        #expect(abs(serial.speedup - 1) < 0.05 && abs(parallel.speedup - 2) < 0.05)
        #expect(abs(parallel.efficiency - 1) < 0.05)
    }

    @Test("converged means the minimum processes and the precision, or the repeat count")
    func convergence() throws {
        let tight = try #require(Summary((0..<10).map { 1 + Double($0) * 0.001 }))
        #expect(RunAnalysis.isConverged(tight, options: MeasurementOptions(precision: 0.01, minimumProcesses: 10)))
        #expect(!RunAnalysis.isConverged(tight, options: MeasurementOptions(precision: 0.01, minimumProcesses: 20)))
        #expect(!RunAnalysis.isConverged(tight, options: MeasurementOptions(precision: 0.001, minimumProcesses: 10)))
        #expect(RunAnalysis.isConverged(tight, options: MeasurementOptions(repeatCount: 10)))
        #expect(!RunAnalysis.isConverged(nil, options: MeasurementOptions()))
    }

    @Test("the seed's CSV: header once, one row per configuration with its median")
    func csv() throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/gil.csv"
        let run = BenchFixtures.run()
        let analysis = RunAnalysis(run)
        try RunExports.appendCSV(run, analysis: analysis, to: path)
        try RunExports.appendCSV(run, analysis: analysis, to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0] == "python,threads,seconds")
        #expect(lines[1].hasPrefix("3.13t (GIL on),2,0.") && lines[2].hasPrefix("3.13t (GIL off),2,0."))
        let jitRun = BenchFixtures.run(workload: .jit(n: 1000), threads: nil)
        let mixed = #expect(throws: PythonsError.self) { try RunExports.appendCSV(jitRun, analysis: RunAnalysis(jitRun), to: path) }
        #expect(mixed?.kind == .usage)
        let jitPath = "\(folder.path)/jit.csv"
        try RunExports.appendCSV(jitRun, analysis: RunAnalysis(jitRun), to: jitPath)
        let jitLines = try String(contentsOfFile: jitPath, encoding: .utf8).split(separator: "\n")
        #expect(jitLines[0] == "python,jit,n,seconds")
        #expect(jitLines[1].hasPrefix("3.13t (GIL on),unsupported,1000,0."))
    }

    @Test("pyperf files: one per configuration, values per process, metadata without nulls")
    func pyperf() throws {
        let run = BenchFixtures.run(rounds: 3)
        let documents = RunExports.pyperfDocuments(run)
        #expect(documents.map(\.fileName) == ["3.13t-gil-on-2-threads.json", "3.13t-gil-off-2-threads.json"])
        let document = documents[0].document
        #expect(document["version"] as? String == "1.0")
        let metadata = try #require(document["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == "gil_fib30_2threads")
        #expect(metadata["unit"] as? String == "second")
        #expect(metadata["loops"] as? Int == 1)
        let benchmarks = try #require(document["benchmarks"] as? [[String: Any]])
        let runs = try #require(benchmarks.first?["runs"] as? [[String: Any]])
        #expect(runs.count == 3)
        #expect((runs[0]["values"] as? [Double])?.count == 1)
        #expect(JSONSerialization.isValidJSONObject(document))
    }

    @Test("text and Markdown show the seed's lines and one table with intervals and ratios")
    func rendering() {
        let rendering = RunRendering(run: BenchFixtures.run())
        let text = rendering.textLines()
        #expect(text.filter { $0.hasPrefix("Running 2 threads: ") }.count == 2)
        #expect(text.contains("Free Threading: enabled ✨"))
        let header = text.first { $0.hasPrefix("CONFIGURATION") } ?? ""
        for column in ["THREADS", "MEDIAN", "95% CI", "RATIO", "RATIO 95% CI", "p"] { #expect(header.contains(column)) }
        #expect(text.contains { $0.hasPrefix("3.13t (GIL on)") && $0.contains("baseline") })
        #expect(text.contains { $0.contains("Machine: Test CPU, 2 cores") })
        #expect(!text.contains { $0.contains("GIL was") })
        // A worker that found the GIL on under "GIL off" (an extension turned it on) is flagged.
        var run = BenchFixtures.run()
        run.configurations[1].processes[0].gilEnabled = true
        #expect(RunRendering(run: run).textLines().contains { $0.hasPrefix("3.13t (GIL off)") && $0.contains("GIL was on in some workers") })
        let markdown = rendering.markdownLines()
        #expect(markdown[0].hasPrefix("| CONFIGURATION | THREADS |"))
        #expect(markdown[1].hasPrefix("|---|---:|"))
        #expect(markdown.count == 2 + 2 + 2)
    }

    @Test("number formats: four significant digits in a unit that fits")
    func formats() {
        #expect(Format.seconds(7.3312) == "7.331 s")
        #expect(Format.seconds(0.011243) == "11.24 ms")
        #expect(Format.seconds(0.0004126) == "412.6 µs")
        #expect(Format.secondsRange(0.0109, 0.0112) == "10.90–11.20 ms")
        #expect(Format.pValue(0.0001) == "<0.001")
        #expect(Format.signedPercent(0.123) == "+12.3%")
    }

    @Test("compare: regressions and improvements beyond the threshold, apart; the same workload only")
    func comparison() throws {
        let before = BenchFixtures.run(rounds: 15, seed: 3)
        var after = BenchFixtures.run(rounds: 15, seed: 4)
        // GIL on got 20% slower, GIL off 20% faster.
        after.configurations[0].processes = after.configurations[0].processes.map { ProcessSample(round: $0.round, values: $0.values.map { $0 * 1.2 }) }
        after.configurations[1].processes = after.configurations[1].processes.map { ProcessSample(round: $0.round, values: $0.values.map { $0 * 0.8 }) }
        let comparison = try RunComparison(before, after, threshold: 0.05)
        #expect(comparison.regressions.map(\.label) == ["3.13t (GIL on)"])
        #expect(comparison.improvements.map(\.label) == ["3.13t (GIL off)"])
        #expect(abs(comparison.entries[0].change - 0.2) < 0.02)
        #expect(try #require(comparison.entries[0].changeInterval).contains(0.2))
        // Within the threshold: unchanged.
        let same = try RunComparison(before, BenchFixtures.run(rounds: 15, seed: 5), threshold: 0.05)
        #expect(same.regressions.isEmpty && same.improvements.isEmpty)
        let text = comparison.textLines()
        #expect(text.contains { $0.hasPrefix("Regressions") })
        #expect(text.contains { $0.hasPrefix("  3.13t (GIL on), 2 threads: +") })
        let other = BenchFixtures.run(workload: .jit(n: 10))
        #expect(throws: PythonsError.self) { try RunComparison(before, other, threshold: 0.05) }
    }

    @Test("the JSON document round-trips and is recomputed on import")
    func document() throws {
        let folder = TemporaryFolder()
        let document = RunDocument(run: BenchFixtures.run())
        let path = try folder.write("run.json", try JSONOutput.string(document))
        let read = try RunDocument.read(path: path)
        #expect(read.run.configurations == document.run.configurations)
        #expect(read.analysis == document.analysis)
        let bad = try folder.write("bad.json", "{\"schemaVersion\": 1}")
        #expect(throws: PythonsError.self) { try RunDocument.read(path: bad) }
    }
}
