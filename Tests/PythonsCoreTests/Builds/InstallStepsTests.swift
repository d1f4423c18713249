import Foundation
import Synchronization
import Testing
@testable import PythonsCore

/// A PYTHONS_HOME (and PYTHONS_BIN) of its own for one test of the install
/// steps, with this machine's PATH and tools.
struct InstallScratch {
    let folder = TemporaryFolder()
    var home: String { "\(folder.path)/home" }
    var environment: PythonsEnvironment {
        var variables = ProcessInfo.processInfo.environment
        variables["PYTHONS_HOME"] = home
        variables["PYTHONS_BIN"] = "\(folder.path)/bin"
        return PythonsEnvironment(variables: variables)
    }
    var folders: BuildFolders { BuildFolders(environment: environment) }

    /// A small CPython-like tarball of `version` (its configure fails), as
    /// a --source file of a sum Pythons does not know.
    func unverifiedSource(version: String) async throws -> ResolvedSource {
        let tarball = "\(folder.path)/Python-\(version).tar.xz"
        try await TarballMaker.fakeCPython(version: version, configureBody: "exit 1", at: tarball)
        let sum = try await SourceFetcher(runner: ProcessRunner(), environment: environment).sha256(of: tarball)
        return ResolvedSource(tarball: SourceTarball(path: tarball, sha256: sum, knownRelease: nil, downloaded: false),
                              origin: tarball, sha256: sum, verifiedRelease: false)
    }

    /// Writes an install's manifest as a finished install has it.
    func install(_ target: InstallTarget, sha256: String, options: BuildOptions = BuildOptions()) throws {
        let folder = folders.install(target)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try InstallManifest(schemaVersion: 1, name: target.name, version: target.version, variant: target.variant,
                            executable: "bin/\(target.variant.executableName(target.version))", options: options,
                            configureArguments: [], source: .init(origin: "/x.tar.xz", sha256: sha256, verifiedRelease: false),
                            compiler: "gcc", pythonForRegen: nil, llvmTools: nil, jobs: 1, compiledFiles: 1, phaseSeconds: nil,
                            buildSeconds: 1, builtAt: Date(timeIntervalSince1970: 1_700_000_000), pythonsVersion: "0.1.0")
            .write(installFolder: folder)
    }
}

/// The events an install step sent.
final class CaughtEvents: Sendable {
    private let events = Mutex<[InstallEvent]>([])
    var handler: @Sendable (InstallEvent) -> Void { { event in self.events.withLock { $0.append(event) } } }
    var all: [InstallEvent] { events.withLock { $0 } }
    var warnings: [String] { all.compactMap { if case .warning(let text) = $0 { text } else { nil } } }
}

func versionRequest(_ text: String) throws -> VersionRequest {
    guard case .version(let request) = try InterpreterRequest.parse(text) else { throw PythonsError.usage("not a version: \(text)") }
    return request
}

@Suite("Install steps, each on its own")
struct InstallStepsTests {
    static let v3135 = PythonVersion(3, 13, 5)
    static let sumA = String(repeating: "a", count: 64)

    func options(_ request: String, source: String? = nil, sha256: String? = nil, force: Bool = false,
                 link: Bool = false, llvm: String? = nil) throws -> InstallOptions {
        InstallOptions(request: try versionRequest(request), source: source, sha256: sha256, jobs: 1,
                       llvmToolsFolder: llvm, force: force, link: link)
    }

    // MARK: Validation

