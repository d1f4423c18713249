import Foundation
import Testing
@testable import PythonsCore

/// examples/github-actions/pythons-fleet.yml: checked by actionlint, and its
/// steps' scripts run here as a runner runs them (`bash -e`), on real runs
/// made on two machine identities.
@Suite("The fleet workflow", .tags(.endToEnd, .interpreters), .serialized)
struct FleetWorkflowTests {
    @Test("actionlint (with shellcheck on its run: scripts) accepts the workflow, and rejects a copy with a misspelt input")
    func actionlintAccepts() async throws {
        let actionlint = try ToolsVenv.tool("actionlint")
        let environment = Commands.minimalEnvironment(home: TemporaryFolder().path)
        let outcome = try await Commands.run([actionlint, "-oneline", FleetWorkflow.path], environment: environment)
        #expect(outcome.succeeded, "actionlint: \(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty, "\(outcome.standardOutput)")

        let folder = TemporaryFolder("pythons-actionlint")
        let broken = try String(contentsOfFile: FleetWorkflow.path, encoding: .utf8)
            .replacingOccurrences(of: "python-version: ${{ matrix.python }}", with: "python-versoin: ${{ matrix.python }}")
        let copy = try folder.write("broken.yml", broken)
        let rejected = try await Commands.run([actionlint, "-oneline", copy], environment: environment)
        #expect(rejected.termination == .exited(1))
        #expect(rejected.standardOutput.contains("python-versoin"), "\(rejected.standardOutput)")

        // shellcheck (Debian's, which actionlint runs on every run: script)
        // catches an unquoted path.
        _ = try TestTools.require("shellcheck", package: "shellcheck")
        let unquoted = try String(contentsOfFile: FleetWorkflow.path, encoding: .utf8)
            .replacingOccurrences(of: "pythons info \"$PYTHON_PATH\"", with: "pythons info $PYTHON_PATH")
        let flagged = try await Commands.run([actionlint, "-oneline", try folder.write("unquoted.yml", unquoted)], environment: environment)
        #expect(flagged.termination == .exited(1))
        #expect(flagged.standardOutput.contains("SC2086"), "\(flagged.standardOutput)")
    }

