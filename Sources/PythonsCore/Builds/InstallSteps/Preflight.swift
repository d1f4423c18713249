import Foundation

/// Step 2 of an install: the checks that cost no build, so that what would
/// fail ten minutes in fails now, in one line. The toolchain needs no
/// version; the rest do, and run once, as soon as the version is known:
/// before the download for a release or a file of a known sum, else after
/// reading the tarball's header, before anything is unpacked.
struct Preflight: Sendable {
    var environment: PythonsEnvironment
    var runner: ProcessRunner
    var events: @Sendable (InstallEvent) -> Void

    /// What the checks found that the build uses.
    struct Checks: Sendable, Equatable {
        /// The LLVM tools of a JIT build (nil for other variants, and when
        /// Pythons does not know which LLVM the version needs).
        var llvm: LLVMToolsCheck?
        /// The link --link makes once the build is in place.
        var link: InstallLinks.Link?
    }

    /// LLVM for a JIT build, the --link name, and no install of this name
    /// from another tarball (unless --force).
    func check(_ target: InstallTarget, options: InstallOptions) async throws -> Checks {
        var checks = Checks()
        if target.variant == .jit { checks.llvm = try await llvm(for: target.version, options: options) }
        if options.link { checks.link = try InstallLinks(environment: environment).plan(for: target) }
        let folder = BuildFolders(environment: environment).install(target)
        if !options.force, let existing = InstallManifest.read(installFolder: folder) {
            throw PythonsError.usage("\(target.name) is already installed from another tarball (sha256 \(existing.source.sha256.prefix(16))...); add --force to replace it")
        }
        return checks
    }

    /// The LLVM tools CPython `version`'s JIT needs, or a failure naming the
    /// missing ones.
    func llvm(for version: PythonVersion, options: InstallOptions) async throws -> LLVMToolsCheck? {
        guard let requirement = LLVMRequirement.forCPython(version, environment: environment.variables) else {
            events(.warning("Pythons does not know which LLVM CPython \(version.featureVersion)'s JIT needs; configure will check"))
            return nil
        }
        let locator = LLVMToolLocator(extraFolder: options.llvmToolsFolder.map { environment.absolute($0) },
                                      searchPath: BuildEnvironment.cleanSearchPath(environment),
                                      environment: environment.variables, runner: runner)
        let check = await locator.check(requirement)
        try Task.checkCancellation()
        guard check.isComplete else { throw PythonsError.failure(check.missingMessage(for: version)) }
        return check
    }

    /// The compiler, make and a Python for the build's code generators.
    func toolchain(variant: InstallVariant, options: InstallOptions, warnings: InstallWarnings) async throws -> BuildToolchain {
        let catalog = await InterpreterCatalog.discover(environment: environment, runner: runner)
        try Task.checkCancellation()
        let toolchain = try await BuildToolchain.locate(environment: environment, catalog: catalog,
                                                        useCcache: options.useCcache, runner: runner)
        if toolchain.pythonForRegen == nil {
            if variant == .jit {
                throw PythonsError.failure("a JIT build runs Python to generate its machine-code templates, and no CPython 3.11 or newer was found; install one, or set PYTHON_FOR_REGEN to one")
            }
            warnings.add("no CPython 3.11 or newer found for PYTHON_FOR_REGEN; configure will look for one itself")
        }
        return toolchain
    }
}
