import Foundation
import Testing
@testable import PythonsCore

@Suite("Build plans: configure and make argument lists")
struct BuildPlanTests {
    let version = PythonVersion(3, 13, 5)

    func configure(_ variant: InstallVariant, options: BuildOptions = BuildOptions(), regen: String? = nil) -> ConfigureCommand {
        ConfigureCommand(sourceFolder: "/h/sources/Python-3.13.5-abc", buildFolder: "/h/build/x",
                         prefix: "/h/installs/x", variant: variant, options: options, pythonForRegen: regen)
    }

    @Test("each variant's configure flags, as cpython-facts.md lists them")
    func variantFlags() {
        #expect(configure(.stock).arguments == ["--prefix=/h/installs/x"])
        #expect(configure(.freethreaded).arguments == ["--prefix=/h/installs/x", "--disable-gil"])
        #expect(configure(.jit).arguments == ["--prefix=/h/installs/x", "--enable-experimental-jit"])
        #expect(configure(.tier2).arguments == ["--prefix=/h/installs/x", "--enable-experimental-jit=interpreter"])
    }

    @Test("--pgo, --lto, --configure-arg and PYTHON_FOR_REGEN, in that order after the variant")
    func passThrough() {
        let command = configure(.freethreaded, options: BuildOptions(pgo: true, lto: true, extraConfigureArguments: ["--without-ensurepip", "--with-pydebug"]),
                                regen: "/usr/bin/python3.11")
        #expect(command.arguments == ["--prefix=/h/installs/x", "--disable-gil", "--enable-optimizations", "--with-lto",
                                      "--without-ensurepip", "--with-pydebug", "PYTHON_FOR_REGEN=/usr/bin/python3.11"])
        #expect(command.executable == "/h/sources/Python-3.13.5-abc/configure")
        let request = command.request(environment: ["PATH": "/bin"])
        #expect(request.workingDirectory == "/h/build/x")
        #expect(request.environment == ["PATH": "/bin"])
    }

    @Test("a JIT build configured yes-off is expected to start with the JIT disabled")
    func jitOffByDefault() {
        #expect(!configure(.jit).jitOffByDefault)
        #expect(configure(.jit, options: BuildOptions(extraConfigureArguments: ["--enable-experimental-jit=yes-off"])).jitOffByDefault)
    }

    @Test("make compiles with -jN and installs into DESTDIR")
    func makeGoals() {
        #expect(MakeCommand(buildFolder: "/b", goal: .build(jobs: 2)).arguments == ["-j2"])
        #expect(MakeCommand(buildFolder: "/b", goal: .install(destination: "/h/staging/x.abc")).arguments == ["install", "DESTDIR=/h/staging/x.abc"])
    }

    @Test("install names, executables and the seed's link names per variant")
    func names() {
        let names = InstallVariant.allCases.map { InstallTarget(version: version, variant: $0).name }
        #expect(names == ["cpython-3.13.5", "cpython-3.13.5+freethreaded", "cpython-3.13.5+jit", "cpython-3.13.5+tier2"])
        #expect(InstallVariant.allCases.map { $0.executableName(version) } == ["python3.13", "python3.13t", "python3.13", "python3.13"])
        #expect(InstallVariant.allCases.map { $0.seedName(version) } == ["python3.13", "python3.13t", "python3.13j", nil])
        #expect(InstallVariant.allCases.map { $0.requestSpelling(version) } == ["3.13.5", "3.13.5t", "3.13.5j", "3.13.5+tier2"])
    }

    @Test("every install name is a request that names the same build again")
    func namesParseBack() throws {
        for variant in InstallVariant.allCases {
            let name = InstallTarget(version: version, variant: variant).name
            guard case .version(let request) = try InterpreterRequest.parse(name) else {
                Issue.record("\(name) parsed as a path")
                continue
            }
            #expect(InstallVariant(request.variants) == variant)
            #expect(request.matchesVersion(version))
        }
    }

    @Test("the plan stages under DESTDIR and installs into PYTHONS_HOME/installs/NAME")
    func planPaths() {
        let environment = PythonsEnvironment(variables: ["PYTHONS_HOME": "/h", "HOME": "/home/u"])
        let folders = BuildFolders(environment: environment)
        let toolchain = BuildToolchain(compiler: "gcc", compilerVersion: "gcc 12", make: "/usr/bin/make", ccache: nil, pythonForRegen: "/usr/bin/python3.11")
        let target = InstallTarget(version: version, variant: .freethreaded)
        let plan = BuildPlan(target: target, folders: folders, sourceFolder: "/h/sources/tree", stagingFolder: "/h/staging/s.1",
                             options: BuildOptions(), jobs: 3, toolchain: toolchain, environment: [:])
        #expect(plan.prefix == "/h/installs/cpython-3.13.5+freethreaded")
        #expect(plan.buildFolder == "/h/build/cpython-3.13.5+freethreaded")
        #expect(plan.stagedPrefix == "/h/staging/s.1/h/installs/cpython-3.13.5+freethreaded")
        #expect(plan.stagedExecutable == "/h/staging/s.1/h/installs/cpython-3.13.5+freethreaded/bin/python3.13t")
        #expect(plan.compile.arguments == ["-j3"])
        #expect(plan.compile.make == "/usr/bin/make")
        #expect(plan.configure.arguments.last == "PYTHON_FOR_REGEN=/usr/bin/python3.11")
    }

    @Test("the build environment drops pyenv shims and PYTHON* settings, and puts ccache and LLVM first")
    func buildEnvironment() {
        let environment = PythonsEnvironment(variables: [
            "HOME": "/home/u", "PYENV_ROOT": "/home/u/.pyenv",
            "PATH": "/home/u/.pyenv/shims:/home/u/.pyenv/plugins/pyenv-virtualenv/shims:/usr/bin:/bin",
            "PYTHONPATH": "/x", "PYTHON_GIL": "0", "PYTHONS_HOME": "/h", "LANG": "C.UTF-8",
        ])
        let variables = BuildEnvironment.variables(environment, leadingFolders: ["/h/cache/ccache-bin", "/llvm/bin"])
        #expect(variables["PATH"] == "/h/cache/ccache-bin:/llvm/bin:/usr/bin:/bin")
        #expect(variables["PYTHONPATH"] == nil)
        #expect(variables["PYTHON_GIL"] == nil)
        #expect(variables["LANG"] == "C.UTF-8")
        // 3.15 takes a prefix (with bin/ inside) there, not a bin folder: it is a configure argument of 3.15 plans.
        #expect(variables["LLVM_TOOLS_INSTALL_DIR"] == nil)
    }

    /// A plan as the installer makes it, with the LLVM check a JIT build has.
    func plan(_ version: PythonVersion, _ variant: InstallVariant, environment: [String: String] = [:]) -> BuildPlan {
        let folders = BuildFolders(environment: PythonsEnvironment(variables: ["PYTHONS_HOME": "/h", "HOME": "/home/u"]))
        let toolchain = BuildToolchain(compiler: "gcc", compilerVersion: "gcc 12", make: "make", ccache: nil, pythonForRegen: "/usr/bin/python3.11")
        let llvm = variant == .jit ? LLVMRequirement.forCPython(version, environment: environment).map {
            LLVMToolsCheck(requirement: $0, found: ["clang": "/llvm/bin/clang-\($0.major)", "llvm-readobj": "/llvm/bin/llvm-readobj-\($0.major)"], missing: [])
        } : nil
        return BuildPlan(target: InstallTarget(version: version, variant: variant), folders: folders, sourceFolder: "/h/sources/tree",
                         stagingFolder: "/h/staging/s.1", options: BuildOptions(), jobs: 2, toolchain: toolchain, environment: [:], llvm: llvm)
    }

    @Test("configure flags per variant per version: the same four variants; 3.15's JIT build also names its LLVM", arguments: [
        PythonVersion(3, 13, 5), PythonVersion(3, 14, 10), PythonVersion(3, 15, 2), PythonVersion(3, 15, 0, prerelease: "b1"),
    ])
    func flagsPerVersion(version: PythonVersion) {
        func flags(_ variant: InstallVariant) -> [String] {
            Array(plan(version, variant).configure.arguments.dropFirst().dropLast())  // without --prefix and PYTHON_FOR_REGEN
        }
        #expect(flags(.stock) == [])
        // Free-threaded builds never get JIT flags: 3.14 compiles a JIT into them but never runs it.
        #expect(flags(.freethreaded) == ["--disable-gil"])
        #expect(flags(.tier2) == ["--enable-experimental-jit=interpreter"])
        let name = InstallTarget(version: version, variant: .jit).name
        if version.minor >= 15 {
            #expect(flags(.jit) == ["--enable-experimental-jit", "LLVM_VERSION=21", "LLVM_TOOLS_INSTALL_DIR=/h/build/\(name)/pythons-llvm"])
        } else {
            // 3.13's and 3.14's Tools/jit have one fixed LLVM version and look only on PATH.
            #expect(flags(.jit) == ["--enable-experimental-jit"])
        }
        for variant in InstallVariant.allCases {
            let arguments = plan(version, variant).configure.arguments
            #expect(arguments.first == "--prefix=/h/installs/\(InstallTarget(version: version, variant: variant).name)")
            #expect(arguments.last == "PYTHON_FOR_REGEN=/usr/bin/python3.11")
        }
    }

    @Test("LLVM_VERSION in the environment chooses 3.15's LLVM, as its configure does; 3.13 and 3.14 ignore it")
    func llvmVersionVariable() {
        let chosen = ["LLVM_VERSION": "20"]
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 13, 5), environment: chosen)?.major == 18)
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 14, 10), environment: chosen)?.major == 19)
        let requirement = LLVMRequirement.forCPython(PythonVersion(3, 15, 2), environment: chosen)
        #expect(requirement?.major == 20)
        #expect(requirement?.versionSource == "LLVM_VERSION=20 in the environment")
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 15, 2), environment: ["LLVM_VERSION": "21"])?.versionSource == nil)
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 15, 2), environment: ["LLVM_VERSION": "x"])?.major == 21)
        #expect(plan(PythonVersion(3, 15, 2), .jit, environment: chosen).configure.arguments.contains("LLVM_VERSION=20"))
        let check = LLVMToolsCheck(requirement: requirement!, found: [:], missing: [.init(tool: "clang", seen: nil), .init(tool: "llvm-readobj", seen: nil)])
        #expect(check.missingMessage(for: PythonVersion(3, 15, 2))
                == "a JIT build of CPython 3.15 needs LLVM 20 (LLVM_VERSION=20 in the environment): clang-20 and llvm-readobj-20 not found on PATH; install LLVM 20 or pass --llvm-tools DIR")
    }

    @Test("the tools each version's JIT build runs: 3.15 also uses llvm-dwarfdump when it is there")
    func llvmTools() {
        for minor in [13, 14] {
            let requirement = LLVMRequirement.forCPython(PythonVersion(3, minor, 0))
            #expect(requirement?.requiredTools == ["clang", "llvm-readobj"])
            #expect(requirement?.optionalTools == ["llvm-objdump"])
            #expect(requirement?.configurable == false)
            #expect(requirement?.configureArguments(installPrefix: "/p") == [])
        }
        let requirement = LLVMRequirement.forCPython(PythonVersion(3, 15, 2))
        #expect(requirement?.requiredTools == ["clang", "llvm-readobj"])
        #expect(requirement?.optionalTools == ["llvm-objdump", "llvm-dwarfdump"])
        #expect(requirement?.configureArguments(installPrefix: "/p") == ["LLVM_VERSION=21", "LLVM_TOOLS_INSTALL_DIR=/p"])
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 16, 0)) == nil)
    }

    @Test("the LLVM prefix of a 3.15 build links bin/TOOL to each tool checked, and is made fresh")
    func llvmInstallPrefix() throws {
        let scratch = TemporaryFolder()
        let check = LLVMToolsCheck(requirement: LLVMRequirement.forCPython(PythonVersion(3, 15, 2))!,
                                   found: ["clang": "/tools/clang-21", "llvm-readobj": "/tools/llvm-readobj-21"], missing: [])
        try scratch.write("prefix/bin/stale", "left from a build before")
        try check.makeInstallPrefix(at: "\(scratch.path)/prefix")
        let manager = FileManager.default
        #expect(try manager.contentsOfDirectory(atPath: "\(scratch.path)/prefix/bin").sorted() == ["clang", "llvm-readobj"])
        #expect(try manager.destinationOfSymbolicLink(atPath: "\(scratch.path)/prefix/bin/clang") == "/tools/clang-21")
        #expect(try manager.destinationOfSymbolicLink(atPath: "\(scratch.path)/prefix/bin/llvm-readobj") == "/tools/llvm-readobj-21")
    }

    @Test("a 3.15 build looks in LLVM_TOOLS_INSTALL_DIR/bin first, by the plain names; 3.14 does not look there")
    func llvmInstallDirectoryVariable() async throws {
        let scratch = TemporaryFolder()
        try scratch.write("prefix/bin/clang", "#!/bin/sh\necho 'clang version 21.1.8'\n", executable: true)
        try scratch.write("prefix/bin/llvm-readobj", "#!/bin/sh\necho 'LLVM version 21.1.8'\n", executable: true)
        try scratch.write("path/clang-21", "#!/bin/sh\necho 'clang version 21.1.0'\n", executable: true)
        try scratch.write("path/llvm-readobj-21", "#!/bin/sh\necho 'LLVM version 21.1.0'\n", executable: true)
        try scratch.write("path/clang-19", "#!/bin/sh\necho 'clang version 19.1.7'\n", executable: true)
        try scratch.write("path/llvm-readobj-19", "#!/bin/sh\necho 'LLVM version 19.1.7'\n", executable: true)
        let variables = ["LLVM_TOOLS_INSTALL_DIR": "\(scratch.path)/prefix", "PATH": "/usr/bin:/bin"]
        let locator = LLVMToolLocator(extraFolder: nil, searchPath: ["\(scratch.path)/path"], environment: variables, runner: ProcessRunner())
        let for315 = await locator.check(LLVMRequirement.forCPython(PythonVersion(3, 15, 2), environment: variables)!)
        #expect(for315.found["clang"] == "\(scratch.path)/prefix/bin/clang")
        #expect(for315.found["llvm-readobj"] == "\(scratch.path)/prefix/bin/llvm-readobj")
        let for314 = await locator.check(LLVMRequirement.forCPython(PythonVersion(3, 14, 10), environment: variables)!)
        #expect(for314.found["clang"] == "\(scratch.path)/path/clang-19")
        #expect(for314.isComplete)
    }

    @Test("the compiler program in a CC value")
    func compilerProgram() {
        #expect(BuildToolchain.program(inCompilerCommand: "gcc") == "gcc")
        #expect(BuildToolchain.program(inCompilerCommand: "ccache gcc -m64") == "gcc")
        #expect(BuildToolchain.program(inCompilerCommand: "/usr/bin/ccache /usr/bin/clang-16") == "/usr/bin/clang-16")
    }

    @Test("ccache's masquerade links point at ccache under the compilers' names")
    func ccacheMasquerade() throws {
        let scratch = TemporaryFolder()
        let folder = try BuildEnvironment.ccacheMasquerade(ccache: "/usr/bin/ccache", in: "\(scratch.path)/ccache-bin")
        for name in ["gcc", "cc", "clang"] {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(name)") == "/usr/bin/ccache")
        }
        // Idempotent, and repairs a link that points elsewhere.
        try FileManager.default.removeItem(atPath: "\(folder)/cc")
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/cc", withDestinationPath: "/elsewhere")
        _ = try BuildEnvironment.ccacheMasquerade(ccache: "/usr/bin/ccache", in: folder)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/cc") == "/usr/bin/ccache")
    }

    @Test("LLVM major version per CPython version, and reading --version output")
    func llvmRequirement() {
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 13, 5))?.major == 18)
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 14, 0))?.major == 19)
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 15, 0, prerelease: "b1"))?.major == 21)
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 12, 0)) == nil)
        #expect(LLVMRequirement.forCPython(PythonVersion(3, 13, 0))?.requiredNames == "clang-18 and llvm-readobj-18")
        #expect(LLVMToolLocator.majorVersion(inVersionOutput: "Debian clang version 18.1.8 (++20240731)\nTarget: x86_64") == 18)
        #expect(LLVMToolLocator.majorVersion(inVersionOutput: "LLVM (http://llvm.org/):\n  LLVM version 19.1.7\n") == 19)
        #expect(LLVMToolLocator.majorVersion(inVersionOutput: "clang version 21.0.0git") == 21)
        #expect(LLVMToolLocator.majorVersion(inVersionOutput: "garbage") == nil)
    }

    @Test("missing LLVM tools: the message names each tool with its version and what was seen instead")
    func llvmMissingMessage() {
        let check = LLVMToolsCheck(requirement: LLVMRequirement.forCPython(PythonVersion(3, 13, 5))!, found: [:],
                                   missing: [.init(tool: "clang", seen: "/opt/swift/usr/bin/clang is version 21"), .init(tool: "llvm-readobj", seen: nil)])
        #expect(check.missingMessage(for: PythonVersion(3, 13, 5))
                == "a JIT build of CPython 3.13 needs LLVM 18: clang-18 and llvm-readobj-18 not found on PATH (/opt/swift/usr/bin/clang is version 21); install LLVM 18 or pass --llvm-tools DIR")
    }

    @Test("an LLVM folder given with --llvm-tools is searched, and tools of another version are not taken")
    func llvmLocatorOnRealScripts() async throws {
        let scratch = TemporaryFolder()
        // Tools that answer --version like LLVM's do: real executables, found by the real search.
        try scratch.write("llvm/clang-18", "#!/bin/sh\necho 'clang version 18.1.8'\n", executable: true)
        try scratch.write("llvm/llvm-readobj-18", "#!/bin/sh\nprintf 'LLVM (http://llvm.org/):\\n  LLVM version 18.1.8\\n'\n", executable: true)
        try scratch.write("other/clang", "#!/bin/sh\necho 'clang version 21.1.0'\n", executable: true)
        let requirement = LLVMRequirement.forCPython(PythonVersion(3, 13, 5))!
        let found = await LLVMToolLocator(extraFolder: "\(scratch.path)/llvm", searchPath: ["\(scratch.path)/other"],
                                          environment: ProcessInfo.processInfo.environment, runner: ProcessRunner()).check(requirement)
        #expect(found.isComplete)
        #expect(found.found["clang"] == "\(scratch.path)/llvm/clang-18")
        #expect(found.folders == ["\(scratch.path)/llvm"])
        let missing = await LLVMToolLocator(extraFolder: nil, searchPath: ["\(scratch.path)/other"],
                                            environment: ProcessInfo.processInfo.environment, runner: ProcessRunner()).check(requirement)
        #expect(missing.missing.map(\.tool) == ["clang", "llvm-readobj"])
        #expect(missing.missing.first?.seen == "\(scratch.path)/other/clang is version 21")
    }
}

