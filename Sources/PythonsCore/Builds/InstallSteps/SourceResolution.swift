import Foundation

/// A tarball to build from, identified: its unpacked tree may already exist,
/// in which case there is no tarball on disk to speak of.
struct ResolvedSource: Sendable, Equatable {
    var tarball: SourceTarball?
    /// The URL or file it came from, for the manifest.
    var origin: String
    var sha256: String
    /// Whether the sum is one Pythons knows for the release, or the one given
    /// with --sha256.
    var verifiedRelease: Bool
}

/// Step 1 of an install: which tarball, with which checksum, and which
/// version when that can be known before unpacking (a release, or a file
/// whose sum is a known release's).
struct SourceResolution: Sendable {
    var environment: PythonsEnvironment
    var runner: ProcessRunner
    var events: @Sendable (InstallEvent) -> Void

    var folders: BuildFolders { BuildFolders(environment: environment) }
    var fetcher: SourceFetcher { SourceFetcher(runner: runner, environment: environment) }

    /// What the options name, before anything is downloaded.
    struct Identity: Sendable, Equatable {
        var location: SourceLocation
        /// A --source file, hashed: its sum names the release (and finds an
        /// install made from it) before anything is unpacked.
        var localTarball: SourceTarball?
        /// Nil until the tarball says (a URL, or a file of an unknown sum).
        var version: PythonVersion?
    }

    func identify(_ options: InstallOptions, registry: InstallRegistry) async throws -> Identity {
        guard let source = options.source else {
            let release = try releaseVersion(for: options.request, registry: registry)
            try options.request.checkTarball(release)
            return Identity(location: .release(release), version: release)
        }
        let location = SourceLocation.parse(source, home: environment.userHome)
        guard case .file(let path) = location else { return Identity(location: location) }
        let sum = try await fetcher.sha256(of: path)
        if let expected = options.expectedSHA256, expected != sum {
            throw PythonsError.failure("\(path) has sha256 \(sum), not the \(expected) given with --sha256; refusing to build it")
        }
        let tarball = SourceTarball(path: path, sha256: sum, knownRelease: ReleaseChecksums.version(forSHA256: sum), downloaded: false)
        if let version = tarball.knownRelease { try options.request.checkTarball(version) }
        return Identity(location: location, localTarball: tarball, version: tarball.knownRelease)
    }

    /// The release to download for a request without --source: its own patch
    /// version; without one, the installed build's version (so `--force`
    /// rebuilds what is there), else the newest release Pythons knows.
    func releaseVersion(for request: VersionRequest, registry: InstallRegistry) throws(PythonsError) -> PythonVersion {
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

    /// The tarball on disk, downloaded if need be; for a release whose tree
    /// is unpacked already, only its sum.
    func fetch(_ identity: Identity, options: InstallOptions, warnings: InstallWarnings) async throws -> ResolvedSource {
        switch identity.location {
        case .file(let path):
            return Self.resolved(identity.localTarball!, origin: path, expected: options.expectedSHA256)
        case .release(let release):
            return try await fetchRelease(release, options: options, warnings: warnings)
        case .url(let url):
            let path = "\(folders.sources)/\(Self.downloadName(for: url))"
            let tarball = try await download(url, to: path, isOfficialRelease: false, expected: options.expectedSHA256)
            return Self.resolved(tarball, origin: url, expected: options.expectedSHA256)
        }
    }

    /// A release's tarball: its unpacked tree when there is one for the
    /// expected sum, else a download kept from before (when its sum is
    /// right), else a new download. One process downloads a release at a time.
    private func fetchRelease(_ release: PythonVersion, options: InstallOptions, warnings: InstallWarnings) async throws -> ResolvedSource {
        let expected = options.expectedSHA256 ?? ReleaseChecksums.sha256(for: release)
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
                let kept = SourceTarball(path: path, sha256: sum, knownRelease: ReleaseChecksums.version(forSHA256: sum), downloaded: true)
                return Self.resolved(kept, origin: origin, expected: expected)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        if expected == nil {
            warnings.add("Pythons has no sha256 for CPython \(release); the download cannot be verified (pass --sha256 to check it)")
        }
        let tarball = try await download(origin, to: path, isOfficialRelease: true, expected: expected)
        return Self.resolved(tarball, origin: origin, expected: expected)
    }

    static func resolved(_ tarball: SourceTarball, origin: String, expected: String?) -> ResolvedSource {
        let verified = tarball.knownRelease != nil || (expected != nil && expected == tarball.sha256)
        return ResolvedSource(tarball: tarball, origin: origin, sha256: tarball.sha256, verifiedRelease: verified)
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
}

enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        bytes < 1 << 20 ? "\(bytes / 1024) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