    @Test("an interpreter the runner lacks fails its job with one line")
    func missingInterpreterFailsInOneLine() async throws {
        let stock = try await RealInterpreters.stockCPython3()
        let check = try await FleetWorkflow.script(job: "bench", step: "check the interpreter")
        // actions/setup-python could not provide it.
        let missing = try await FleetWorkflow.runStep(check, environment: [
            "REQUESTED": "3.12t", "RUNNER": "ubuntu-24.04", "SETUP_OUTCOME": "failure", "PYTHON_PATH": ""])
        #expect(missing.termination == .exited(1))
        let lines = Commands.lines(missing)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("::error title=no such interpreter::ubuntu-24.04 has no Python 3.12t") == true, "\(lines)")
        // It provided one, but not the free-threaded build asked for.
        let notFreeThreaded = try await FleetWorkflow.runStep(check, environment: [
            "REQUESTED": "\(stock.version.major).\(stock.version.minor)t", "RUNNER": "ubuntu-24.04",
            "SETUP_OUTCOME": "success", "PYTHON_PATH": stock.path])
        #expect(notFreeThreaded.termination == .exited(1))
        let other = Commands.lines(notFreeThreaded)
        #expect(other.count == 1 && other[0].contains("which is not a free-threaded build"), "\(other)")
    }

    @Test("an interpreter the runner has passes the check, which prints its banner")
    func presentInterpreterPasses() async throws {
        let catalog = await RealInterpreters.catalog()
        // A free-threaded build if the machine has one: the check's other branch.
        let interpreter: Interpreter
        if let freeThreaded = catalog.interpreters.first(where: { $0.isCPython && $0.facts.freeThreadedBuild }) {
            interpreter = freeThreaded
        } else {
            interpreter = try await RealInterpreters.stockCPython3()
        }
        let requested = "\(interpreter.version.major).\(interpreter.version.minor)\(interpreter.facts.freeThreadedBuild ? "t" : "")"
        let check = try await FleetWorkflow.script(job: "bench", step: "check the interpreter")
        let outcome = try await FleetWorkflow.runStep(check, environment: [
            "REQUESTED": requested, "RUNNER": "ubuntu-24.04", "SETUP_OUTCOME": "success", "PYTHON_PATH": interpreter.path])
        #expect(outcome.succeeded, "\(Commands.lines(outcome))")
        #expect(outcome.standardOutput.contains("🐍 CPython \(interpreter.version) \(interpreter.path)"), "\(outcome.standardOutput)")
    }

    @Test("the report step merges runs from two machine identities into one page grouped by machine")
    func reportGroupsByMachine() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let work = TemporaryFolder("pythons-fleet")
        let workload = try FleetWorkflow.writeWorkload(in: work, size: 20_000)
        try FileManager.default.createDirectory(atPath: "\(work.path)/runs", withIntermediateDirectories: true)
        try await FleetWorkflow.bench(workload, python: python, into: "\(work.path)/runs/run-here.json", home: work)
        // The second machine: the same host in its own UTS namespace, with
        // its own hostname, which every run records.
        try await FleetWorkflow.bench(workload, python: python, into: "\(work.path)/runs/run-there.json", home: work,
                                      hostname: FleetWorkflow.otherHostname)
        let hosts = try ["here", "there"].map { try FleetWorkflow.hostname(ofRun: "\(work.path)/runs/run-\($0).json") }
        #expect(hosts[0] == MachineInfo.current().hostname)
        #expect(hosts[1] == FleetWorkflow.otherHostname)

        let report = try await FleetWorkflow.script(job: "merge", step: "report")
        let outcome = try await FleetWorkflow.runStep(report, environment: [:], in: work.path)
        #expect(outcome.succeeded, "\(Commands.lines(outcome))")
        #expect(outcome.standardOutput.contains("2 runs on 2 machines"), "\(outcome.standardOutput)")
        let page = try String(contentsOfFile: "\(work.path)/report.html", encoding: .utf8)
        for host in hosts {
            #expect(page.contains("<h2>Machine: \(host)</h2>"), "no section for \(host)")
        }
    }

    @Test("the gate step exits 3 when a run regressed against its baseline, and 0 when it improved or has none")
    func gateFailsOnRegression() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let work = TemporaryFolder("pythons-fleet-gate")
        for folder in ["runs", "baseline"] {
            try FileManager.default.createDirectory(atPath: "\(work.path)/\(folder)", withIntermediateDirectories: true)
        }
        // The code under test changed between the baseline and this run: the
        // same workload (file and function) does four times the work.
        let workload = try FleetWorkflow.writeWorkload(in: work, size: 20_000)
        // 12 processes a side, not 6: with the suite loading both cores, two
        // of six processes of A once stalled to B's time, and a bootstrap of
        // six medians then spans 1 (seen on 2026-12-02).
        try await FleetWorkflow.bench(workload, python: python, into: "\(work.path)/baseline/run-x.json", home: work, processes: 12)
        _ = try FleetWorkflow.writeWorkload(in: work, size: 80_000)
        try await FleetWorkflow.bench(workload, python: python, into: "\(work.path)/runs/run-x.json", home: work, processes: 12)

        let gate = try await FleetWorkflow.script(job: "merge", step: "gate")
        let regressed = try await FleetWorkflow.runStep(gate, environment: [:], in: work.path)
        #expect(regressed.termination == .exited(3), "\(Commands.lines(regressed))")
        #expect(regressed.standardOutput.contains("::error title=regression::run-x regressed against the baseline run"))

        // Swapped, the change is an improvement: the gate passes.
        try FileManager.default.moveItem(atPath: "\(work.path)/runs/run-x.json", toPath: "\(work.path)/slow.json")
        try FileManager.default.moveItem(atPath: "\(work.path)/baseline/run-x.json", toPath: "\(work.path)/runs/run-x.json")
        try FileManager.default.moveItem(atPath: "\(work.path)/slow.json", toPath: "\(work.path)/baseline/run-x.json")
        let improved = try await FleetWorkflow.runStep(gate, environment: [:], in: work.path)
        #expect(improved.succeeded, "\(Commands.lines(improved))")

        // A run without a baseline is reported, not gated.
        try FileManager.default.copyItem(atPath: "\(work.path)/runs/run-x.json", toPath: "\(work.path)/runs/run-new.json")
        let ungated = try await FleetWorkflow.runStep(gate, environment: [:], in: work.path)
        #expect(ungated.succeeded)
        #expect(ungated.standardOutput.contains("no baseline for run-new: not gated"))
    }
}

