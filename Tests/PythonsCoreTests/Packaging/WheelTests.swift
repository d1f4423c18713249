import Foundation
import Testing
@testable import PythonsCore

/// The wheel users install Pythons from (scripts/build-wheel.sh), installed
/// the ways Python developers install tools and run where no Swift is: the
/// binary must carry Swift's runtime and find its helper scripts itself.
@Suite("The wheel", .tags(.wheel, .endToEnd), .serialized,
       .enabled(if: WheelUnderTest.path != nil, WheelUnderTest.missing))
struct WheelTests {
    static let buildScript = "\(PackageFolders.root)/scripts/build-wheel.sh"
    /// Shared libraries of Swift's runtime and Foundation on Linux: none may
    /// be needed by the installed binary.
    static let swiftLibraries = ["swift", "Foundation", "dispatch", "BlocksRuntime", "icu"]

    @Test("is named pythons-VERSION-py3-none-manylinux_X_Y_ARCH.whl after the binary's version and holds the binary, every helper script, the manual and the completions")
    func nameAndContents() async throws {
        let wheel = try WheelUnderTest.require()
        let name = URL(fileURLWithPath: wheel).lastPathComponent
        let version = PythonsRelease.version
        #expect(name.hasPrefix("pythons-\(version)-py3-none-manylinux_"), "\(name)")
        #expect(name.wholeMatch(of: /pythons-[0-9.]+-py3-none-manylinux_2_[0-9]+_(x86_64|aarch64)\.whl/) != nil, "\(name)")

        let members = Set(try await WheelUnderTest.members(of: wheel))
        let data = "pythons-\(version).data"
        for expected in ["\(data)/scripts/pythons", "\(data)/data/share/man/man1/pythons.1",
                         "\(data)/data/share/bash-completion/completions/pythons",
                         "\(data)/data/share/zsh/site-functions/_pythons",
                         "\(data)/data/share/fish/vendor_completions.d/pythons.fish",
                         "pythons-\(version).dist-info/METADATA", "pythons-\(version).dist-info/WHEEL",
                         "pythons-\(version).dist-info/RECORD"] {
            #expect(members.contains(expected), "\(expected) is not in the wheel")
        }
        // Every helper script the package ships, at the layout the binary reads.
        let resources = "\(PackageFolders.root)/Sources/PythonsCore/Resources"
        let enumerator = FileManager.default.enumerator(atPath: "\(resources)/python")!
        var scripts = 0
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".py"), !relative.contains("__pycache__") else { continue }
            scripts += 1
            let member = "\(data)/data/share/pythons/python/\(relative)"
            #expect(members.contains(member), "\(member) is not in the wheel")
        }
        #expect(scripts >= 5)
        #expect(PythonScripts.installedLayout == "../share/pythons/python", "the wheel's layout and the binary's lookup must agree")
    }

    @Test("auditwheel finds it consistent with the manylinux tag it carries, and the build script's own check agrees")
    func auditwheelAgrees() async throws {
        let wheel = try WheelUnderTest.require()
        let tag = String(URL(fileURLWithPath: wheel).deletingPathExtension().lastPathComponent.split(separator: "-").last!)
        let show = try await Commands.run([try ToolsVenv.tool("auditwheel"), "show", wheel])
        #expect(show.succeeded, "\(show.standardError)")
        let verdict = (show.standardOutput + show.standardError).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(verdict.contains("consistent with the following platform tag: \"\(tag)\""), "\(verdict)")
        let check = try await Commands.run(["/bin/bash", Self.buildScript, "--check", wheel])
        #expect(check.succeeded, "\(check.standardError)")
    }

    @Test("a copy tagged for an older glibc than its binary needs fails the check with one line")
    func olderGlibcClaimFails() async throws {
        let wheel = try WheelUnderTest.require()
        let folder = TemporaryFolder("pythons-wheel-tag")
        // glibc 2.5 (manylinux1): older than any glibc a Swift 6 runtime runs on.
        let claim = "manylinux_2_5_x86_64"
        let mislabelled = try await WheelUnderTest.retagged(wheel, platform: claim, in: folder)
        #expect(mislabelled.hasSuffix("-\(claim).whl"))
        let check = try await Commands.run(["/bin/bash", Self.buildScript, "--check", mislabelled])
        #expect(check.termination == .exited(1))
        let lines = Commands.lines(check)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("claims \(claim) (glibc 2.5), but its binary needs glibc 2.") == true, "\(lines)")
    }

    @Test("pip installs it into a fresh venv, where list, info and a short bench jit run under env -i with no Swift on PATH or the loader path")
    func pipInstallRunsWithoutSwift() async throws {
        let installed = try await InstalledWheel.withPip()
        let interpreter = try await InstalledWheel.benchInterpreter()
        let environment = installed.bareEnvironment()

        // Nothing of Swift's is reachable from that environment.
        let swiftOnPath = try await Commands.run(["/usr/bin/env", "-i"] + environment + ["/bin/sh", "-c", "command -v swift swiftc"])
        #expect(!swiftOnPath.succeeded, "swift is on the minimal PATH: \(swiftOnPath.standardOutput)")
        let ldd = try await Commands.run(["/usr/bin/env", "-i"] + environment + ["ldd", installed.binary])
        #expect(ldd.succeeded, "\(ldd.standardError)")
        #expect(ldd.standardOutput.contains("libc.so.6"), "\(ldd.standardOutput)")
        #expect(!ldd.standardOutput.contains("not found"), "\(ldd.standardOutput)")
        for library in Self.swiftLibraries {
            #expect(!ldd.standardOutput.contains(library), "ldd lists a \(library) library:\n\(ldd.standardOutput)")
        }

        try await installed.runsTheFrontDoorCommands(interpreter: interpreter, wrapper: ["/usr/bin/env", "-i"] + environment)
    }

    @Test("it runs with the Swift toolchain and this checkout hidden from it (a private mount namespace)")
    func runsWithSwiftHidden() async throws {
        let installed = try await InstalledWheel.withPip()
        let interpreter = try await InstalledWheel.benchInterpreter()
        let hidden = try await MountNamespace.hiddenFolders()
        try await installed.runsTheFrontDoorCommands(
            interpreter: interpreter, wrapper: MountNamespace.wrapper(hiding: hidden) + installed.bareEnvironment())
    }

    @Test("uv tool install gives a pythons command, which finds its helpers through uv's link")
    func uvToolInstall() async throws {
        let wheel = try WheelUnderTest.require()
        let home = TemporaryFolder("pythons-uv-tool")
        let python = try await RealInterpreters.anyCPython3()
        let install = try await UVTool.install(wheel, python: python.path, home: home)
        #expect(install.succeeded, "\(install.standardError)")
        let command = "\(home.path)/bin/pythons"
        #expect(FileManager.default.isExecutableFile(atPath: command), "uv tool install left no \(command)")
        // uv links the command to the binary in its tool environment, so the
        // helpers are found only by following the link to the real path.
        let linkTarget = try? FileManager.default.destinationOfSymbolicLink(atPath: command)
        #expect(linkTarget == "\(home.path)/tools/pythons/bin/pythons", "\(linkTarget ?? "not a link")")
        let info = try await Commands.run(["/usr/bin/env", "-i", "PATH=\(home.path)/bin:/usr/bin:/bin", "HOME=\(home.path)",
                                           "PYTHONS_HOME=\(home.path)/pythons-home", "pythons", "info", python.path])
        #expect(info.succeeded, "pythons info through uv's link: \(info.standardError)")
        #expect(info.standardOutput.contains("🐍 CPython \(python.version)"), "\(info.standardOutput)")
        let version = try await Commands.run([command, "--version"], environment: Commands.minimalEnvironment(home: home.path))
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == PythonsRelease.version)
    }

    @Test("uv tool install of a copy tagged for another platform fails, and says which platform in one line")
    func uvRefusesOtherPlatform() async throws {
        let wheel = try WheelUnderTest.require()
        let home = TemporaryFolder("pythons-uv-tool")
        let python = try await RealInterpreters.anyCPython3()
        let foreign = try await WheelUnderTest.retagged(wheel, platform: "macosx_11_0_arm64", in: home)
        let install = try await UVTool.install(foreign, python: python.path, home: home)
        #expect(install.termination == .exited(2))
        #expect(!FileManager.default.fileExists(atPath: "\(home.path)/bin/pythons"))
        // uv's error is uv's: an error line, its cause and a hint. The cause
        // is the one line that says what is wrong.
        let lines = Commands.lines(install)
        let cause = lines.filter { $0.contains("incompatible with the current platform") }
        #expect(cause.count == 1, "\(lines)")
        #expect(lines.contains { $0.contains("macosx_11_0_arm64") }, "\(lines)")
    }

    @Test("the installed bash completion offers bench for `pythons b`, and the installed manual documents every command")
    func completionAndManual() async throws {
        let installed = try await InstalledWheel.withPip()
        let share = "\(installed.venv)/share"
        let completion = try String(contentsOfFile: "\(share)/bash-completion/completions/pythons", encoding: .utf8)
        let offers = try await BashCompletion.offers(script: completion, words: ["pythons", "b"])
        #expect(offers == ["bench"], "\(offers)")

        let manual = try String(contentsOfFile: "\(share)/man/man1/pythons.1", encoding: .utf8)
        #expect(manual.hasPrefix(".\\\" \"Generated by swift-argument-parser\""))
        #expect(manual.contains(".Dt PYTHONS 1"))
        for command in ["list", "info", "install", "bench", "compare", "report", "uops", "ext"] {
            #expect(manual.contains(".It Em \(command)"), "the manual has no entry for \(command)")
        }
        // man-db finds a page through PATH (bin/ beside share/man/), as it
        // will for a venv or ~/.local on PATH.
        if let man = TestTools.find("man") {
            let page = try await Commands.run([man, "-P", "cat", "pythons"], environment: [
                "PATH": "\(installed.venv)/bin:/usr/bin:/bin", "HOME": installed.home.path, "MANWIDTH": "80", "LANG": "C.UTF-8"])
            #expect(page.succeeded, "man pythons: \(page.standardError)")
            #expect(page.standardOutput.contains("pythons"))
        }
    }
}

