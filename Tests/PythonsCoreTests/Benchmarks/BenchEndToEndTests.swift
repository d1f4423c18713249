import Foundation
import Testing
@testable import PythonsCore

/// The suites that start benchmark workers. They run one test at a time, so
/// that the acceptance test that needs two free cores never competes with
/// the others for them.
@Suite("pythons bench with real interpreters", .serialized)
struct BenchProcessTests {}

extension BenchProcessTests {
/// `pythons bench`, `history`, `show` and `compare` run as a user runs them,
/// with real interpreters, each test in its own PYTHONS_HOME. Workloads are
/// tiny: these tests check behaviour, never speed.
@Suite("pythons bench end to end", .tags(.endToEnd, .interpreters))
struct BenchEndToEndTests {
    static func bench(_ arguments: [String], home: TemporaryFolder, timeout: Duration = .seconds(300)) async throws -> ProcessOutcome {
        try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1"], timeout: timeout)
    }

    static func decodeRun(_ outcome: ProcessOutcome) throws -> RunDocument {
        try JSONOutput.decoder().decode(RunDocument.self, from: Data(outcome.standardOutput.utf8))
    }

    @Test("bad input exits 2 with the reason, before anything runs", arguments: [
        (["bench", "gill"], "unknown workload 'gill'"),
        (["bench", "work.py"], "no file work.py: give the path of a pyperf script"),
        (["bench", "gil", "--threads", "0"], "at least 1"),
        (["bench", "gil", "--threads", "4...1"], "runs backwards"),
        (["bench", "gil", "--precision", "abc"], "--precision abc is not a number"),
        (["bench", "gil", "--precision", "2"], "ambiguous"),
        (["bench", "gil", "--gil", "maybe"], "neither on nor off"),
        (["bench", "gil", "--values", "0"], "--values must be auto or a count"),
        (["bench", "gil", "--warmup=-1"], "--warmup must be auto or a count of 0 or more"),
        (["bench", "gil", "--warmup", "lots"], "--warmup must be auto or a count of 0 or more"),
        (["bench", "gil", "--repeat", "0"], "--repeat must be at least 1"),
        (["bench", "gil", "--timeout", "0"], "--timeout must be more than 0"),
        (["bench", "gil", "--max-time", "0"], "--max-time must be more than 0"),
        (["bench", "gil", "--min-processes", "0"], "--min-processes must be at least 1"),
        (["bench", "gil", "--markdown", "--format", "json"], "choose one"),
        (["bench", "jit", "--threads", "2"], "the jit workload runs in one thread"),
        (["bench", "/nonexistent/work.py:main"], "no file /nonexistent/work.py"),
        (["bench", "gil", "--python", "3.99"], "no interpreter matches '3.99'"),
        (["compare", "1", "2", "--threshold", "x"], "--threshold x is not a number"),
        (["show", "12345"], "no run '12345'"),
        (["bench", "jit", "--csv", "{home}/gil.csv"], "has the columns 'python,threads,seconds'"),
        (["history", "--limit", "0"], "--limit must be at least 1"),
        (["bench", "gil", "--runs", "0"], "--runs must be at least 1"),
        (["bench", "gil", "--runs=-2"], "--runs must be at least 1"),
        (["bench", "gil", "--runs", "1000"], "--runs must be at most 100"),
        (["bench", "gil", "--runs", "3", "--repeat", "10"], "--repeat 10 does not split into 3 runs of equal size: give a multiple of 3 (--repeat 9 or 12)"),
        (["bench", "gil", "--runs", "3", "--repeat", "2"], "give a multiple of 3 (--repeat 3)"),
        (["compare", "1", "2", "--noise", "sometimes"], "--noise"),
        (["bench", "gil", "--block-pause", "30"], "--block-pause is the pause between the blocks of --runs K: give --runs 2 or more"),
        (["bench", "gil", "--runs", "3", "--block-pause=-1"], "--block-pause must be 0 or more and at most 86400 seconds"),
        (["bench", "gil", "--runs", "3", "--block-pause", "nan"], "--block-pause must be 0 or more"),
    ])
    func badInput(arguments: [String], expected: String) async throws {
        let home = TemporaryFolder()
        try home.write("gil.csv", "python,threads,seconds\n3.13t (GIL off),2,0.5\n")
        let outcome = try await Self.bench(arguments.map { $0.replacingOccurrences(of: "{home}", with: home.path) },
                                           home: home, timeout: .seconds(120))
        #expect(outcome.termination == .exited(2), "\(arguments): \(outcome.standardError)")
        #expect(outcome.standardError.contains(expected), "\(arguments): \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("a user function: the seed's lines, a stored run, JSON with raw samples, history, show, CSV")
    func userFunction() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work/fn.py", """
            import helper
            def work(n, label):
                assert label == "x=y"  # '=' survives the worker's key=value spec
                return helper.total(n)
            """)
        try home.write("work/helper.py", "def total(n):\n    return sum(range(n))\n")
        let outcome = try await Self.bench(["bench", "\(file):work", "--args", "20000", "'x=y'", "--python", python.path,
                                            "--threads", "1,2", "--repeat", "6", "--csv", "\(home.path)/fn.csv"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("🐍 CPython \(python.version) ") })
        #expect(lines.contains { $0.hasPrefix("Running fn.py:work in 1 thread: ") })
        #expect(lines.contains { $0.hasPrefix("Running fn.py:work in 2 threads: ") })
        #expect(lines.contains { $0.hasPrefix("CONFIGURATION") && $0.contains("SCALING") })
        #expect(outcome.standardError.contains("stored as run 1"))
        // The terminal charts follow the table: a bar per configuration, and
        // the speedup of the sweep against the ideal.
        #expect(lines.contains { $0.hasPrefix("bars: median time from zero") })
        // Bars: solid where the median is known, shaded (░) across a wide
        // interval, as a loaded machine gives.
        let barGlyphs = Set("▏▎▍▌▋▊▉█░")
        func isBar(_ line: String) -> Bool { line.contains { barGlyphs.contains($0) } }
        #expect(lines.contains { $0.hasPrefix("Thread scaling t1 × N / tN") })

        let json = try await Self.bench(["show", "1", "--format", "json"], home: home)
        #expect(json.termination == .exited(0))
        let document = try Self.decodeRun(json)
        #expect(document.run.status == .complete)
        #expect(document.run.configurations.map(\.processes.count) == [6, 6])
        #expect(document.run.configurations.map(\.threads) == [1, 2])
        #expect(document.run.workload == .function(file: file, name: "work", arguments: ["20000", "'x=y'"]))
        #expect(document.run.machine.logicalCores == ProcessInfo.processInfo.activeProcessorCount)
        #expect(document.run.commandLine.contains("--repeat"))
        #expect(document.run.configurations[0].banner?.interpreterLine.contains(python.version.description) == true)
        #expect(document.analysis.configurations[1].scaling != nil)
        for configuration in document.run.configurations {
            #expect(lines.contains { $0.hasPrefix(configuration.name) && isBar($0) }, "no bar for \(configuration.name)")
        }
        // Interleaved, rotating: round r starts with configuration r mod 2.
        let sequences = document.run.configurations.map { $0.processes.map { $0.sequence ?? -1 } }
        #expect(Set(sequences.flatMap { $0 }) == Set(0..<12))
        for round in 0..<6 {
            let first = round % 2
            #expect(sequences[first][round] < sequences[1 - first][round], "round \(round): \(sequences)")
            #expect(document.run.configurations.allSatisfy { $0.processes[round].round == round })
        }
        #expect(document.run.configurations.allSatisfy { $0.processes.allSatisfy { !$0.values.isEmpty && !$0.warmups.isEmpty } })

        let history = try await Self.bench(["history"], home: home)
        #expect(history.standardOutput.contains("complete"))
        let csv = try String(contentsOfFile: "\(home.path)/fn.csv", encoding: .utf8)
        #expect(csv.hasPrefix("python,function,threads,seconds\n"))
        #expect(csv.split(separator: "\n").count == 3)
    }

    @Test("--quiet prints the results only: nothing on stderr")
    func quiet() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("fn.py", "def work():\n    return sum(range(1000))\n")
        let outcome = try await Self.bench(["bench", "\(file):work", "--python", python.path, "--repeat", "3", "--quiet"], home: home)
        #expect(outcome.termination == .exited(0))
        #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("CONFIGURATION"))
    }

    @Test("on a terminal a progress line is redrawn, then erased before the results")
    func progressOnTerminal() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("fn.py", "def work():\n    return sum(range(300000))\n")
        let screen = try await TerminalOutputTests.onTerminal(
            ["bench", "\(file):work", "--python", python.path, "--repeat", "4"], environment: ["PYTHONS_HOME": home.path, "TERM": "xterm"])
        #expect(screen.contains("/1 configurations · "), "no progress line: \(screen.prefix(400))")
        #expect(screen.contains("4/4 samples") || screen.contains("3/4 samples"))
        #expect(screen.contains(ProgressLine.erase), "the progress line was not erased")
        let quiet = try await TerminalOutputTests.onTerminal(
            ["bench", "\(file):work", "--python", python.path, "--repeat", "2", "--quiet"], environment: ["PYTHONS_HOME": home.path, "TERM": "xterm"])
        #expect(!quiet.contains("configurations · "))
    }

    @Test("adaptive: a 50 ms warm-up, a pilot of automatic counts, then the count the pilot chose")
    func adaptiveCallsPerProcess() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        // n = 200: calls under 1 ms, timed in loops of about 1 ms, so that
        // even on a machine busy with other tests a pilot process fits
        // several values into its 50 ms.
        // Eight processes, then a precision any run has: on a machine three
        // times slower a time budget of seconds fitted hardly more than the pilot.
        let outcome = try await Self.bench(["bench", "jit", "-n", "200", "--python", python.path, "--precision", "50%",
                                            "--min-processes", "8", "--max-time", "120", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try Self.decodeRun(outcome)
        let processes = document.run.configurations[0].processes
        try #require(processes.count > ProcessDesign.pilotProcesses)
        for process in processes {
            // The worker's wall time covers its 50 ms warm-up and its timed
            // calls, start-up besides.
            let wall = try #require(process.processSeconds)
            #expect(!process.warmups.isEmpty)
            #expect(wall > 0.05 + process.values.reduce(0, +) * Double(process.loops ?? 1))
        }
        // The pilot: the worker's own count (about 50 ms of calls).
        #expect(processes.prefix(ProcessDesign.pilotProcesses).allSatisfy { $0.values.count >= 2 })
        let design = try #require(document.analysis.configurations[0].design)
        #expect(design == ProcessDesign.choose(from: processes))
        #expect(processes.dropFirst(ProcessDesign.pilotProcesses).allSatisfy { $0.values.count == design.valuesPerProcess })
        #expect(try await Self.bench(["show", "1"], home: home).standardOutput.contains("TIMINGS PER PROCESS after the first"))
    }

    @Test("automatic timings per process: a first call slowed for half the budget gets a second timing; a call that fills it is timed once")
    func automaticValuesAfterSlowFirstCall() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        // A short call whose first timing takes 30 ms, as a preempted one
        // does; and a call of 60 ms every time.
        let file = try home.write("calls.py", """
            import time
            _calls = []
            def slowed_once():
                if not _calls:
                    time.sleep(0.03)
                _calls.append(1)
            def long_call():
                time.sleep(0.06)
            """)
        for (function, expected) in [("slowed_once", 20), ("long_call", 1)] {
            let outcome = try await Self.bench(["bench", "\(file):\(function)", "--python", python.path, "--warmup", "0",
                                                "--values", "auto", "--repeat", "1", "--format", "json"], home: home)
            #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
            let process = try #require(try Self.decodeRun(outcome).run.configurations.first?.processes.first)
            if function == "slowed_once", process.values.count == 1 {
                // A loaded machine stretched the 30 ms first call past the 50 ms
                // budget (70 ms seen in CI): then one timing is the rule, which
                // the worker cannot tell from a call that long.
                #expect(process.values[0] >= 0.05, "\(function): one timing, under the budget: \(process.values)")
            } else {
                #expect(process.values.count == expected, "\(function): \(process.values)")
            }
        }
    }

    @Test("a call shorter than 1 ms is timed in a calibrated loop, and reported per call")
    func shortCallsLoop() async throws {
        // A stock build: with a JIT the calls after calibration get faster.
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("tiny.py", "def tiny():\n    return sum(range(10))\n")
        let outcome = try await Self.bench(["bench", "\(file):tiny", "--python", python.path, "--repeat", "3", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let processes = try Self.decodeRun(outcome).run.configurations[0].processes
        for process in processes {
            let loops = try #require(process.loops)
            #expect(loops > 1)
            // Values are per call (sum(range(10)) takes well under a
            // microsecond), not per loop of calls (about a millisecond): the
            // median, since a loop preempted for 300 ms on a machine busy
            // with the rest of the suite would pass 0.1 ms per call.
            #expect(process.values.allSatisfy { $0 > 0 } && Quantiles.median(process.values) < 0.0001)
            // The 50 ms warm-up went in doubling batches, also per call:
            // some dozens of entries, not one per call.
            #expect(process.warmups.count > 10 && process.warmups.count < 200)
            // (The median: the first entry is one call timed alone, which one
            // preemption on a busy machine can stretch.)
            #expect(process.warmups.allSatisfy { $0 > 0 } && Quantiles.median(process.warmups) < 0.0001)
        }
    }

    @Test("a workload that raises fails its configuration with the last traceback line; the others go on; exit 1")
    func raisingWorkload() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        // Fails only when called in two threads at once.
        let file = try home.write("fails.py", """
            import threading, time
            def work():
                time.sleep(0.01)  # so that the pool starts its second thread
                if threading.active_count() > 2:
                    raise ZeroDivisionError("two threads are too many")
                sum(range(1000))
            """)
        let outcome = try await Self.bench(["bench", "\(file):work", "--python", python.path, "--threads", "1,2",
                                            "--repeat", "4", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(1))
        #expect(outcome.standardError.contains("ZeroDivisionError: two threads are too many"))
        let document = try Self.decodeRun(outcome)
        #expect(document.run.status == .failed)
        #expect(document.run.configurations[0].status == .measured && document.run.configurations[0].processes.count == 4)
        #expect(document.run.configurations[1].status == .failed)
        #expect(document.run.configurations[1].error == "ZeroDivisionError: two threads are too many")
    }

    @Test("--timeout stops a sample and its whole process group")
    func timeout() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let pidFile = "\(home.path)/child.pid"
        let file = try home.write("hangs.py", """
            import os, subprocess, time
            def work():
                child = subprocess.Popen(["sleep", "60"])
                with open(\(pythonString(pidFile + ".new")), "w") as f:
                    f.write(str(child.pid))
                os.replace(\(pythonString(pidFile + ".new")), \(pythonString(pidFile)))
                time.sleep(60)
            """)
        // 10 s: the timeout covers the worker's start-up too, which on a
        // loaded machine has taken over a second.
        let started = ContinuousClock.now
        let outcome = try await Self.bench(["bench", "\(file):work", "--python", python.path, "--warmup", "0",
                                            "--repeat", "1", "--timeout", "10"], home: home)
        #expect(ContinuousClock.now - started < .seconds(40))
        #expect(outcome.termination == .exited(1))
        #expect(outcome.standardError.contains("did not finish within 10 s"))
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)))
        #expect(await waitUntilGone([pid]), "the worker's child \(pid) outlived the timeout")
    }

    @Test("Ctrl-C: workers stopped, completed samples kept, run marked interrupted, exit 130")
    func interrupt() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        // Every worker appends its pid: one that rewrote the file could be
        // stopped between emptying it and writing, leaving no pid to check.
        let pidFile = "\(home.path)/worker.pids"
        let file = try home.write("slow.py", """
            import os, time
            with open(\(pythonString(pidFile)), "a") as f:
                f.write(f"{os.getpid()}\\n")
            def work():
                time.sleep(0.05)
            """)
        let (status, document, store) = try await Self.interruptAfterThreeSamples(
            ["bench", "\(file):work", "--python", python.path, "--warmup", "0", "--values", "1", "--repeat", "10000", "--format", "json"],
            home: home)
        #expect(status == 130)
        #expect(document.run.status == .interrupted)
        let stored = try #require(try store.run("1"))
        #expect(stored.status == .interrupted)
        #expect(stored.configurations[0].processes.count >= 3)
        #expect(stored.configurations[0].processes.count == document.run.configurations[0].processes.count)
        let workerPids = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
        #expect(workerPids.count >= 3)
        #expect(await waitUntilGone(workerPids), "workers outlived Ctrl-C: \(workerPids.filter(isRunning))")
    }

    /// Starts `pythons` with these arguments, sends it SIGINT once three
    /// samples are stored, and returns its exit status, the JSON it printed
    /// and the store.
    static func interruptAfterThreeSamples(_ arguments: [String], home: TemporaryFolder) async throws
        -> (status: Int32, document: RunDocument, store: RunStore) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PythonsBinary.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONS_HOME"] = home.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let store = try RunStore(path: "\(home.path)/results.sqlite")
        let deadline = ContinuousClock.now + .seconds(60)
        while (try? store.sampleCount()) ?? 0 < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        process.interrupt()
        let data = try await offThePool {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return (process.terminationStatus, try JSONOutput.decoder().decode(RunDocument.self, from: data), store)
    }

    @Test("four `pythons bench` at once on one database lose no rows")
    func concurrentRuns() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("quick.py", "def work():\n    sum(range(100))\n")
        let outcomes = try await withThrowingTaskGroup(of: ProcessOutcome.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await Self.bench(["bench", "\(file):work", "--python", python.path, "--repeat", "8",
                                          "--warmup", "0", "--values", "1"], home: home)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for outcome in outcomes { #expect(outcome.termination == .exited(0), "\(outcome.standardError)") }
        let store = try RunStore(path: "\(home.path)/results.sqlite")
        #expect(try store.runCount() == 4)
        #expect(try store.sampleCount() == 32)
        let listing = try store.listing(limit: 10)
        #expect(Set(listing.map(\.number)) == [1, 2, 3, 4])
        #expect(listing.allSatisfy { $0.status == .complete && $0.processes == 8 })
    }

    @Test("compare: exit 3 when B regressed beyond the threshold, 0 otherwise; JSON files from elsewhere accepted")
    func compare() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("sized.py", "import time\ndef work(seconds):\n    time.sleep(seconds)\n")
        for seconds in ["0.01", "0.02"] {
            let outcome = try await Self.bench(["bench", "\(file):work", "--args", seconds, "--python", python.path,
                                                "--repeat", "6", "--warmup", "0", "--values", "1"], home: home)
            #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        }
        // Different arguments are a different workload.
        let different = try await Self.bench(["compare", "1", "2"], home: home)
        #expect(different.termination == .exited(2))
        #expect(different.standardError.contains("different workloads"))

        let exported = try await Self.bench(["show", "1", "--format", "json"], home: home)
        let path = try home.write("run1.json", exported.standardOutput)
        let same = try await Self.bench(["compare", path, "1"], home: home)
        #expect(same.termination == .exited(0), "\(same.standardError)")
        #expect(same.standardOutput.contains("Regressions (B slower by more than 2.5%, outside the noise): none"))
        // Neither run has blocks, and one earlier run is no history: the verdict says what it rests on.
        #expect(same.standardOutput.contains("warning: no run-to-run noise is known"))
        let noBlocks = try await Self.bench(["compare", path, "1", "--noise", "runs"], home: home)
        #expect(noBlocks.termination == .exited(2))
        #expect(noBlocks.standardError.contains("--noise runs needs runs measured in blocks"))
        let noHistory = try await Self.bench(["compare", path, "1", "--noise", "history"], home: home)
        #expect(noHistory.termination == .exited(2))
        #expect(noHistory.standardError.contains("--noise history needs 2 earlier runs"), "\(noHistory.standardError)")

        // Make a slower copy of run 1, as if measured later: four times its
        // time, since a loaded machine can double a 10 ms sleep in a process
        // or two of six, and the within-run interval must still exclude 1.
        var document = try JSONOutput.decoder().decode(RunDocument.self, from: Data(exported.standardOutput.utf8))
        document.run.id = UUID().uuidString
        document.run.number = nil
        for index in document.run.configurations.indices {
            document.run.configurations[index].processes = document.run.configurations[index].processes.map {
                ProcessSample(round: $0.round, values: $0.values.map { $0 * 4 })
            }
        }
        let slower = try home.write("slower.json", try JSONOutput.string(document))
        let regression = try await Self.bench(["compare", "1", slower, "--format", "json"], home: home)
        #expect(regression.termination == .exited(3), "\(regression.standardOutput)")
        let comparison = try JSONOutput.decoder().decode(RunComparison.self, from: Data(regression.standardOutput.utf8))
        #expect(comparison.regressions.count == 1)
        #expect(comparison.improvements.isEmpty)
    }

    @Test("--runs 2: the design twice as blocks, rotated, rounds numbered through; the intervals span the blocks")
    func runsAsBlocks() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("fn.py", "def work():\n    return sum(range(20000))\n")
        let outcome = try await Self.bench(["bench", "\(file):work", "--python", python.path, "--threads", "1,2", "--runs", "2",
                                            "--repeat", "8", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try Self.decodeRun(outcome)
        #expect(document.run.options.runs == 2 && document.run.options.repeatCount == 8)
        let blocks = document.run.blocks
        #expect(blocks.count == 2 && blocks[0].firstRound == 0 && blocks[1].firstRound == 4)
        #expect(blocks[1].startedAt.timeIntervalSince(blocks[0].finishedAt) >= 2.5, "a pause between blocks")
        #expect(document.run.configurations.allSatisfy { $0.processes.map(\.round) == Array(0..<8) })
        let sequences = document.run.configurations.map { $0.processes.map { $0.sequence ?? -1 } }
        #expect(Set(sequences.flatMap { $0 }) == Set(0..<16))
        // Block 1's first round starts with the second configuration: the order rotated.
        #expect(sequences[1][4] < sequences[0][4])
        #expect(document.analysis.blocks == 2)
        for result in document.analysis.configurations {
            #expect(result.time?.acrossRuns?.source == .blocks && result.time?.acrossRuns?.units == 2)
        }
        let text = try await Self.bench(["show", "1"], home: home)
        #expect(text.standardOutput.contains("2 runs"))
        #expect(text.standardOutput.contains("95% CI over 2 runs: across this run's 2 blocks"))
        #expect(text.standardOutput.contains("note: measured as 2 runs (--runs)"))

        // Two such runs: compare weighs their blocks' noise. The second asks
        // for a longer pause between its blocks, says so as it starts, and
        // keeps it.
        let second = try await Self.bench(["bench", "\(file):work", "--python", python.path, "--threads", "1,2", "--runs", "2",
                                           "--block-pause", "6", "--repeat", "8"], home: home)
        #expect(second.termination == .exited(0), "\(second.standardError)")
        #expect(second.standardError.contains("as 2 runs, 6 s apart"), "\(second.standardError)")
        let secondDocument = try Self.decodeRun(try await Self.bench(["show", "2", "--format", "json"], home: home))
        #expect(secondDocument.run.options.blockPause == 6)
        let secondBlocks = secondDocument.run.blocks
        #expect(secondBlocks.count == 2 && secondBlocks[1].startedAt.timeIntervalSince(secondBlocks[0].finishedAt) >= 5.5)
        let compared = try await Self.bench(["compare", "1", "2", "--noise", "runs", "--format", "json"], home: home)
        #expect(compared.termination == .exited(0) || compared.termination == .exited(3), "\(compared.standardError)")
        let comparison = try JSONOutput.decoder().decode(RunComparison.self, from: Data(compared.standardOutput.utf8))
        #expect(comparison.entries.count == 2 && comparison.entries.allSatisfy { $0.noise?.basis == .runs })
        #expect(comparison.entries.allSatisfy { $0.speedup == $0.medianA / $0.medianB })
    }

    @Test("Ctrl-C in the second of three runs: exit 130, the blocks measured so far kept and named")
    func interruptBetweenBlocks() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("slow.py", "import time\ndef work():\n    time.sleep(0.02)\n")
        // The first block (10000 processes) never ends by itself: stop it early.
        let (status, document, store) = try await Self.interruptAfterThreeSamples(
            ["bench", "\(file):work", "--python", python.path, "--warmup", "0", "--values", "1", "--runs", "3", "--repeat", "30000",
             "--format", "json"], home: home)
        #expect(status == 130)
        #expect(document.run.status == .interrupted)
        #expect(document.run.blocks.count == 1, "only the block that ran")
        #expect(document.run.notes.contains(.samplingStopped(.interrupted)))
        let stored = try #require(try store.run("1"))
        #expect(stored.status == .interrupted && stored.configurations[0].processes.count == document.run.configurations[0].processes.count)
    }

    @Test("one run's figures are the same text in its JSON, terminal table, Markdown and HTML report")
    func everyOutputShowsTheSameFigures() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let file = try home.write("fn.py", "def work(n):\n    return sum(range(n))\n")
        let made = try await Self.bench(["bench", "\(file):work", "--args", "30000", "--python", python.path, "--threads", "1,2",
                                         "--repeat", "8", "--format", "json"], home: home)
        #expect(made.termination == .exited(0), "\(made.standardError)")
        let document = try Self.decodeRun(made)
        let terminal = try await Self.bench(["show", "1"], home: home).standardOutput
        let markdown = try await Self.bench(["show", "1", "--markdown"], home: home).standardOutput
        let page = "\(home.path)/report.html"
        #expect(try await Self.bench(["report", "1", "-o", page], home: home).termination == .exited(0))
        let html = try String(contentsOfFile: page, encoding: .utf8)

        // The terminal table: cells are separated by two spaces or more (a
        // cell holds single spaces at most).
        let lines = terminal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerIndex = try #require(lines.firstIndex { $0.hasPrefix("CONFIGURATION") })
        func cells(_ line: String) -> [String] {
            line.split(separator: /\s{2,}/).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        // Markdown: cells between the pipes.
        func markdownCells(_ line: String) -> [String] {
            Array(line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }.dropFirst().dropLast())
        }
        let markdownRows: [[String]] = markdown.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| ") }.map(markdownCells)
        let markdownHeader = markdownRows[0]
        let htmlRows = html.matches(of: /<tr><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/).map { (String($0.output.1), String($0.output.2)) }

        for (index, result) in document.analysis.configurations.enumerated() {
            let configuration = document.run.configurations[index]
            let time = try #require(result.time)
            let interval = try #require(time.shownInterval)
            let figures = (median: Format.seconds(time.value), interval: Format.secondsRange(interval.lower, interval.upper),
                           halfWidth: Format.percent(try #require(time.relativeHalfWidth)))
            // Terminal table
            let row = try #require(lines[(headerIndex + 1)...].map(cells).first { $0.first == configuration.label && $0[1] == String(configuration.threads!) })
            #expect(row[2] == String(result.summary!.count))
            #expect(row[3] == figures.median && row[4] == figures.interval && row[5] == figures.halfWidth)
            // The terminal bar chart
            #expect(lines.contains { $0.hasPrefix(configuration.name) && $0.contains("\(figures.median) ±\(figures.halfWidth)") })
            // Markdown
            let threads = String(configuration.threads!)
            let markdownRow: [String] = try #require(markdownRows.dropFirst().first { $0.count > 1 && $0[0] == configuration.label && $0[1] == threads })
            func markdownCell(_ title: String) -> String { markdownRow[markdownHeader.firstIndex(of: title)!] }
            #expect(markdownCell("MEDIAN") == figures.median && markdownCell("95% CI") == figures.interval && markdownCell("±") == figures.halfWidth)
            // HTML statistics table
            let htmlRow = try #require(htmlRows.first { $0.0 == configuration.name }).1
            let htmlCells = htmlRow.matches(of: /<td class="[a-z]+">([^<]*)<\/td>/).map { String($0.output.1) }
            #expect(htmlCells[3] == figures.median && htmlCells[4] == figures.interval && htmlCells[5] == "±" + figures.halfWidth)
            #expect(htmlCells[1] == String(result.summary!.count))
            if let speedup = result.speedup {
                let range = try #require(speedup.shownInterval)
                #expect(row[7] == Format.speedup(speedup.value) && row[8] == Format.speedupRange(range.lower, range.upper))
                #expect(markdownCell("SPEEDUP") == Format.speedup(speedup.value))
                #expect(htmlCells[11] == XMLText.escape(Format.speedup(speedup.value) + " (" + Format.speedupRange(range.lower, range.upper) + ")"))
                #expect(html.contains(XMLText.escape(Format.speedup(speedup.value))))
            }
            if let scaling = result.scaling {
                #expect(row.contains(Format.speedup(scaling.value)))
                #expect(lines.contains { $0.contains(Format.speedup(scaling.value)) && $0.contains("of ideal") })
            }
        }
    }

    @Test("--pyperf files are read by the real pyperf: show and compare_to accept them; its t-test needs equal counts, which --repeat N --values M give")
    func pyperfAcceptsExports() async throws {
        guard let tools = ProcessInfo.processInfo.environment["PYTHONS_TEST_TOOLS"], !tools.isEmpty,
              FileManager.default.isExecutableFile(atPath: "\(tools)/python") else {
            try Test.cancel("PYTHONS_TEST_TOOLS is not set to a folder with pyperf's python; scripts/test.sh sets it")
        }
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        for (folder, processes) in [("a", "6"), ("b", "6"), ("c", "7")] {
            let outcome = try await Self.bench(["bench", "jit", "-n", "200", "--python", python.path, "--repeat", processes,
                                                "--values", "5", "--pyperf", "\(home.path)/\(folder)"], home: home)
            #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
            // Both counts fixed: no note that the files' counts may differ.
            #expect(!(outcome.standardOutput + outcome.standardError).contains("note: pyperf compare_to"))
        }
        let files = try ["a", "b", "c"].map { folder -> String in
            let names = try FileManager.default.contentsOfDirectory(atPath: "\(home.path)/\(folder)")
            #expect(names.count == 1)
            return "\(home.path)/\(folder)/\(names[0])"
        }
        let environment = RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment)
        let show = try await ProcessRunner().run(ProcessRequest(
            executable: "\(tools)/python", arguments: ["-m", "pyperf", "show", files[0]], environment: environment, timeout: .seconds(60)))
        #expect(show.succeeded, "\(show.standardError)")
        #expect(show.standardOutput.contains("Mean +- std dev") || show.standardOutput.contains("ms"))
        let compare = try await ProcessRunner().run(ProcessRequest(
            executable: "\(tools)/python", arguments: ["-m", "pyperf", "compare_to", files[0], files[1]], environment: environment,
            timeout: .seconds(60)))
        #expect(compare.succeeded, "\(compare.standardOutput) \(compare.standardError)")
        #expect(!compare.standardOutput.isEmpty && !compare.standardOutput.contains("ERROR"))
        // Unequal counts (6 and 7 processes): pyperf's t-test gives up, which
        // is why `--pyperf` notes unequal counts within a run.
        let unequal = try await ProcessRunner().run(ProcessRequest(
            executable: "\(tools)/python", arguments: ["-m", "pyperf", "compare_to", files[0], files[2]], environment: environment,
            timeout: .seconds(60)))
        #expect(unequal.standardOutput.contains("ERROR when testing if values are significant"),
                "\(unequal.standardOutput) \(unequal.standardError)")
    }
}

}

/// A Python string literal for a path.
func pythonString(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
}

/// Whether a process still runs. A killed process whose parent died stays a
/// zombie where PID 1 does not reap orphans (as in some containers): dead all
/// the same.
/// Polls until none of `pids` runs: a process killed on a loaded machine
/// may wait a moment for the CPU to die and be reaped.
func waitUntilGone(_ pids: [Int32], within limit: Duration = .seconds(5)) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while pids.contains(where: isRunning) {
        if ContinuousClock.now > deadline { return false }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return true
}

func isRunning(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(close, offsetBy: 2)] != "Z"
}
