import Foundation

/// A virtual environment (PEP 405) that an interpreter path runs in: the
/// folder whose pyvenv.cfg sits beside the executable or one folder above it,
/// found and read the way CPython's site module does. The same executable
/// file run from a venv sees the venv's sys.prefix and site-packages, so the
/// venv is part of what an interpreter path is.
public struct VirtualEnvironment: Sendable, Equatable, Codable {
    /// The venv's folder: sys.prefix inside it.
    public var prefix: String
    public var configFile: String
    /// pyvenv.cfg's `home`: the folder of the interpreter the venv was made from.
    public var home: String?
    /// pyvenv.cfg's `executable` (written by venv since 3.11), else the
    /// executable in `home` with the same name.
    public var baseExecutable: String?
    /// pyvenv.cfg's `version` (venv) or `version_info` (uv, virtualenv).
    public var version: String?
    /// pyvenv.cfg's `include-system-site-packages`.
    public var includesSystemSitePackages: Bool

    public init(prefix: String, configFile: String, home: String?, baseExecutable: String?, version: String?,
                includesSystemSitePackages: Bool) {
        self.prefix = prefix
        self.configFile = configFile
        self.home = home
        self.baseExecutable = baseExecutable
        self.version = version
        self.includesSystemSitePackages = includesSystemSitePackages
    }

    /// What looking for a venv around an executable path found.
    public enum Lookup: Sendable, Equatable {
        /// No pyvenv.cfg: a plain interpreter.
        case none
        case venv(VirtualEnvironment)
        /// A pyvenv.cfg CPython cannot start with; the reason is one line.
        case broken(prefix: String, reason: String)

        public var prefix: String? {
            switch self {
            case .none: nil
            case .venv(let venv): venv.prefix
            case .broken(let prefix, _): prefix
            }
        }
    }

    /// The pyvenv.cfg CPython reads for an executable path: beside it, or in
    /// the folder above (site.py's rule). The path is not resolved: a venv's
    /// python is usually a link to its base, and the link's own place decides.
    public static func configFile(forExecutable path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        for candidate in [folder + "/pyvenv.cfg", (folder as NSString).deletingLastPathComponent + "/pyvenv.cfg"] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue {
                return candidate
            }
        }
        return nil
    }

    public static func lookup(forExecutable path: String) -> Lookup {
        guard let file = configFile(forExecutable: path) else { return .none }
        // site.py makes the venv's folder the parent of the executable's folder,
        // wherever pyvenv.cfg was found.
        let prefix = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: file) else {
            return .broken(prefix: prefix, reason: "a venv whose \(file) cannot be read, so CPython cannot start in it; make it readable, or recreate the venv (`python3 -m venv --clear \(prefix)`)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .broken(prefix: prefix, reason: "a venv whose \(file) is not UTF-8 text, so CPython stops at start-up reading it; recreate the venv (`python3 -m venv --clear \(prefix)`)")
        }
        return .venv(parse(text, prefix: prefix, configFile: file, executableName: (path as NSString).lastPathComponent))
    }

    /// Reads pyvenv.cfg as site.py does: `key = value` lines, keys without case,
    /// lines without `=` ignored.
    static func parse(_ text: String, prefix: String, configFile: String, executableName: String) -> VirtualEnvironment {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if !key.isEmpty, values[key] == nil { values[key] = value }
        }
        let home = values["home"].flatMap { $0.isEmpty ? nil : $0 }
        return VirtualEnvironment(
            prefix: prefix, configFile: configFile, home: home,
            baseExecutable: values["executable"].flatMap { $0.isEmpty ? nil : $0 } ?? home.map { "\($0)/\(executableName)" },
            version: values["version"] ?? values["version_info"],
            includesSystemSitePackages: values["include-system-site-packages"]?.lowercased() == "true")
    }

    /// Why an executable of this venv cannot start, known before running it:
    /// its link ends at a file that is gone. Nil when the file is there.
    public func missingBaseReason(executable: String) -> String? {
        guard FileIdentity.of(executable) == nil, Self.isSymlink(executable) else { return nil }
        return baseGone(Self.finalTarget(of: executable))
    }

    /// A failed start of a venv's interpreter, said as the venv's problem when
    /// the base it was made from is gone (a venv made with --copies still has
    /// its executable, but not the standard library beside the base).
    public func explainStartFailure(_ reason: String) -> String {
        guard let home, !FileManager.default.fileExists(atPath: home) else { return reason }
        return baseGone(home) + " (it \(reason))"
    }

    private func baseGone(_ base: String) -> String {
        "a venv whose base interpreter \(base) no longer exists (deleted or moved); recreate it with an installed Python: `python3 -m venv --clear \(prefix)`"
    }

    static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// Follows links as far as they go and returns the last target, for naming
    /// the file a dangling link wanted.
    static func finalTarget(of path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
            current = FilePaths.normalized(current)
        }
        return current
    }
}
