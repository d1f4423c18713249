import Foundation

/// Step 6 of an install, its transaction: the manifest and the log go into
/// the staged prefix, which then moves into installs/ with one rename. Until
/// that rename nothing is under installs/; after it, a whole verified
/// interpreter is.
struct InstallCommit: Sendable {
    var folders: BuildFolders

    /// An install in place.
    struct Installed: Sendable, Equatable {
        var folder: String
        var executable: String
        var manifest: InstallManifest
        var log: String
    }

    func commit(_ manifest: InstallManifest, plan: BuildPlan, log: BuildLog) throws -> Installed {
        let finalLog = "\(plan.stagedPrefix)/pythons-build.log"
        do {
            try manifest.write(installFolder: plan.stagedPrefix)
            try FileManager.default.moveItem(atPath: log.path, toPath: finalLog)
            try moveIntoPlace(plan.stagedPrefix, to: plan.prefix, name: plan.target.name)
        } catch {
            throw PythonsError.failure("the build of \(plan.target.name) succeeded but could not be moved into \(plan.prefix): \(error)")
        }
        try? FileManager.default.removeItem(atPath: plan.buildFolder)
        return Installed(folder: plan.prefix, executable: "\(plan.prefix)/\(manifest.executable)", manifest: manifest,
                         log: "\(plan.prefix)/pythons-build.log")
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
}

extension InstallManifest {
    /// The manifest of a finished build: what was built, from which tarball,
    /// with which tools and flags, and how long each phase took.
    init(plan: BuildPlan, source: ResolvedSource, options: InstallOptions, toolchain: BuildToolchain,
         llvm: LLVMToolsCheck?, record: BuildPhases.Record, buildSeconds: Double) {
        let target = plan.target
        self.init(
            schemaVersion: InstallManifest.currentSchemaVersion, name: target.name, version: target.version,
            variant: target.variant, executable: "bin/\(target.variant.executableName(target.version))",
            options: options.build, configureArguments: plan.configure.arguments,
            source: .init(origin: source.origin, sha256: source.sha256, verifiedRelease: source.verifiedRelease),
            compiler: toolchain.compilerDescription, pythonForRegen: toolchain.pythonForRegen,
            llvmTools: llvm?.found, jobs: options.jobs, compiledFiles: record.compiledFiles, phaseSeconds: record.phaseSeconds,
            buildSeconds: buildSeconds, builtAt: Date(), pythonsVersion: Installer.pythonsVersion)
    }
}