    @Test("validation: each bad option is one usage line, before anything is touched", arguments: [
        ("pypy@3.13", nil, "pythons install builds CPython; "),
        ("3", nil, "give a feature version to install"),
        ("3.12t", nil, "pythons install builds CPython 3.13 and newer"),
        ("3.13t", "/nonexistent.tar.xz", "--source /nonexistent.tar.xz: no such file"),
        ("3.13t", "/", "--source / is a folder"),
    ] as [(String, String?, String)])
    func validation(request: String, source: String?, expected: String) throws {
        let error = #expect(throws: PythonsError.self) { try self.options(request, source: source).validate(userHome: "/root") }
        #expect(error?.kind == .usage && error?.message.hasPrefix(expected) == true, "\(String(describing: error))")
        #expect(throws: PythonsError.usage("--sha256 must be 64 hexadecimal digits, got 'xyz'")) {
            try self.options("3.13t", sha256: "xyz").validate(userHome: "/root")
        }
        #expect(throws: PythonsError.usage("--llvm-tools /nonexistent: no such folder")) {
            try self.options("3.13j", llvm: "/nonexistent").validate(userHome: "/root")
        }
        try self.options("3.13t", source: "https://example.invalid/Python-3.13.5.tar.xz").validate(userHome: "/root")
    }

    @Test("a tarball serves a request only when it is the version asked for, and 3.13 or newer")
    func tarballMatches() throws {
        try versionRequest("3.13t").checkTarball(Self.v3135)
        #expect(throws: PythonsError.usage("the source tarball is CPython 3.13.5, not the 3.14t asked for; ask for 3.13.5t or give another --source")) {
            try versionRequest("3.14t").checkTarball(Self.v3135)
        }
    }

    // MARK: Source resolution

    @Test("resolution: a release is named without a download; the patch comes from the request, the install, or the newest release")
    func releaseIdentity() async throws {
        let scratch = InstallScratch()
        let resolution = SourceResolution(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
        let registry = InstallRegistry(environment: scratch.environment)
        let exact = try await resolution.identify(try options("3.13.2t"), registry: registry)
        #expect(exact == .init(location: .release(PythonVersion(3, 13, 2)), version: PythonVersion(3, 13, 2)))
        let newest = try #require(ReleaseChecksums.newestRelease(major: 3, minor: 13))
        #expect(try await resolution.identify(try options("3.13t"), registry: registry).version == newest)
        try scratch.install(InstallTarget(version: PythonVersion(3, 13, 1), variant: .freethreaded), sha256: Self.sumA)
        #expect(try await resolution.identify(try options("3.13t"), registry: registry).version == PythonVersion(3, 13, 1),
                "--force rebuilds the installed version")
        await #expect(throws: PythonsError.self) { _ = try await resolution.identify(try options("3.16"), registry: registry) }
        #expect(!FileManager.default.fileExists(atPath: scratch.folders.sources))
    }

    @Test("resolution: a --source file is hashed at once; a wrong --sha256 refuses it, an unknown sum leaves the version to the tarball")
    func fileIdentity() async throws {
        let scratch = InstallScratch()
        let tarball = "\(scratch.folder.path)/Python-3.13.77.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.13.77", configureBody: "exit 1", at: tarball)
        let resolution = SourceResolution(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
        let registry = InstallRegistry(environment: scratch.environment)
        let identity = try await resolution.identify(try options("3.13t", source: tarball), registry: registry)
        let sum = try #require(identity.localTarball?.sha256)
        #expect(identity.location == .file(tarball) && identity.version == nil && ReleaseChecksums.isWellFormed(sum))
        await #expect(throws: PythonsError.failure("\(tarball) has sha256 \(sum), not the \(Self.sumA) given with --sha256; refusing to build it")) {
            _ = try await resolution.identify(try options("3.13t", source: tarball, sha256: Self.sumA), registry: registry)
        }
        let fetched = try await resolution.fetch(identity, options: try options("3.13t", source: tarball), warnings: InstallWarnings(events: { _ in }))
        #expect(fetched == ResolvedSource(tarball: identity.localTarball, origin: tarball, sha256: sum, verifiedRelease: false))
        let vouched = try await resolution.fetch(identity, options: try options("3.13t", source: tarball, sha256: sum.uppercased()),
                                                 warnings: InstallWarnings(events: { _ in }))
        #expect(vouched.verifiedRelease, "a sum given with --sha256 verifies the tarball")
    }

    @Test("resolution: the real 3.13.5 tarball is known by its sum before anything is unpacked")
    func knownFile() async throws {
        let source = try BuildsUnderTest.requireSource()
        let scratch = InstallScratch()
        let resolution = SourceResolution(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
        let identity = try await resolution.identify(try options("3.13", source: source), registry: InstallRegistry(environment: scratch.environment))
        #expect(identity.version == Self.v3135 && identity.localTarball?.knownRelease == Self.v3135)
    }

    @Test("resolution: a release whose tree is unpacked needs no tarball; a URL is downloaded (file:// here) and hashed")
    func fetching() async throws {
        let scratch = InstallScratch()
        let resolution = SourceResolution(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
        let known = try #require(ReleaseChecksums.sha256(for: Self.v3135))
        try FileManager.default.createDirectory(atPath: scratch.folders.sourceTree(version: Self.v3135, sha256: known),
                                                withIntermediateDirectories: true)
        let warnings = InstallWarnings(events: { _ in })
        let release = try await resolution.fetch(.init(location: .release(Self.v3135), version: Self.v3135), options: try options("3.13.5"),
                                                 warnings: warnings)
        #expect(release == ResolvedSource(tarball: nil, origin: SourceLocation.releaseURL(Self.v3135), sha256: known, verifiedRelease: true))

        let tarball = "\(scratch.folder.path)/Python-3.13.77.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.13.77", configureBody: "exit 1", at: tarball)
        let url = "file://\(tarball)"
        let downloaded = try await resolution.fetch(.init(location: .url(url)), options: try options("3.13t", source: url), warnings: warnings)
        #expect(downloaded.tarball?.path == "\(scratch.folders.sources)/url-Python-3.13.77.tar.xz" && downloaded.tarball?.downloaded == true)
        #expect(downloaded.sha256 == (try await SourceFetcher(runner: ProcessRunner(), environment: scratch.environment).sha256(of: tarball)))
        #expect(warnings.all.isEmpty)
    }

    // MARK: Existing installs

    @Test("no-op: found by the tarball's sum, or by version for a release; other build options need --force")
    func existingInstalls() async throws {
        let scratch = InstallScratch()
        let existing = ExistingInstalls(environment: scratch.environment)
        let target = InstallTarget(version: Self.v3135, variant: .freethreaded)
        try scratch.install(target, sha256: Self.sumA)
        let byRelease = existing.matching(.init(location: .release(Self.v3135), version: Self.v3135), options: try options("3.13.5t"))
        #expect(byRelease?.manifest.name == "cpython-3.13.5+freethreaded")
        #expect(existing.matching(.init(location: .release(Self.v3135), version: Self.v3135), options: try options("3.13.5")) == nil,
                "another variant is another build")
        let local = SourceTarball(path: "/t.tar.xz", sha256: Self.sumA, knownRelease: nil, downloaded: false)
        #expect(existing.matching(.init(location: .file("/t.tar.xz"), localTarball: local), options: try options("3.13t", source: "/t.tar.xz")) != nil)
        #expect(existing.matching(.init(location: .url("https://x/y.tar.xz")), options: try options("3.13t", source: "https://x/y.tar.xz")) == nil,
                "a URL's sum is not known before its download")

        let found = try #require(byRelease)
        let report = try existing.report(found, options: try options("3.13.5t"), started: .now)
        #expect(report.status == .alreadyInstalled && report.log == nil && report.folder == scratch.folders.install(target))
        var pgo = try options("3.13.5t")
        pgo.build.pgo = true
        #expect(throws: PythonsError.usage("cpython-3.13.5+freethreaded is installed with no options, not --pgo; add --force to rebuild it")) {
            _ = try existing.report(found, options: pgo, started: .now)
        }
    }

    // MARK: Preflight

    @Test("preflight: LLVM for a JIT build, found in --llvm-tools or named as missing")
    func preflightLLVM() async throws {
        let scratch = InstallScratch()
        let events = CaughtEvents()
        var variables = scratch.environment.variables
        variables["PATH"] = "/usr/bin:/bin"
        let preflight = Preflight(environment: PythonsEnvironment(variables: variables), runner: ProcessRunner(), events: events.handler)
        let jit = InstallTarget(version: Self.v3135, variant: .jit)
        let error = await #expect(throws: PythonsError.self) { _ = try await preflight.check(jit, options: try options("3.13.5j")) }
        #expect(error?.message.contains("clang-18") == true, "\(String(describing: error))")
        #expect(try await preflight.check(InstallTarget(version: Self.v3135, variant: .stock), options: try options("3.13.5")) == .init())
        let unknown = try await preflight.check(InstallTarget(version: PythonVersion(3, 99, 1), variant: .jit), options: try options("3.99j"))
        #expect(unknown.llvm == nil && events.warnings == ["Pythons does not know which LLVM CPython 3.99's JIT needs; configure will check"])
        guard let folder = ProcessInfo.processInfo.environment["PYTHONS_TEST_LLVM_TOOLS"], !folder.isEmpty else { return }
        let found = try await preflight.check(jit, options: try options("3.13.5j", llvm: folder))
        #expect(found.llvm?.isComplete == true && found.llvm?.requirement.major == 18)
    }

    @Test("preflight: the --link name, and an install of the name from another tarball, are refused before any work")
    func preflightNames() async throws {
        let scratch = InstallScratch()
        let preflight = Preflight(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
        let free = InstallTarget(version: Self.v3135, variant: .freethreaded)
        let planned = try await preflight.check(free, options: try options("3.13.5t", link: true))
        #expect(planned.link?.path == "\(scratch.folder.path)/bin/python3.13t")
        await #expect(throws: PythonsError.self) {
            _ = try await preflight.check(InstallTarget(version: Self.v3135, variant: .tier2), options: try options("3.13.5+tier2", link: true))
        }
        try scratch.install(free, sha256: Self.sumA)
        await #expect(throws: PythonsError.usage("cpython-3.13.5+freethreaded is already installed from another tarball (sha256 aaaaaaaaaaaaaaaa...); add --force to replace it")) {
            _ = try await preflight.check(free, options: try options("3.13.5t"))
        }
        _ = try await preflight.check(free, options: try options("3.13.5t", force: true))
    }

    @Test("preflight: this machine's toolchain (a compiler, make, a Python for the generators)", .tags(.interpreters))
    func preflightToolchain() async throws {
        let scratch = InstallScratch()
        let warnings = InstallWarnings(events: { _ in })
        let toolchain = try await Preflight(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
            .toolchain(variant: .stock, options: try options("3.13"), warnings: warnings)
        #expect(FileManager.default.isExecutableFile(atPath: toolchain.make) && !toolchain.compilerVersion.isEmpty)
        #expect(toolchain.pythonForRegen != nil || warnings.all.count == 1)
    }

    // MARK: Unpacking

    @Test("unpacking: the version is told once, before the tree exists; the tree is shared on the next run, told again")
    func unpacking() async throws {
        let scratch = InstallScratch()
        let source = try await scratch.unverifiedSource(version: "3.13.77")
        let (tarball, sum) = (source.origin, source.sha256)
        let events = CaughtEvents()
        let warnings = InstallWarnings(events: events.handler)
        let unpacking = SourceUnpacking(environment: scratch.environment, runner: ProcessRunner(), events: events.handler)
        let destination = scratch.folders.sourceTree(version: PythonVersion(3, 13, 77), sha256: sum)
        var told: [PythonVersion] = []
        let tree = try await unpacking.tree(for: source, options: try options("3.13t", source: tarball), warnings: warnings) { version in
            #expect(!FileManager.default.fileExists(atPath: destination), "told after unpacking")
            told.append(version)
        }
        #expect(tree == SourceTree(folder: destination, version: PythonVersion(3, 13, 77)) && told == [PythonVersion(3, 13, 77)])
        #expect(FileManager.default.fileExists(atPath: "\(destination)/configure"))
        #expect(warnings.all == ["Pythons has no sha256 for CPython 3.13.77; building the tarball unverified (sha256 \(sum))"])
        #expect(events.all.first == .started(.extract))

        let again = try await unpacking.tree(for: ResolvedSource(tarball: nil, origin: tarball, sha256: sum, verifiedRelease: false),
                                             options: try options("3.13t", source: tarball), warnings: warnings) { told.append($0) }
        #expect(again == tree && told.count == 2)
        await #expect(throws: PythonsError.self) {
            _ = try await unpacking.tree(for: source, options: try self.options("3.14t", source: tarball), warnings: warnings) { _ in
                Issue.record("a tarball of another version was accepted")
            }
        }
    }

    @Test("unpacking: a tarball claiming a known release with another sum is refused before anything is unpacked")
    func impostor() async throws {
        let scratch = InstallScratch()
        let source = try await scratch.unverifiedSource(version: "3.13.5")
        let (tarball, sum) = (source.origin, source.sha256)
        let unpacking = SourceUnpacking(environment: scratch.environment, runner: ProcessRunner(), events: { _ in })
        let error = await #expect(throws: PythonsError.self) {
            _ = try await unpacking.tree(for: source, options: try self.options("3.13", source: tarball),
                                         warnings: InstallWarnings(events: { _ in })) { _ in Issue.record("an impostor got this far") }
        }
        #expect(error?.message.contains("says it is CPython 3.13.5, but its sha256 \(sum) is not that release's") == true)
        #expect(scratch.folders.existingSourceTree(sha256: sum) == nil)
        #expect(FileManager.default.fileExists(atPath: tarball), "a file the user gave is never deleted")
    }

    // MARK: Commit

    @Test("commit: the staged prefix moves into place whole, with its manifest and log; an install it replaces is gone")
    func commit() throws {
        let scratch = InstallScratch()
        let target = InstallTarget(version: Self.v3135, variant: .stock)
        let staging = try scratch.folders.makeUniqueFolder(in: scratch.folders.staging, prefix: target.name)
        let toolchain = BuildToolchain(compiler: "gcc", compilerVersion: "gcc 12", make: "/usr/bin/make", ccache: nil, pythonForRegen: nil)
        let plan = BuildPlan(target: target, folders: scratch.folders, sourceFolder: "/src", stagingFolder: staging,
                             options: BuildOptions(), jobs: 1, toolchain: toolchain, environment: [:])
        try FileManager.default.createDirectory(atPath: "\(plan.stagedPrefix)/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: plan.buildFolder, withIntermediateDirectories: true)
        try scratch.install(target, sha256: Self.sumA)
        try "old".write(toFile: "\(plan.prefix)/old-file", atomically: true, encoding: .utf8)
        let log = try BuildLog.create(at: "\(scratch.folders.logs)/build.log")
        log.note("built")
        let source = ResolvedSource(tarball: nil, origin: "/t.tar.xz", sha256: String(repeating: "b", count: 64), verifiedRelease: true)
        let manifest = InstallManifest(plan: plan, source: source, options: try options("3.13.5"), toolchain: toolchain, llvm: nil,
                                       record: .init(compiledFiles: 3, phaseSeconds: ["configure": 1]), buildSeconds: 2)
        let installed = try InstallCommit(folders: scratch.folders).commit(manifest, plan: plan, log: log)

        #expect(installed.folder == plan.prefix && installed.executable == "\(plan.prefix)/bin/python3.13")
        var read = try #require(InstallManifest.read(installFolder: plan.prefix))
        #expect(abs(read.builtAt.timeIntervalSince(manifest.builtAt)) < 1, "stored to the second")
        read.builtAt = manifest.builtAt
        #expect(read == manifest)
        #expect(manifest.pythonsVersion == Installer.pythonsVersion && manifest.compiledFiles == 3)
        #expect(try String(contentsOfFile: installed.log, encoding: .utf8).contains("### pythons: built"))
        #expect(!FileManager.default.fileExists(atPath: "\(plan.prefix)/old-file"), "the replaced install is gone")
        #expect(!FileManager.default.fileExists(atPath: log.path) && !FileManager.default.fileExists(atPath: plan.buildFolder))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folders.trash).isEmpty)
    }
}