/// The wheel installed by pip into a fresh virtual environment.
struct InstalledWheel {
    let home: TemporaryFolder
    var venv: String { "\(home.path)/venv" }
    var binary: String { "\(venv)/bin/pythons" }

    static func withPip() async throws -> InstalledWheel {
        let wheel = try WheelUnderTest.require()
        let installed = InstalledWheel(home: TemporaryFolder("pythons-wheel-venv"))
        let python = try await venvMaker()
        let environment = Commands.minimalEnvironment(home: installed.home.path)
        let venv = try await Commands.run([python.path, "-m", "venv", installed.venv], environment: environment)
        guard venv.succeeded else {
            throw PythonsError.failure("\(python.path) -m venv failed: \(venv.lastErrorLine ?? "")")
        }
        let pip = try await Commands.run(["\(installed.venv)/bin/python", "-m", "pip", "install", "--no-index",
                                          "--disable-pip-version-check", "--quiet", wheel], environment: environment)
        guard pip.succeeded else { throw PythonsError.failure("pip install \(wheel) failed: \(pip.standardError)") }
        return installed
    }

    /// The newest CPython 3 that can make a venv with pip in it: Debian
    /// splits ensurepip out of its python3.X packages (python3.X-venv), so the
    /// unpacked 3.14 and 3.15 cannot.
    static func venvMaker() async throws -> Interpreter {
        let catalog = await RealInterpreters.catalog()
        for python in catalog.interpreters where python.isCPython && python.version.major == 3 {
            let check = try await Commands.run([python.path, "-c", "import ensurepip"], environment: Commands.minimalEnvironment(home: NSTemporaryDirectory()))
            if check.succeeded { return python }
        }
        try Test.cancel("no CPython 3 with ensurepip on this machine, to make a venv for the wheel")
    }

