import Foundation
import Testing
@testable import PythonsCore

/// `pythons list` and `pythons info` on real CPython 3.14 and 3.15, checked
/// against what each interpreter says about itself in a fresh process.
@Suite("CPython 3.14 and 3.15: list and info", .tags(.interpreters, .endToEnd))
struct TodayInterpreterTests {
    @Test("3.14: list: a JIT build, the JIT available but disabled by default, as the interpreter itself says") func listStates14() async throws { try await listStates(minor: 14) }
    @Test("3.15: list: a JIT build, the JIT available but disabled by default, as the interpreter itself says") func listStates15() async throws { try await listStates(minor: 15) }
    @Test("3.14: info: the banner says disabled by default, enabled with --jit on, disabled with --jit off") func infoStates14() async throws { try await infoStates(minor: 14) }
    @Test("3.15: info: the banner says disabled by default, enabled with --jit on, disabled with --jit off") func infoStates15() async throws { try await infoStates(minor: 15) }
    @Test("3.14t: free threading enabled by default and disabled with --gil on") func freeThreadedInfo14() async throws { try await freeThreadedInfo(minor: 14) }
    @Test("3.15t: free threading enabled by default and disabled with --gil on") func freeThreadedInfo15() async throws { try await freeThreadedInfo(minor: 15) }

    func listStates(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let home = TemporaryFolder()
        let outcome = try await TodaysPythons.run(["list", "--python", interpreter.path, "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let catalog = try JSONOutput.decoder().decode(InterpreterCatalog.self, from: Data(outcome.standardOutput.utf8))
        let listed = try #require(catalog.interpreters.first { $0.path == interpreter.path })
        #expect(listed.version == interpreter.version)
        #expect(listed.facts.jitBuild)
        #expect(listed.facts.shortName == "3.\(minor)j")
        #expect(listed.facts.tier2 == .present)

        let truth = try await TodaysPythons.jitState(interpreter)
        #expect(truth.available)
        #expect(listed.facts.jit == (truth.enabled ? .enabled : .disabled))
        // Debian builds with --enable-experimental-jit=yes-off: off until PYTHON_JIT=1.
        if listed.facts.configArgs?.contains("--enable-experimental-jit=yes-off") == true {
            #expect(!truth.enabled)
            #expect(listed.facts.jit == .disabled)
            #expect((listed.facts.tier2Flags ?? 0) & 2 == 2, "flag 2 of -D_Py_TIER2 is 'off by default'")
        }

        let text = try await TodaysPythons.run(["list", "--python", interpreter.path], home: home)
        // The text shows paths under the home folder as ~/...
        let shown = PythonsEnvironment().abbreviate(interpreter.path)
        let row = try #require(text.standardOutput.split(separator: "\n").first { $0.hasSuffix(shown) }, "\(text.standardOutput)")
        let columns = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(columns.starts(with: [interpreter.version.description, "CPython", "3.\(minor)j", "-", "unsupported", listed.facts.jit.rawValue, "present"]),
                "\(row)")
    }

    func infoStates(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let home = TemporaryFolder()
        let byDefault = try await TodaysPythons.jitState(interpreter).enabled
        for (option, expected) in [([String](), byDefault ? "enabled \u{2728}" : "disabled"),
                                   (["--jit", "on"], "enabled \u{2728}"), (["--jit", "off"], "disabled")] {
            let outcome = try await TodaysPythons.run(["info", "--python", interpreter.path] + option, home: home)
            #expect(outcome.termination == .exited(0), "\(option): \(outcome.standardError)")
            let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.contains("\u{1F40D} CPython \(interpreter.version) \(interpreter.facts.executable)"), "\(lines)")
            #expect(lines.contains("Free Threading: unsupported"))
            #expect(lines.contains("JIT Compiler: \(expected)"), "\(option): \(lines)")
        }
        // What --jit on promises is what the interpreter does under PYTHON_JIT=1.
        let on = try await TodaysPythons.jitState(interpreter, pythonJIT: "1")
        #expect(on.available && on.enabled)
        let off = try await TodaysPythons.jitState(interpreter, pythonJIT: "0")
        #expect(!off.enabled)

        let json = try await TodaysPythons.run(["info", "--python", interpreter.path, "--jit", "on", "--format", "json"], home: home)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let first = try #require((document["interpreters"] as? [[String: Any]])?.first)
        #expect((first["banner"] as? [String: Any])?["jit"] as? String == "enabled")
        #expect((first["settings"] as? [String: Any])?["jit"] as? String == "on")
    }

    func freeThreadedInfo(minor: Int) async throws {
        let interpreter = try await TodaysPythons.freeThreaded(minor: minor)
        let home = TemporaryFolder()
        let plain = try await TodaysPythons.run(["info", "--python", interpreter.path], home: home)
        #expect(plain.standardOutput.contains("Free Threading: enabled \u{2728}"), "\(plain.standardOutput)")
        let gilOn = try await TodaysPythons.run(["info", "--python", interpreter.path, "--gil", "on"], home: home)
        #expect(gilOn.standardOutput.contains("Free Threading: disabled"), "\(gilOn.standardOutput)")
        let truth = try await RealInterpreters.evaluate(interpreter, "import sys; print(sys._is_gil_enabled())")
        #expect(truth == "False")
    }
}
