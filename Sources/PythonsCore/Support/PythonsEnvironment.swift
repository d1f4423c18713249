import Foundation

/// Everything a command reads from the world around it: environment variables,
/// the user's home folder and Pythons' own folders. Commands receive one value
/// of this type instead of reading globals, so tests can point every folder at a
/// temporary one.
public struct PythonsEnvironment: Sendable {
    /// The process environment the command was started with.
    public var variables: [String: String]
    public var userHome: String
    /// The folder the command was started in (where `list` looks for `.venv`).
    public var currentDirectory: String

    public init(variables: [String: String] = ProcessInfo.processInfo.environment,
                userHome: String? = nil, currentDirectory: String? = nil) {
        self.variables = variables
        self.userHome = userHome ?? variables["HOME"] ?? NSHomeDirectory()
        self.currentDirectory = currentDirectory ?? FileManager.default.currentDirectoryPath
    }

    /// PYTHONS_HOME, else ~/.local/share/pythons: installs, the probe cache and
    /// the results database live here.
    public var pythonsHome: String {
        nonEmpty("PYTHONS_HOME") ?? "\(userHome)/.local/share/pythons"
    }

    /// Folder of interpreters that `pythons install` built.
    public var installsFolder: String { "\(pythonsHome)/installs" }

    /// Folder of caches that can be deleted at any time.
    public var cacheFolder: String { "\(pythonsHome)/cache" }

    /// PYENV_ROOT, else ~/.pyenv.
    public var pyenvRoot: String {
        nonEmpty("PYENV_ROOT") ?? "\(userHome)/.pyenv"
    }

    /// UV_PYTHON_INSTALL_DIR, else ~/.local/share/uv/python.
    public var uvPythonFolder: String {
        nonEmpty("UV_PYTHON_INSTALL_DIR") ?? "\(userHome)/.local/share/uv/python"
    }

    /// PYTHONS_BIN, else ~/.local/bin: where `install --link` puts names.
    public var linkFolder: String {
        nonEmpty("PYTHONS_BIN") ?? "\(userHome)/.local/bin"
    }

    public var searchPath: [String] {
        (variables["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// A path as the user wrote it (~/..., relative to the current folder),
    /// made absolute.
    public func absolute(_ path: String) -> String {
        FilePaths.absolute(path, home: userHome, from: currentDirectory)
    }

    /// Shortens a path under the home folder to ~/... for human output.
    public func abbreviate(_ path: String) -> String {
        guard !userHome.isEmpty, userHome != "/", path.hasPrefix(userHome + "/") else { return path }
        return "~" + path.dropFirst(userHome.count)
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}
