import Foundation
import Testing
@testable import PythonsCore

/// `pythons ext audit` on a venv of the 3.13t build holding real cp313t
/// wheels from PyPI (scripts/provide-test-wheels.sh fetches them): every
/// verdict must be what a plain `import` in a fresh process shows.
@Suite("ext audit on real wheels in a venv", .tags(.builds, .endToEnd), .serialized)
struct RealWheelAuditTests {
    /// What the venv gets, pinned as the provide script pins them.
    static let requirements = ["numpy==2.4.6", "markupsafe==3.0.3", "psutil==7.2.2", "frozenlist==1.8.0", "rpds-py==2026.5.1"]
    static let distributions: Set<String> = ["numpy", "MarkupSafe", "psutil", "frozenlist", "rpds-py"]

    /// The wheel folder: PYTHONS_TEST_WHEELS, else the provide script's cache.
    static func wheels() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let folder = environment["PYTHONS_TEST_WHEELS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSHomeDirectory())/.cache/pythons/wheels/cp313t"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/x86_64")) ?? []
        guard names.contains(where: { $0.hasPrefix("numpy-2.4.6-") }), names.contains(where: { $0.hasPrefix("pydantic_core-") }) else {
            try Test.cancel("no test wheels in \(folder): run scripts/provide-test-wheels.sh (scripts/test.sh does)")
        }
        return folder
    }

    struct Venv: Sendable {
        let folder: TemporaryFolder
        let python: String
        let sitePackages: String
        let base: Interpreter
    }

