import Foundation
import Testing
@testable import PythonsCore

/// `pythons ext build|check|audit`, run end to end.
@Suite("ext commands", .tags(.endToEnd, .interpreters), .serialized)
struct ExtCommandTests {
    @Test("build, check and audit: the seed's steps, with exit codes 0 only when the GIL stays off")
    func seedWalkthrough() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let stock = try await UopsFixtures.stockCPython(minimumMinor: 13)
        let home = TemporaryFolder()
        let out = home.path + "/out"
        let environment: [String: String?] = ["PYTHONS_HOME": home.path, "NO_COLOR": "1"]

        for module in ExtensionRealTests.examples {
            let build = try await PythonsBinary.run(
                ["ext", "build", "\(UopsFixtures.examplesFolder)/\(module).c", "--python", "\(stock.path),\(freeThreaded.path)", "-o", out],
                environment: environment)
            #expect(build.termination == .exited(0), "\(build.standardError)")
            #expect(build.standardOutput.contains("built for \(freeThreaded.facts.shortName): \(out)/\(module)\(freeThreaded.facts.extSuffix!)"))
            #expect(build.standardOutput.contains("  $ "))
        }

        let single = try await PythonsBinary.run(
            ["ext", "check", "\(out)/greeter_single_phase\(freeThreaded.facts.extSuffix!)", "--python", freeThreaded.path], environment: environment)
        #expect(single.termination == .exited(1))
        #expect(single.standardOutput.contains("re-enables the GIL"))
        #expect(single.standardOutput.contains("CPython warned: RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'greeter_single_phase'"))
        #expect(single.standardOutput.contains("fix: if greeter_single_phase is thread-safe without the GIL, declare it: it uses single-phase init"))

        let multi = try await PythonsBinary.run(
            ["ext", "check", "\(out)/greeter_multi_phase\(freeThreaded.facts.extSuffix!)", "--python", freeThreaded.path, "--format", "json"],
            environment: environment)
        #expect(multi.termination == .exited(0), "\(multi.standardError)")
        let result = try JSONOutput.decoder().decode(ExtensionCheckResult.self, from: Data(multi.standardOutput.utf8))
        #expect(result.verdict == .gilStaysOff)
        #expect(result.module == "greeter_multi_phase")

        let mismatch = try await PythonsBinary.run(
            ["ext", "check", "\(out)/greeter_multi_phase\(stock.facts.extSuffix!)", "--python", freeThreaded.path], environment: environment)
        #expect(mismatch.termination == .exited(1))
        #expect(mismatch.standardOutput.contains("built for another interpreter"))

