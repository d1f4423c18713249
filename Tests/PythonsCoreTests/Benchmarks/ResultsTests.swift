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
        run.notes = [.text("a note"), .threadsBeyondCores(cores: 2),
                     .blocks([RunBlock(firstRound: 0, startedAt: Date(timeIntervalSince1970: 1_760_000_000),
                                       finishedAt: Date(timeIntervalSince1970: 1_760_000_050))])]
        try store.finish(run, handle: handle)
        let loaded = try #require(try store.run("1"))
        #expect(loaded.status == .interrupted)
        #expect(loaded.configurations.map(\.processes.count) == [1, 1])
        #expect(loaded.configurations[1].error == "ZeroDivisionError: division by zero")
        #expect(loaded.notes == run.notes)
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
        // Back to schema 1 as an earlier Pythons wrote it: no processSeconds.
        let store = try BenchFixtures.storeAtOlderSchema(path: path, run: run, version: 1, changes: [
            "ALTER TABLE sample DROP COLUMN processSeconds", "ALTER TABLE run DROP COLUMN ownerPid", "ALTER TABLE run DROP COLUMN ownerStart"])
        var expected = run
        expected.number = 1
        #expect(try store.run("1") == expected)
        var timed = run
        timed.id = UUID().uuidString.lowercased()
        timed.configurations[0].processes[0].processSeconds = 0.25
        _ = try store.insert(timed)
        #expect(try store.run("2")?.configurations[0].processes[0].processSeconds == 0.25)
    }

    @Test("the analysis compares with the baseline at the same thread count: the ratio of the medians, its interval over the rounds")
    func analysis() throws {
        let run = BenchFixtures.run(rounds: 12, speedup: 2)
        let analysis = RunAnalysis(run)
        #expect(analysis.configurations[0].speedup == nil)
        let speedup = try #require(analysis.configurations[1].speedup)
        #expect(abs(speedup.value - 2) < 0.05)
        #expect(speedup.value == Quantiles.median(run.configurations[0].processValues) / Quantiles.median(run.configurations[1].processValues))
        #expect(speedup.pairs == 12 && speedup.baseline == run.baseline)
        #expect(try #require(speedup.withinRun).lower > 1.9)
        #expect(try #require(speedup.pValue) < 0.001)
        // One run, no history: the interval shown is the within-run one, and says so.
        #expect(speedup.acrossRuns == nil && speedup.shownKind == .withinRun)
        #expect(analysis.configurations.allSatisfy { $0.summary?.count == 12 && $0.time?.shownKind == .withinRun })
        #expect(analysis.configurations.allSatisfy { $0.time?.value == $0.summary?.median })
        #expect(analysis.blocks == 1 && analysis.historyRuns == 0)
    }

    @Test("thread scaling appears for N threads when the same configuration ran at 1: N × the ratio of the two medians")
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
        #expect(abs(serial.value - 1) < 0.05 && abs(parallel.value - 2) < 0.05)
        #expect(abs(parallel.efficiency - 1) < 0.05 && parallel.ideal == 2 && parallel.threads == 2)
        // The interval covers the known scaling (2 without the GIL), and is narrow.
        let interval = try #require(parallel.withinRun)
        #expect(interval.contains(2) && interval.upper / interval.lower < 1.1, "\(interval)")
        #expect(parallel.value == 2 * Quantiles.median(run.configurations[1].processValues) / Quantiles.median(run.configurations[3].processValues))
    }

    @Test("blocks (--runs): each block's median is one run, and the across-runs interval is Student's t over them")
    func blocksAnalysis() throws {
        var run = BenchFixtures.run(rounds: 12, speedup: 2)
        // Three blocks of four rounds; the second ran 3% slower throughout.
        let start = run.startedAt
        run.notes = [.blocks([RunBlock(firstRound: 0, startedAt: start, finishedAt: start),
                              RunBlock(firstRound: 4, startedAt: start, finishedAt: start),
                              RunBlock(firstRound: 8, startedAt: start, finishedAt: start)])]
        run.options.runs = 3
        for index in run.configurations.indices {
            for process in run.configurations[index].processes.indices where (4..<8).contains(run.configurations[index].processes[process].round) {
                run.configurations[index].processes[process].values = run.configurations[index].processes[process].values.map { $0 * 1.03 }
            }
        }
        #expect(run.blocks.count == 3 && run.block(ofRound: 5) == 1 && run.block(ofRound: 11) == 2)
        let analysis = RunAnalysis(run)
        #expect(analysis.blocks == 3)
        let time = try #require(analysis.configurations[0].time)
        let across = try #require(time.acrossRuns)
        #expect(across.source == .blocks && across.units == 3 && across.degreesOfFreedom == 2)
        #expect(time.shownKind == .acrossBlocks(units: 3))
        // Three blocks 3% apart and t(2) = 4.30: wider than the within-run interval.
        #expect(try #require(time.relativeHalfWidth) > 1.3 * (try #require(time.withinRunHalfWidth)),
                "across \(time.relativeHalfWidth ?? 0), within \(time.withinRunHalfWidth ?? 0)")
        #expect(across.interval.contains(time.value))
        // The slowdown fell on both configurations: their speedup barely moves across blocks.
        let speedup = try #require(analysis.configurations[1].speedup)
        #expect(try #require(speedup.acrossRuns).source == .blocks)
        #expect(try #require(speedup.relativeHalfWidth) < 0.03)
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
        // With --repeat and --values, equal counts: the paths only. Adaptive
        // (no --repeat), --values auto, or one process fewer on one side: a
        // note that pyperf's compare_to needs equal counts.
        var repeated = run
        repeated.options.repeatCount = 3
        repeated.options.valuesPerProcess = 1
        #expect(RunExports.pyperfMessages(repeated, paths: ["a.json", "b.json"]) == ["pyperf files: a.json b.json"])
        var unequal = repeated
        unequal.configurations[1].processes.removeLast()
        let messages = RunExports.pyperfMessages(unequal, paths: ["a.json", "b.json"])
        #expect(messages.count == 2 && messages[1].contains("these hold 3, 2 values"))
        #expect(messages[1].contains("the same --repeat N --values M"))
        var timedByLength = repeated
        timedByLength.options.valuesPerProcess = nil
        #expect(RunExports.pyperfMessages(timedByLength, paths: ["a.json"]).last?.contains("--values auto chose") == true)
        var adaptive = repeated
        adaptive.options.repeatCount = nil
        #expect(RunExports.pyperfMessages(adaptive, paths: ["a.json"]).last?.contains("these hold 3 values each, a count that adaptive sampling chose") == true)
    }

    @Test("the timings legend says processes differ within their timings' noise, not 0.0%, when that estimate is clamped at zero")
    func betweenProcessesLegend() {
        var design = ProcessDesign(valuesPerProcess: 20, betweenProcesses: 0, withinProcess: 0.054,
                                   processOverhead: 0.12, valueCost: 0.002)
        #expect(RunRendering.betweenProcessesText(design) == "processes differ no more than their timings' noise explains")
        design.betweenProcesses = 0.023
        #expect(RunRendering.betweenProcessesText(design) == "processes differ 2.3%")
    }

    @Test("text and Markdown show the seed's lines and one table with intervals and ratios")
    func rendering() {
        let rendering = RunRendering(run: BenchFixtures.run())
        let text = rendering.textLines()
        #expect(text.filter { $0.hasPrefix("Running 2 threads: ") }.count == 2)
        #expect(text.contains("Free Threading: enabled ✨"))
        let header = text.first { $0.hasPrefix("CONFIGURATION") } ?? ""
        for column in ["THREADS", "MEDIAN", "95% CI", "CI OVER", "SPEEDUP", "SPEEDUP 95% CI", "p"] { #expect(header.contains(column)) }
        #expect(!header.contains(" RATIO"))
        #expect(text.contains { $0.hasPrefix("95% CI over this run: within this run") })
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
        #expect(markdown.count == 2 + 2 + 4)
        #expect(markdown.contains { $0.hasPrefix("95% CI over this run") })
    }

    @Test("number formats: four significant digits in a unit that fits, one formatter for every output", arguments: [
        (7.3312, "7.331 s"), (0.011243, "11.24 ms"), (0.0004126, "412.6 µs"), (0.000_000_5, "500.0 ns"),
        (123.4, "123.4 s"), (0.999_96, "1.000 s"), (0.009_999_98, "10.00 ms"), (1.0, "1.000 s"), (0.25, "250.0 ms"),
    ])
    func formats(seconds: Double, text: String) {
        #expect(Format.seconds(seconds) == text)
    }

    @Test("ranges, percentages, speedups and p-values")
    func otherFormats() {
        #expect(Format.secondsRange(0.0109, 0.0112) == "10.90–11.20 ms")
        #expect(Format.secondsRange(0.9995, 1.002) == "0.999–1.002 s" || Format.secondsRange(0.9995, 1.002) == "1.000–1.002 s")
        #expect(Format.pValue(0.0001) == "<0.001")
        #expect(Format.percent(0.0063) == "0.6%")
        #expect(Format.speedup(1.93) == "1.930×")
        #expect(Format.speedupRange(1.88, 1.97) == "1.880–1.970")
        #expect(Format.timeLeft(185) == "3 min 5 s")
        #expect(Format.timeLeft(3720) == "1 h 2 min")
    }

    @Test("compare: SPEEDUP is the ratio of the medians shown (A's / B's); regressions and improvements beyond the threshold, apart")
    func comparison() throws {
        let before = BenchFixtures.run(rounds: 15, seed: 3)
        var after = BenchFixtures.run(rounds: 15, seed: 4)
        // GIL on got 20% slower, GIL off 20% faster.
        after.configurations[0].processes = after.configurations[0].processes.map { ProcessSample(round: $0.round, values: $0.values.map { $0 * 1.2 }) }
        after.configurations[1].processes = after.configurations[1].processes.map { ProcessSample(round: $0.round, values: $0.values.map { $0 * 0.8 }) }
        let comparison = try RunComparison(before, after, threshold: 0.05)
        #expect(comparison.regressions.map(\.label) == ["3.13t (GIL on)"])
        #expect(comparison.improvements.map(\.label) == ["3.13t (GIL off)"])
        for entry in comparison.entries {
            #expect(entry.speedup == entry.medianA / entry.medianB)
            #expect(try #require(entry.interval).contains(entry.speedup))
            // No blocks, no history: the within-run interval decides, and a warning says so.
            #expect(entry.noise == nil && entry.interval == entry.withinRun)
        }
        #expect(abs(1 / comparison.entries[0].speedup - 1.2) < 0.02)
        #expect(comparison.warnings.contains { $0.hasPrefix("no run-to-run noise is known") })
        // Within the threshold: unchanged.
        let same = try RunComparison(before, BenchFixtures.run(rounds: 15, seed: 5), threshold: 0.05)
        #expect(same.regressions.isEmpty && same.improvements.isEmpty)
        let text = comparison.textLines()
        #expect(text.contains { $0.hasPrefix("Regressions") })
        #expect(text.contains { $0.hasPrefix("  3.13t (GIL on), 2 threads: 0.8") })
        #expect(text.contains { $0.contains("unknown") })
        let other = BenchFixtures.run(workload: .jit(n: 10))
        #expect(throws: PythonsError.self) { try RunComparison(before, other, threshold: 0.05) }
    }

    @Test("compare matches a script by its file's name (two checkouts, two folders), and says so; another function or file name is another workload")
    func compareByFileName() throws {
        let a = BenchFixtures.run(workload: .function(file: "gate.py", name: "work", arguments: []), rounds: 15, seed: 3)
        let b = BenchFixtures.run(workload: .function(file: "/tmp/checkout-2/ci/gate.py", name: "work", arguments: []), rounds: 15, seed: 4)
        let comparison = try RunComparison(a, b, threshold: 0.05)
        #expect(comparison.warnings.contains("A ran gate.py and B /tmp/checkout-2/ci/gate.py: compared as one workload by the file's name"))
        #expect(!(try RunComparison(a, a, threshold: 0.05)).warnings.contains { $0.contains("by the file's name") })
        for other in [Workload.function(file: "gate.py", name: "other", arguments: []),
                      .function(file: "ci/gate2.py", name: "work", arguments: []),
                      .function(file: "gate.py", name: "work", arguments: ["10"])] {
            #expect(throws: PythonsError.self) { try RunComparison(a, BenchFixtures.run(workload: other, rounds: 15, seed: 4), threshold: 0.05) }
        }
    }

    @Test("compare on bimodal data: the speedup agrees with the two medians, where a Hodges-Lehmann estimate would drift")
    func comparisonBimodal() throws {
        // Half the processes at 1.0 s, half at 2.0 s: A's median sits in the
        // gap's lower mode (more processes there), B's in the upper.
        func run(low: Int, high: Int, seed: UInt64) -> BenchmarkRun {
            var run = BenchFixtures.run(rounds: low + high, seed: seed)
            for index in run.configurations.indices {
                run.configurations[index].processes = (0..<(low + high)).map { round in
                    ProcessSample(round: round, values: [(round < low ? 1.0 : 2.0) * (1 + 0.001 * Double(round % 5))])
                }
            }
            return run
        }
        let comparison = try RunComparison(run(low: 11, high: 9, seed: 1), run(low: 9, high: 11, seed: 2), threshold: 0.05)
        let entry = comparison.entries[0]
        #expect(entry.speedup == entry.medianA / entry.medianB)
        let text = comparison.textLines().joined(separator: "\n")
        #expect(text.contains(Format.seconds(entry.medianA)) && text.contains(Format.seconds(entry.medianB)))
        #expect(text.contains(Format.speedup(entry.speedup)))
    }

    @Test("compare with --runs blocks: the run-to-run noise decides, not the narrower within-run interval")
    func comparisonWithBlocks() throws {
        func blocked(_ seed: UInt64, factor: Double, spread: [Double]) -> BenchmarkRun {
            var run = BenchFixtures.run(rounds: 15, seed: seed)
            run.id = UUID().uuidString
            let start = run.startedAt
            run.notes = [.blocks([0, 5, 10].map { RunBlock(firstRound: $0, startedAt: start, finishedAt: start) })]
            for index in run.configurations.indices {
                run.configurations[index].processes = run.configurations[index].processes.map { process in
                    ProcessSample(round: process.round, values: process.values.map { $0 * factor * spread[process.round / 5] })
                }
            }
            return run
        }
        // Blocks 2% apart: a 2.5% change is inside the noise, a 15% one is not.
        let a = blocked(3, factor: 1, spread: [0.98, 1.0, 1.02])
        let small = try RunComparison(a, blocked(4, factor: 1.025, spread: [1.02, 0.98, 1.0]), threshold: 0.02)
        #expect(small.entries.allSatisfy { $0.noise?.basis == .runs && $0.verdict == .unchanged })
        #expect(small.entries.allSatisfy { $0.reason.hasPrefix("within the run-to-run noise") })
        #expect(small.entries.allSatisfy { ($0.withinRun.map { !$0.contains(1) } ?? false) }, "the within-run interval alone would call it")
        let large = try RunComparison(a, blocked(5, factor: 1.15, spread: [1.0, 1.02, 0.98]), threshold: 0.02)
        #expect(large.regressions.count == 2)
        #expect(!large.warnings.contains { $0.contains("would not have been seen") })
        // Blocks 25% apart (a shared machine's bad hour): a real 5% slowdown
        // is unseen, and the warning says the verdict means "not seen".
        let noisyA = blocked(8, factor: 1, spread: [0.8, 1.0, 1.25])
        let noisy = try RunComparison(noisyA, blocked(9, factor: 1.05, spread: [1.25, 0.8, 1.0]), threshold: 0.025)
        #expect(noisy.entries.allSatisfy { $0.verdict == .unchanged })
        let blind = try #require(noisy.warnings.first { $0.contains("would not have been seen") })
        #expect(blind.contains("wider than twice the 2.5% threshold") && blind.contains("times the blocks (--runs)"), "\(blind)")
        // A threshold of 0 (allowed) has no size to be blind to: no warning, and no trap dividing by log(1).
        let noThreshold = try RunComparison(noisyA, blocked(9, factor: 1.05, spread: [1.25, 0.8, 1.0]), threshold: 0)
        #expect(noThreshold.entries.allSatisfy { $0.verdict == .unchanged })
        #expect(!noThreshold.warnings.contains { $0.contains("would not have been seen") })
        // --noise runs needs blocks; --noise history needs history.
        let plain = BenchFixtures.run(rounds: 15, seed: 6)
        #expect(throws: PythonsError.self) { try RunComparison(plain, BenchFixtures.run(rounds: 15, seed: 7), threshold: 0.02, noise: .runs) }
        let noHistory = #expect(throws: PythonsError.self) { try RunComparison(a, plain, threshold: 0.02, noise: .history) }
        #expect(noHistory?.kind == .usage && noHistory?.message.contains("earlier runs") == true)
        var elsewhere = plain
        elsewhere.machine.hostname = "otherhost"
        let machines = #expect(throws: PythonsError.self) { try RunComparison(a, elsewhere, threshold: 0.02, noise: .history) }
        #expect(machines?.message.contains("no one machine's history") == true)
    }

    @Test("compare with history: earlier runs of this machine give the noise; A and B are left out of it")
    func comparisonWithHistory() throws {
        let a = BenchFixtures.run(rounds: 15, seed: 3)
        var b = BenchFixtures.run(rounds: 15, seed: 4)
        b.id = UUID().uuidString
        let earlier = [0.99, 1.01, 1.0, 1.015].enumerated().map { index, factor -> BenchmarkRun in
            var run = RunToRunFixtures.run(scaled: factor, seed: UInt64(10 + index))
            run.number = 100 + index
            return run
        }
        let history = try #require(BenchmarkSession.history(for: b, earlier: earlier + [a]))
        #expect(history.runs.count == 5)
        let comparison = try RunComparison(a, b, threshold: 0.02, noise: .history, history: history)
        for entry in comparison.entries {
            let noise = try #require(entry.noise)
            // Four earlier runs: a's own median is not its noise.
            #expect(noise.basis == .history && noise.units == 4 && noise.degreesOfFreedom == 3)
        }
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

    @Test("a JSON document of schema 1, with its old analysis and notes as sentences, still reads")
    func schemaOneDocument() throws {
        let path = "\(PackageFolders.testsRoot)/Benchmarks/Fixtures/run-schema1.json"
        let document = try RunDocument.read(path: path)
        #expect(document.run.notes.first == .text("this machine has 2 cores: beyond 2 threads the run measures the scheduler as much as the interpreter"))
        #expect(document.schemaVersion == 1)
        #expect(document.analysis == RunAnalysis(document.run))
        #expect(document.analysis.configurations.count == document.run.configurations.count)
        #expect(RunRendering(run: document.run).textLines().contains { $0.hasPrefix("note: this machine has 2 cores") })
    }

    @Test("a database written by the previous Pythons (schema 2, notes as sentences) reads, and its runs render")
    func schemaTwoDatabase() throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/results.sqlite"
        try FileManager.default.copyItem(atPath: "\(PackageFolders.testsRoot)/Benchmarks/Fixtures/results-schema2.sqlite", toPath: path)
        let store = try RunStore(path: path)
        // Made by the Pythons before typed notes: run 1 `bench gil -n 16 --threads 1,4 --repeat 6`,
        // run 2 `bench jit -n 300 --precision 0.01% --max-time 2`, both on /usr/bin/python3.11.
        let run = try #require(try store.run("2"))
        #expect(run.notes.contains { if case .text(let text) = $0 { text.hasPrefix("not converged") } else { false } })
        #expect(try #require(try store.run("1")).notes == [.text("this machine has 2 cores: beyond 2 threads the run measures the scheduler as much as the interpreter")])
        let text = RunRendering(run: run).textLines()
        #expect(text.contains { $0.hasPrefix("CONFIGURATION") })
        #expect(!RunReport(run: run).notes.isEmpty)
    }
}
