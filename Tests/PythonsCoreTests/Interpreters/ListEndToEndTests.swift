import Foundation
import Testing
@testable import PythonsCore

@Suite("pythons list, end to end", .tags(.interpreters, .endToEnd))
struct ListEndToEndTests {
    /// What an interpreter says about itself, asked directly through sys,
    /// sysconfig and platform rather than through Pythons' probe.
    static let selfReport = """
        import json, platform, sys, sysconfig
        flags = sysconfig.get_config_var("PY_CORE_CFLAGS") or ""
        gil = getattr(sys, "_is_gil_enabled", lambda: True)()
        print(json.dumps({"version": platform.python_version(), "impl": platform.python_implementation(),
            "abiflags": getattr(sys, "abiflags", ""), "ft": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "gil": gil, "jit": "-D_Py_JIT" in flags, "tier2": "-D_Py_TIER2" in flags,
            "ext": sysconfig.get_config_var("EXT_SUFFIX")}))
        """

    @Test("every interpreter row agrees with what the interpreter says of itself")
    func rowsMatchInterpreters() async throws {
        let home = TemporaryFolder()
        let outcome = try await PythonsBinary.run(
            ["list", "--format", "json"] + RealInterpreters.extraPaths.flatMap { ["--python", $0] },
            environment: ["PYTHONS_HOME": RealInterpreters.testHome ?? home.path])
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let report = try JSONOutput.decoder().decode(ListReport.self, from: Data(outcome.standardOutput.utf8))
        let python3s = report.interpreters.filter { $0.isCPython && $0.version >= PythonVersion(3, 6, 0) }
        if python3s.isEmpty { try Test.cancel("no CPython 3.6+ on this machine to compare against") }
        for interpreter in python3s {
            let said = try await RealInterpreters.evaluate(interpreter, Self.selfReport)
            let truth = try JSONSerialization.jsonObject(with: Data(said.utf8)) as! [String: Any]
            let facts = interpreter.facts
            #expect(facts.version.description == truth["version"] as? String, "\(interpreter.path)")
            #expect(facts.implementation == truth["impl"] as? String)
            #expect(facts.abiflags == truth["abiflags"] as? String)
            #expect(facts.freeThreadedBuild == truth["ft"] as? Bool)
            #expect(facts.freeThreading == (truth["ft"] as! Bool ? ((truth["gil"] as! Bool) ? .disabled : .enabled) : .unsupported))
            #expect(facts.jitBuild == truth["jit"] as? Bool)
            #expect((facts.tier2 == .present) == truth["tier2"] as? Bool)
            #expect(facts.extSuffix == truth["ext"] as? String)
        }
        // One row per real executable.
        let keys = report.interpreters.compactMap { FileIdentity.of($0.path)?.fileKey }
        #expect(Set(keys).count == keys.count)
    }

