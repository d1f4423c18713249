import Foundation

/// Where a candidate interpreter was found.
public enum DiscoverySource: String, Sendable, Codable, Comparable, CaseIterable {
    /// Given on the command line (--python PATH).
    case explicit = "--python"
    /// The active virtual environment (VIRTUAL_ENV, set by its activate script).
    case virtualEnv = "VIRTUAL_ENV"
    /// A `.venv` folder in the current folder (uv's and Poetry's habit).
    case localVenv = ".venv"
    /// Built by `pythons install` under PYTHONS_HOME/installs.
    case pythons
    case path = "PATH"
    case pyenv
    case uv

    /// Earlier sources win when one executable is found in several places.
    var priority: Int { DiscoverySource.allCases.firstIndex(of: self)! }

    public static func < (lhs: DiscoverySource, rhs: DiscoverySource) -> Bool { lhs.priority < rhs.priority }
}

/// A file that may be a Python interpreter, before it is probed.
public struct Candidate: Sendable, Hashable {
    public var path: String
    public var source: DiscoverySource

    public init(path: String, source: DiscoverySource) {
        self.path = path
        self.source = source
    }
}

/// Lists candidate interpreters from every place Pythons looks: PATH, pyenv's
/// versions folder, uv's managed folder, Pythons' own installs, the active
/// venv, `.venv` in the current folder and explicit paths. It only reads
/// folders; nothing is run here.
public struct InterpreterDiscovery: Sendable {
    public var environment: PythonsEnvironment

    public init(environment: PythonsEnvironment) {
        self.environment = environment
    }

    /// Candidates in priority order: explicit paths, the active venv, ./.venv,
    /// Pythons' installs, PATH in its order, pyenv, uv.
    public func candidates(explicitPaths: [String] = []) -> [Candidate] {
        var found: [Candidate] = explicitPaths.map { Candidate(path: $0, source: .explicit) }
        if let active = environment.variables["VIRTUAL_ENV"], !active.isEmpty {
            found += executables(in: environment.absolute(active) + "/bin", source: .virtualEnv)
        }
        found += executables(in: environment.currentDirectory + "/.venv/bin", source: .localVenv)
        for install in subfolders(of: environment.installsFolder) {
            found += executables(in: "\(install)/bin", source: .pythons)
        }
        for folder in environment.searchPath {
            found += executables(in: folder, source: .path)
        }
        // pyenv's shims are not run: they fail for versions that are not
        // selected, and the versions they point at are read directly here.
        for version in subfolders(of: "\(environment.pyenvRoot)/versions") {
            found += executables(in: "\(version)/bin", source: .pyenv)
        }
        for install in subfolders(of: environment.uvPythonFolder) {
            found += executables(in: "\(install)/bin", source: .uv)
        }
        return found
    }

    /// Whether a path is one of pyenv's shims (bash scripts that re-dispatch
    /// through `pyenv exec`).
    public func isPyenvShim(_ path: String) -> Bool {
        let shims = environment.pyenvRoot + "/shims/"
        return path.hasPrefix(shims) || (environment.searchPath.contains { $0.hasSuffix("/.pyenv/shims") && path.hasPrefix($0 + "/") })
    }

    /// Names that interpreters go by: python, python3, python3.13, python3.13t,
    /// python3.6m, python3.13j (the seed's JIT name), pypy3.10.
    public static func isInterpreterName(_ name: String) -> Bool {
        var rest = Substring(name)
        if rest.hasPrefix("python") { rest = rest.dropFirst(6) } else if rest.hasPrefix("pypy") { rest = rest.dropFirst(4) } else { return false }
        if let last = rest.last, "tdmj".contains(last), rest.count > 0, rest.dropLast().last?.isNumber == true {
            rest = rest.dropLast()
        }
        if rest.isEmpty { return true }
        guard rest.first!.isNumber, rest.last!.isNumber else { return false }
        return rest.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && !rest.contains("..")
    }

    private func subfolders(of folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().map { "\(folder)/\($0)" }.filter { isDirectory($0) }
    }

    private func executables(in folder: String, source: DiscoverySource) -> [Candidate] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter(Self.isInterpreterName).sorted().compactMap { name in
            let path = "\(folder)/\(name)"
            return isDirectory(path) ? nil : Candidate(path: path, source: source)
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