    /// A venv of the 3.13t build with pip, and the given requirements installed
    /// offline from the wheel folder.
    static func makeVenv(installing requirements: [String]) async throws -> Venv {
        let base = try await RealInterpreters.require("3.13t", why: "the real-wheel venv is made from the 3.13t build")
        let wheels = try wheels()
        let folder = TemporaryFolder("pythons-wheels")
        let prefix = try await Venvs.make(folder.path + "/venv", from: base.path, withPip: true)
        let python = prefix + "/bin/python"
        if !requirements.isEmpty {
            try await run(python, ["-m", "pip", "install", "-q", "--no-index", "--find-links", wheels + "/x86_64"] + requirements, in: folder)
        }
        let site = try await run(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], in: folder)
        return Venv(folder: folder, python: python, sitePackages: site.trimmingCharacters(in: .whitespacesAndNewlines), base: base)
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in folder: TemporaryFolder,
                    extra: [String: String] = [:]) async throws -> String {
        var environment = RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment)
        environment.merge(extra) { $1 }
        let outcome = try await ProcessRunner().run(ProcessRequest(executable: executable, arguments: arguments, environment: environment,
                                                                   workingDirectory: folder.path, timeout: .seconds(600)))
        guard outcome.succeeded else {
            throw PythonsError.failure("\(executable) \(arguments.joined(separator: " ")): \(outcome.termination) \(outcome.standardError)")
        }
        return outcome.standardOutput
    }

    /// What a plain import in a fresh process shows: the GIL after it, or
    /// that it failed. `pathEntry` goes first on sys.path, as the audit puts
    /// a folder that is not a site-packages.
    enum Truth: Equatable { case gilOff, gilOn, fails }

    static func truth(of module: String, python: String, pathEntry: String? = nil, in folder: TemporaryFolder) async throws -> Truth {
        var environment = RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment)
        if let pathEntry { environment["PYTHONPATH"] = pathEntry }
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: python, arguments: ["-c", "import \(module), sys; print(sys._is_gil_enabled())"],
            environment: environment, workingDirectory: folder.path, timeout: .seconds(120)))
        guard outcome.succeeded else { return .fails }
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "True" ? .gilOn : .gilOff
    }

    static func agrees(_ verdict: ExtensionVerdict, with truth: Truth) -> Bool {
        switch (verdict.kind, truth) {
        case (.gilStaysOff, .gilOff), (.reenablesGIL, .gilOn): true
        case (.importFails, .fails), (.packageFailsToImport, .fails), (.builtForAnotherInterpreter, .fails), (.oldStableABI, .fails): true
        default: false
        }
    }

    static func audit(_ arguments: [String], venv: Venv) async throws -> (report: ExtensionAuditReport, outcome: ProcessOutcome) {
        let outcome = try await PythonsBinary.run(["ext", "audit"] + arguments + ["--python", venv.python, "--format", "json"],
                                                  environment: ["PYTHONS_HOME": venv.folder.path + "/home", "NO_COLOR": "1"], timeout: .seconds(900))
        let report = try JSONOutput.decoder().decode(ExtensionAuditReport.self, from: Data(outcome.standardOutput.utf8))
        return (report, outcome)
    }

    @Test("ext audit --python VENV/bin/python audits the venv's site-packages; every verdict is the plain import's, and the project's re-enabling example is the one module flagged")
    func venvAuditMatchesPlainImports() async throws {
        let venv = try await Self.makeVenv(installing: Self.requirements)
        let clean = try await Self.audit([], venv: venv)
        #expect(clean.outcome.termination == .exited(0), "\(clean.outcome.standardError)")
        #expect(clean.report.folders == [venv.sitePackages])
        #expect(clean.report.interpreter.path == venv.python)
        #expect(clean.report.notes.isEmpty)
        #expect(clean.report.results.count == 23)  // numpy's 19, one each for the others
        #expect(Set(clean.report.distributions.compactMap(\.distribution?.name)) == Self.distributions)
        #expect(clean.report.distributions.allSatisfy { $0.allKeepTheGILOff })
        for result in clean.report.results {
            let truth = try await Self.truth(of: result.module, python: venv.python, in: venv.folder)
            #expect(Self.agrees(result.verdict, with: truth), "\(result.module): audit says \(result.verdict), a plain import \(truth)")
            #expect(result.distribution != nil, "\(result.module) has no distribution")
            // The distribution is the one whose top-level package holds the module.
            let top = String(result.module.prefix { $0 != "." })
            #expect(result.distribution?.name.lowercased().replacingOccurrences(of: "-py", with: "") == top.lowercased(), "\(result.module)")
        }

        // The project's single-phase greeter, built into the same venv.
        let build = try await PythonsBinary.run(
            ["ext", "build", "\(UopsFixtures.examplesFolder)/greeter_single_phase.c", "--python", venv.python, "-o", venv.sitePackages],
            environment: ["PYTHONS_HOME": venv.folder.path + "/home"])
        #expect(build.termination == .exited(0), "\(build.standardError)")
        let flagged = try await Self.audit([], venv: venv)
        #expect(flagged.outcome.termination == .exited(1))
        #expect(flagged.report.results.count == clean.report.results.count + 1)
        let failing = flagged.report.results.filter { !$0.passed }
        #expect(failing.map(\.module) == ["greeter_single_phase"])
        #expect(failing.first?.verdict.kind == .reenablesGIL)
        #expect(failing.first?.distribution == nil)
        #expect(try await Self.truth(of: "greeter_single_phase", python: venv.python, in: venv.folder) == .gilOn)
        let text = flagged.report.textLines(style: .plain)
        #expect(text.contains("  CPython warned: RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'greeter_single_phase', which has not declared that it can run safely without the GIL. To override this behavior and keep the GIL disabled (at your own risk), run with PYTHON_GIL=0 or -Xgil=0."))
        #expect(text.contains { $0.hasPrefix("  fix: if greeter_single_phase is thread-safe without the GIL") })
        #expect(text.contains { $0.hasPrefix("(no distribution)") && $0.hasSuffix("1 re-enables the GIL") })
        #expect(text.last == "\(flagged.report.results.count) modules: \(clean.report.results.count) GIL stays off, 1 re-enables the GIL")

        // `list` and `ext check` see the venv too.
        let list = try await PythonsBinary.run(["list", "--python", venv.python, "--format", "json"],
                                               environment: ["PYTHONS_HOME": venv.folder.path + "/home"])
        let listed = try JSONOutput.decoder().decode(ListReport.self, from: Data(list.standardOutput.utf8))
        let row = try #require(listed.venvs.first { $0.path == venv.python })
        #expect(row.basePath.map(FilePaths.resolve) == venv.base.resolvedPath)
        let umath = try #require(clean.report.results.first { $0.module == "numpy._core._multiarray_umath" }?.path)
        let check = try await PythonsBinary.run(["ext", "check", umath, "--python", venv.python, "--format", "json"],
                                                environment: ["PYTHONS_HOME": venv.folder.path + "/home"])
        #expect(check.termination == .exited(0), "\(check.standardError)")
        let checked = try JSONOutput.decoder().decode(ExtensionCheckResult.self, from: Data(check.standardOutput.utf8))
        #expect(checked.module == "numpy._core._multiarray_umath")
    }

    @Test("a folder that is not a site-packages, a wheel for another platform and a package without its dependency: one line each, and the audit goes on")
    func badInput() async throws {
        let venv = try await Self.makeVenv(installing: [])
        let wheels = try Self.wheels()
        let target = venv.folder.path + "/target"
        // pip's --target is how such a folder comes about; the aarch64 wheel
        // only installs with its platform named, as when copied across machines.
        try await Self.run(venv.python, ["-m", "pip", "install", "-q", "--no-index", "--find-links", wheels + "/x86_64", "--no-deps",
                                         "--target", target, "pydantic-core==2.41.4"], in: venv.folder)
        try await Self.run(venv.python, ["-m", "pip", "install", "-q", "--no-index", "--find-links", wheels + "/aarch64", "--no-deps",
                                         "--only-binary=:all:", "--platform", "manylinux2014_aarch64", "--target", target,
                                         "markupsafe==3.0.3"], in: venv.folder)
        let build = try await PythonsBinary.run(
            ["ext", "build", "\(UopsFixtures.examplesFolder)/greeter_multi_phase.c", "--python", venv.python, "-o", target],
            environment: ["PYTHONS_HOME": venv.folder.path + "/home"])
        #expect(build.termination == .exited(0), "\(build.standardError)")

        let (report, outcome) = try await Self.audit([target], venv: venv)
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        let notes = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        #expect(notes.count == 2, "\(outcome.standardError)")
        #expect(notes.contains { $0.hasPrefix("note: \(target) is not a site-packages of \(venv.python) (its own: \(venv.sitePackages)): its modules are imported with \(target) first on sys.path") })
        #expect(notes.contains { $0.hasPrefix("note: MarkupSafe 3.0.3 was installed from a wheel for manylinux_2_17_aarch64, manylinux2014_aarch64") && $0.contains("not for this Linux x86_64 machine") })
        #expect(report.notes.count == 2)

        let verdicts = Dictionary(uniqueKeysWithValues: report.results.map { ($0.module, $0.verdict) })
        #expect(verdicts.count == 3)
        #expect(verdicts["greeter_multi_phase"] == .gilStaysOff)
        #expect(verdicts["markupsafe._speedups"]?.kind == .builtForAnotherInterpreter)
        #expect(verdicts["markupsafe._speedups"]?.detail(module: "markupsafe._speedups")?.contains("aarch64") == true)
        guard case .packageFailsToImport(let package, let error)? = verdicts["pydantic_core._pydantic_core"] else {
            Issue.record("expected pydantic_core's package to fail, got \(String(describing: verdicts["pydantic_core._pydantic_core"]))")
            return
        }
        #expect(package == "pydantic_core")
        #expect(error == "ModuleNotFoundError: No module named 'typing_extensions'")
        for result in report.results {
            let truth = try await Self.truth(of: result.module, python: venv.python, pathEntry: target, in: venv.folder)
            #expect(Self.agrees(result.verdict, with: truth), "\(result.module): audit says \(result.verdict), a plain import \(truth)")
        }
        #expect(Set(report.distributions.compactMap(\.distribution?.name)) == ["pydantic_core", "MarkupSafe"])
    }
}
