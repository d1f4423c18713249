import Foundation

/// What `pythons install` was asked to do.
public struct InstallOptions: Sendable {
    public var request: VersionRequest
    /// --source: a tarball file or URL.
    public var source: String?
    /// --sha256: the sum the tarball must have.
    public var sha256: String?
    public var jobs: Int
    public var build: BuildOptions
    /// --llvm-tools: a folder searched for LLVM tools before PATH.
    public var llvmToolsFolder: String?
    public var force: Bool
    public var link: Bool
    public var useCcache: Bool

    public init(request: VersionRequest, source: String? = nil, sha256: String? = nil, jobs: Int,
                build: BuildOptions = BuildOptions(), llvmToolsFolder: String? = nil, force: Bool = false,
                link: Bool = false, useCcache: Bool = true) {
        self.request = request
        self.source = source
        self.sha256 = sha256
        self.jobs = jobs
        self.build = build
        self.llvmToolsFolder = llvmToolsFolder
        self.force = force
        self.link = link
        self.useCcache = useCcache
    }
}

/// The steps of an install, in order, as the progress display names them.
public enum InstallPhase: String, Sendable, Codable, CaseIterable {
    case download, extract, configure, compile, install, verify
}

/// What the installer tells its caller while it works; the command turns
/// these into a progress line or plain lines.
public enum InstallEvent: Sendable, Equatable {
    case started(InstallPhase)
    /// "412 files compiled", "12.3 MB".
    case progress(InstallPhase, String)
    case finished(InstallPhase, Duration)
    case warning(String)
    /// A line worth showing once ("building cpython-3.13.5+jit; log: ...").
    case note(String)
}

/// `pythons install --format json` (docs/json.md).
public struct InstallReport: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1

    public enum Status: String, Sendable, Codable {
        case installed
        case alreadyInstalled = "already-installed"
    }

    public var schemaVersion: Int
    public var status: Status
    public var name: String
    public var folder: String
    public var executable: String
    public var manifest: InstallManifest
    /// The build log (inside the install folder), nil for a no-op.
    public var log: String?
    public var links: [String]
    public var warnings: [String]
    /// Wall time of this command.
    public var seconds: Double
}

/// Builds and installs one CPython variant: source, checks, configure, make,
/// make install into staging, verification, then a rename into place. Nothing
/// appears under installs/ unless every step succeeded.
public struct Installer: Sendable {
    public var environment: PythonsEnvironment
    public var runner: ProcessRunner
    public var events: @Sendable (InstallEvent) -> Void
    public static let pythonsVersion = "0.1.0"

    public init(environment: PythonsEnvironment, runner: ProcessRunner = ProcessRunner(),
                events: @escaping @Sendable (InstallEvent) -> Void = { _ in }) {
        self.environment = environment
        self.runner = runner
        self.events = events
    }

    var folders: BuildFolders { BuildFolders(environment: environment) }
    var registry: InstallRegistry { InstallRegistry(environment: environment) }
    var fetcher: SourceFetcher { SourceFetcher(runner: runner, environment: environment) }

    /// A tarball to build from, identified: its unpacked tree may already exist.
    struct ResolvedSource {
        var tarball: SourceTarball?
        var origin: String
        var sha256: String
        var verifiedRelease: Bool
    }

