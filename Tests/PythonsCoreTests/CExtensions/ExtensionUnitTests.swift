import Foundation
import Testing
@testable import PythonsCore

@Suite("Extension building and naming")
struct ExtensionUnitTests {
    @Test("the compiler runs as the seed runs gcc: source, -shared -fPIC -O3, includes, -o")
    func linuxArguments() {
        let invocation = CompilerInvocation(compiler: ["ccache", "gcc"], source: "/src/greeter.c",
                                            includeDirs: ["/p/include/python3.13t"], system: "Linux",
                                            output: "/out/greeter.cpython-313t-x86_64-linux-gnu.so")
        #expect(invocation.executable == "ccache")
        #expect(invocation.arguments == ["gcc", "/src/greeter.c", "-shared", "-fPIC", "-O3", "-I/p/include/python3.13t",
                                         "-o", "/out/greeter.cpython-313t-x86_64-linux-gnu.so"])
        #expect(invocation.commandLine == "ccache gcc /src/greeter.c -shared -fPIC -O3 -I/p/include/python3.13t -o /out/greeter.cpython-313t-x86_64-linux-gnu.so")
    }

    @Test("on macOS the Python symbols are left for load time; a platform include folder is added")
    func darwinArguments() {
        let invocation = CompilerInvocation(compiler: ["clang", "-pthread"], source: "my ext.c",
                                            includeDirs: ["/p/include/python3.13", "/p/plat/include/python3.13"], system: "Darwin",
                                            output: "greeter.cpython-313-darwin.so")
        #expect(invocation.arguments == ["-pthread", "my ext.c", "-shared", "-fPIC", "-O3", "-I/p/include/python3.13",
                                         "-I/p/plat/include/python3.13", "-undefined", "dynamic_lookup", "-o", "greeter.cpython-313-darwin.so"])
        #expect(invocation.commandLine.contains("'my ext.c'"))
    }

    @Test("the output is named MODULE + EXT_SUFFIX")
    func outputName() {
        #expect(CompilerInvocation.outputName(module: "greeter", extSuffix: ".cpython-313t-x86_64-linux-gnu.so")
                == "greeter.cpython-313t-x86_64-linux-gnu.so")
    }

    @Test("the interpreter's compiler is used when present; a missing ccache is dropped; else cc")
    func compilerChoice() throws {
        let folder = TemporaryFolder()
        try folder.write("bin/gcc", "#!/bin/sh\n", executable: true)
        try folder.write("bin/ccache", "#!/bin/sh\n", executable: true)
        try folder.write("only-cc/cc", "#!/bin/sh\n", executable: true)
        try folder.write("noexec/clang", "", executable: false)
        try folder.write("noexec/cc", "", executable: false)
        let bin = folder.path + "/bin", onlyCC = folder.path + "/only-cc", empty = folder.path + "/empty", noexec = folder.path + "/noexec"

        #expect(CompilerChoice.resolve(configured: ["ccache", "gcc"], searchPath: [bin]) == CompilerChoice(words: ["ccache", "gcc"], note: nil))

        try FileManager.default.removeItem(atPath: bin + "/ccache")
        let dropped = try #require(CompilerChoice.resolve(configured: ["ccache", "gcc"], searchPath: [bin]))
        #expect(dropped.words == ["gcc"])
        #expect(dropped.note?.contains("ccache is not installed") == true)

        let fallback = try #require(CompilerChoice.resolve(configured: ["x86_64-linux-gnu-gcc", "-pthread"], searchPath: [onlyCC]))
        #expect(fallback.words == ["cc", "-pthread"])
        #expect(fallback.note?.contains("x86_64-linux-gnu-gcc, which is not on this machine; using cc") == true)

        #expect(CompilerChoice.resolve(configured: ["clang"], searchPath: [noexec, empty]) == nil)
        #expect(CompilerChoice.resolve(configured: ["clang"], searchPath: [noexec, bin])?.words == ["gcc"])
        #expect(CompilerChoice.resolve(configured: [], searchPath: [empty]) == nil)
        #expect(CompilerChoice.resolve(configured: [bin + "/gcc"], searchPath: [])?.words == [bin + "/gcc"])
    }

    @Test("the module name is the one PyInit_ function's, else the file name")
    func moduleNames() throws {
        #expect(try ExtensionBuilder.moduleName(source: "x/greeter.c", text: "PyMODINIT_FUNC\nPyInit_greeter_multi_phase(void) {") == "greeter_multi_phase")
        #expect(try ExtensionBuilder.moduleName(source: "x/greeter.c", text: "int main(void) { return 0; }") == "greeter")
        #expect(try ExtensionBuilder.moduleName(source: "x/a.c", text: "PyInit_a (void) {} PyInit_b(void) {}") == "a")
        #expect(throws: PythonsError.self) { try ExtensionBuilder.moduleName(source: "x/c.c", text: "PyInit_a(void) PyInit_b(void)") }
    }

    @Test("examples/ define the module names their file names promise")
    func exampleModuleNames() throws {
        for name in ["greeter_single_phase", "greeter_multi_phase"] {
            let path = "\(UopsFixtures.examplesFolder)/\(name).c"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(try ExtensionBuilder.moduleName(source: path, text: text) == name)
        }
    }

    @Test("file names tell the ABI they were built for", arguments: [
        ("greeter.cpython-313t-x86_64-linux-gnu.so", "greeter", ExtensionFileName.ABITag.cpython(major: 3, minor: 13, freeThreaded: true, platform: "x86_64-linux-gnu")),
        ("greeter.cpython-313-x86_64-linux-gnu.so", "greeter", .cpython(major: 3, minor: 13, freeThreaded: false, platform: "x86_64-linux-gnu")),
        ("_speedups.cpython-314-darwin.so", "_speedups", .cpython(major: 3, minor: 14, freeThreaded: false, platform: "darwin")),
        ("fast.abi3.so", "fast", .stableABI),
        ("fast.abi3t.so", "fast", .freeThreadedStableABI),
        ("greeter.so", "greeter", ExtensionFileName.ABITag.none),
        ("_ssl.pypy310-pp73-x86_64-linux-gnu.so", "_ssl", .other("pypy310-pp73-x86_64-linux-gnu")),
    ])
    func parsesFileNames(fileName: String, module: String, tag: ExtensionFileName.ABITag) throws {
        let name = try #require(ExtensionFileName(fileName))
        #expect(name.moduleName == module)
        #expect(name.tag == tag)
    }

    @Test("files that are not extensions are not parsed", arguments: ["greeter.c", "libfoo.so.1", ".so", "README"])
    func notExtensions(fileName: String) {
        #expect(ExtensionFileName(fileName) == nil)
    }

    @Test("a free-threaded interpreter refuses GIL-build and abi3 files by name, and accepts its own and untagged ones")
    func mismatches() throws {
        let suffix = ".cpython-313t-x86_64-linux-gnu.so"
        let v313 = PythonVersion(3, 13, 5), v315 = PythonVersion(3, 15, 0)

        func mismatch(_ file: String, version: PythonVersion = PythonVersion(3, 13, 5), freeThreaded: Bool = true, ext: String = suffix) -> String? {
            ExtensionFileName(file)!.mismatch(extSuffix: ext, freeThreaded: freeThreaded, version: version)
        }
        #expect(mismatch("g.cpython-313t-x86_64-linux-gnu.so") == nil)
        #expect(mismatch("g.so") == nil)
        #expect(mismatch("g.cpython-313-x86_64-linux-gnu.so")?.contains("CPython 3.13 with the GIL") == true)
        #expect(mismatch("g.cpython-314t-x86_64-linux-gnu.so") != nil)
        #expect(mismatch("g.abi3.so")?.contains("stable ABI") == true)
        #expect(mismatch("g.abi3.so", freeThreaded: false, ext: ".cpython-313-x86_64-linux-gnu.so") == nil)
        #expect(mismatch("g.abi3t.so", version: v313) != nil)
        #expect(mismatch("g.abi3t.so", version: v315, ext: ".cpython-315t-x86_64-linux-gnu.so") == nil)
    }

    @Test("ext check reads a path as a file and a dotted name as a module; a file in a package is imported by its dotted name")
    func targets() throws {
        let folder = TemporaryFolder()
        let file = try folder.write("greeter.cpython-313t-x86_64-linux-gnu.so", "")
        #expect(try ExtensionTarget.parse(file, home: "/") == .file(path: file, module: "greeter", root: folder.path))
        try folder.write("site/pkg/__init__.py", "")
        try folder.write("site/pkg/sub/__init__.py", "")
        let inPackage = try folder.write("site/pkg/sub/_speedups.cpython-313t-x86_64-linux-gnu.so", "")
        #expect(try ExtensionTarget.parse(inPackage, home: "/") == .file(path: inPackage, module: "pkg.sub._speedups", root: folder.path + "/site"))
        #expect(try ExtensionTarget.parse("numpy.core._multiarray_umath", home: "/") == .module("numpy.core._multiarray_umath"))
        for bad in ["missing/greeter.so", "nothere.cpython-313t-x86_64-linux-gnu.so", "not a module", "a..b", folder.path] {
            #expect(throws: PythonsError.self) { try ExtensionTarget.parse(bad, home: "/") }
        }
    }

    @Test("the missing-Python.h hint names the package or install step for where the interpreter came from")
    func headersHints() throws {
        let facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        var stock = facts
        stock.freeThreadedBuild = false
        stock.version = PythonVersion(3, 11, 2)
        let system = Interpreter(path: "/usr/bin/python3.11", resolvedPath: "/usr/bin/python3.11", aliases: [], foundIn: [.path], facts: stock)
        let debian = ["ID": "debian"], ubuntu = ["ID": "ubuntu", "ID_LIKE": "debian"], fedora = ["ID": "fedora"]
        #expect(HeadersHint.missingPythonH(interpreter: system, includeDirs: ["/usr/include/python3.11"], osRelease: debian)
                == "Python.h is not in /usr/include/python3.11: install the headers with `sudo apt-get install python3.11-dev`")
        #expect(HeadersHint.missingPythonH(interpreter: system, includeDirs: [], osRelease: ubuntu).contains("apt-get install python3.11-dev"))
        #expect(HeadersHint.missingPythonH(interpreter: system, includeDirs: [], osRelease: fedora).contains("dnf install python3.11-devel"))

        var pyenv = system
        pyenv.path = "/home/me/.pyenv/versions/3.11.2/bin/python3.11"
        pyenv.foundIn = [.pyenv]
        #expect(HeadersHint.missingPythonH(interpreter: pyenv, includeDirs: [], osRelease: debian).contains("pyenv install --force 3.11.2"))
        var uv = pyenv
        uv.foundIn = [.uv]
        #expect(HeadersHint.missingPythonH(interpreter: uv, includeDirs: [], osRelease: debian).contains("uv python install --reinstall 3.11.2"))
        let managed = Interpreter(path: "/h/installs/3.13t/bin/python3.13t", resolvedPath: "/h/installs/3.13t/bin/python3.13t",
                                  aliases: [], foundIn: [.pythons], facts: facts)
        #expect(HeadersHint.missingPythonH(interpreter: managed, includeDirs: [], osRelease: debian).contains("pythons install 3.13t"))
        let elsewhere = Interpreter(path: "/opt/p/bin/python3.13t", resolvedPath: "/opt/p/bin/python3.13t", aliases: [], foundIn: [.path], facts: facts)
        #expect(HeadersHint.missingPythonH(interpreter: elsewhere, includeDirs: ["/opt/p/include/python3.13t"], osRelease: debian)
                .hasPrefix("Python.h is not in /opt/p/include/python3.13t: install the development headers for python3.13t"))
    }

    @Test("/etc/os-release values lose their quotes")
    func osRelease() throws {
        let folder = TemporaryFolder()
        let file = try folder.write("os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nID_LIKE='rhel fedora'\n# comment\n")
        let values = HeadersHint.readOSRelease(path: file)
        #expect(values["ID"] == "debian")
        #expect(values["PRETTY_NAME"] == "Debian GNU/Linux 12 (bookworm)")
        #expect(values["ID_LIKE"] == "rhel fedora")
    }

    @Test("verdicts survive a JSON round trip; the fix follows the module's init kind")
    func verdicts() throws {
        let single = GILWarning(module: "g", initKind: .singlePhase, text: "RuntimeWarning: ...")
        let multi = GILWarning(module: "g", initKind: .multiPhase, text: "RuntimeWarning: ...")
        let unknown = GILWarning(module: "g", text: "RuntimeWarning: ...")
        #expect(single.fix.contains("PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED)"))
        #expect(!single.fix.contains("Py_mod_gil"))
        #expect(multi.fix.contains("{Py_mod_gil, Py_MOD_GIL_NOT_USED}"))
        #expect(unknown.fix.contains("Py_mod_gil") && unknown.fix.contains("PyUnstable_Module_SetGIL"))
        #expect(GILWarning(module: "g", initKind: .multiPhase, generator: "cython", text: "").fix.contains("freethreading_compatible"))

        let all: [ExtensionVerdict] = [.gilStaysOff, .reenablesGIL([single]), .importFails("ImportError: x"),
                                       .packageFailsToImport(package: "pkg", error: "ModuleNotFoundError: No module named 'dep'"),
                                       .builtForAnotherInterpreter("it is built for CPython 3.13 with the GIL, and ...", rebuildFor: "3.13t"),
                                       .oldStableABI("CPython refused it: SystemError: \(ExtensionVerdict.oldStableABIRefusal)"),
                                       .crashed("killed by signal 11 (SIGSEGV)"), .hung("did not finish importing g within 60 s"),
                                       .inconclusive("the GIL was already on")]
        #expect(Set(all.map(\.kind)) == Set(ExtensionVerdict.Kind.allCases))
        for verdict in all {
            let data = try JSONOutput.encoder().encode(verdict)
            #expect(try JSONOutput.decoder().decode(ExtensionVerdict.self, from: data) == verdict)
        }
        #expect(ExtensionVerdict.builtForAnotherInterpreter("it is built for CPython 3.13 with the GIL, and this interpreter loads .x", rebuildFor: "3.13t")
            .shortDetail(module: "g") == "for CPython 3.13 with the GIL")
        #expect(ExtensionVerdict.reenablesGIL([GILWarning(module: "dep", text: "")]).detail(module: "g") == "through dep, which it imports")
    }
}
