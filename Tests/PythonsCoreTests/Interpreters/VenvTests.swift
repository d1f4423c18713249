import Foundation
import Testing
@testable import PythonsCore

/// Virtual environments as interpreters of their own, with real venvs made
/// by `python -m venv` from a real interpreter.
@Suite("Virtual environments", .tags(.interpreters))
struct VenvTests {
    @Test("a venv's python is its own interpreter: listed apart from its base with the venv's prefix and site-packages, cached apart")
    func venvIsItsOwnInterpreter() async throws {
        let base = try await Venvs.base()
        let folder = TemporaryFolder("pythons-venv")
        let venvPath = try await Venvs.make(folder.path + "/v", from: base.path)
        // The base by path too: it may live in a PYTHONS_HOME this discovery does not search.
        let catalog = await Venvs.discover(home: folder, explicit: [venvPath + "/bin/python", base.path])

        let venv = try #require(catalog.venvs.first { $0.venv?.prefix == venvPath }, "\(catalog.problems)")
        #expect(venv.path == venvPath + "/bin/python")  // run as given
        #expect(venv.facts.executable == venvPath + "/bin/python")
        // What the venv's interpreter itself says, started the way users start it.
        let said = try await RealInterpreters.evaluate(venv, "import sys, sysconfig; print(sys.prefix); print(sysconfig.get_paths()['purelib'])")
        let lines = said.split(separator: "\n").map(String.init)
        #expect(venv.facts.prefix == lines.first)
        #expect(venv.facts.prefix == venvPath)
        #expect(venv.facts.sitePackages.contains(lines.last ?? "?"))
        #expect(venv.facts.sitePackages.allSatisfy { $0.hasPrefix(venvPath + "/") })
        #expect(venv.facts.basePrefix == base.facts.prefix)
        #expect(venv.basePath.map(FilePaths.resolve) == base.resolvedPath)
        #expect(venv.displayName.contains("(venv of "))

        // The base is still listed as itself, and no plain row has the venv's view.
        let plain = try #require(catalog.interpreters.first { $0.resolvedPath == base.resolvedPath }, "\(base.resolvedPath) not in \(catalog.interpreters.map(\.resolvedPath)); problems \(catalog.problems)")
        #expect(plain.venv == nil)
        #expect(plain.facts.prefix == base.facts.prefix)
        #expect(!catalog.interpreters.contains { $0.facts.prefix == venvPath })

        // Each is chosen by its own path; a version never picks the venv.
        let environment = PythonsEnvironment()
        #expect(try catalog.select(.path(venvPath + "/bin/python"), environment: environment).venv?.prefix == venvPath)
        #expect(try catalog.select(.path(plain.path), environment: environment).venv == nil)
        #expect(try catalog.select([.path(venvPath + "/bin/python"), .path(plain.path)], environment: environment).count == 2)
        let version = try InterpreterRequest.parse(base.version.description)
        #expect(try catalog.select(version, environment: environment).venv == nil)

        // Cached under its own key: a second discovery answers from the cache
        // with the venv's view, and the base's entry is its own.
        let cache = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/cache/probes.json"))) as? [String: Any]
        let keys = Set((cache?["entries"] as? [String: Any] ?? [:]).keys)
        #expect(keys.contains(InterpreterCatalog.identityKey(resolvedPath: base.resolvedPath, venvPrefix: venvPath)))
        #expect(keys.contains(base.resolvedPath))
        let again = await Venvs.discover(home: folder, explicit: [venvPath + "/bin/python", base.path])
        #expect(again.venvs.first { $0.venv?.prefix == venvPath }?.facts == venv.facts)
    }