    /// The interpreter `bench jit` measures: the JIT build if the test home has
    /// one (then with the JIT on and off), else any CPython 3.
    static func benchInterpreter() async throws -> Interpreter {
        let catalog = await RealInterpreters.catalog()
        if let jit = try? catalog.select(InterpreterRequest.parse("3.13j"), environment: PythonsEnvironment()) { return jit }
        return try await RealInterpreters.anyCPython3()
    }

    /// `env -i` assignments: the venv's bin and the system's folders on PATH,
    /// a private HOME and PYTHONS_HOME, nothing else (no LD_LIBRARY_PATH).
    func bareEnvironment() -> [String] {
        ["PATH=\(venv)/bin:/usr/bin:/bin", "HOME=\(home.path)", "PYTHONS_HOME=\(home.path)/pythons-home", "LANG=C.UTF-8"]
    }

    /// `pythons list`, `pythons info` and a short `bench jit`, each run through
    /// `wrapper` (env -i, perhaps inside a namespace), must succeed.
    func runsTheFrontDoorCommands(interpreter: Interpreter, wrapper: [String]) async throws {
        let list = try await Commands.run(wrapper + ["pythons", "list", "--python", interpreter.path])
        #expect(list.succeeded, "pythons list: \(list.termination) \(list.standardError)")
        #expect(list.standardOutput.contains("VERSION") && list.standardOutput.contains(interpreter.path), "\(list.standardOutput)")

        let info = try await Commands.run(wrapper + ["pythons", "info", interpreter.path])
        #expect(info.succeeded, "pythons info: \(info.termination) \(info.standardError)")
        #expect(info.standardOutput.contains("🐍 CPython \(interpreter.version)"), "\(info.standardOutput)")

        var bench = ["pythons", "bench", "jit", "-n", "300", "--repeat", "3", "--python", interpreter.path]
        if interpreter.facts.jitBuild { bench += ["--jit", "on,off"] }
        let run = try await Commands.run(wrapper + bench)
        #expect(run.succeeded, "pythons bench jit: \(run.termination) \(run.standardError)")
        #expect(run.standardOutput.contains("CONFIGURATION") && run.standardOutput.contains("MEDIAN"), "\(run.standardOutput)")
        #expect(run.standardError.contains("stored as run 1"), "\(run.standardError)")
    }
}