/// The example workflow and the means to run its steps here.
enum FleetWorkflow {
    static let path = "\(PackageFolders.root)/examples/github-actions/pythons-fleet.yml"
    static let otherHostname = "pythons-fleet-b"

    /// The `run:` script of the step named `step` in `job`, read with PyYAML.
    static func script(job: String, step: String) async throws -> String {
        let code = """
            import sys, yaml
            workflow = yaml.safe_load(open(sys.argv[1]))
            for entry in workflow["jobs"][sys.argv[2]]["steps"]:
                if entry.get("name") == sys.argv[3]:
                    sys.stdout.write(entry["run"])
                    break
            else:
                sys.exit("no step " + sys.argv[3])
            """
        let outcome = try await Commands.run([try ToolsVenv.tool("python"), "-c", code, path, job, step])
        guard outcome.succeeded else { throw PythonsError.failure("cannot read \(job)/\(step) from \(path): \(outcome.standardError)") }
        return outcome.standardOutput
    }

    /// Runs a step's script as a Linux runner does (`bash -e`), with
    /// `pythons` (the one this test suite built) first on PATH.
    static func runStep(_ script: String, environment extra: [String: String], in folder: String? = nil) async throws -> ProcessOutcome {
        let home = TemporaryFolder("pythons-step")
        let file = try home.write("step.sh", script)
        var environment = Commands.minimalEnvironment(
            home: home.path, path: URL(fileURLWithPath: PythonsBinary.path).deletingLastPathComponent().path + ":/usr/bin:/bin")
        environment["PYTHONS_HOME"] = "\(home.path)/pythons-home"
        environment.merge(extra) { $1 }
        return try await Commands.run(["/bin/bash", "-e", file], environment: environment, workingDirectory: folder ?? home.path)
    }

    /// A benchmark function whose cost is `size` (rewritten in place: the
    /// workload, file and function, stays the same).
    static func writeWorkload(in folder: TemporaryFolder, size: Int) throws -> String {
        try folder.write("fleet_workload.py", "def work():\n    return sum(i * i for i in range(\(size)))\n")
        return "\(folder.path)/fleet_workload.py:work"
    }

    /// `pythons bench WORKLOAD --format json > file`, in its own UTS namespace
    /// with another hostname when one is given.
    static func bench(_ workload: String, python: Interpreter, into file: String, home: TemporaryFolder,
                      hostname: String? = nil, processes: Int = 6) async throws {
        var command = [PythonsBinary.path, "bench", workload, "--python", python.path, "--repeat", "\(processes)", "--format", "json"]
        if let hostname {
            let probe = try await Commands.run(["/usr/bin/unshare", "--uts", "/bin/true"], timeout: .seconds(30))
            guard probe.succeeded else {
                try Test.cancel("unshare --uts is not permitted here (\(probe.lastErrorLine ?? "\(probe.termination)")): no second machine identity")
            }
            command = ["/usr/bin/unshare", "--uts", "/bin/sh", "-c", "hostname \"$0\" && exec \"$@\"", hostname] + command
        }
        var environment = Commands.minimalEnvironment(home: home.path)
        environment["PYTHONS_HOME"] = "\(home.path)/pythons-home"
        let outcome = try await Commands.run(command, environment: environment)
        guard outcome.succeeded else { throw PythonsError.failure("bench \(workload) failed: \(outcome.termination) \(outcome.standardError)") }
        try outcome.standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
    }

    static func hostname(ofRun file: String) throws -> String {
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        let machine = (document?["run"] as? [String: Any])?["machine"] as? [String: Any]
        return machine?["hostname"] as? String ?? ""
    }
}
