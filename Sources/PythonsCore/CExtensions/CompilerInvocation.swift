import Foundation

/// What an interpreter says its extensions are built with (ext_toolchain.py).
public struct ExtensionToolchain: Sendable, Codable, Equatable {
    /// sysconfig CC split into words: ["gcc"], ["ccache", "gcc"], ["clang", "-pthread"].
    public var compiler: [String]
    public var includeDirs: [String]
    /// Where Python.h is, or nil when the headers are missing.
    public var pythonH: String?
    public var extSuffix: String
    public var extensionSuffixes: [String]
    /// platform.system(): "Linux", "Darwin".
    public var system: String

    enum CodingKeys: String, CodingKey {
        case compiler, includeDirs = "include_dirs", pythonH = "python_h", extSuffix = "ext_suffix"
        case extensionSuffixes = "extension_suffixes", system
    }

    public init(compiler: [String], includeDirs: [String], pythonH: String?, extSuffix: String,
                extensionSuffixes: [String], system: String) {
        self.compiler = compiler
        self.includeDirs = includeDirs
        self.pythonH = pythonH
        self.extSuffix = extSuffix
        self.extensionSuffixes = extensionSuffixes
        self.system = system
    }
}

/// The compiler to run: the interpreter's own when it is on this machine.
public struct CompilerChoice: Sendable, Equatable, Codable {
    /// Program and leading arguments: ["ccache", "gcc"].
    public var words: [String]
    /// Set when this is not what the interpreter was built with, and why.
    public var note: String?

    /// The interpreter's CC when its program can be found; a missing ccache
    /// in front is dropped; otherwise the first of cc, gcc, clang on PATH.
    /// Nil when there is no C compiler at all.
    public static func resolve(configured: [String], searchPath: [String]) -> CompilerChoice? {
        var words = configured
        var notes: [String] = []
        if words.first == "ccache", locate("ccache", in: searchPath) == nil {
            words.removeFirst()
            notes.append("ccache is not installed, so it is left out")
        }
        if let program = words.first, locate(program, in: searchPath) != nil {
            return CompilerChoice(words: words, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        }
        let wanted = words.first ?? "(none)"
        for fallback in ["cc", "gcc", "clang"] where locate(fallback, in: searchPath) != nil {
            notes.append("this interpreter was built with \(wanted), which is not on this machine; using \(fallback)")
            return CompilerChoice(words: [fallback] + words.dropFirst(), note: notes.joined(separator: "; "))
        }
        return nil
    }

    /// The executable a program name runs: itself when it holds a '/', else
    /// the first match on the search path.
    public static func locate(_ program: String, in searchPath: [String]) -> String? {
        if program.contains("/") { return FilePaths.isExecutable(program) ? program : nil }
        return searchPath.lazy.map { "\($0)/\(program)" }.first { FilePaths.isExecutable($0) && !isFolder($0) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}

/// One compiler run that builds a one-file extension, as the seed builds it:
/// `gcc greeter.c -shared -fPIC -O3 $(python3.13t-config --includes) -o OUT`.
public struct CompilerInvocation: Sendable, Equatable, Codable {
    public var compiler: [String]
    public var source: String
    public var includeDirs: [String]
    /// "Linux", "Darwin": macOS needs the Python symbols resolved at load time.
    public var system: String
    public var output: String

    /// The seed's flags.
    public static let flags = ["-shared", "-fPIC", "-O3"]

    public init(compiler: [String], source: String, includeDirs: [String], system: String, output: String) {
        self.compiler = compiler
        self.source = source
        self.includeDirs = includeDirs
        self.system = system
        self.output = output
    }

    public var executable: String { compiler[0] }

    public var arguments: [String] {
        var arguments = Array(compiler.dropFirst())
        arguments.append(source)
        arguments += Self.flags
        arguments += includeDirs.map { "-I\($0)" }
        if system == "Darwin" { arguments += ["-undefined", "dynamic_lookup"] }
        arguments += ["-o", output]
        return arguments
    }

    /// The command as a user could paste it into a shell.
    public var commandLine: String {
        ([executable] + arguments).map(ShellQuoting.quote).joined(separator: " ")
    }

    /// The module's file name: NAME + EXT_SUFFIX.
    public static func outputName(module: String, extSuffix: String) -> String {
        module + extSuffix
    }

    public func processRequest(environment: [String: String], timeout: Duration = .seconds(300)) -> ProcessRequest {
        ProcessRequest(executable: CompilerChoice.locate(executable, in: PythonsEnvironment(variables: environment).searchPath) ?? executable,
                       arguments: arguments, environment: environment, timeout: timeout)
    }
}

