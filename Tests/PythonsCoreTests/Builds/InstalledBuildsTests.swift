import Foundation
import Testing
@testable import PythonsCore

/// The builds scripts/test.sh made with `pythons install` in PYTHONS_TEST_HOME,
/// checked against what the interpreters themselves say.
@Suite("Installed builds", .tags(.builds, .endToEnd))
struct InstalledBuildsTests {
    static let releaseSum = "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640"

    @Test("each install has a manifest that says what was built, from which tarball, with which flags",
          arguments: [InstallVariant.stock, .freethreaded, .jit, .tier2])
    func manifests(variant: InstallVariant) throws {
        let install = try BuildsUnderTest.requireInstall(variant)
        let manifest = install.manifest
        #expect(manifest.version == PythonVersion(3, 13, 5))
        #expect(manifest.name == InstallTarget(version: manifest.version, variant: variant).name)
        #expect(manifest.source.sha256 == Self.releaseSum)
        #expect(manifest.source.verifiedRelease)
        #expect(manifest.configureArguments.first == "--prefix=\(install.folder)")
        for flag in variant.configureFlags { #expect(manifest.configureArguments.contains(flag)) }
        #expect(manifest.compiledFiles > 300, "a CPython build compiles several hundred files")
        #expect(manifest.buildSeconds > 10)
        #expect(FilePaths.isExecutable(install.executable))
        #expect(FileManager.default.fileExists(atPath: "\(install.folder)/pythons-build.log"))
        if variant == .jit {
            #expect(manifest.llvmTools?["clang"]?.hasSuffix("clang-18") == true)
        }
    }

    /// Runs `pythons info` on the test home's installs.
    func info(_ arguments: [String]) async throws -> ProcessOutcome {
        let home = try BuildsUnderTest.requireHome()
        return try await PythonsBinary.run(["info"] + arguments, environment: ["PYTHONS_HOME": home])
    }

    @Test("3.13t finds the free-threaded install, whose banner says Free Threading: enabled")
    func freeThreadedBanner() async throws {
        let install = try BuildsUnderTest.requireInstall(.freethreaded)
        let outcome = try await info(["3.13t"])
        #expect(outcome.succeeded, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("\u{1F40D} CPython 3.13.5 \(install.folder)/bin/python3.13"))
        #expect(outcome.standardOutput.contains("Free Threading: enabled \u{2728}\n"))
        #expect(outcome.standardOutput.contains("JIT Compiler: unsupported\n"))
        let gilOn = try await info(["3.13t", "--gil", "on"])
        #expect(gilOn.standardOutput.contains("Free Threading: disabled\n"))
    }

    @Test("3.13j finds the JIT install: JIT Compiler enabled, and disabled under PYTHON_JIT=0")
    func jitBanner() async throws {
        let install = try BuildsUnderTest.requireInstall(.jit)
        let outcome = try await info(["3.13j"])
        #expect(outcome.succeeded, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("\u{1F40D} CPython 3.13.5 \(install.folder)/bin/python3.13"))
        #expect(outcome.standardOutput.contains("JIT Compiler: enabled \u{2728}\n"))
        #expect(outcome.standardOutput.contains("Free Threading: unsupported\n"))
        let off = try await info(["3.13j", "--jit", "off"])
        #expect(off.standardOutput.contains("JIT Compiler: disabled\n"), "\(off.standardOutput)")
        // And by the interpreter's own account, with nothing from Pythons in between.
        let said = try await evaluate(install.executable,
            "import _testinternalcapi, sysconfig; print(_testinternalcapi.get_optimizer() is not None, '-D_Py_JIT' in sysconfig.get_config_var('PY_CORE_CFLAGS'))",
            environment: ["PYTHON_JIT": "0"])
        #expect(said == "False True")
    }

    /// Runs code in an interpreter with inherited PYTHON* settings removed.
    func evaluate(_ executable: String, _ code: String, environment overrides: [String: String] = [:]) async throws -> String {
        var environment = RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment)
        environment.merge(overrides) { $1 }
        let outcome = try await ProcessRunner().run(ProcessRequest(executable: executable, arguments: ["-c", code],
                                                                   environment: environment, timeout: .seconds(60)))
        try #require(outcome.succeeded, "\(executable) -c failed: \(outcome.standardError)")
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func probe(_ executable: String) async -> InterpreterFacts? {
        let home = TemporaryFolder()
        if case .facts(let facts) = await InterpreterProber(runner: ProcessRunner(), environment: PythonsEnvironment(variables: ["PYTHONS_HOME": home.path]), timeout: .seconds(30)).probe(executable: executable) {
            return facts
        }
        return nil
    }

    @Test("3.13+tier2 finds the tier-2 install: executors on by default, no machine code")
    func tier2() async throws {
        let install = try BuildsUnderTest.requireInstall(.tier2)
        let outcome = try await info(["3.13+tier2", "--format", "json"])
        let described = try JSONOutput.decoder().decode(InfoReport.self, from: Data(outcome.standardOutput.utf8)).interpreters
        let facts = try #require(described.first?.facts)
        #expect(described.first?.path.hasPrefix(install.folder + "/") == true)
        #expect(facts.isTier2InterpreterBuild && facts.tier2Active && !facts.jitBuild)
        #expect(described.first?.banner.jit == .unsupported)
    }

    @Test("EXT_SUFFIX and ABI flags, as each interpreter reports them", arguments: [
        (InstallVariant.stock, ".cpython-313-", ""),
        (InstallVariant.freethreaded, ".cpython-313t-", "t"),
        (InstallVariant.jit, ".cpython-313-", ""),
    ])
    func extensionSuffix(variant: InstallVariant, suffix: String, abiflags: String) async throws {
        let install = try BuildsUnderTest.requireInstall(variant)
        let facts = try #require(await probe(install.executable))
        let said = try await evaluate(install.executable, "import sys, sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'), repr(sys.abiflags))")
        #expect(said.hasPrefix(suffix), "\(said)")
        #expect(said.hasSuffix("-linux-gnu.so '\(abiflags)'") || said.hasSuffix(".so '\(abiflags)'"), "\(said)")
        #expect(facts.extSuffix.map { said.hasPrefix($0) } == true)
    }

    @Test("installs appear in pythons list as found by pythons, and plain 3.13 picks the stock build")
    func listed() async throws {
        let home = try BuildsUnderTest.requireHome()
        let stock = try BuildsUnderTest.requireInstall(.stock)
        let outcome = try await PythonsBinary.run(["list", "--format", "json"], environment: ["PYTHONS_HOME": home])
        let report = try JSONOutput.decoder().decode(ListReport.self, from: Data(outcome.standardOutput.utf8))
        let managed = report.interpreters.filter { $0.foundIn.first == .pythons }
        #expect(Set(managed.map(\.facts.shortName)).isSuperset(of: ["3.13", "3.13t", "3.13j"]), "\(managed.map(\.path))")
        for interpreter in managed { #expect(interpreter.path.hasPrefix(home + "/installs/")) }
        let plain = try await PythonsBinary.run(["info", "3.13.5", "--format", "json"], environment: ["PYTHONS_HOME": home])
        let described = try JSONOutput.decoder().decode(InfoReport.self, from: Data(plain.standardOutput.utf8)).interpreters
        #expect(described.first?.path.hasPrefix(stock.folder + "/") == true)
    }

    @Test("installing what is installed is a no-op that rebuilds nothing")
    func noOpReinstall() async throws {
        let home = try BuildsUnderTest.requireHome()
        let source = try BuildsUnderTest.requireSource()
        let install = try BuildsUnderTest.requireInstall(.freethreaded)
        let before = try FileManager.default.attributesOfItem(atPath: "\(install.folder)/manifest.json")[.modificationDate] as? Date
        for arguments in [["install", "3.13.5t", "--source", source], ["install", "3.13t"]] {
            let outcome = try await PythonsBinary.run(arguments + ["--format", "json"], environment: ["PYTHONS_HOME": home])
            #expect(outcome.succeeded, "\(outcome.standardError)")
            let report = try JSONOutput.decoder().decode(InstallReport.self, from: Data(outcome.standardOutput.utf8))
            #expect(report.status == .alreadyInstalled)
            #expect(report.folder == install.folder)
            #expect(report.log == nil)
        }
        let text = try await PythonsBinary.run(["install", "3.13t"], environment: ["PYTHONS_HOME": home])
        #expect(text.standardOutput.hasPrefix("cpython-3.13.5+freethreaded (3.13.5t) is already installed; --force rebuilds it\n"))
        let after = try FileManager.default.attributesOfItem(atPath: "\(install.folder)/manifest.json")[.modificationDate] as? Date
        #expect(before == after)
        let otherOptions = try await PythonsBinary.run(["install", "3.13t", "--lto"], environment: ["PYTHONS_HOME": home])
        #expect(otherOptions.termination == .exited(2))
        #expect(otherOptions.standardError.contains("is installed with no options, not --lto; add --force to rebuild it"))
    }

    @Test("--link puts python3.13t in PYTHONS_BIN, but never over a file Pythons did not make")
    func link() async throws {
        let home = try BuildsUnderTest.requireHome()
        let install = try BuildsUnderTest.requireInstall(.freethreaded)
        let scratch = TemporaryFolder()
        let bin = "\(scratch.path)/bin"
        let foreign = try scratch.write("bin/python3.13t", "#!/bin/sh\necho not pythons\n", executable: true)
        let refused = try await PythonsBinary.run(["install", "3.13t", "--link"], environment: ["PYTHONS_HOME": home, "PYTHONS_BIN": bin])
        #expect(refused.termination == .exited(2))
        #expect(refused.standardError == "pythons: error: --link: \(foreign) already exists and Pythons did not make it; remove it yourself or drop --link\n")
        #expect(try String(contentsOfFile: foreign, encoding: .utf8) == "#!/bin/sh\necho not pythons\n")

        try FileManager.default.removeItem(atPath: foreign)
        let linked = try await PythonsBinary.run(["install", "3.13t", "--link"], environment: ["PYTHONS_HOME": home, "PYTHONS_BIN": bin])
        #expect(linked.succeeded, "\(linked.standardError)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: foreign) == "\(install.folder)/bin/python3.13t")
        let version = try await ProcessRunner().run(ProcessRequest(executable: foreign, arguments: ["-c", "import sys; print(sys._is_gil_enabled())"],
                                                                   environment: RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment)))
        #expect(version.standardOutput == "False\n")
    }

    @Test("uninstall removes an install and its links; list no longer shows it")
    func uninstall() async throws {
        let install = try BuildsUnderTest.requireInstall(.freethreaded)
        let scratch = TemporaryFolder()
        let home = "\(scratch.path)/home"
        let bin = "\(scratch.path)/bin"
        // A copy of the real install made of hard links: cheap, and removing it
        // leaves the test home's files alone.
        try FileManager.default.createDirectory(atPath: "\(home)/installs", withIntermediateDirectories: true)
        let copy = try await ProcessRunner().run(ProcessRequest(
            executable: "/bin/cp", arguments: ["-al", install.folder, "\(home)/installs/"], environment: ProcessInfo.processInfo.environment))
        try #require(copy.succeeded, "cp -al failed: \(copy.standardError)")
        let environment: [String: String?] = ["PYTHONS_HOME": home, "PYTHONS_BIN": bin]
        let linked = try await PythonsBinary.run(["install", "3.13t", "--link"], environment: environment)
        #expect(linked.succeeded, "\(linked.standardError)")
        #expect(FileManager.default.fileExists(atPath: "\(bin)/python3.13t"))

        let removed = try await PythonsBinary.run(["uninstall", "3.13t", "--format", "json"], environment: environment)
        #expect(removed.succeeded, "\(removed.standardError)")
        let report = try JSONOutput.decoder().decode(UninstallReport.self, from: Data(removed.standardOutput.utf8))
        #expect(report.removed.map(\.name) == ["cpython-3.13.5+freethreaded"])
        #expect(report.unlinked == ["\(bin)/python3.13t"])
        #expect(!FileManager.default.fileExists(atPath: "\(home)/installs/cpython-3.13.5+freethreaded"))
        #expect(FilePaths.isExecutable(install.executable), "the test home's install must be untouched")
        let listed = try await PythonsBinary.run(["list", "--format", "json"], environment: environment)
        #expect(!listed.standardOutput.contains("\(home)/installs/"))
        let again = try await PythonsBinary.run(["uninstall", "3.13t"], environment: environment)
        #expect(again.termination == .exited(2))
    }

    @Test("Ctrl-C during a real make stops make and every compiler, registers nothing, keeps the log")
    func interruptedRealBuild() async throws {
        let source = try BuildsUnderTest.requireSource()
        let scratch = TemporaryFolder()
        let home = "\(scratch.path)/home"
        let run = try BackgroundPythons(["install", "3.13.5", "--source", source, "--no-ccache", "--jobs", "2"],
                                        environment: ["PYTHONS_HOME": home], scratch: scratch.path)
        // Wait for make to be compiling (a few object files written).
        let compiling = await BackgroundPythons.waitUntil(timeout: .seconds(600)) {
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: "\(home)/logs")) ?? []
            guard let log = logs.first, let text = try? String(contentsOfFile: "\(home)/logs/\(log)", encoding: .utf8) else { return false }
            var counter = CompileCounter()
            counter.consume(text)
            return counter.count >= 4
        }
        try #require(compiling, "make never started compiling: \(run.standardError)")
        run.process.interrupt()
        let status = await run.wait(timeout: .seconds(60))
        #expect(status == 130, "\(run.standardError)")
        #expect(run.standardError.contains("interrupted during compile: nothing was installed; log: \(home)/logs/cpython-3.13.5-"))
        // Killed compilers of a loaded machine may take a moment to go.
        _ = await BackgroundPythons.waitUntil(timeout: .seconds(10)) { ProcessScan.processes(mentioning: home).isEmpty }
        let leftovers = ProcessScan.processes(mentioning: home)
        #expect(leftovers.isEmpty, "still running: \(leftovers)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/installs")) ?? []).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/staging")) ?? []).isEmpty)
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: "\(home)/logs")) ?? []
        #expect(logs.count == 1)
        let list = try await PythonsBinary.run(["list", "--format", "json"], environment: ["PYTHONS_HOME": home])
        #expect(!list.standardOutput.contains("\(home)/installs/"))
    }
}