@Suite("Release checksums")
struct ReleaseChecksumsTests {
    @Test("the 3.14 and 3.15 sums verified through Debian's signed source index")
    func debianVerified() {
        #expect(ReleaseChecksums.sha256(for: PythonVersion(3, 14, 10)) == "de414a57119abef52784d8993e341d53aed635fc2b05c2607d9f98a2c5b72032")
        #expect(ReleaseChecksums.sha256(for: PythonVersion(3, 14, 9)) == "e02d9ac21cebda6e46435369744a92c65cc7cd8669697694122cf97ffacd1e53")
        #expect(ReleaseChecksums.sha256(for: PythonVersion(3, 15, 2)) == "8b5536d280142ecf6cdfe15d12a21ba1c65e300bbf7b28a8d0cdb849575797de")
        #expect(ReleaseChecksums.newestRelease(major: 3, minor: 14) == PythonVersion(3, 14, 10))
        #expect(ReleaseChecksums.newestRelease(major: 3, minor: 15) == PythonVersion(3, 15, 2))
    }

    @Test("3.13.5's sum is the one python.org publishes")
    func known() {
        #expect(ReleaseChecksums.sha256(for: PythonVersion(3, 13, 5)) == "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640")
        #expect(ReleaseChecksums.version(forSHA256: "93E583F243454E6E9E4588CA2C2662206AD961659863277AFCDB96801647D640") == PythonVersion(3, 13, 5))
        #expect(ReleaseChecksums.version(forSHA256: String(repeating: "0", count: 64)) == nil)
    }

