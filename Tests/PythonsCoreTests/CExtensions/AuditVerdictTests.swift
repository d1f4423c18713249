import Foundation
import Testing
@testable import PythonsCore

/// How an import is judged: ext_check.py run in real interpreters on small
/// Python packages that fail, crash, hang or shadow, and the verdicts read
/// from what CPython prints.
@Suite("Audit verdicts", .tags(.interpreters))
struct AuditVerdictTests {
    /// A free-threaded interpreter's facts at another version, for verdicts
    /// that depend on the version (no free-threaded 3.15 exists here).
    static func freeThreaded(minor: Int) throws -> Interpreter {
        var facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        facts.version = PythonVersion(3, minor, 0)
        facts.extSuffix = ".cpython-3\(minor)t-x86_64-linux-gnu.so"
        return Interpreter(path: "/opt/p/bin/python3.\(minor)t", resolvedPath: "/opt/p/bin/python3.\(minor)t", aliases: [],
                           foundIn: [.path], facts: facts)
    }

    static func check(_ module: String, file: String, root: String, timeout: Duration = ExtensionChecker.defaultTimeout,
                      in folder: TemporaryFolder) async throws -> ExtensionCheckResult {
        let python = try await RealInterpreters.anyCPython3()
        return try await ExtensionChecker.check(.file(path: file, module: module, root: root), interpreter: python,
                                                environment: UopsFixtures.environment(home: folder), timeout: timeout, runner: ProcessRunner())
    }

    @Test("free-threaded 3.15 refusing an abi3 module (PEP 803) is its own verdict, read from the text CPython prints, with the fix")
    func oldStableABIRefusal() async throws {
        // The text is CPython 3.15's (Objects/moduleobject.c, PyModuleDef_Init in
        // free-threaded builds); no free-threaded 3.15 exists on this machine, so
        // a module raises that exact error in a real interpreter here.
        let folder = TemporaryFolder("pythons-audit")
        let file = try folder.write("refused.py", "raise SystemError(\(String(reflecting: ExtensionVerdict.oldStableABIRefusal)))\n")
        let result = try await Self.check("refused", file: file, root: folder.path, in: folder)
        guard case .oldStableABI(let detail) = result.verdict else {
            Issue.record("expected the old-abi3 verdict, got \(result.verdict)")
            return
        }
        #expect(detail == "CPython refused it: SystemError: invalid PyModuleDef, extension possibly compiled for non-free-threaded Python")
        #expect(result.verdict.kind.label == "built for the old abi3, refused")
        let fix = try #require(result.verdict.fix)
        #expect(fix.contains("abi3t") && fix.contains("Py_TARGET_ABI3T") && fix.contains("cp315t"))
        #expect(!result.passed)

        // By name, before loading: an .abi3.so on free-threaded 3.15 gets the
        // same verdict; on 3.13t, which has no abi3t, it is for another interpreter.
        let named = "/site/pkg/_speedups.abi3.so"
        #expect(ExtensionChecker.verdictFromName(named, interpreter: try Self.freeThreaded(minor: 15))?.kind == .oldStableABI)
        #expect(ExtensionChecker.verdictFromName(named, interpreter: try Self.freeThreaded(minor: 13))?.kind == .builtForAnotherInterpreter)
        #expect(ExtensionChecker.verdictFromName("/site/pkg/_speedups.abi3t.so", interpreter: try Self.freeThreaded(minor: 15)) == nil)
    }

    @Test("a module whose package cannot be imported is the package's problem, with the package's error")
    func packageFails() async throws {
        let folder = TemporaryFolder("pythons-audit")
        try folder.write("pkg/__init__.py", "import pythons_test_missing_dependency\n")
        let module = try folder.write("pkg/mod.py", "VALUE = 1\n")
        let result = try await Self.check("pkg.mod", file: module, root: folder.path, in: folder)
        #expect(result.verdict == .packageFailsToImport(package: "pkg", error: "ModuleNotFoundError: No module named 'pythons_test_missing_dependency'"))
        #expect(result.verdict.detail(module: "pkg.mod") == "pkg fails to import: ModuleNotFoundError: No module named 'pythons_test_missing_dependency'")
        #expect(result.verdict.fix?.contains("import pkg") == true)

        // The module's own failure stays the module's.
        try folder.write("ok/__init__.py", "")
        let broken = try folder.write("ok/broken.py", "raise ImportError('the module itself')\n")
        #expect(try await Self.check("ok.broken", file: broken, root: folder.path, in: folder).verdict == .importFails("ImportError: the module itself"))
    }

