import Foundation
import Testing
@testable import PythonsCore

@Suite("pythons info, end to end", .tags(.interpreters, .endToEnd))
struct InfoEndToEndTests {
    /// The seed's banner computed by the interpreter itself with the seed's
    /// expressions (with the machine name where platform.processor() is empty,
    /// as Pythons shows it).
    static let seedBanner = """
        import os, platform, sys, sysconfig
        def state(supported, enabled):
            return "unsupported" if not supported else ("enabled \\u2728" if enabled else "disabled")
        ft = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
        gil = getattr(sys, "_is_gil_enabled", lambda: True)()
        jit = "-D_Py_JIT" in (sysconfig.get_config_var("PY_CORE_CFLAGS") or "")
        jit_on = False
        if jit:
            try:
                import _testinternalcapi
                jit_on = _testinternalcapi.get_optimizer() is not None
            except (ImportError, AttributeError):
                jit_on = sys._jit.is_enabled()
        lines = [
            "\\U0001F4BB %s %s with %sx CPU cores (%s %s Endian)" % (platform.system(), platform.architecture()[0],
                os.cpu_count(), platform.processor() or platform.machine(), sys.byteorder.title()),
            "\\U0001F40D %s %s %s" % (platform.python_implementation(), platform.python_version(), sys.executable),
            "Free Threading: " + state(ft, not gil),
            "JIT Compiler: " + state(jit, jit_on),
        ]
        width = max(len(line) for line in lines)
        sys.stdout.buffer.write("\\n".join(["=" * width] + lines + ["=" * width]).encode("utf-8"))
        """

    @Test("the banner is what the seed's expressions print in that interpreter")
    func bannerMatchesSeed() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["info", python.path], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let expected = try await RealInterpreters.evaluate(python, Self.seedBanner)
        #expect(outcome.standardOutput.trimmingCharacters(in: .newlines) == expected)
    }

    @Test("--gil and --jit reach the interpreter and change what it reports")
    func settingsApply() async throws {
        let home = TemporaryFolder()
        let freeThreaded = try await RealInterpreters.require("3.13t")
        for (setting, expected) in [("on", "Free Threading: disabled"), ("off", "Free Threading: enabled \u{2728}")] {
            let outcome = try await PythonsBinary.run(["info", freeThreaded.path, "--gil", setting],
                                                      environment: ["PYTHONS_HOME": home.path])
            #expect(outcome.standardOutput.contains(expected), "--gil \(setting): \(outcome.standardOutput)\(outcome.standardError)")
            let truth = try await RealInterpreters.evaluate(freeThreaded, Self.seedBanner, environment: ["PYTHON_GIL": setting == "on" ? "1" : "0"])
            #expect(truth.contains(expected))
        }
        let jit = try await RealInterpreters.require("3.13j")
        for (setting, expected) in [("on", "JIT Compiler: enabled \u{2728}"), ("off", "JIT Compiler: disabled")] {
            let outcome = try await PythonsBinary.run(["info", jit.path, "--jit", setting], environment: ["PYTHONS_HOME": home.path])
            #expect(outcome.standardOutput.contains(expected), "--jit \(setting): \(outcome.standardOutput)\(outcome.standardError)")
        }
    }

    @Test("--gil off on a build without free threading is a usage error naming the build")
    func gilOffNeedsFreeThreading() async throws {
        let stock = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["info", stock.path, "--gil", "off"], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(2))
        #expect(outcome.standardOutput.isEmpty)
        let message = outcome.standardError.split(separator: "\n").first.map(String.init) ?? ""
        #expect(message.contains("--gil off needs a free-threaded build"))
        #expect(message.contains(stock.path))
        let jitOutcome = try await PythonsBinary.run(["info", stock.path, "--jit", "on"], environment: ["PYTHONS_HOME": home.path])
        #expect(jitOutcome.termination == .exited(2))
        #expect(jitOutcome.standardError.contains("--jit needs a build with the JIT or the tier-2 interpreter"))
    }

    @Test("bad values and unknown interpreters exit 2 with one clear line", arguments: [
        (["info", "3.99"], "no interpreter matches '3.99'"),
        (["info", "3.13tj"], "is not an interpreter request"),
        (["info", "--gil", "maybe"], "--gil"),
        (["info", "/nonexistent/python3"], "no interpreter at /nonexistent/python3"),
        (["list", "--probe-timeout", "0"], "--probe-timeout must be more than 0 and at most 600"),
        (["list", "--format", "yaml"], "--format"),
    ])
    func badInput(arguments: [String], message: String) async throws {
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(2), "\(arguments): \(outcome.standardError)")
        #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("a malformed request exits 2 with its reason and lists what exists")
    func malformedListsAvailable() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["info", "3.13tj", "--python", python.path], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(2))
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.first?.contains("'3.13tj' is not an interpreter request: it names two builds") == true, "\(lines)")
        #expect(lines.contains("available:"))
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("an unmatched request lists what exists")
    func unmatchedListsAvailable() async throws {
        let python = try await RealInterpreters.stockCPython3()
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["info", "3.99t", "--python", python.path], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(2))
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.first == "pythons: error: no interpreter matches '3.99t'")
        #expect(lines.contains("available:"))
        #expect(lines.contains { $0.contains(python.version.description) && $0.contains(python.path) })
    }

    @Test("--format json prints one JSON document and nothing else")
    func json() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(["info", python.path, "--format", "json"], environment: ["PYTHONS_HOME": home.path])
        let report = try JSONOutput.decoder().decode(InfoReport.self, from: Data(outcome.standardOutput.utf8))
        #expect(report.interpreters.count == 1)
        #expect(report.interpreters[0].banner.interpreterLine.contains(python.version.description))
    }
}