    @Test("every entry is a release version with a well-formed, distinct sum")
    func wellFormed() {
        for (version, sum) in ReleaseChecksums.table {
            #expect(PythonVersion(version)?.description == version)
            #expect(ReleaseChecksums.isWellFormed(sum) && sum == sum.lowercased(), "\(version)")
        }
        #expect(Set(ReleaseChecksums.table.values).count == ReleaseChecksums.table.count)
    }

    @Test("a request without a patch takes the newest final release; pre-releases only when named")
    func newest() throws {
        let newest = try #require(ReleaseChecksums.newestRelease(major: 3, minor: 13))
        #expect(newest >= PythonVersion(3, 13, 5) && newest.prerelease == nil)
        #expect(ReleaseChecksums.newestRelease(major: 3, minor: 99) == nil)
        #expect(ReleaseChecksums.versions.contains { $0.prerelease != nil })
        for minor in 13...15 {
            #expect(ReleaseChecksums.newestRelease(major: 3, minor: minor)?.prerelease == nil)
        }
    }

    @Test("sums must be 64 hex digits")
    func format() {
        #expect(ReleaseChecksums.isWellFormed(String(repeating: "a", count: 64)))
        #expect(!ReleaseChecksums.isWellFormed(String(repeating: "a", count: 63)))
        #expect(!ReleaseChecksums.isWellFormed(String(repeating: "g", count: 64)))
        #expect(!ReleaseChecksums.isWellFormed("xyz"))
    }