        // By module name, from the folder that holds it.
        let byName = try await PythonsBinary.runIn(out, ["ext", "check", "greeter_multi_phase", "--python", freeThreaded.path], environment: environment)
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byName.stdout.contains("GIL stays off"))

        let audit = try await PythonsBinary.run(["ext", "audit", out, "--python", freeThreaded.path, "--format", "json"], environment: environment)
        #expect(audit.termination == .exited(1))
        let report = try JSONOutput.decoder().decode(ExtensionAuditReport.self, from: Data(audit.standardOutput.utf8))
        #expect(report.counts["gil-stays-off"] == 1)
        #expect(report.counts["reenables-gil"] == 1)
        #expect(report.counts["built-for-another-interpreter"] == 2)

        let auditText = try await PythonsBinary.run(["ext", "audit", out, "--python", freeThreaded.path], environment: environment)
        #expect(auditText.standardOutput.contains("4 modules: 1 GIL stays off, 1 re-enables the GIL, 2 built for another interpreter"))
    }

    @Test("a missing Python.h or a compiler error is shown as printed, and the build exits 1")
    func compilerErrorShown() async throws {
        let interpreter = try await UopsFixtures.stockCPython()
        let home = TemporaryFolder()
        let source = try home.write("broken.c", ExtensionRealTests.brokenSource)
        let outcome = try await PythonsBinary.run(["ext", "build", source, "--python", interpreter.path, "-o", home.path],
                                                  environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(1))
        #expect(outcome.standardError.contains("broken.c:2"))
        #expect(outcome.standardError.contains("pythons: error: broken did not build for \(interpreter.facts.shortName)"))
    }

    @Test("Ctrl-C during an audit prints the modules checked so far, exits 130 and leaves no interpreter running")
    func auditInterrupted() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let home = TemporaryFolder("pythons-ext-interrupt")
        let environment = UopsFixtures.environment(home: home)
        // One module that loads at once, one whose initialization takes a minute.
        try await Self.buildSleepers([("quick", 0), ("slow", 60)], for: freeThreaded, in: home, environment: environment)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PythonsBinary.path)
        process.arguments = ["ext", "audit", home.path + "/modules", "--python", freeThreaded.path, "--format", "json"]
        process.environment = environment.variables
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the quick module's check is over and the slow one's runs, then press Ctrl-C.
        let deadline = Date().addingTimeInterval(120)
        func slowRunsAlone() -> Bool {
            !Self.processes(mentioning: home.path + "/modules/slow").isEmpty
                && Self.processes(mentioning: home.path + "/modules/quick").isEmpty
        }
        while Date() < deadline, !slowRunsAlone() {
            try await Task.sleep(for: .milliseconds(100))
        }
        if !slowRunsAlone() { process.interrupt() }
        try #require(slowRunsAlone(), "the slow module's check never ran alone within 120 s")
        try await Task.sleep(for: .milliseconds(200))
        process.interrupt()
        let output = try await offThePool {
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return output
        }
        #expect(process.terminationStatus == 130)
        let report = try JSONOutput.decoder().decode(ExtensionAuditReport.self, from: output)
        #expect(!report.complete)
        #expect(report.found == 2)
        #expect(report.results.map(\.module) == ["quick"])
        #expect(report.results.first?.verdict == .gilStaysOff)
        #expect(Self.processes(mentioning: home.path + "/modules").isEmpty)
    }

    @Test("a module whose initialization never finishes is hung (inconclusive, not a crash) after --timeout; the audit goes on, and no interpreter is left")
    func auditHung() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let home = TemporaryFolder("pythons-ext-hung")
        let environment = UopsFixtures.environment(home: home)
        try await Self.buildSleepers([("quick", 0), ("stuck", 600)], for: freeThreaded, in: home, environment: environment)
        let outcome = try await PythonsBinary.run(
            ["ext", "audit", home.path + "/modules", "--python", freeThreaded.path, "--timeout", "10", "--format", "json"],
            environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        let report = try JSONOutput.decoder().decode(ExtensionAuditReport.self, from: Data(outcome.standardOutput.utf8))
        #expect(report.complete)
        #expect(report.results.map(\.module) == ["quick", "stuck"])
        #expect(report.results.first?.verdict == .gilStaysOff)
        let stuck = try #require(report.results.last)
        #expect(stuck.verdict.kind == .hung)
        #expect(stuck.verdict.detail(module: "stuck")?.hasPrefix("did not finish importing stuck within 10 s, and was stopped: inconclusive") == true)
        #expect(report.counts["crashed"] == 0)
        #expect(Self.processes(mentioning: home.path + "/modules").isEmpty)
        #expect(outcome.standardError.contains("pythons: error: 1 of 2 modules do not keep the GIL off"))
    }

    /// Builds modules into HOME/modules whose initialization sleeps the given
    /// seconds and then keeps the GIL off.
    static func buildSleepers(_ modules: [(name: String, seconds: Int)], for interpreter: Interpreter, in home: TemporaryFolder,
                              environment: PythonsEnvironment) async throws {
        for (name, seconds) in modules {
            let source = try home.write("src/\(name).c", """
                #include <Python.h>
                #include <unistd.h>
                static PyModuleDef_Slot slots[] = {{Py_mod_gil, Py_MOD_GIL_NOT_USED}, {0, NULL}};
                static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, .m_name = "\(name)", .m_slots = slots};
                PyMODINIT_FUNC PyInit_\(name)(void) { sleep(\(seconds)); return PyModuleDef_Init(&def); }
                """)
            let built = try await ExtensionBuilder.build(source: source, module: name, interpreters: [interpreter],
                                                         outputFolder: home.path + "/modules", environment: environment, runner: ProcessRunner())
            #expect(built.allBuilt)
        }
    }

    /// Process ids whose command line mentions `text`, read from /proc.
    static func processes(mentioning text: String) -> [Int] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }

    @Test("wrong values are usage errors (exit 2) with one clear line", arguments: [
        (["ext", "build", "missing.c"], "cannot read missing.c"),
        (["ext", "build", "EXAMPLE", "-o", "EXAMPLE"], "-o must be a folder"),
        (["ext", "build", "EXAMPLE", "--name", "greeter-2"], "--name must be a C and Python identifier"),
        (["ext", "build", "EXAMPLE", "--python", "3.13@@"], "is not an interpreter request"),
        (["ext", "check", "missing/greeter.so"], "no such file: missing/greeter.so"),
        (["ext", "check", "not a module"], "neither a file nor a module name"),
        (["ext", "check", "greeter", "--python", "STOCK"], "is not free-threaded"),
        (["ext", "audit", "--python", "STOCK"], "is not free-threaded"),
        (["ext", "audit", "missing-folder"], "no such folder: missing-folder"),
        (["ext", "audit", "EXAMPLE"], "is not a folder"),
        (["ext", "build", "EXAMPLES/fib.py"], "is not C source"),
        (["ext", "check", "EXAMPLE"], "is C source, not a built module: build it first with `pythons ext build"),
        (["ext", "check", "EXAMPLES/fib.py"], "is not an extension module"),
        (["ext", "check", "greeter", "--python", "EXAMPLES"], "is not a usable interpreter: a folder, not an interpreter"),
        (["ext", "audit", "--timeout", "0"], "--timeout must be between 0 and 3600 seconds"),
        (["ext", "check", "greeter", "--timeout", "nan"], "--timeout must be between 0 and 3600 seconds"),
        (["ext", "frobnicate"], "frobnicate"),
    ])
    func usageErrors(arguments: [String], expected: String) async throws {
        let stock = try await UopsFixtures.stockCPython()
        let home = TemporaryFolder()
        let resolved = arguments.map {
            $0.replacingOccurrences(of: "STOCK", with: stock.path)
                .replacingOccurrences(of: "EXAMPLES", with: UopsFixtures.examplesFolder)
                .replacingOccurrences(of: "EXAMPLE", with: "\(UopsFixtures.examplesFolder)/greeter_multi_phase.c")
        }
        let outcome = try await PythonsBinary.run(resolved, environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(2), "\(outcome.standardError)")
        #expect(outcome.standardError.contains(expected), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }
}

extension PythonsBinary {
    /// Runs `pythons` from another working folder.
    static func runIn(_ folder: String, _ arguments: [String], environment overrides: [String: String?]) async throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides { environment[key] = value }
        let outcome = try await ProcessRunner().run(ProcessRequest(executable: path, arguments: arguments, environment: environment,
                                                                   workingDirectory: folder, timeout: .seconds(300)))
        let status: Int32 = if case .exited(let code) = outcome.termination { code } else { -1 }
        return (status, outcome.standardOutput, outcome.standardError)
    }
}
