import Foundation

/// A distribution installed in a site-packages folder (its `NAME-VERSION.dist-info`):
/// what `pip install` put there, and from which wheel.
public struct InstalledDistribution: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var version: String
    /// The wheel's tags (`cp313-cp313t-manylinux_2_17_x86_64`), from the WHEEL file.
    public var wheelTags: [String]

    public init(name: String, version: String, wheelTags: [String] = []) {
        self.name = name
        self.version = version
        self.wheelTags = wheelTags
    }

    /// "numpy 2.4.6".
    public var description: String { version.isEmpty ? name : "\(name) \(version)" }

    /// The platforms of its wheel tags: `manylinux_2_17_x86_64`, `any`, ...
    public var wheelPlatforms: [String] {
        var platforms: [String] = []
        for tag in wheelTags {
            // python-abi-platform, each part possibly a dotted set.
            let parts = tag.split(separator: "-")
            guard parts.count >= 3 else { continue }
            for platform in parts[parts.count - 1].split(separator: ".").map(String.init) where !platforms.contains(platform) {
                platforms.append(platform)
            }
        }
        return platforms
    }

    /// Why its wheel cannot run on a machine, or nil: a wheel whose platform
    /// tags all name another processor (`manylinux2014_aarch64` on x86_64).
    public func platformMismatch(machine: String, system: String) -> String? {
        let platforms = wheelPlatforms
        guard !platforms.isEmpty, !platforms.contains("any") else { return nil }
        let fits = platforms.contains { platform in
            platform.hasSuffix("_" + machine) || platform == machine
                || (machine == "x86_64" && platform.hasSuffix("_universal2"))
        }
        guard !fits else { return nil }
        return "\(description) was installed from a wheel for \(platforms.joined(separator: ", ")), not for this \(system) \(machine) machine: its compiled modules cannot load here; reinstall it here (`pip install --force-reinstall \(name)==\(version)`)"
    }
}

/// The files each distribution installed, read from the RECORD of every
/// `.dist-info` folder in a site-packages folder.
public struct DistributionIndex: Sendable {
    private var owners: [String: InstalledDistribution] = [:]
    public private(set) var distributions: [InstalledDistribution] = []

    public init(folders: [String]) {
        for folder in folders {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() where name.hasSuffix(".dist-info") {
                add(distInfo: "\(folder)/\(name)", root: folder)
            }
        }
    }

    /// The distribution that installed a file, by its real path.
    public func owner(of path: String) -> InstalledDistribution? {
        owners[FilePaths.resolve(path)]
    }

    private mutating func add(distInfo: String, root: String) {
        let folderName = ((distInfo as NSString).lastPathComponent as NSString).deletingPathExtension
        let metadata = Self.headers(in: "\(distInfo)/METADATA")
        // NAME-VERSION.dist-info, where NAME has no '-' (wheel's escaping).
        let fromFolder = folderName.split(separator: "-", maxSplits: 1).map(String.init)
        let distribution = InstalledDistribution(
            name: metadata["Name"]?.first ?? fromFolder[0],
            version: metadata["Version"]?.first ?? (fromFolder.count > 1 ? fromFolder[1] : ""),
            wheelTags: Self.headers(in: "\(distInfo)/WHEEL")["Tag"] ?? [])
        distributions.append(distribution)
        guard let record = try? String(contentsOfFile: "\(distInfo)/RECORD", encoding: .utf8) else { return }
        for line in record.split(whereSeparator: \.isNewline) {
            guard let relative = Self.firstCSVField(String(line)), !relative.isEmpty else { continue }
            let path = relative.hasPrefix("/") ? relative : "\(root)/\(relative)"
            owners[FilePaths.resolve((path as NSString).standardizingPath)] = distribution
        }
    }

    /// `Key: value` lines up to the first blank line (email-header style, as
    /// METADATA and WHEEL are written); repeated keys keep every value.
    static func headers(in file: String) -> [String: [String]] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [:] }
        var values: [String: [String]] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            guard let colon = line.firstIndex(of: ":"), line.first?.isWhitespace == false else { continue }
            let key = String(line[..<colon])
            values[key, default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return values
    }

    /// The first field of a RECORD line (CSV: a path with a comma or quote in
    /// it is quoted, quotes doubled).
    static func firstCSVField(_ line: String) -> String? {
        guard line.first == "\"" else { return line.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) }
        var field = ""
        var index = line.index(after: line.startIndex)
        while index < line.endIndex {
            let character = line[index]
            let next = line.index(after: index)
            if character == "\"" {
                if next < line.endIndex, line[next] == "\"" {
                    field.append("\"")
                    index = line.index(after: next)
                    continue
                }
                return field
            }
            field.append(character)
            index = next
        }
        return nil
    }
}