    @Test("release URLs, including a pre-release in its final version's folder")
    func urls() {
        #expect(SourceLocation.releaseURL(PythonVersion(3, 13, 5)) == "https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz")
        #expect(SourceLocation.releaseURL(PythonVersion("3.14.5rc1")!) == "https://www.python.org/ftp/python/3.14.5/Python-3.14.5rc1.tar.xz")
        #expect(SourceLocation.parse("https://example.invalid/x.tar.xz", home: "/h") == .url("https://example.invalid/x.tar.xz"))
        #expect(SourceLocation.parse("file:///tmp/x.tar.xz", home: "/h") == .url("file:///tmp/x.tar.xz"))
        #expect(SourceLocation.parse("~/x.tar.xz", home: "/h") == .file("/h/x.tar.xz"))
    }
}

@Suite("Build logs")
struct BuildLogTests {
    @Test("compiled files are counted from make's compiler lines, across reads that split lines")
    func compileCounter() {
        let log = """
            gcc -c -fno-strict-overflow -Wsign-compare -DNDEBUG -g -O3 -Wall -I../Include -DPy_BUILD_CORE -o Programs/python.o ../Programs/python.c
            gcc -pthread -fPIC -c ../Modules/_struct.c -o Modules/_struct.o
            gcc -pthread -shared Modules/_struct.o -o Modules/_struct.cpython-313t-x86_64-linux-gnu.so
            ar rcs libpython3.13t.a Modules/getbuildinfo.o Parser/token.o
            gcc -c -fno-strict-overflow -DPy_BUILD_CORE \\
                -o Python/sysmodule.o ../Python/sysmodule.c
            ./_bootstrap_python ../Programs/_freeze_module.py zipimport ../Lib/zipimport.py Python/frozen_modules/zipimport.h

            """
        var whole = CompileCounter()
        whole.consume(log)
        #expect(whole.count == 3)
        var pieces = CompileCounter()
        var rest = Substring(log)
        while !rest.isEmpty {
            pieces.consume(String(rest.prefix(17)))
            rest = rest.dropFirst(17)
        }
        #expect(pieces.count == 3)
    }