    public func install(_ options: InstallOptions) async throws -> InstallReport {
        let clock = ContinuousClock()
        let started = clock.now
        var warnings: [String] = []
        func warn(_ text: String) {
            warnings.append(text)
            events(.warning(text))
        }

        let request = options.request
        let variant = InstallVariant(request.variants)
        try validate(options)

        // What to build from. A --source file is hashed now: its sum names the
        // release (and finds an install made from it) before anything is unpacked.
        var version: PythonVersion?
        var localTarball: SourceTarball?
        let location: SourceLocation
        if let source = options.source {
            location = SourceLocation.parse(source, home: environment.userHome)
            if case .file(let path) = location {
                let sum = try await fetcher.sha256(of: path)
                if let expected = options.sha256?.lowercased(), expected != sum {
                    throw PythonsError.failure("\(path) has sha256 \(sum), not the \(expected) given with --sha256; refusing to build it")
                }
                localTarball = SourceTarball(path: path, sha256: sum, knownRelease: ReleaseChecksums.version(forSHA256: sum), downloaded: false)
                version = localTarball?.knownRelease
            }
        } else {
            let chosen = try releaseVersion(for: request)
            version = chosen
            location = .release(chosen)
        }
        if let version { try checkMatches(request, version) }

        // Already installed? Decided from manifests alone, so it is quick.
        if !options.force {
            let existing: InstallRegistry.Install?
            if let localTarball {
                existing = registry.installs().last { $0.manifest.source.sha256 == localTarball.sha256 && $0.manifest.variant == variant }
            } else if options.source == nil, let version {
                existing = registry.installs().last { $0.manifest.version == version && $0.manifest.variant == variant }
            } else {
                existing = nil
            }
            if let existing {
                return try alreadyInstalled(existing, options: options, started: started, clock: clock)
            }
        }

        // Checks that need no source: LLVM for a JIT build, the link, the tools.
        var llvm: LLVMToolsCheck?
        if variant == .jit, let version { llvm = try await checkLLVM(for: version, options: options) }
        var link: InstallLinks.Link?
        if options.link, let version { link = try InstallLinks(environment: environment).plan(for: InstallTarget(version: version, variant: variant)) }
        let catalog = await InterpreterCatalog.discover(environment: environment)
        try Task.checkCancellation()
        let toolchain = try await BuildToolchain.locate(environment: environment, catalog: catalog, useCcache: options.useCcache, runner: runner)
        if toolchain.pythonForRegen == nil {
            if variant == .jit {
                throw PythonsError.failure("a JIT build runs Python to generate its machine-code templates, and no CPython 3.11 or newer was found; install one, or set PYTHON_FOR_REGEN to one")
            }
            warn("no CPython 3.11 or newer found for PYTHON_FOR_REGEN; configure will look for one itself")
        }

        // The source tree: reused when this tarball was unpacked before.
        let source = try await fetchSource(location: location, localTarball: localTarball, version: version, options: options, warn: warn)
        let tree = try await unpackedTree(for: source, request: request, options: options,
                                          checkLLVMBeforeUnpacking: variant == .jit && llvm == nil, warn: warn)
        let target = InstallTarget(version: tree.version, variant: variant)
        if version == nil {
            // Learned only now (an unknown tarball or a URL): repeat the checks.
            if let existing = InstallManifest.read(installFolder: folders.install(target)), !options.force,
               existing.source.sha256 == source.sha256 {
                return try alreadyInstalled(.init(folder: folders.install(target), manifest: existing),
                                            options: options, started: started, clock: clock)
            }
            if variant == .jit, llvm == nil { llvm = try await checkLLVM(for: tree.version, options: options) }
            if options.link { link = try InstallLinks(environment: environment).plan(for: target) }
        }
        if !options.force, let existing = InstallManifest.read(installFolder: folders.install(target)) {
            throw PythonsError.usage("\(target.name) is already installed from another tarball (sha256 \(existing.source.sha256.prefix(16))...); add --force to replace it")
        }

        let report = try await build(target: target, sourceFolder: tree.folder, source: source, options: options,
                                     toolchain: toolchain, llvm: llvm, warn: warn)
        var links: [String] = []
        if let link {
            try InstallLinks(environment: environment).create(link)
            links.append(link.path)
        }
        return InstallReport(schemaVersion: InstallReport.currentSchemaVersion, status: .installed, name: target.name,
                             folder: report.folder, executable: report.executable, manifest: report.manifest,
                             log: report.log, links: links, warnings: warnings,
                             seconds: (clock.now - started).seconds)
    }

    // MARK: - Checks