    @Test("an import that never finishes is hung (inconclusive), placed in its package; one that aborts is a crash, placed too")
    func hangAndCrash() async throws {
        let folder = TemporaryFolder("pythons-audit")
        try folder.write("sleepy/__init__.py", "import time\ntime.sleep(60)\n")
        let sleepy = try folder.write("sleepy/mod.py", "")
        // 15 s, not 1: with both cores loaded by the rest of the suite an
        // interpreter has taken over a second to reach its first import.
        let hung = try await Self.check("sleepy.mod", file: sleepy, root: folder.path, timeout: .seconds(15), in: folder)
        guard case .hung(let detail) = hung.verdict else {
            Issue.record("expected hung, got \(hung.verdict)")
            return
        }
        #expect(detail.hasPrefix("did not finish importing the package sleepy (before sleepy.mod itself) within 15 s"))
        #expect(detail.contains("not a crash"))
        #expect(hung.verdict.kind.label == "hung (inconclusive)")

        try folder.write("aborts/__init__.py", "")
        let aborts = try folder.write("aborts/mod.py", "import os\nos.abort()\n")
        let crashed = try await Self.check("aborts.mod", file: aborts, root: folder.path, in: folder)
        guard case .crashed(let why) = crashed.verdict else {
            Issue.record("expected crashed, got \(crashed.verdict)")
            return
        }
        #expect(why.contains("SIGABRT"))
        #expect(why.contains("while importing aborts.mod"))
    }

    @Test("an import that loads another file of the same name is inconclusive, naming both")
    func shadowed() async throws {
        let folder = TemporaryFolder("pythons-audit")
        // A folder without __init__.py does not hide the standard library's json.
        let file = try folder.write("json/decoder.py", "")
        let result = try await Self.check("json.decoder", file: file, root: folder.path, in: folder)
        guard case .inconclusive(let detail) = result.verdict else {
            Issue.record("expected inconclusive, got \(result.verdict)")
            return
        }
        #expect(detail.contains("`import json.decoder` loads "))
        #expect(detail.contains("not \(file)"))
    }

    @Test("a folder inside a package is audited under the package's dotted names")
    func packageFolders() throws {
        let folder = TemporaryFolder("pythons-audit")
        try folder.write("site/pkg/__init__.py", "")
        try folder.write("site/pkg/sub/__init__.py", "")
        let inner = try folder.write("site/pkg/sub/_inner.cpython-313t-x86_64-linux-gnu.so", "")
        try folder.write("site/pkg/_outer.cpython-313t-x86_64-linux-gnu.so", "")
        let found = ExtensionAudit.findExtensions(in: [folder.path + "/site/pkg/sub"])
        #expect(found == [FoundExtension(path: inner, module: "pkg.sub._inner", root: folder.path + "/site")])
        #expect(ExtensionAudit.findExtensions(in: [folder.path + "/site"]).map(\.module) == ["pkg._outer", "pkg.sub._inner"])
    }
}