/// A child in its own mount namespace where folders are covered by empty
/// tmpfs mounts: as on a machine that never had them. Needs root (CI is).
enum MountNamespace {
    /// The Swift toolchain (the folder holding bin/swift) and this checkout,
    /// where SwiftPM's resource accessor would look for the helpers.
    static func hiddenFolders() async throws -> [String] {
        guard let swift = TestTools.find("swift") else { try Test.cancel("no swift on PATH to hide") }
        let toolchain = URL(fileURLWithPath: swift).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().path
        guard toolchain != "/usr", toolchain != "/" else {
            try Test.cancel("the Swift toolchain is in \(toolchain), which cannot be hidden without hiding the system")
        }
        let probe = try await Commands.run(wrapper(hiding: [toolchain]) + ["/bin/true"], timeout: .seconds(30))
        guard probe.succeeded else {
            try Test.cancel("unshare --mount is not permitted here (\(probe.lastErrorLine ?? "\(probe.termination)")); the env -i test still runs")
        }
        return [toolchain, PackageFolders.root]
    }

    /// `unshare --mount` then tmpfs over each folder, then `env -i` with what follows.
    static func wrapper(hiding folders: [String]) -> [String] {
        let mounts = folders.map { "mount -t tmpfs pythons-hidden \(ShellQuoting.quote($0))" }.joined(separator: " && ")
        return ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "\(mounts) && exec /usr/bin/env -i \"$@\"", "sh"]
    }
}

/// `uv tool install`, in a private tool folder, offline.
enum UVTool {
    static func install(_ wheel: String, python: String, home: TemporaryFolder) async throws -> ProcessOutcome {
        let uv = try ToolsVenv.tool("uv")
        var environment = Commands.minimalEnvironment(home: home.path)
        environment["UV_TOOL_DIR"] = "\(home.path)/tools"
        environment["UV_TOOL_BIN_DIR"] = "\(home.path)/bin"
        environment["UV_CACHE_DIR"] = "\(home.path)/cache"
        environment["UV_PYTHON_DOWNLOADS"] = "never"
        return try await Commands.run([uv, "tool", "install", "--offline", "--python", python, wheel], environment: environment)
    }
}