    /// pyenv's and uv's venvs link bin/python straight to an absolute path
    /// of the base; `python -m venv` links its versioned name so. Whatever
    /// the link, the path given is the venv's, relative or not.
    @Test("every interpreter name in a venv's bin, given with --python as an absolute or relative path, is the venv, links to the base not followed")
    func venvNamesAreNotResolvedToTheBase() async throws {
        let base = try await Venvs.base()
        let folder = TemporaryFolder("pythons-venv")
        let venvPath = try await Venvs.make(folder.path + "/v", from: base.path)
        // Like pyenv's and uv's venvs: `python` links to the base's real file by an absolute path.
        try FileManager.default.removeItem(atPath: venvPath + "/bin/python")
        try FileManager.default.createSymbolicLink(atPath: venvPath + "/bin/python", withDestinationPath: base.resolvedPath)
        let names = try FileManager.default.contentsOfDirectory(atPath: venvPath + "/bin").filter(InterpreterDiscovery.isInterpreterName).sorted()
        #expect(names.contains("python"))
        for name in names {
            for given in ["\(venvPath)/bin/\(name)", "v/bin/\(name)", "./v/../v/bin/./\(name)"] {
                let catalog = await Venvs.discover(home: folder, explicit: [given])
                let chosen = try catalog.select(.path(given), environment: PythonsEnvironment(currentDirectory: folder.path))
                #expect(chosen.venv?.prefix == venvPath, "\(given) ran as \(chosen.path), outside the venv")
                #expect(chosen.path == "\(venvPath)/bin/\(name)")
            }
        }
        // The venv's folder itself is not an interpreter: the line says which path is.
        let given = await Venvs.discover(home: folder, explicit: [venvPath])
        let reason = "a venv's folder, not an interpreter: give its python, \(venvPath)/bin/python"
        #expect(given.problems.map(\.reason) == [reason])
        #expect(throws: PythonsError.usage("v is not a usable interpreter: " + reason)) {
            try given.select(.path("v"), environment: PythonsEnvironment(currentDirectory: folder.path))
        }
        #expect(FilePaths.normalized("/a/./b//c/../d/") == "/a/b/d")
        #expect(FilePaths.normalized("/../a") == "/a")
        #expect(FilePaths.normalized("a/../../b") == "../b")
    }

    @Test("the active venv (VIRTUAL_ENV) and .venv in the current folder are found, each under its most specific name")
    func activeAndLocalVenvs() async throws {
        let base = try await Venvs.base()
        let folder = TemporaryFolder("pythons-venv")
        let active = try await Venvs.make(folder.path + "/active", from: base.path)
        let project = folder.path + "/project"
        let local = try await Venvs.make(project + "/.venv", from: base.path)
        let catalog = await Venvs.discover(home: folder, variables: ["VIRTUAL_ENV": active], currentDirectory: project)

        let found = try #require(catalog.venvs.first { $0.venv?.prefix == active }, "\(catalog.venvs.map(\.path)) \(catalog.problems)")
        #expect(found.foundIn.first == .virtualEnv)
        #expect(found.path == "\(active)/bin/\(Venvs.pythonName(base))")
        let dotVenv = try #require(catalog.venvs.first { $0.venv?.prefix == local })
        #expect(dotVenv.foundIn == [.localVenv])
        #expect(catalog.venvs.firstIndex { $0.venv?.prefix == active }! < catalog.venvs.firstIndex { $0.venv?.prefix == local }!)
        // Neither is a plain interpreter, so neither joins default sets.
        #expect(!catalog.interpreters.contains { $0.path.hasPrefix(folder.path) })

        let text = catalog.textLines(style: .plain, environment: PythonsEnvironment())
        let venvHeader = try #require(text.firstIndex { $0.contains("virtual environments (choose one with --python PATH)") })
        #expect(text[venvHeader + 1].hasPrefix("VERSION  BUILD"))
        #expect(text[venvHeader + 1].hasSuffix("BASE"))
        #expect(text.contains { $0.contains("\(active)/bin/") && $0.contains("VIRTUAL_ENV") })
    }

    @Test("a venv whose base was deleted and a venv with a broken pyvenv.cfg: one problem line each, no crash, and --python says it")
    func brokenVenvs() async throws {
        let base = try await Venvs.base()
        let folder = TemporaryFolder("pythons-venv")
        // A base reached through a folder that is then deleted, as when the
        // interpreter a venv was made from is uninstalled.
        let doomed = folder.path + "/doomed/bin"
        try FileManager.default.createDirectory(atPath: doomed, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: doomed + "/" + Venvs.pythonName(base), withDestinationPath: base.resolvedPath)
        let orphan = try await Venvs.make(folder.path + "/orphan", from: doomed + "/" + Venvs.pythonName(base))
        try FileManager.default.removeItem(atPath: folder.path + "/doomed")
        let garbled = try await Venvs.make(folder.path + "/garbled", from: base.path)
        try Data([0xFF, 0xFE, 0x68, 0x6F, 0x6D, 0x65]).write(to: URL(fileURLWithPath: garbled + "/pyvenv.cfg"))

        let catalog = await Venvs.discover(home: folder, explicit: [orphan + "/bin/python", orphan + "/bin/python3", garbled + "/bin/python"])
        #expect(catalog.venvs.isEmpty)
        let orphanProblems = catalog.problems.filter { $0.venv == orphan }
        #expect(orphanProblems.count == 1)
        let orphanReason = try #require(orphanProblems.first?.reason)
        #expect(orphanReason.contains("a venv whose base interpreter \(doomed)/\(Venvs.pythonName(base)) no longer exists"))
        #expect(orphanReason.contains("`python3 -m venv --clear \(orphan)`"))
        let garbledProblems = catalog.problems.filter { $0.venv == garbled }
        #expect(garbledProblems.count == 1)
        #expect(garbledProblems.first?.reason.contains("pyvenv.cfg is not UTF-8 text") == true)
        for problem in orphanProblems + garbledProblems { #expect(!problem.reason.contains("\n")) }

        // An activated venv deleted since.
        let stale = await Venvs.discover(home: folder, variables: ["VIRTUAL_ENV": folder.path + "/gone"])
        #expect(stale.problems.filter { $0.foundIn == .virtualEnv }.map(\.reason)
            == ["VIRTUAL_ENV names no folder with an interpreter in its bin folder (the venv was deleted or moved); run `deactivate`, or activate another venv"])

        let environment = PythonsEnvironment()
        #expect {
            try catalog.select(.path(orphan + "/bin/python3"), environment: environment)
        } throws: { error in
            (error as? PythonsError)?.kind == .usage && (error as? PythonsError)?.message.contains("no longer exists") == true
        }
        #expect {
            try catalog.select(.path(garbled + "/bin/python"), environment: environment)
        } throws: { error in
            (error as? PythonsError)?.message.contains("not UTF-8") == true
        }
    }

    @Test("`pythons list` shows the active venv and ./.venv with their base, a broken venv as one line, and `info --python VENV` runs in the venv", .tags(.endToEnd))
    func listEndToEnd() async throws {
        let base = try await Venvs.base()
        let folder = TemporaryFolder("pythons-venv")
        let active = try await Venvs.make(folder.path + "/active", from: base.path)
        let project = folder.path + "/project"
        try await Venvs.make(project + "/.venv", from: base.path)
        let garbled = try await Venvs.make(folder.path + "/garbled", from: base.path)
        try Data([0xFF, 0xFE]).write(to: URL(fileURLWithPath: garbled + "/pyvenv.cfg"))
        let environment: [String: String?] = ["PYTHONS_HOME": folder.path + "/home", "VIRTUAL_ENV": active, "NO_COLOR": "1"]

        let list = try await PythonsBinary.runIn(project, ["list", "--python", garbled + "/bin/python"], environment: environment)
        // The listing, then exit 2 for the --python path that cannot run, in one line.
        #expect(list.status == 2, "\(list.stderr)")
        #expect(list.stderr.split(separator: "\n").count == 1 && list.stderr.contains("not UTF-8"), "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("2 virtual environments (choose one with --python PATH):"))
        let basePath = PythonsEnvironment().abbreviate(base.resolvedPath)
        #expect(lines.contains { $0.contains("VIRTUAL_ENV") && $0.contains("\(active)/bin/\(Venvs.pythonName(base))") && $0.hasSuffix(basePath) })
        #expect(lines.contains { $0.contains(".venv ") && $0.contains("\(project)/.venv/bin/") && $0.hasSuffix(basePath) })
        #expect(lines.contains { $0.hasPrefix("  \(garbled)/bin/python (--python): a venv whose \(garbled)/pyvenv.cfg is not UTF-8 text") })

        let info = try await PythonsBinary.runIn(project, ["info", "--python", active + "/bin/python"], environment: environment)
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("🐍 CPython \(base.version) \(active)/bin/python\n"))
        let broken = try await PythonsBinary.runIn(project, ["info", "--python", garbled + "/bin/python"], environment: environment)
        #expect(broken.status == 2)
        #expect(broken.stderr.split(separator: "\n").count == 1, "\(broken.stderr)")
    }

    @Test("bench without --python in an active venv, of a function that imports what only the venv has: the failure names --python VENV/bin/python", .tags(.endToEnd))
    func activeVenvLeftOutIsNamed() async throws {
        let base = try await Venvs.base()
        let folder = TemporaryFolder("pythons-venv")
        let venv = try await Venvs.make(folder.path + "/v", from: base.path)
        let lib = try FileManager.default.contentsOfDirectory(atPath: venv + "/lib").first { $0.hasPrefix("python") }
        try folder.write("v/lib/\(try #require(lib))/site-packages/only_in_the_venv.py", "VALUE = 1\n")
        try folder.write("work.py", "def work():\n    import only_in_the_venv\n    return only_in_the_venv.VALUE\n")
        let environment: [String: String?] = ["PYTHONS_HOME": folder.path + "/home", "VIRTUAL_ENV": venv]
        let arguments = ["bench", "work.py:work", "--repeat", "2", "--warmup", "0", "--values", "1", "-q"]
        let defaults = try await PythonsBinary.runIn(folder.path, arguments, environment: environment)
        #expect(defaults.status == 1, "\(defaults.stderr)")
        #expect(defaults.stderr.contains("the active venv is not among the default interpreters (venvs are chosen by path): measure it with --python \(venv)/bin/python"),
                "\(defaults.stderr)")
        let inVenv = try await PythonsBinary.runIn(folder.path, arguments + ["--python", venv + "/bin/python"], environment: environment)
        #expect(inVenv.status == 0, "\(inVenv.stderr)")
        #expect(!inVenv.stderr.contains("not among the default"))
    }

    @Test("pyvenv.cfg is read as site.py reads it: beside the executable or one folder up, keys without case, uv's version_info")
    func readsConfig() throws {
        let folder = TemporaryFolder("pythons-venv")
        try folder.write("uv/pyvenv.cfg", "Home = /opt/uv/cpython-3.13.5/bin\nimplementation = CPython\nuv = 0.9.0\nversion_info = 3.13.5\ninclude-system-site-packages = TRUE\nno equals sign here\n")
        try folder.write("uv/bin/python", "", executable: true)
        guard case .venv(let uv) = VirtualEnvironment.lookup(forExecutable: folder.path + "/uv/bin/python") else {
            Issue.record("not found as a venv")
            return
        }
        #expect(uv.prefix == folder.path + "/uv")
        #expect(uv.home == "/opt/uv/cpython-3.13.5/bin")
        #expect(uv.baseExecutable == "/opt/uv/cpython-3.13.5/bin/python")
        #expect(uv.version == "3.13.5")
        #expect(uv.includesSystemSitePackages)

        try folder.write("beside/bin/pyvenv.cfg", "home = /usr/bin\nexecutable = /usr/bin/python3.11\n")
        try folder.write("beside/bin/python3", "", executable: true)
        guard case .venv(let beside) = VirtualEnvironment.lookup(forExecutable: folder.path + "/beside/bin/python3") else {
            Issue.record("pyvenv.cfg beside the executable not found")
            return
        }
        #expect(beside.baseExecutable == "/usr/bin/python3.11")
        #expect(beside.prefix == folder.path + "/beside")
        #expect(VirtualEnvironment.lookup(forExecutable: folder.path + "/elsewhere/bin/python") == .none)
    }
}
