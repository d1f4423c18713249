import Foundation
import GRDB
import Testing
@testable import PythonsCore

extension BenchProcessTests {
/// Issue 15: hostile but fair input, tried with the real binary and real
/// interpreters. Each test here failed before its fix.
@Suite("hardening: forged results, crashing numbers, killed runs, damaged databases", .tags(.endToEnd, .interpreters))
struct HardeningTests {
    /// Workloads that misbehave in the ways the issue lists.
    static let workloads = """
        import os, sys, threading, time

        FORGED = '@@pythons-result {"values_ns": [1], "warmups_ns": [], "loops": 1, "gil_enabled": true, "jit_enabled": null}'

        def quick(*args):
            return sum(range(100))

        def forge_os_exit():
            print(FORGED)
            sys.stdout.flush()
            os._exit(0)

        def forge_sys_exit():
            print(FORGED)
            sys.exit(0)

        def interrupt():
            raise KeyboardInterrupt

        def loud():
            sys.stdout.write("x" * (9 << 20))

        _threads = []
        def leave_thread():
            if not _threads:
                _threads.append(threading.Thread(target=time.sleep, args=(1000,)))
                _threads[0].start()
        """

    static func pythons(_ arguments: [String], home: TemporaryFolder, timeout: Duration = .seconds(120)) async throws -> ProcessOutcome {
        try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": home.path, "NO_COLOR": "1", "COLUMNS": "100"],
                                    timeout: timeout)
    }

