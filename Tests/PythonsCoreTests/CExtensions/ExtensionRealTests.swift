import Foundation
import Testing
@testable import PythonsCore

/// The seed's C-extension steps with real compilers and interpreters: the two
/// example greeters built for stock 3.13 and for 3.13t, checked and audited.
@Suite("C extensions on real interpreters", .tags(.interpreters), .serialized)
struct ExtensionRealTests {
    static let examples = ["greeter_single_phase", "greeter_multi_phase"]

    /// A module whose initialization kills the interpreter: the audit must
    /// record it and carry on.
    static let crasherSource = """
        #include <Python.h>
        #include <stdlib.h>
        PyMODINIT_FUNC PyInit_crasher(void) { abort(); }
        """

    static let brokenSource = """
        #include <Python.h>
        PyMODINIT_FUNC PyInit_broken(void) { return this is not C; }
        """

    struct Built {
        let folder: TemporaryFolder
        let environment: PythonsEnvironment
        let freeThreaded: Interpreter
        let stock: Interpreter
        /// module name -> [build ("3.13t", "3.13") -> file]
        var files: [String: [String: String]] = [:]
    }

    /// Builds both examples for a stock 3.13 and a 3.13t, as the seed does.
    func buildExamples() async throws -> Built {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let stock = try await UopsFixtures.stockCPython(minimumMinor: 13)
        let folder = TemporaryFolder("pythons-ext")
        var built = Built(folder: folder, environment: UopsFixtures.environment(home: folder), freeThreaded: freeThreaded, stock: stock)
        for module in Self.examples {
            let report = try await ExtensionBuilder.build(
                source: "\(UopsFixtures.examplesFolder)/\(module).c", module: module, interpreters: [stock, freeThreaded],
                outputFolder: folder.path + "/out", environment: built.environment, runner: ProcessRunner())
            for result in report.results {
                #expect(result.status == .built, "\(result.message ?? "") \(result.compilerOutput)")
                if let output = result.output { built.files[module, default: [:]][result.interpreter.build] = output }
            }
        }
        return built
    }

