import Foundation
import Testing
@testable import PythonsCore

/// `pythons ext build` and `ext check` with the headers of real CPython 3.14
/// and 3.15 (the seed's two greeters), run as a user runs them.
@Suite("CPython 3.14 and 3.15: ext build and ext check", .tags(.interpreters, .endToEnd))
struct TodayExtensionTests {
    @Test("3.14: both greeters build against the interpreter's own headers, named with its EXT_SUFFIX, and import and greet there") func buildAndImport14() async throws { try await buildAndImport(minor: 14) }
    @Test("3.15: both greeters build against the interpreter's own headers, named with its EXT_SUFFIX, and import and greet there") func buildAndImport15() async throws { try await buildAndImport(minor: 15) }
    @Test("3.14: ext check on a GIL build is refused in one line: it cannot tell whether the GIL stays off") func checkNeedsFreeThreading14() async throws { try await checkNeedsFreeThreading(minor: 14) }
    @Test("3.15: ext check on a GIL build is refused in one line: it cannot tell whether the GIL stays off") func checkNeedsFreeThreading15() async throws { try await checkNeedsFreeThreading(minor: 15) }
    @Test("3.14: a module built for 3.14, checked on 3.13t, is built for another interpreter") func checkOnOtherInterpreter14() async throws { try await checkOnOtherInterpreter(minor: 14) }
    @Test("3.15: a module built for 3.15, checked on 3.13t, is built for another interpreter") func checkOnOtherInterpreter15() async throws { try await checkOnOtherInterpreter(minor: 15) }
    @Test("3.14t: the multi-phase greeter keeps the GIL off and the single-phase one re-enables it") func checkOnFreeThreaded14() async throws { try await checkOnFreeThreaded(minor: 14) }
    @Test("3.15t: the multi-phase greeter keeps the GIL off and the single-phase one re-enables it") func checkOnFreeThreaded15() async throws { try await checkOnFreeThreaded(minor: 15) }

    static let examples = ["greeter_single_phase", "greeter_multi_phase"]

    /// Builds one example for an interpreter and returns the file.
    func build(_ module: String, for interpreter: Interpreter, into folder: TemporaryFolder) async throws -> String {
        let outcome = try await TodaysPythons.run(["ext", "build", "\(UopsFixtures.examplesFolder)/\(module).c", "--python", interpreter.path,
                                                   "-o", "\(folder.path)/out", "--format", "json"], home: folder)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let report = try JSONOutput.decoder().decode(ExtensionBuildReport.self, from: Data(outcome.standardOutput.utf8))
        let result = try #require(report.results.first)
        #expect(result.status == .built, "\(result.compilerOutput)")
        return try #require(result.output)
    }

    func buildAndImport(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let folder = TemporaryFolder("pythons-ext")
        let suffix = try #require(interpreter.facts.extSuffix)
        #expect(suffix.hasPrefix(".cpython-3\(minor)-"), "\(suffix)")
        for module in Self.examples {
            let file = try await build(module, for: interpreter, into: folder)
            #expect(file == "\(folder.path)/out/\(module)\(suffix)")
            // The text form shows the compiler run: only the interpreter's include
            // folder, as `python3.X-config --includes` gives it, no extra -I.
            let text = try await TodaysPythons.run(["ext", "build", "\(UopsFixtures.examplesFolder)/\(module).c", "--python", interpreter.path,
                                                    "-o", "\(folder.path)/again"], home: folder)
            let includes = text.standardOutput.split(separator: " ").filter { $0.hasPrefix("-I") }.map { String($0.dropFirst(2)) }
            let own = try await RealInterpreters.evaluate(interpreter, "import sysconfig; print(sysconfig.get_paths()['include'])")
            #expect(Set(includes) == [own], "\(text.standardOutput)")
            // Ground truth: the interpreter itself loads the file and the module works.
            let greeting = try await RealInterpreters.evaluate(interpreter, """
                import importlib.util, sys
                spec = importlib.util.spec_from_file_location("\(module)", "\(file)")
                module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
                print(module.greet("3.\(minor)"))
                """)
            #expect(greeting == "Hello, 3.\(minor)!")
        }
    }

    func checkNeedsFreeThreading(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let folder = TemporaryFolder("pythons-ext")
        let file = try await build("greeter_multi_phase", for: interpreter, into: folder)
        let outcome = try await TodaysPythons.run(["ext", "check", file, "--python", interpreter.path], home: folder)
        #expect(outcome.termination == .exited(2), "\(outcome.standardError)")
        let lines = outcome.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("\(interpreter.displayName) is not free-threaded, so its GIL is always on"))
    }

    func checkOnOtherInterpreter(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let freeThreaded313 = try await RealInterpreters.require("3.13t")
        let folder = TemporaryFolder("pythons-ext")
        let file = try await build("greeter_multi_phase", for: interpreter, into: folder)
        let outcome = try await TodaysPythons.run(["ext", "check", file, "--python", freeThreaded313.path, "--format", "json"], home: folder)
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("built-for-another-interpreter"), "\(outcome.standardOutput)")
    }

    func checkOnFreeThreaded(minor: Int) async throws {
        let interpreter = try await TodaysPythons.freeThreaded(minor: minor)
        let folder = TemporaryFolder("pythons-ext")
        let multi = try await build("greeter_multi_phase", for: interpreter, into: folder)
        let keeps = try await TodaysPythons.run(["ext", "check", multi, "--python", interpreter.path], home: folder)
        #expect(keeps.termination == .exited(0), "\(keeps.standardError)")
        #expect(keeps.standardOutput.contains("GIL stays off"))
        let single = try await build("greeter_single_phase", for: interpreter, into: folder)
        let reenables = try await TodaysPythons.run(["ext", "check", single, "--python", interpreter.path], home: folder)
        #expect(reenables.termination == .exited(1))
        #expect(reenables.standardOutput.contains("re-enables the GIL"))
    }
}