    /// The lines of stderr that are not warnings printed along the way.
    static func errorLines(_ outcome: ProcessOutcome) -> [Substring] {
        outcome.standardError.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("warning:") }
    }

    /// The one line a failure must print, or a recorded issue.
    static func expectOneLine(_ outcome: ProcessOutcome, exit code: Int32, containing expected: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(outcome.termination == .exited(code), "\(outcome.termination): \(outcome.standardError)", sourceLocation: sourceLocation)
        let lines = errorLines(outcome)
        #expect(lines.count == 1 && lines[0].hasPrefix("pythons: "), "not one line: \(outcome.standardError)", sourceLocation: sourceLocation)
        #expect(outcome.standardError.contains(expected), "\(outcome.standardError)", sourceLocation: sourceLocation)
    }

    static func history(_ home: TemporaryFolder) async throws -> [RunStore.RunListing] {
        let outcome = try await pythons(["history", "--format", "json"], home: home)
        guard outcome.succeeded else { throw PythonsError.failure("history failed: \(outcome.standardError)") }
        struct Listing: Decodable { var runs: [RunStore.RunListing] }
        return try JSONOutput.decoder().decode(Listing.self, from: Data(outcome.standardOutput.utf8)).runs
    }

    static func benchArguments(_ function: String, file: String, python: Interpreter, _ extra: [String] = []) -> [String] {
        ["bench", "\(file):\(function)", "--python", python.path, "--repeat", "1", "--warmup", "0", "--values", "1"] + extra
    }

    // MARK: Defect 1

    @Test("a workload that prints a result line and exits 0 has forged nothing: the configuration fails, nothing is stored as measured",
          arguments: ["forge_os_exit", "forge_sys_exit"])
    func forgedResult(function: String) async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work.py", Self.workloads)
        let outcome = try await Self.pythons(Self.benchArguments(function, file: file, python: python), home: home)
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("the workload ended its process before the timings were reported"), "\(outcome.standardError)")
        #expect(!outcome.standardOutput.contains("1.00 ns"))
        let runs = try await Self.history(home)
        #expect(runs.count == 1 && runs[0].status == .failed && runs[0].processes == 0, "\(runs)")
    }

    // MARK: Defect 2

    @Test("numbers out of range are usage errors with one line, and nothing is stored", arguments: [
        ["--timeout", "1e20"], ["--max-time", "1e20"], ["--max-time", "inf"], ["--timeout", "inf"], ["--timeout", "nan"],
        ["--max-time", "-5"], ["--repeat", "10000000"], ["--min-processes", "9999999"], ["--warmup", "99999999999"],
        ["--values", "1e3"], ["-n", "1e20"], ["--probe-timeout", "1e20"],
    ])
    func numbersOutOfRange(option: [String]) async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work.py", Self.workloads)
        let arguments = ["bench", "\(file):quick", "--python", python.path] + [option.joined(separator: "=")]
        let outcome = try await Self.pythons(option[0] == "-n" ? ["bench", "gil", "--python", python.path] + option : arguments, home: home)
        Self.expectOneLine(outcome, exit: 2, containing: option[0])
        #expect(!outcome.standardError.contains("Usage:"))
        #expect(try await Self.history(home).isEmpty)
    }

    @Test("numbers that uops and history take are range-checked too", arguments: [
        ["history", "--limit=99999999999"], ["uops", "x.py:f", "--max-calls=999999999999"], ["uops", "x.py:f", "--max-seconds=inf"],
        ["install", "3.13.5", "--jobs=100000"], ["list", "--probe-timeout=nan"],
    ])
    func otherNumbers(arguments: [String]) async throws {
        let home = TemporaryFolder()
        let outcome = try await Self.pythons(arguments, home: home)
        Self.expectOneLine(outcome, exit: 2, containing: arguments.last!.split(separator: "=")[0].description)
    }

    // MARK: Defect 3

    @Test("an empty interpreter request is a usage error wherever one is taken", arguments: [
        ["bench", "gil", "--python", ""], ["bench", "gil", "--python", "3.13,"], ["info", "--python", ""], ["info", ""],
        ["list", "--python", ""], ["ext", "build", "{home}/x.c", "--python", ""], ["ext", "check", "x", "--python", ""],
        ["ext", "audit", "--python", ""], ["uops", "x.py:f", "--python", ""], ["repl", ""],
    ])
    func emptyPython(arguments: [String]) async throws {
        let home = TemporaryFolder()
        try home.write("x.c", "#include <Python.h>\nPyMODINIT_FUNC PyInit_x(void) { return NULL; }\n")
        let outcome = try await Self.pythons(arguments.map { $0.replacingOccurrences(of: "{home}", with: home.path) }, home: home)
        Self.expectOneLine(outcome, exit: 2, containing: "empty")
        #expect(outcome.standardOutput.isEmpty)
    }

    // MARK: Defect 4

    @Test("SIGKILL of pythons during a bench: no worker or child of it is left after a second, and the next pythons marks the run interrupted with its samples",
          arguments: [
              "while True:\n        pass",
              // In C, holding the GIL: no thread of the worker could act.
              "import ctypes\n    ctypes.PyDLL(None).sleep(1000)",
          ])
    func sigkill(endless: String) async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        // Each worker process runs the module once: the first two return at
        // once, the third starts a child and then never returns.
        let file = try home.write("endless.py", """
            import os, subprocess, time
            HERE = os.path.dirname(os.path.abspath(__file__))
            with open(os.path.join(HERE, "count"), "a") as f:
                f.write("x")
            PROCESS = os.path.getsize(os.path.join(HERE, "count"))

            def run():
                if PROCESS < 3:
                    return
                child = subprocess.Popen(["sleep", "1000"])
                with open(os.path.join(HERE, "pids.tmp"), "w") as f:
                    f.write("%d %d" % (os.getpid(), child.pid))
                os.rename(os.path.join(HERE, "pids.tmp"), os.path.join(HERE, "pids"))
                \(endless)
            """)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PythonsBinary.path)
        process.arguments = ["bench", "\(file):run", "--python", python.path, "--repeat", "5", "--warmup", "0", "--values", "1", "-q"]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONS_HOME"] = home.path
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pidsPath = "\(home.path)/pids"
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: pidsPath), ContinuousClock.now < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        let pids = try String(contentsOfFile: pidsPath, encoding: .utf8).split(separator: " ").compactMap { Int32($0) }
        try #require(pids.count == 2)
        #expect(pids.allSatisfy(Self.isRunning), "the worker and its child run before the kill")

        kill(process.processIdentifier, SIGKILL)
        try await offThePool { process.waitUntilExit() }
        try await Task.sleep(for: .seconds(1))
        #expect(!pids.contains(where: Self.isRunning), "left running after pythons was killed: \(pids.filter(Self.isRunning))")
        for pid in pids where Self.isRunning(pid) { kill(pid, SIGKILL) }

        let runs = try await Self.history(home)
        #expect(runs.count == 1)
        #expect(runs.first?.status == .interrupted, "\(runs)")
        #expect(runs.first?.processes == 2, "the two samples measured before the kill are kept")
        let shown = try await Self.pythons(["show", "1"], home: home)
        #expect(shown.standardOutput.contains("ended before finishing it"), "\(shown.standardOutput)")
    }

    /// Running, not a zombie waiting for a parent to reap it.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return kill(pid, 0) == 0 }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    @Test("a run whose pythons is gone becomes interrupted when the database is opened; one whose owner lives, or is unknown, stays running")
    func orphanedRuns() throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/results.sqlite"
        let store = try RunStore(path: path)
        var run = BenchFixtures.run()
        run.status = .running
        let ours = try store.insert(run)
        run.id = UUID().uuidString.lowercased()
        let gone = try store.insert(run)
        run.id = UUID().uuidString.lowercased()
        let unknown = try store.insert(run)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            // A pid that exists (this process) with another start: pid reuse.
            try db.execute(sql: "UPDATE run SET ownerStart = 'another-boot/1' WHERE id = ?", arguments: [gone.runNumber])
            try db.execute(sql: "UPDATE run SET ownerPid = NULL, ownerStart = NULL WHERE id = ?", arguments: [unknown.runNumber])
        }
        try queue.close()
        let reopened = try RunStore(path: path, forWriting: false)
        #expect(try reopened.run("\(ours.runNumber)")?.status == .running)
        let interrupted = try #require(try reopened.run("\(gone.runNumber)"))
        #expect(interrupted.status == .interrupted)
        #expect(interrupted.configurations.map(\.processes.count) == run.configurations.map(\.processes.count))
        #expect(interrupted.configurations.allSatisfy { $0.status == .measured })
        #expect(interrupted.notes.last.flatMap(RunNoteText.standalone)?.contains("ended before finishing it") == true)
        #expect(try reopened.run("\(unknown.runNumber)")?.status == .running)
    }

    /// SQLite does not wait for a busy file while switching it to WAL: four
    /// `pythons bench` at once on a new PYTHONS_HOME once failed with
    /// "database is locked". Many stores opened at once, again and again on
    /// new files, make that moment likely.
    @Test("eight stores opened at once on a new database all open it, in WAL mode, a hundred times over")
    func concurrentOpening() async throws {
        let folder = TemporaryFolder()
        for round in 0..<100 {
            let path = "\(folder.path)/results-\(round).sqlite"
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { _ = try RunStore(path: path) }
                }
                try await group.waitForAll()
            }
            let queue = try DatabaseQueue(path: path)
            let mode = try await queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            try queue.close()
        }
    }

    @Test("a database of schema 2 gains the owner columns in place, its runs kept")
    func schemaTwo() throws {
        let folder = TemporaryFolder()
        let path = "\(folder.path)/results.sqlite"
        let run = BenchFixtures.run()
        // Back to schema 2 as the previous Pythons wrote it: no owner.
        let store = try BenchFixtures.storeAtOlderSchema(path: path, run: run, version: 2, changes: [
            "ALTER TABLE run DROP COLUMN ownerPid", "ALTER TABLE run DROP COLUMN ownerStart"])
        var expected = run
        expected.number = 1
        #expect(try store.run("1") == expected)
        let columns = try DatabaseQueue(path: path).read { db in try db.columns(in: "run").map(\.name) }
        #expect(columns.contains("ownerPid") && columns.contains("ownerStart"))
    }

    // MARK: Defect 5

    @Test("garbage in the middle of a results.sqlite with several runs: history and show say so in one line naming the file, bench writes nothing into it; moved aside, a new one starts")
    func damagedDatabase() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work.py", Self.workloads)
        for _ in 0..<6 {
            let outcome = try await Self.pythons(Self.benchArguments("quick", file: file, python: python, ["--repeat", "3", "-q"]), home: home)
            try #require(outcome.succeeded, "\(outcome.standardError)")
        }
        let path = "\(home.path)/results.sqlite"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 40_000)
        var generator = SplitMix64(seed: 15)
        let garbage = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(size / 2))
        try handle.write(contentsOf: garbage)
        try handle.close()
        let damaged = try Data(contentsOf: URL(fileURLWithPath: path))

        for arguments in [["history"], ["show", "3"], ["compare", "2", "3"]] {
            let outcome = try await Self.pythons(arguments, home: home)
            Self.expectOneLine(outcome, exit: 1, containing: "\(path) is damaged")
            #expect(outcome.standardError.contains("Move it aside"))
        }
        let bench = try await Self.pythons(Self.benchArguments("quick", file: file, python: python), home: home)
        Self.expectOneLine(bench, exit: 1, containing: "\(path) is damaged")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged, "the damaged file must not be written into")

        try FileManager.default.moveItem(atPath: path, toPath: path + ".damaged")
        let fresh = try await Self.pythons(Self.benchArguments("quick", file: file, python: python, ["-q"]), home: home)
        #expect(fresh.succeeded, "\(fresh.standardError)")
        #expect(try await Self.history(home).count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + ".damaged")) == damaged)
    }

    @Test("a file that is not a database at all is named, not overwritten")
    func notADatabase() async throws {
        let home = TemporaryFolder()
        let path = try home.write("results.sqlite", String(repeating: "not sqlite ", count: 2000))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let outcome = try await Self.pythons(["history"], home: home)
        Self.expectOneLine(outcome, exit: 1, containing: "\(path) is damaged")
        let bench = try await Self.pythons(["bench", "gil", "-n", "1", "--repeat", "1", "--threads", "1", "--python", try await RealInterpreters.stockCPython3().path], home: home)
        Self.expectOneLine(bench, exit: 1, containing: "\(path) is damaged")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    // MARK: Defect 7

    @Test("each misbehaviour of a workload gets its own line", arguments: [
        ("loud", [], "the workload printed more than 8 MiB on stdout"),
        ("leave_thread", ["--timeout", "10"], "the workload left a thread running: its timings were reported, but the process did not exit within 10 s"),
        ("interrupt", [], "KeyboardInterrupt raised by the workload"),
    ])
    func workloadMessages(function: String, extra: [String], expected: String) async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work.py", Self.workloads)
        let outcome = try await Self.pythons(Self.benchArguments(function, file: file, python: python, extra + ["-q"]), home: home)
        Self.expectOneLine(outcome, exit: 1, containing: expected)
        #expect(!outcome.standardError.contains("cannot run") && !outcome.standardError.contains("SIGINT")
                && !outcome.standardError.contains("raise --timeout"), "\(outcome.standardError)")
    }

    @Test("a late --pyperf write error still says which run holds the measurements")
    func lateExportError() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work.py", Self.workloads)
        // Passes the early checks (nothing is there), fails at mkdir.
        let outcome = try await Self.pythons(Self.benchArguments("quick", file: file, python: python, ["--pyperf", "/dev/null/pyperf", "-q"]), home: home)
        Self.expectOneLine(outcome, exit: 1, containing: "cannot write pyperf files to /dev/null/pyperf")
        #expect(outcome.standardError.contains("the run is stored as run 1"), "\(outcome.standardError)")
        #expect(try await Self.history(home).first?.status == .complete)
    }

    @Test("decoding and file errors read as one line naming the file", arguments: [
        (["show", "{home}/missing-key.json"], "missing-key.json is not a run written by `pythons bench --format json`: missing \"schemaVersion\""),
        (["show", "{home}/garbage.json"], "garbage.json is not a run written by `pythons bench --format json`: not valid JSON"),
        (["report", "{home}/garbage.json", "-o", "{home}/report.html"], "garbage.json is not a run"),
    ])
    func readableErrors(arguments: [String], expected: String) async throws {
        let home = TemporaryFolder()
        try home.write("missing-key.json", "{\"run\": 1}")
        try home.write("garbage.json", "garbage, not JSON")
        let outcome = try await Self.pythons(arguments.map { $0.replacingOccurrences(of: "{home}", with: home.path) }, home: home)
        Self.expectOneLine(outcome, exit: 2, containing: expected)
        #expect(!outcome.standardError.contains("DecodingError") && !outcome.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test("a report into a folder that does not exist says so, not NSCocoaErrorDomain")
    func reportIntoMissingFolder() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let file = try home.write("work.py", Self.workloads)
        let bench = try await Self.pythons(Self.benchArguments("quick", file: file, python: python, ["-q"]), home: home)
        try #require(bench.succeeded, "\(bench.standardError)")
        let outcome = try await Self.pythons(["report", "1", "-o", "\(home.path)/no/such/folder/report.html"], home: home)
        Self.expectOneLine(outcome, exit: 1, containing: "no such file or folder")
        #expect(!outcome.standardError.contains("NSCocoaErrorDomain") && !outcome.standardError.contains("could not be completed"))
    }
}
}

extension BenchFixtures {
    /// A database holding `run`, taken back to an older schema by `changes`
    /// and then opened by this Pythons: the store, migrated in place (its
    /// user_version checked).
    static func storeAtOlderSchema(path: String, run: BenchmarkRun, version: Int, changes: [String]) throws -> RunStore {
        _ = try RunStore(path: path).insert(run)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            for change in changes { try db.execute(sql: change) }
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
        try queue.close()
        let store = try RunStore(path: path)
        let migrated = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(migrated == RunStore.schemaVersion)
        return store
    }
}