    @Test("both examples build for stock 3.13 and 3.13t, named with each EXT_SUFFIX, with the interpreter's own headers")
    func buildsForEachABI() async throws {
        let built = try await buildExamples()
        for module in Self.examples {
            let files = try #require(built.files[module])
            #expect(files[built.freeThreaded.facts.shortName] == "\(built.folder.path)/out/\(module)\(built.freeThreaded.facts.extSuffix!)")
            #expect(files[built.stock.facts.shortName] == "\(built.folder.path)/out/\(module)\(built.stock.facts.extSuffix!)")
            for file in files.values { #expect(FileManager.default.fileExists(atPath: file)) }
        }
        // The stock build loads its own file and greets, as the seed's module does.
        let greeting = try await RealInterpreters.evaluate(built.stock, """
            import sys; sys.path.insert(0, \(String(reflecting: built.folder.path + "/out")))
            import greeter_multi_phase, greeter_single_phase
            print(greeter_multi_phase.greet("Pythons"), greeter_single_phase.greet("seed"))
            """)
        #expect(greeting == "Hello, Pythons! Hello, seed!")
    }

    @Test("on 3.13t the single-phase greeter re-enables the GIL, quoting CPython, and the multi-phase one keeps it off")
    func checkVerdicts() async throws {
        let built = try await buildExamples()
        let ft = built.freeThreaded.facts.shortName
        let single = try await ExtensionChecker.check(
            .file(path: built.files["greeter_single_phase"]![ft]!, module: "greeter_single_phase", root: nil),
            interpreter: built.freeThreaded, environment: built.environment, runner: ProcessRunner())
        guard case .reenablesGIL(let warnings) = single.verdict else {
            Issue.record("expected re-enables the GIL, got \(single.verdict)")
            return
        }
        let warning = try #require(warnings.first)
        #expect(warning.module == "greeter_single_phase")
        #expect(warning.text.hasPrefix("RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'greeter_single_phase', which has not declared that it can run safely without the GIL."))
        #expect(warning.initKind == .singlePhase)
        #expect(single.verdict.fix?.contains("PyUnstable_Module_SetGIL") == true)
        #expect(single.gilBefore == false && single.gilAfter == true)

        let multi = try await ExtensionChecker.check(
            .file(path: built.files["greeter_multi_phase"]![ft]!, module: "greeter_multi_phase", root: nil),
            interpreter: built.freeThreaded, environment: built.environment, runner: ProcessRunner())
        #expect(multi.verdict == .gilStaysOff)
        #expect(multi.gilBefore == false && multi.gilAfter == false)
        #expect(multi.passed)
    }

    @Test("a file built for stock 3.13 is refused by name on 3.13t, not loaded")
    func suffixMismatch() async throws {
        let built = try await buildExamples()
        let result = try await ExtensionChecker.check(
            .file(path: built.files["greeter_multi_phase"]![built.stock.facts.shortName]!, module: "greeter_multi_phase", root: nil),
            interpreter: built.freeThreaded, environment: built.environment, runner: ProcessRunner())
        guard case .builtForAnotherInterpreter(let why, let rebuildFor) = result.verdict else {
            Issue.record("expected built for another interpreter, got \(result.verdict)")
            return
        }
        #expect(why.contains("with the GIL"))
        #expect(rebuildFor == built.freeThreaded.facts.shortName)
        #expect(result.gilAfter == nil)  // never imported
    }

    @Test("the audit of a folder holding both 3.13t builds counts one of each; a crashing module is a verdict")
    func auditFolder() async throws {
        let built = try await buildExamples()
        let ft = built.freeThreaded.facts.shortName
        let auditFolder = built.folder.path + "/audit"
        try FileManager.default.createDirectory(atPath: auditFolder + "/pkg", withIntermediateDirectories: true)
        for module in Self.examples {
            let file = built.files[module]![ft]!
            try FileManager.default.copyItem(atPath: file, toPath: auditFolder + "/pkg/" + (file as NSString).lastPathComponent)
        }
        let bare = TemporaryFolder("pythons-ext-audit")
        for module in Self.examples {
            let file = built.files[module]![ft]!
            try FileManager.default.copyItem(atPath: file, toPath: bare.path + "/" + (file as NSString).lastPathComponent)
        }
        // Exactly the two examples: one of each verdict.
        let found = ExtensionAudit.findExtensions(in: [bare.path])
        #expect(found.map(\.module) == ["greeter_multi_phase", "greeter_single_phase"])
        let results = try await ExtensionAudit.run(found, interpreter: built.freeThreaded, environment: built.environment, runner: ProcessRunner())
        let report = ExtensionAuditReport(interpreter: InterpreterReference(built.freeThreaded), folders: [bare.path], results: results)
        #expect(report.counts["gil-stays-off"] == 1)
        #expect(report.counts["reenables-gil"] == 1)
        #expect(report.counts.values.reduce(0, +) == 2)
        #expect(!report.allKeepTheGILOff)

        // With a module that aborts the interpreter, in a package folder.
        let crasher = try bare.write("src/crasher.c", Self.crasherSource)
        let crasherBuild = try await ExtensionBuilder.build(source: crasher, module: "crasher", interpreters: [built.freeThreaded],
                                                            outputFolder: auditFolder + "/pkg", environment: built.environment, runner: ProcessRunner())
        #expect(crasherBuild.allBuilt)
        let withCrash = ExtensionAudit.findExtensions(in: [auditFolder])
        #expect(withCrash.map(\.module) == ["pkg.crasher", "pkg.greeter_multi_phase", "pkg.greeter_single_phase"])
        let crashResults = try await ExtensionAudit.run(withCrash, interpreter: built.freeThreaded, environment: built.environment, runner: ProcessRunner())
        #expect(crashResults.map(\.verdict.kind) == [.crashed, .gilStaysOff, .reenablesGIL])
        #expect(crashResults[0].verdict.detail(module: "pkg.crasher")?.contains("SIGABRT") == true)
    }

    @Test("a compiler error fails that build with the compiler's own message, and the other builds still run")
    func compilerError() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let stock = try await UopsFixtures.stockCPython(minimumMinor: 11)
        let folder = TemporaryFolder("pythons-ext")
        let source = try folder.write("broken.c", Self.brokenSource)
        let report = try await ExtensionBuilder.build(source: source, module: "broken", interpreters: [freeThreaded, stock],
                                                      outputFolder: folder.path, environment: UopsFixtures.environment(home: folder), runner: ProcessRunner())
        #expect(report.results.count == 2)
        for result in report.results {
            #expect(result.status == .failed)
            #expect(result.compilerOutput.contains("broken.c:2"))
            #expect(result.compilerOutput.contains("error"))
            #expect(result.message?.contains("exited with status 1") == true)
        }
    }

    @Test("without --python, ext build picks one interpreter per CPython 3.13+ EXT_SUFFIX")
    func defaultBuildInterpreters() async throws {
        let catalog = await RealInterpreters.catalog()
        let recent = catalog.interpreters.filter { $0.isCPython && $0.version >= PythonVersion(3, 13, 0) }
        guard !recent.isEmpty else {
            #expect(throws: PythonsError.self) { try ExtensionBuilder.defaultInterpreters(in: catalog, environment: PythonsEnvironment()) }
            return
        }
        let chosen = try ExtensionBuilder.defaultInterpreters(in: catalog, environment: PythonsEnvironment())
        let suffixes = chosen.compactMap(\.facts.extSuffix)
        #expect(Set(suffixes).count == chosen.count)
        #expect(Set(suffixes) == Set(recent.compactMap(\.facts.extSuffix)))
    }
}
