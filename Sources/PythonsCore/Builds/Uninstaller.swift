import Foundation

/// `pythons uninstall --format json` (docs/json.md); as text, a line for
/// each install and link removed.
public struct UninstallReport: CommandOutput, Codable, Equatable {
    public struct Removed: Sendable, Codable, Equatable {
        public var name: String
        public var folder: String
        public var version: PythonVersion
        public var variant: InstallVariant
    }

    public var schemaVersion: Int
    public var removed: [Removed]
    /// Links in PYTHONS_BIN that pointed into the removed installs.
    public var unlinked: [String]
}

/// Removes installs that `pythons install` made, and the links to them.
public struct Uninstaller: Sendable {
    public var environment: PythonsEnvironment

    public init(environment: PythonsEnvironment) {
        self.environment = environment
    }

    /// Resolves every request first, so one that matches nothing or several
    /// installs removes nothing at all.
    public func uninstall(_ texts: [String]) throws(PythonsError) -> UninstallReport {
        let registry = InstallRegistry(environment: environment)
        var chosen: [InstallRegistry.Install] = []
        for text in texts {
            let parsed: InterpreterRequest
            do { parsed = try InterpreterRequest.parse(text) } catch { throw .usage(error.description) }
            guard case .version(let request) = parsed else {
                throw .usage("uninstall takes what `pythons install` built, named by version (3.13t, 3.13.5j, cpython-3.13.5+tier2), not a path: \(text)")
            }
            let matching = registry.installs(matching: request)
            if matching.isEmpty {
                throw .usage("no install matches '\(text)'", details: installedSummary(registry))
            }
            if matching.count > 1 {
                throw .usage("'\(text)' matches several installs (\(matching.map(\.manifest.name).joined(separator: ", "))); give the full version, such as \(matching[0].manifest.variant.requestSpelling(matching[0].manifest.version))")
            }
            if !chosen.contains(matching[0]) { chosen.append(matching[0]) }
        }

        let folders = BuildFolders(environment: environment)
        let links = InstallLinks(environment: environment)
        var removed: [UninstallReport.Removed] = []
        var unlinked: [String] = []
        for install in chosen {
            let name = install.manifest.name
            guard let lock = try FileLock.tryAcquire("\(folders.locks)/\(name).lock") else {
                throw .failure("\(name) is being built by another pythons process right now; try again when it has finished")
            }
            defer { lock.release() }
            unlinked += links.removeLinks(into: install.folder)
            do {
                let aside = try folders.makeUniqueFolder(in: folders.trash, prefix: name)
                try FileManager.default.removeItem(atPath: aside)
                try FileManager.default.moveItem(atPath: install.folder, toPath: aside)
                try FileManager.default.removeItem(atPath: aside)
            } catch {
                throw .failure("cannot remove \(install.folder): \(error)")
            }
            removed.append(.init(name: name, folder: install.folder, version: install.manifest.version, variant: install.manifest.variant))
        }
        return UninstallReport(schemaVersion: 1, removed: removed, unlinked: unlinked)
    }

    func installedSummary(_ registry: InstallRegistry) -> [String] {
        let installs = registry.installs()
        if installs.isEmpty { return ["nothing is installed in \(environment.abbreviate(registry.installsFolder))"] }
        return ["installed:"] + installs.map { "  \($0.manifest.variant.requestSpelling($0.manifest.version))  (\($0.manifest.name))" }
    }
}