    @Test("finds interpreters in pyenv, uv and Pythons folders without running shims")
    func discoversEveryPlace() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let world = TemporaryFolder()
        // Real layouts, each holding a link to a real interpreter.
        for folder in ["pyenv/versions/9.9.9/bin", "uv/cpython-9.9.9-linux-x86_64-gnu/bin", "home/installs/cpython-9.9.9/bin", "pyenv/shims"] {
            try FileManager.default.createDirectory(atPath: "\(world.path)/\(folder)", withIntermediateDirectories: true)
        }
        // Copies, not links, so each is a distinct real executable.
        for folder in ["pyenv/versions/9.9.9/bin", "uv/cpython-9.9.9-linux-x86_64-gnu/bin", "home/installs/cpython-9.9.9/bin"] {
            try FileManager.default.copyItem(atPath: python.resolvedPath, toPath: "\(world.path)/\(folder)/python3")
        }
        let shimLog = "\(world.path)/shim-ran"
        try world.write("pyenv/shims/python3.12", "#!/bin/sh\ntouch \(shimLog)\nexit 127\n", executable: true)
        let outcome = try await PythonsBinary.run(["list", "--format", "json"], environment: [
            "PYTHONS_HOME": "\(world.path)/home", "PYENV_ROOT": "\(world.path)/pyenv",
            "UV_PYTHON_INSTALL_DIR": "\(world.path)/uv", "PATH": "\(world.path)/pyenv/shims:/nonexistent",
        ])
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let report = try JSONOutput.decoder().decode(ListReport.self, from: Data(outcome.standardOutput.utf8))
        // Copied interpreters may fail to start without their libraries
        // beside them (a shared-library build); then each is a problem row
        // from the right place, which still proves it was found there.
        var places = Set(report.interpreters.flatMap(\.foundIn))
        places.formUnion(report.problems.map(\.foundIn))
        #expect(places == [.pyenv, .uv, .pythons])
        #expect(report.skippedShims == ["\(world.path)/pyenv/shims/python3.12"])
        #expect(!FileManager.default.fileExists(atPath: shimLog), "a pyenv shim was run")
    }

    @Test("a second list starts no interpreter; a changed one is probed again")
    func cacheAvoidsProbes() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let world = TemporaryFolder()
        let log = "\(world.path)/runs.log"
        // A wrapper that records each start, then runs the real interpreter.
        let wrapper = try world.write("bin/python3", "#!/bin/sh\necho run >> \(log)\nexec \(python.resolvedPath) \"$@\"\n", executable: true)
        let environment: [String: String?] = ["PYTHONS_HOME": "\(world.path)/home", "PATH": "\(world.path)/bin",
                                              "PYENV_ROOT": "\(world.path)/none", "UV_PYTHON_INSTALL_DIR": "\(world.path)/none"]
        func runs() -> Int { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count }

        let first = try await PythonsBinary.run(["list"], environment: environment)
        #expect(first.termination == .exited(0))
        #expect(runs() == 1)
        let second = try await PythonsBinary.run(["list"], environment: environment)
        #expect(second.standardOutput == first.standardOutput)
        #expect(runs() == 1, "the second list started an interpreter")

        // Rewrite the wrapper with new content: size and time change.
        try "#!/bin/sh\necho run >> \(log)\n# changed\nexec \(python.resolvedPath) \"$@\"\n".write(toFile: wrapper, atomically: false, encoding: .utf8)
        _ = try await PythonsBinary.run(["list"], environment: environment)
        #expect(runs() == 2, "a changed interpreter was not probed again")
        _ = try await PythonsBinary.run(["list", "--refresh"], environment: environment)
        #expect(runs() == 3)
    }

    @Test("broken candidates each get one clear line, and nothing is left running")
    func brokenCandidates() async throws {
        let world = TemporaryFolder()
        // A sleep length no other process uses, to find leftovers by.
        let marker = "300.\(Int.random(in: 100_000...999_999))"
        try world.write("bin/python3.90", "#!/bin/sh\necho not executable\n")  // no execute bit
        try world.write("bin/python3.91", "#!/bin/sh\necho 'Hello, I am definitely not Python'\n", executable: true)
        try world.write("bin/python3.92", "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\necho '  File \"<x>\", line 1' >&2\necho 'ImportError: no module named encodings' >&2\nexit 1\n", executable: true)
        try world.write("bin/python3.93", "#!/bin/sh\nexec /bin/sleep \(marker)\n", executable: true)
        try world.write("bin/python3.94", "#!/bin/sh\n/bin/sleep \(marker) &\necho '{' \n", executable: true)
        _ = FileManager.default.createFile(atPath: "\(world.path)/bin/python3.95", contents: Data([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2]))
        chmod("\(world.path)/bin/python3.95", 0o755)
        symlink("\(world.path)/nowhere/python3", "\(world.path)/bin/python3.96")

        let outcome = try await PythonsBinary.run(["list", "--probe-timeout", "5"], environment: [
            "PYTHONS_HOME": "\(world.path)/home", "PATH": "\(world.path)/bin",
            "PYENV_ROOT": "\(world.path)/none", "UV_PYTHON_INSTALL_DIR": "\(world.path)/none",
        ])
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String? { lines.first { $0.contains("/bin/\(name) ") } }
        #expect(line("python3.90")?.hasSuffix("not executable (no execute permission)") == true, "\(lines)")
        #expect(line("python3.91")?.hasSuffix("is not a Python interpreter: it printed \"Hello, I am definitely not Python\"") == true)
        #expect(line("python3.92")?.hasSuffix("exited with status 1: ImportError: no module named encodings") == true)
        #expect(line("python3.93")?.hasSuffix("did not answer within 5 s and was stopped") == true)
        #expect(line("python3.94") != nil)
        #expect(line("python3.95")?.contains("exec format error") == true)
        #expect(line("python3.96")?.hasSuffix("a link to a file that does not exist") == true)
        #expect(!outcome.standardOutput.contains("Traceback"))
        #expect(outcome.standardError.isEmpty)
        // The sleeper and its process group are gone.
        let survivors = try await ProcessRunner().run(ProcessRequest(executable: "/usr/bin/pgrep", arguments: ["-f", "sleep \(marker)"], environment: [:]))
        #expect(survivors.termination == .exited(1), "left running: \(survivors.standardOutput)")
    }
}