@Suite("Installed distributions")
struct InstalledDistributionTests {
    @Test("RECORD says which distribution installed each module; METADATA names it; WHEEL tags its platform")
    func recordOwners() throws {
        let site = TemporaryFolder("pythons-site")
        try site.write("fancy_pkg-1.2.dist-info/METADATA", "Metadata-Version: 2.1\nName: Fancy-Pkg\nVersion: 1.2\n\nName: not a header\n")
        try site.write("fancy_pkg-1.2.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: cp313-cp313t-manylinux_2_17_aarch64\nTag: cp313-cp313t-manylinux2014_aarch64\n")
        try site.write("fancy_pkg-1.2.dist-info/RECORD", """
            fancy/__init__.py,sha256=abc,10
            fancy/_speedups.cpython-313t-x86_64-linux-gnu.so,sha256=def,20
            "fancy/odd, name.cpython-313t-x86_64-linux-gnu.so",sha256=ghi,30
            ../../../bin/fancy,,
            fancy_pkg-1.2.dist-info/RECORD,,

            """)
        let speedups = try site.write("fancy/_speedups.cpython-313t-x86_64-linux-gnu.so", "")
        let odd = try site.write("fancy/odd, name.cpython-313t-x86_64-linux-gnu.so", "")
        let stray = try site.write("stray.cpython-313t-x86_64-linux-gnu.so", "")
        let index = DistributionIndex(folders: [site.path])
        let fancy = InstalledDistribution(name: "Fancy-Pkg", version: "1.2",
                                          wheelTags: ["cp313-cp313t-manylinux_2_17_aarch64", "cp313-cp313t-manylinux2014_aarch64"])
        #expect(index.distributions == [fancy])
        #expect(index.owner(of: speedups) == fancy)
        #expect(index.owner(of: odd) == fancy)
        #expect(index.owner(of: stray) == nil)
        #expect(DistributionIndex.firstCSVField("\"a \"\"quoted\"\" path\",x,1") == "a \"quoted\" path")

        let mismatch = try #require(fancy.platformMismatch(machine: "x86_64", system: "Linux"))
        #expect(mismatch.hasPrefix("Fancy-Pkg 1.2 was installed from a wheel for manylinux_2_17_aarch64, manylinux2014_aarch64, not for this Linux x86_64 machine"))
        #expect(fancy.platformMismatch(machine: "aarch64", system: "Linux") == nil)
        #expect(InstalledDistribution(name: "p", version: "1", wheelTags: ["py3-none-any"]).platformMismatch(machine: "x86_64", system: "Linux") == nil)
        #expect(InstalledDistribution(name: "p", version: "1", wheelTags: ["cp313-cp313t-macosx_11_0_universal2"]).platformMismatch(machine: "x86_64", system: "Darwin") == nil)
    }

    @Test("the audit summarises per distribution, modules of none last, and says which fails")
    func summaries() throws {
        let reference = InterpreterReference(try AuditVerdictTests.freeThreaded(minor: 13))
        let numpy = InstalledDistribution(name: "numpy", version: "2.4.6")
        func result(_ module: String, _ verdict: ExtensionVerdict, _ distribution: InstalledDistribution?) -> ExtensionCheckResult {
            ExtensionCheckResult(module: module, path: "/site/\(module).so", interpreter: reference, verdict: verdict,
                                 gilBefore: false, gilAfter: verdict.kind == .reenablesGIL, otherWarnings: [], distribution: distribution)
        }
        let warning = GILWarning(module: "greeter", initKind: .singlePhase, text: "RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'greeter'")
        let report = ExtensionAuditReport(interpreter: reference, folders: ["/site"], results: [
            result("greeter", .reenablesGIL([warning]), nil),
            result("numpy._core._multiarray_umath", .gilStaysOff, numpy),
            result("numpy.linalg._umath_linalg", .gilStaysOff, numpy),
        ])
        #expect(report.distributions.map(\.distribution) == [numpy, nil])
        #expect(report.distributions[0].counts == ["gil-stays-off": 2])
        #expect(report.distributions[0].allKeepTheGILOff)
        #expect(!report.distributions[1].allKeepTheGILOff)
        #expect(report.counts["reenables-gil"] == 1 && report.counts["hung"] == 0)

        let lines = report.textLines(style: .plain)
        #expect(lines[0].hasPrefix("PACKAGE      MODULE"))
        #expect(lines.contains { $0.hasPrefix("numpy 2.4.6  numpy._core._multiarray_umath") })
        #expect(lines.contains("  CPython warned: RuntimeWarning: The global interpreter lock (GIL) has been enabled to load module 'greeter'"))
        #expect(lines.contains { $0.hasPrefix("(no distribution)") && $0.hasSuffix("1 re-enables the GIL") })
        #expect(lines.last == "3 modules: 2 GIL stays off, 1 re-enables the GIL")
    }
}
