import Foundation

/// The seed's names (python3.13, python3.13t, python3.13j) as symbolic links
/// in PYTHONS_BIN, pointing into Pythons' installs. A file there is replaced
/// only when it is such a link, one that Pythons made; anything else stays.
public struct InstallLinks: Sendable {
    public var linkFolder: String
    public var installsFolder: String

    public init(environment: PythonsEnvironment) {
        linkFolder = environment.absolute(environment.linkFolder)
        installsFolder = environment.absolute(environment.installsFolder)
    }

    public struct Link: Sendable, Equatable, Codable {
        public var path: String
        public var target: String
    }

    /// The link a build gets, or a usage error saying why it cannot have one.
    /// Checked before building, so a refused link costs no build.
    public func plan(for target: InstallTarget) throws(PythonsError) -> Link {
        guard let name = target.variant.seedName(target.version) else {
            throw .usage("--link: the seed has no name for tier-2 builds; run it as `\(target.variant.requestSpelling(target.version))` in pythons commands, or drop --link")
        }
        let link = Link(path: "\(linkFolder)/\(name)",
                        target: "\(installsFolder)/\(target.name)/bin/\(target.variant.executableName(target.version))")
        let manager = FileManager.default
        if let existing = try? manager.destinationOfSymbolicLink(atPath: link.path) {
            if !isOurs(existing) {
                throw .usage("--link: \(link.path) already exists and points to \(existing), which Pythons did not make; remove it yourself or drop --link")
            }
        } else if manager.fileExists(atPath: link.path) {
            throw .usage("--link: \(link.path) already exists and Pythons did not make it; remove it yourself or drop --link")
        }
        return link
    }

    /// Makes (or re-points) the link.
    public func create(_ link: Link) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: linkFolder, withIntermediateDirectories: true)
        if let existing = try? manager.destinationOfSymbolicLink(atPath: link.path) {
            if existing == link.target { return }
            guard isOurs(existing) else {
                throw PythonsError.usage("--link: \(link.path) now points to \(existing), which Pythons did not make; left alone")
            }
            try manager.removeItem(atPath: link.path)
        }
        try manager.createSymbolicLink(atPath: link.path, withDestinationPath: link.target)
    }

    /// Removes every link in the folder that points into an install folder;
    /// returns the paths removed.
    public func removeLinks(into installFolder: String) -> [String] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: linkFolder)) ?? []
        var removed: [String] = []
        for name in names.sorted() {
            let path = "\(linkFolder)/\(name)"
            guard let destination = try? manager.destinationOfSymbolicLink(atPath: path),
                  destination.hasPrefix(installFolder + "/") else { continue }
            if (try? manager.removeItem(atPath: path)) != nil { removed.append(path) }
        }
        return removed
    }

    /// Links into the installs folder are Pythons' own.
    private func isOurs(_ destination: String) -> Bool {
        destination.hasPrefix(installsFolder + "/")
    }
}
