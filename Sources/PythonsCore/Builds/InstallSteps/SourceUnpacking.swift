import Foundation

/// An unpacked CPython source tree and the version its header says.
struct SourceTree: Sendable, Equatable {
    var folder: String
    var version: PythonVersion
}

/// Step 3 of an install: the tarball's tree in the shared sources folder,
/// one tree per tarball (its sum) whatever variant is built from it, out of
/// tree. A fresh tree is checked entry by entry before anything is written.
struct SourceUnpacking: Sendable {
    var environment: PythonsEnvironment
    var runner: ProcessRunner
    var events: @Sendable (InstallEvent) -> Void

    var folders: BuildFolders { BuildFolders(environment: environment) }

    /// The tree of `source`: the existing one, or a fresh one. `versionKnown`
    /// is called once with the tarball's version, after it is checked against
    /// the request and before anything is unpacked (the preflight waits for it
    /// when the version was not known earlier).
    func tree(for source: ResolvedSource, options: InstallOptions, warnings: InstallWarnings,
              versionKnown: (PythonVersion) async throws -> Void) async throws -> SourceTree {
        if let tree = try existingTree(sha256: source.sha256, request: options.request) {
            try await versionKnown(tree.version)
            return tree
        }
        guard let tarball = source.tarball else {
            throw PythonsError.failure("the unpacked source for sha256 \(source.sha256) disappeared; run the install again")
        }
        // A file that is no tarball is the user's mistake, said at once: not
        // after waiting on (or holding) the lock of its sum.
        guard SafeExtraction.Compression.detect(tarball.path) != nil else {
            throw PythonsError.usage("\(tarball.path) is not a tarball (.tar.xz, .tar.gz, .tar.bz2 or .tar)")
        }
        let lock = try await FileLock.acquire("\(folders.locks)/source-\(source.sha256.prefix(16)).lock") {
            events(.note("waiting for another pythons process unpacking the same source"))
        }
        defer { lock.release() }
        if let tree = try existingTree(sha256: source.sha256, request: options.request) {
            try await versionKnown(tree.version)
            return tree
        }
        return try await unpack(tarball, source: source, options: options, warnings: warnings, versionKnown: versionKnown)
    }

    private func existingTree(sha256: String, request: VersionRequest) throws -> SourceTree? {
        guard let folder = folders.existingSourceTree(sha256: sha256), let version = Installer.version(ofTree: folder) else {
            return nil
        }
        try request.checkTarball(version)
        return SourceTree(folder: folder, version: version)
    }

    /// Decompresses to a plain tar file in a scratch folder, reads and checks
    /// every entry and the version, and only then unpacks and moves the tree
    /// into place.
    private func unpack(_ tarball: SourceTarball, source: ResolvedSource, options: InstallOptions, warnings: InstallWarnings,
                        versionKnown: (PythonVersion) async throws -> Void) async throws -> SourceTree {
        events(.started(.extract))
        let began = ContinuousClock.now
        let scratch = try folders.makeUniqueFolder(in: folders.sources, prefix: ".unpack")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let extraction = SafeExtraction(runner: runner, environment: environment.variables)
        let plainTar = "\(scratch)/source.tar"
        try await extraction.decompress(tarball.path, to: plainTar)
        let (top, version) = try Self.readHeader(plainTar, tarball: tarball)
        try options.request.checkTarball(version)
        try checkProvenance(of: tarball, version: version, source: source, options: options, warnings: warnings)
        try await versionKnown(version)

        let unpacked = "\(scratch)/tree"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        try await extraction.unpack(plainTar, into: unpacked)
        let destination = folders.sourceTree(version: version, sha256: source.sha256)
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.moveItem(atPath: "\(unpacked)/\(top)", toPath: destination)
        events(.finished(.extract, ContinuousClock.now - began))
        return SourceTree(folder: destination, version: version)
    }

    /// The archive's checked top folder and the version in its
    /// Include/patchlevel.h, read without unpacking anything.
    static func readHeader(_ plainTar: String, tarball: SourceTarball) throws -> (top: String, version: PythonVersion) {
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
              let version = Installer.pyVersion(inPatchlevel: String(decoding: header, as: UTF8.self)) else {
            throw PythonsError.usage("\(tarball.path) is not a CPython source tarball (no Include/patchlevel.h with PY_VERSION); give one from python.org")
        }
        return (top, version)
    }

    /// A tarball whose sum is not verified may not claim a release Pythons
    /// knows the sum of (a download claiming one is deleted); one of a
    /// version without a known sum is built with a warning, unless --sha256
    /// vouched for it.
    func checkProvenance(of tarball: SourceTarball, version: PythonVersion, source: ResolvedSource,
                         options: InstallOptions, warnings: InstallWarnings) throws {
        guard !source.verifiedRelease else { return }
        if let known = ReleaseChecksums.sha256(for: version) {
            if tarball.downloaded { try? FileManager.default.removeItem(atPath: tarball.path) }
            throw PythonsError.failure("\(tarball.path) says it is CPython \(version), but its sha256 \(source.sha256) is not that release's \(known)\(tarball.downloaded ? "; the download was deleted" : ""); pass --sha256 \(source.sha256) to build it anyway")
        }
        if options.sha256 == nil {
            warnings.add("Pythons has no sha256 for CPython \(version); building the tarball unverified (sha256 \(source.sha256))")
        }
    }
}

extension Installer {
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
}