    func validate(_ options: InstallOptions) throws(PythonsError) {
        let request = options.request
        guard request.implementation == .cpython else {
            throw .usage("pythons install builds CPython; \(request) is not CPython")
        }
        guard let minor = request.minor else {
            throw .usage("give a feature version to install, such as 3.13, 3.13t or 3.13.5")
        }
        guard request.major == 3, minor >= 13 else {
            throw .usage("pythons install builds CPython 3.13 and newer (where free threading and the JIT start); \(request) is older")
        }
        if let sum = options.sha256, !ReleaseChecksums.isWellFormed(sum) {
            throw .usage("--sha256 must be 64 hexadecimal digits, got '\(sum)'")
        }
        guard options.jobs >= 1 else { throw .usage("--jobs must be at least 1, got \(options.jobs)") }
        if let folder = options.llvmToolsFolder {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .usage("--llvm-tools \(folder): no such folder")
            }
        }
        if let source = options.source, case .file(let path) = SourceLocation.parse(source, home: environment.userHome) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .usage("--source \(source): no such file")
            }
            if isDirectory.boolValue {
                throw .usage("--source \(source) is a folder; give a CPython source tarball (Python-X.Y.Z.tar.xz)")
            }
        }
    }

    /// The release to download for a request without --source: its own patch
    /// version; without one, the installed build's version (so `--force`
    /// rebuilds what is there), else the newest release Pythons knows.
    func releaseVersion(for request: VersionRequest) throws(PythonsError) -> PythonVersion {
        let minor = request.minor!
        if let patch = request.patch {
            return PythonVersion(request.major, minor, patch, prerelease: request.prerelease)
        }
        if let installed = registry.installs(matching: request).last {
            return installed.manifest.version
        }
        guard let newest = ReleaseChecksums.newestRelease(major: request.major, minor: minor) else {
            throw .usage("Pythons knows no CPython \(request.major).\(minor) release; give the full version (\(request.major).\(minor).0) or --source TARBALL")
        }
        return newest
    }

    func checkMatches(_ request: VersionRequest, _ version: PythonVersion) throws(PythonsError) {
        guard request.matchesVersion(version) else {
            throw .usage("the source tarball is CPython \(version), not the \(request) asked for; ask for \(InstallVariant(request.variants).requestSpelling(version)) or give another --source")
        }
        guard version >= PythonVersion(3, 13, 0, prerelease: "a0") else {
            throw .usage("the source tarball is CPython \(version); pythons install builds CPython 3.13 and newer")
        }
    }

    func checkLLVM(for version: PythonVersion, options: InstallOptions) async throws -> LLVMToolsCheck? {
        guard let requirement = LLVMRequirement.forCPython(version) else {
            events(.warning("Pythons does not know which LLVM CPython \(version.featureVersion)'s JIT needs; configure will check"))
            return nil
        }
        let locator = LLVMToolLocator(extraFolder: options.llvmToolsFolder.map { FilePaths.absolute($0, home: environment.userHome) },
                                      searchPath: BuildEnvironment.cleanSearchPath(environment),
                                      environment: environment.variables, runner: runner)
        let check = await locator.check(requirement)
        try Task.checkCancellation()
        guard check.isComplete else { throw PythonsError.failure(check.missingMessage(for: version)) }
        return check
    }

    func alreadyInstalled(_ existing: InstallRegistry.Install, options: InstallOptions,
                          started: ContinuousClock.Instant, clock: ContinuousClock) throws -> InstallReport {
        guard existing.manifest.options == options.build else {
            throw PythonsError.usage("\(existing.manifest.name) is installed with \(existing.manifest.options.commandLineText), not \(options.build.commandLineText); add --force to rebuild it")
        }
        var links: [String] = []
        if options.link {
            let linker = InstallLinks(environment: environment)
            let link = try linker.plan(for: existing.manifest.target)
            try linker.create(link)
            links.append(link.path)
        }
        return InstallReport(schemaVersion: InstallReport.currentSchemaVersion, status: .alreadyInstalled,
                             name: existing.manifest.name, folder: existing.folder, executable: existing.executable,
                             manifest: existing.manifest, log: nil, links: links, warnings: [],
                             seconds: (clock.now - started).seconds)
    }

    // MARK: - Source

    func fetchSource(location: SourceLocation, localTarball: SourceTarball?, version: PythonVersion?,
                     options: InstallOptions, warn: (String) -> Void) async throws -> ResolvedSource {
        func resolved(_ tarball: SourceTarball, origin: String, expected: String?) throws -> ResolvedSource {
            let verified = tarball.knownRelease != nil || (expected != nil && expected == tarball.sha256)
            return ResolvedSource(tarball: tarball, origin: origin, sha256: tarball.sha256, verifiedRelease: verified)
        }
        switch location {
        case .file(let path):
            return try resolved(localTarball!, origin: path, expected: options.sha256?.lowercased())

        case .release(let release):
            let expected = options.sha256?.lowercased() ?? ReleaseChecksums.sha256(for: release)
            let origin = SourceLocation.releaseURL(release)
            if let expected, FileManager.default.fileExists(atPath: folders.sourceTree(version: release, sha256: expected)) {
                return ResolvedSource(tarball: nil, origin: origin, sha256: expected, verifiedRelease: true)
            }
            let path = "\(folders.sources)/Python-\(release).tar.xz"
            let lock = try await FileLock.acquire("\(folders.locks)/download-\(release).lock") {
                events(.note("waiting for another pythons process downloading \(release)"))
            }
            defer { lock.release() }
            if FileManager.default.fileExists(atPath: path) {
                let sum = try await fetcher.sha256(of: path)
                if expected == nil || expected == sum {
                    return try resolved(SourceTarball(path: path, sha256: sum, knownRelease: ReleaseChecksums.version(forSHA256: sum), downloaded: true),
                                        origin: origin, expected: expected)
                }
                try? FileManager.default.removeItem(atPath: path)
            }
            if expected == nil {
                warn("Pythons has no sha256 for CPython \(release); the download cannot be verified (pass --sha256 to check it)")
            }
            let tarball = try await download(origin, to: path, isOfficialRelease: true, expected: expected)
            return try resolved(tarball, origin: origin, expected: expected)

        case .url(let url):
            let name = Self.downloadName(for: url)
            let path = "\(folders.sources)/\(name)"
            let tarball = try await download(url, to: path, isOfficialRelease: false, expected: options.sha256?.lowercased())
            return try resolved(tarball, origin: url, expected: options.sha256?.lowercased())
        }
    }

    /// Downloads, hashes, and deletes the file again when its sum is not the
    /// expected one.
    func download(_ url: String, to path: String, isOfficialRelease: Bool, expected: String?) async throws -> SourceTarball {
        try FileManager.default.createDirectory(atPath: folders.sources, withIntermediateDirectories: true)
        events(.started(.download))
        let began = ContinuousClock.now
        let events = self.events
        try await fetcher.download(url, to: path, isOfficialRelease: isOfficialRelease) { bytes in
            events(.progress(.download, ByteCount.text(bytes)))
        }
        let sum = try await fetcher.sha256(of: path)
        if let expected, expected != sum {
            try? FileManager.default.removeItem(atPath: path)
            throw PythonsError.failure("the download of \(url) has sha256 \(sum), expected \(expected); it was deleted")
        }
        events(.finished(.download, ContinuousClock.now - began))
        return SourceTarball(path: path, sha256: sum, knownRelease: ReleaseChecksums.version(forSHA256: sum), downloaded: true)
    }

    /// A file name for a tarball downloaded from a URL: its last path
    /// component when that looks like a tarball, else a name from its hash.
    static func downloadName(for url: String) -> String {
        let last = url.split(separator: "/").last.map(String.init) ?? ""
        let safe = last.allSatisfy { $0.isLetter || $0.isNumber || "._-+".contains($0) }
        if safe, last.contains(".tar") || last.hasSuffix(".tgz") { return "url-" + last }
        var hash: UInt64 = 1469598103934665603
        for byte in url.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        return "url-\(String(hash, radix: 16)).tar"
    }

    struct SourceTree {
        var folder: String
        var version: PythonVersion
    }

    /// The unpacked source of a tarball: the existing tree, or a fresh one,
    /// checked entry by entry before anything is written.
    func unpackedTree(for source: ResolvedSource, request: VersionRequest, options: InstallOptions,
                      checkLLVMBeforeUnpacking: Bool, warn: (String) -> Void) async throws -> SourceTree {
        if let folder = folders.existingSourceTree(sha256: source.sha256), let version = Self.version(ofTree: folder) {
            try checkMatches(request, version)
            return SourceTree(folder: folder, version: version)
        }
        guard let tarball = source.tarball else {
            throw PythonsError.failure("the unpacked source for sha256 \(source.sha256) disappeared; run the install again")
        }
        let lock = try await FileLock.acquire("\(folders.locks)/source-\(source.sha256.prefix(16)).lock") {
            events(.note("waiting for another pythons process unpacking the same source"))
        }
        defer { lock.release() }
        if let folder = folders.existingSourceTree(sha256: source.sha256), let version = Self.version(ofTree: folder) {
            try checkMatches(request, version)
            return SourceTree(folder: folder, version: version)
        }

        events(.started(.extract))
        let began = ContinuousClock.now
        let scratch = try folders.makeUniqueFolder(in: folders.sources, prefix: ".unpack")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let extraction = SafeExtraction(runner: runner, environment: environment.variables)
        let plainTar = "\(scratch)/source.tar"
        try await extraction.decompress(tarball.path, to: plainTar)
        let listing: TarListing
        let top: String
        do {
            listing = try TarListing.read(plainTar)
            top = try listing.checkedTopFolder()
        } catch let refusal as TarListing.Refusal {
            throw PythonsError.failure("\(tarball.path): \(refusal.description); nothing was unpacked")
        } catch let error as TarListing.FormatError {
            throw PythonsError.failure("\(tarball.path) is not a readable tarball: \(error.description)")
        }
        guard let header = try listing.contents(of: "\(top)/Include/patchlevel.h", in: plainTar),
              let version = Self.pyVersion(inPatchlevel: String(decoding: header, as: UTF8.self)) else {
            throw PythonsError.usage("\(tarball.path) is not a CPython source tarball (no Include/patchlevel.h with PY_VERSION); give one from python.org")
        }
        try checkMatches(request, version)
        if !source.verifiedRelease {
            if let known = ReleaseChecksums.sha256(for: version) {
                if tarball.downloaded { try? FileManager.default.removeItem(atPath: tarball.path) }
                throw PythonsError.failure("\(tarball.path) says it is CPython \(version), but its sha256 \(source.sha256) is not that release's \(known)\(tarball.downloaded ? "; the download was deleted" : ""); pass --sha256 \(source.sha256) to build it anyway")
            }
            if options.sha256 == nil {
                warn("Pythons has no sha256 for CPython \(version); building the tarball unverified (sha256 \(source.sha256))")
            }
        }
        if checkLLVMBeforeUnpacking {
            _ = try await checkLLVM(for: version, options: options)
        }

        let unpacked = "\(scratch)/tree"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        try await extraction.unpack(plainTar, into: unpacked)
        let destination = folders.sourceTree(version: version, sha256: source.sha256)
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.moveItem(atPath: "\(unpacked)/\(top)", toPath: destination)
        events(.finished(.extract, ContinuousClock.now - began))
        return SourceTree(folder: destination, version: version)
    }

    /// PY_VERSION from Include/patchlevel.h: `#define PY_VERSION "3.13.5"`.
    static func pyVersion(inPatchlevel text: String) -> PythonVersion? {
        for line in text.split(separator: "\n") where line.contains("PY_VERSION") && line.contains("#define") {
            let parts = line.split(separator: "\"")
            if parts.count >= 2, let version = PythonVersion(String(parts[1])) { return version }
        }
        return nil
    }

    static func version(ofTree folder: String) -> PythonVersion? {
        guard let data = FileManager.default.contents(atPath: "\(folder)/Include/patchlevel.h") else { return nil }
        return pyVersion(inPatchlevel: String(decoding: data, as: UTF8.self))
    }

    // MARK: - Build

    struct BuiltInstall {
        var folder: String
        var executable: String
        var manifest: InstallManifest
        var log: String
    }

    func build(target: InstallTarget, sourceFolder: String, source: ResolvedSource, options: InstallOptions,
               toolchain: BuildToolchain, llvm: LLVMToolsCheck?, warn: (String) -> Void) async throws -> BuiltInstall {
        let folders = self.folders
        guard let lock = try FileLock.tryAcquire("\(folders.locks)/\(target.name).lock") else {
            throw PythonsError.failure("another pythons process is building \(target.name) right now; wait for it to finish")
        }
        defer { lock.release() }

        let stamp = Self.timestamp(Date())
        let log = try BuildLog.create(at: "\(folders.logs)/\(target.name)-\(stamp).log")
        let staging = try folders.makeUniqueFolder(in: folders.staging, prefix: target.name)
        defer { try? FileManager.default.removeItem(atPath: staging) }

        var leading: [String] = []
        if let ccache = toolchain.ccache {
            leading.append(try BuildEnvironment.ccacheMasquerade(ccache: ccache, in: folders.ccacheLinks))
        }
        let llvmFolders = llvm?.folders ?? []
        leading += llvmFolders
        let variables = BuildEnvironment.variables(
            environment, leadingFolders: leading,
            llvmToolsFolder: options.llvmToolsFolder.map { FilePaths.absolute($0, home: environment.userHome) })
        let plan = BuildPlan(target: target, folders: folders, sourceFolder: sourceFolder, stagingFolder: staging,
                             options: options.build, jobs: options.jobs, toolchain: toolchain, environment: variables)

        events(.note("building \(target.name) with \(toolchain.compilerDescription), \(options.jobs) jobs; log: \(environment.abbreviate(log.path))"))
        log.note("building \(target.name) from \(source.origin) (sha256 \(source.sha256))")
        log.note("PATH=\(variables["PATH"] ?? "")")

        let began = ContinuousClock.now
        var phase = InstallPhase.configure
        var compiledFiles = 0
        var phaseSeconds: [String: Double] = [:]
        do {
            try? FileManager.default.removeItem(atPath: plan.buildFolder)
            try FileManager.default.createDirectory(atPath: plan.buildFolder, withIntermediateDirectories: true)

            phaseSeconds["configure"] = try await runStep(.configure, plan.configure.request(environment: variables), log: log, name: "configure").seconds
            phase = .compile
            let compiled = try await runStep(.compile, plan.compile.request(environment: variables), log: log, name: "make")
            compiledFiles = compiled.files
            phaseSeconds["compile"] = compiled.seconds
            phase = .install
            phaseSeconds["install"] = try await runStep(.install, plan.install.request(environment: variables), log: log, name: "make install").seconds
            phase = .verify
            events(.started(.verify))
            let verifyStarted = ContinuousClock.now
            try await verify(plan, jitOffByDefault: plan.configure.jitOffByDefault, log: log)
            events(.finished(.verify, ContinuousClock.now - verifyStarted))
            phaseSeconds["verify"] = (ContinuousClock.now - verifyStarted).seconds
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            if error is CancellationError || Task.isCancelled {
                log.note("interrupted during \(phase.rawValue)")
                throw PythonsError(.interrupted, "interrupted during \(phase.rawValue): nothing was installed; log: \(log.path); build folder kept: \(plan.buildFolder)")
            }
            if let error = error as? PythonsError { throw error }
            throw PythonsError.failure("\(phase.rawValue) of \(target.name) could not run: \(error); log: \(log.path)")
        }

        let logText = (try? String(contentsOfFile: log.path, encoding: .utf8)) ?? ""
        let missing = BuildLog.missingOptionalModules(inLog: logText)
        if !missing.isEmpty {
            warn("built without the optional modules \(missing.joined(separator: ", ")): their headers are missing (`pythons doctor` says which packages provide them)")
        }

        let manifest = InstallManifest(
            schemaVersion: InstallManifest.currentSchemaVersion, name: target.name, version: target.version,
            variant: target.variant, executable: "bin/\(target.variant.executableName(target.version))",
            options: options.build, configureArguments: plan.configure.arguments,
            source: .init(origin: source.origin, sha256: source.sha256, verifiedRelease: source.verifiedRelease),
            compiler: toolchain.compilerDescription, pythonForRegen: toolchain.pythonForRegen,
            llvmTools: llvm?.found, jobs: options.jobs, compiledFiles: compiledFiles, phaseSeconds: phaseSeconds,
            buildSeconds: (ContinuousClock.now - began).seconds, builtAt: Date(), pythonsVersion: Self.pythonsVersion)
        let finalLog = "\(plan.stagedPrefix)/pythons-build.log"
        do {
            try manifest.write(installFolder: plan.stagedPrefix)
            try FileManager.default.moveItem(atPath: log.path, toPath: finalLog)
            try moveIntoPlace(plan.stagedPrefix, to: plan.prefix, name: target.name)
        } catch {
            throw PythonsError.failure("the build of \(target.name) succeeded but could not be moved into \(plan.prefix): \(error)")
        }
        try? FileManager.default.removeItem(atPath: plan.buildFolder)
        return BuiltInstall(folder: plan.prefix, executable: "\(plan.prefix)/\(manifest.executable)", manifest: manifest,
                            log: "\(plan.prefix)/pythons-build.log")
    }

    /// Runs configure or make with output to the log; a failure becomes an
    /// error with the log's last 30 lines. Returns the compiled-file count
    /// and the step's wall time.
    func runStep(_ phase: InstallPhase, _ request: ProcessRequest, log: BuildLog, name: String) async throws -> (files: Int, seconds: Double) {
        events(.started(phase))
        log.noteCommand(request)
        let began = ContinuousClock.now
        let follower = LogFollower(path: log.path)
        let events = self.events
        let termination = try await withPolling(every: .milliseconds(500), poll: {
            let count = follower.poll()
            if phase == .compile { events(.progress(phase, count == 1 ? "1 file compiled" : "\(count) files compiled")) }
        }) {
            try await runner.runLogged(request, appendingTo: log.path)
        }
        let count = follower.poll()
        guard termination == .exited(0) else {
            let tail = log.tail(30)
            log.note("\(name) \(termination)")
            throw PythonsError.failure("\(name) \(termination); log: \(log.path)",
                                       details: ["last lines of the log:"] + tail.map { "  " + $0 })
        }
        let elapsed = ContinuousClock.now - began
        events(.finished(phase, elapsed))
        return (count, elapsed.seconds)
    }

    /// Starts the staged interpreter and checks it is the build asked for.
    func verify(_ plan: BuildPlan, jitOffByDefault: Bool, log: BuildLog) async throws {
        let prober = InterpreterProber(runner: runner, environment: environment, timeout: .seconds(60))
        switch await prober.probe(executable: plan.stagedExecutable) {
        case .failure(let reason):
            log.note("verification failed: \(plan.stagedExecutable) \(reason)")
            throw PythonsError.failure("the new interpreter does not start: \(reason); nothing was installed; log: \(log.path)")
        case .facts(let facts):
            try Task.checkCancellation()
            log.note("verified: \(facts.sysVersion.split(separator: "\n").joined(separator: " ")); free threading \(facts.freeThreading.rawValue), JIT \(facts.jit.rawValue), tier 2 \(facts.tier2.rawValue)")
            if let problem = plan.target.verificationProblem(facts, jitOffByDefault: jitOffByDefault) {
                throw PythonsError.failure("the new interpreter is not a \(plan.target.variant.requestSpelling(plan.target.version)) build: \(problem); nothing was installed; log: \(log.path)")
            }
        }
    }

    /// Renames the staged prefix into place; an install it replaces is moved
    /// aside first and deleted after, so the name never points at half a tree.
    func moveIntoPlace(_ staged: String, to destination: String, name: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var replaced: String?
        if manager.fileExists(atPath: destination) {
            let aside = try folders.makeUniqueFolder(in: folders.trash, prefix: name)
            try manager.removeItem(atPath: aside)
            try manager.moveItem(atPath: destination, toPath: aside)
            replaced = aside
        }
        try manager.moveItem(atPath: staged, toPath: destination)
        if let replaced { try? manager.removeItem(atPath: replaced) }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}

enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        bytes < 1 << 20 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
