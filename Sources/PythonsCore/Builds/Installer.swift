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

/// `pythons install --format json` (docs/json.md); as text, what was
/// installed (or was there already), its python and its links.
public struct InstallReport: CommandOutput, Codable, Equatable {
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

/// Builds and installs one CPython variant, as a pipeline of steps, each its
/// own type (Builds/InstallSteps): resolve the source to a tarball, its sum and
/// its version (`SourceResolution`); return early when it is installed already
/// (`ExistingInstalls`); check what would fail later, once (`Preflight`);
/// unpack it into the shared source tree (`SourceUnpacking`); configure, make,
/// make install and verify (`BuildPhases`, `BuildVerification`); and commit
/// (`InstallCommit`). Nothing appears under installs/ unless every step
/// succeeded.
public struct Installer: Sendable {
    public var environment: PythonsEnvironment
    public var runner: ProcessRunner
    public var events: @Sendable (InstallEvent) -> Void
    public static let pythonsVersion = PythonsRelease.version

    public init(environment: PythonsEnvironment, runner: ProcessRunner,
                events: @escaping @Sendable (InstallEvent) -> Void = { _ in }) {
        self.environment = environment
        self.runner = runner
        self.events = events
    }

    var folders: BuildFolders { BuildFolders(environment: environment) }
    var resolution: SourceResolution { SourceResolution(environment: environment, runner: runner, events: events) }
    var existing: ExistingInstalls { ExistingInstalls(environment: environment) }
    var preflight: Preflight { Preflight(environment: environment, runner: runner, events: events) }
    var unpacking: SourceUnpacking { SourceUnpacking(environment: environment, runner: runner, events: events) }
    var phases: BuildPhases {
        BuildPhases(runner: runner, events: events, verification: BuildVerification(environment: environment, runner: runner))
    }

    public func install(_ options: InstallOptions) async throws -> InstallReport {
        let started = ContinuousClock.now
        let warnings = InstallWarnings(events: events)
        try options.validate(userHome: environment.userHome)
        let variant = InstallVariant(options.request.variants)
        let identity = try await resolution.identify(options, registry: existing.registry)
        if !options.force, let found = existing.matching(identity, options: options) {
            return try existing.report(found, options: options, started: started)
        }
        var checks: Preflight.Checks?
        if let version = identity.version {
            checks = try await preflight.check(InstallTarget(version: version, variant: variant), options: options)
        }
        let toolchain = try await preflight.toolchain(variant: variant, options: options, warnings: warnings)
        let source = try await resolution.fetch(identity, options: options, warnings: warnings)
        // A URL's sum is known only now.
        if case .url = identity.location, !options.force, let found = existing.matching(sha256: source.sha256, variant: variant) {
            return try existing.report(found, options: options, started: started)
        }
        let tree = try await unpacking.tree(for: source, options: options, warnings: warnings) { version in
            if checks == nil { checks = try await preflight.check(InstallTarget(version: version, variant: variant), options: options) }
        }
        let target = InstallTarget(version: tree.version, variant: variant)
        let preflightChecks = checks ?? Preflight.Checks()
        let installed = try await build(target, tree: tree, source: source, options: options, toolchain: toolchain,
                                        checks: preflightChecks, warnings: warnings)
        var links: [String] = []
        if let link = preflightChecks.link {
            try InstallLinks(environment: environment).create(link)
            links.append(link.path)
        }
        return InstallReport(schemaVersion: InstallReport.currentSchemaVersion, status: .installed, name: target.name,
                             folder: installed.folder, executable: installed.executable, manifest: installed.manifest,
                             log: installed.log, links: links, warnings: warnings.all, seconds: (ContinuousClock.now - started).seconds)
    }

    /// Steps 4 to 6 under the build's lock, with a fresh log and staging
    /// folder (removed on every path; the log stays for a failed build).
    func build(_ target: InstallTarget, tree: SourceTree, source: ResolvedSource, options: InstallOptions,
               toolchain: BuildToolchain, checks: Preflight.Checks, warnings: InstallWarnings) async throws -> InstallCommit.Installed {
        guard let lock = try FileLock.tryAcquire("\(folders.locks)/\(target.name).lock") else {
            throw PythonsError.failure("another pythons process is building \(target.name) right now; wait for it to finish")
        }
        defer { lock.release() }
        let log = try BuildLog.create(at: "\(folders.logs)/\(target.name)-\(Self.timestamp(Date())).log")
        let staging = try folders.makeUniqueFolder(in: folders.staging, prefix: target.name)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let plan = try buildPlan(target, sourceFolder: tree.folder, staging: staging, options: options,
                                 toolchain: toolchain, llvm: checks.llvm)

        events(.note("building \(target.name) with \(toolchain.compilerDescription), \(options.jobs) jobs; log: \(environment.abbreviate(log.path))"))
        log.note("building \(target.name) from \(source.origin) (sha256 \(source.sha256))")
        log.note("PATH=\(plan.environment["PATH"] ?? "")")
        let began = ContinuousClock.now
        let record = try await phases.run(plan, log: log)
        let missing = BuildLog.missingOptionalModules(inLog: (try? String(contentsOfFile: log.path, encoding: .utf8)) ?? "")
        if !missing.isEmpty {
            warnings.add("built without the optional modules \(missing.joined(separator: ", ")): their headers are missing (`pythons doctor` says which packages provide them)")
        }
        let manifest = InstallManifest(plan: plan, source: source, options: options, toolchain: toolchain, llvm: checks.llvm,
                                       record: record, buildSeconds: (ContinuousClock.now - began).seconds)
        return try InstallCommit(folders: folders).commit(manifest, plan: plan, log: log)
    }

    /// The build's commands and environment: ccache's masquerade links and
    /// the LLVM tools' folders first on PATH.
    func buildPlan(_ target: InstallTarget, sourceFolder: String, staging: String, options: InstallOptions,
                   toolchain: BuildToolchain, llvm: LLVMToolsCheck?) throws -> BuildPlan {
        var leading: [String] = []
        if let ccache = toolchain.ccache {
            leading.append(try BuildEnvironment.ccacheMasquerade(ccache: ccache, in: folders.ccacheLinks))
        }
        leading += llvm?.folders ?? []
        let variables = BuildEnvironment.variables(environment, leadingFolders: leading)
        return BuildPlan(target: target, folders: folders, sourceFolder: sourceFolder, stagingFolder: staging,
                         options: options.build, jobs: options.jobs, toolchain: toolchain, environment: variables,
                         llvm: llvm)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }
}
