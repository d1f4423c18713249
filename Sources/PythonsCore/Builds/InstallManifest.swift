import Foundation

/// manifest.json in each install's folder: what was built, from what, how.
/// Its presence marks a finished, verified install: it is written into the
/// staging folder before the folder is moved into place.
public struct InstallManifest: Sendable, Equatable, Codable {
    public static let fileName = "manifest.json"
    public static let currentSchemaVersion = 1

    public struct Source: Sendable, Equatable, Codable {
        /// The URL or file the tarball came from.
        public var origin: String
        public var sha256: String
        /// Whether the sum is the one Pythons' table holds for this release.
        public var verifiedRelease: Bool
    }

    public var schemaVersion: Int
    public var name: String
    public var version: PythonVersion
    public var variant: InstallVariant
    /// The interpreter, relative to the install folder ("bin/python3.13t").
    public var executable: String
    public var options: BuildOptions
    /// configure's full argument list, as run.
    public var configureArguments: [String]
    public var source: Source
    /// "gcc (Debian 12.2.0-14) 12.2.0 via ccache".
    public var compiler: String
    public var pythonForRegen: String?
    public var llvmTools: [String: String]?
    public var jobs: Int
    public var compiledFiles: Int
    /// Wall time of configure, compile (make), install (make install) and
    /// verify, in seconds (nil only in manifests written before it was recorded).
    public var phaseSeconds: [String: Double]?
    /// From configure to the move into place.
    public var buildSeconds: Double
    public var builtAt: Date
    public var pythonsVersion: String

    public var target: InstallTarget { InstallTarget(version: version, variant: variant) }

    public static func read(installFolder: String) -> InstallManifest? {
        guard let data = FileManager.default.contents(atPath: "\(installFolder)/\(fileName)") else { return nil }
        return try? JSONOutput.decoder().decode(InstallManifest.self, from: data)
    }

    public func write(installFolder: String) throws {
        let data = try JSONOutput.encoder().encode(self)
        try data.write(to: URL(fileURLWithPath: "\(installFolder)/\(Self.fileName)"), options: .atomic)
    }
}

/// The installs under PYTHONS_HOME/installs.
public struct InstallRegistry: Sendable {
    public var installsFolder: String

    public init(environment: PythonsEnvironment) {
        installsFolder = environment.absolute(environment.installsFolder)
    }

    public struct Install: Sendable, Equatable {
        public var folder: String
        public var manifest: InstallManifest
        public var executable: String { "\(folder)/\(manifest.executable)" }
    }

    public func folder(for target: InstallTarget) -> String { "\(installsFolder)/\(target.name)" }

    /// Every install with a readable manifest, sorted by version then variant.
    public func installs() -> [Install] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: installsFolder)) ?? []
        return names.sorted().compactMap { name -> Install? in
            let folder = "\(installsFolder)/\(name)"
            guard let manifest = InstallManifest.read(installFolder: folder) else { return nil }
            return Install(folder: folder, manifest: manifest)
        }.sorted { ($0.manifest.version, $0.manifest.variant) < ($1.manifest.version, $1.manifest.variant) }
    }

    /// The installs a request names: the version matches and the variant is
    /// exactly the one asked for (`3.13` is the stock build, not the JIT one).
    public func installs(matching request: VersionRequest) -> [Install] {
        let variant = InstallVariant(request.variants)
        return installs().filter { request.implementation == .cpython && request.matchesVersion($0.manifest.version) && $0.manifest.variant == variant }
    }
}