    @Test("optional modules the build could not make are read from the log")
    func missingModules() {
        let log = """
            Checked 112 modules
            The necessary bits to build these optional modules were not found:
            _dbm                      _gdbm
            To find the necessary bits, look in configure.ac and config.log.
            """
        #expect(BuildLog.missingOptionalModules(inLog: log) == ["_dbm", "_gdbm"])
        #expect(BuildLog.missingOptionalModules(inLog: "all fine") == [])
    }

    @Test("the tail keeps the last lines, the notes say what ran in a form a shell accepts")
    func tailAndNotes() throws {
        let scratch = TemporaryFolder()
        let log = try BuildLog.create(at: "\(scratch.path)/logs/x.log")
        log.noteCommand(ProcessRequest(executable: "/src/configure", arguments: ["--prefix=/a b", "CC=gcc"], environment: [:], workingDirectory: "/b"))
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((1...50).map { "line \($0)" }.joined(separator: "\n").utf8))
        try handle.close()
        #expect(log.tail(3) == ["line 48", "line 49", "line 50"])
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(text.contains("### pythons: (cd /b && /src/configure '--prefix=/a b' CC=gcc)"))
    }

    @Test("PY_VERSION is read from Include/patchlevel.h")
    func patchlevel() {
        #expect(Installer.pyVersion(inPatchlevel: "#define PY_MINOR_VERSION 13\n#define PY_VERSION              \"3.13.5\"\n") == PythonVersion(3, 13, 5))
        #expect(Installer.pyVersion(inPatchlevel: "#define PY_VERSION \"3.15.0a1+\"") == PythonVersion("3.15.0a1"))
        #expect(Installer.pyVersion(inPatchlevel: "nothing here") == nil)
    }
}
