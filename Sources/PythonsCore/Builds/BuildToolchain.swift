import Foundation

/// The programs a CPython build runs: a C compiler (through ccache when it is
/// there), make, and a Python for the build's code generators. Found once,
/// before any work, so that a missing one is a one-line message rather than a
/// failed build ten minutes in.
public struct BuildToolchain: Sendable, Equatable, Codable {
    /// The compiler configure will find: the CC variable, else gcc, cc, clang.
    public var compiler: String
    /// First line of `compiler --version`.
    public var compilerVersion: String
    public var make: String
    /// The ccache executable, when compiles go through it.
    public var ccache: String?
    public var pythonForRegen: String?

    /// "gcc (Debian 12.2.0-14) 12.2.0 via ccache": what the manifest records.
    public var compilerDescription: String {
        compilerVersion + (ccache == nil ? "" : " via ccache")
    }

    /// Finds the tools. `catalog` supplies the Python for regeneration (never
    /// a pyenv shim: discovery reads pyenv's versions directly).
    public static func locate(environment: PythonsEnvironment, catalog: InterpreterCatalog?,
                              useCcache: Bool, runner: ProcessRunner) async throws(PythonsError) -> BuildToolchain {
        let path = BuildEnvironment.cleanSearchPath(environment)
        let userCompiler = environment.variables["CC"].flatMap { $0.isEmpty ? nil : $0 }
        let compiler: String
        if let userCompiler {
            compiler = userCompiler
        } else if let found = ["gcc", "cc", "clang"].first(where: { Executables.find($0, in: path) != nil }) {
            compiler = found
        } else {
            throw .failure("no C compiler found (gcc, cc or clang on PATH); install one, for example `apt install build-essential`")
        }
        guard let make = Executables.find("make", in: path) ?? Executables.find("gmake", in: path) else {
            throw .failure("make not found on PATH; install it, for example `apt install make`")
        }
        let compilerProgram = Self.program(inCompilerCommand: compiler)
        let compilerPath = compilerProgram.hasPrefix("/") ? compilerProgram : Executables.find(compilerProgram, in: path)
        var version = compiler
        if let compilerPath,
           let outcome = try? await runner.run(ProcessRequest(executable: compilerPath, arguments: ["--version"],
                                                               environment: environment.variables, timeout: .seconds(30))),
           outcome.succeeded,
           let first = outcome.standardOutput.split(whereSeparator: \.isNewline).first {
            version = String(first)
        } else if compilerPath == nil {
            throw .failure("the C compiler \(compiler) (from CC) is not on PATH")
        }
        // ccache only for a compiler found by name: the masquerade links carry
        // that name, so the installed Python's sysconfig still says plain
        // `gcc` and building extensions later never needs ccache.
        let ccache = useCcache && userCompiler == nil ? Executables.find("ccache", in: path) : nil
        return BuildToolchain(compiler: compiler, compilerVersion: version, make: make, ccache: ccache,
                              pythonForRegen: pythonForRegen(environment: environment, catalog: catalog))
    }

    /// The compiler program in a CC value: "gcc" in "ccache gcc -m64".
    public static func program(inCompilerCommand command: String) -> String {
        let words = command.split(separator: " ").map(String.init)
        return words.first { !["ccache", "sccache", "distcc"].contains(($0 as NSString).lastPathComponent) } ?? command
    }

    /// PYTHON_FOR_REGEN as the user set it, else the newest final CPython 3.11+
    /// with the GIL (a free-threaded one would do, but stock is the safe pick).
    static func pythonForRegen(environment: PythonsEnvironment, catalog: InterpreterCatalog?) -> String? {
        if let chosen = environment.variables["PYTHON_FOR_REGEN"], !chosen.isEmpty { return chosen }
        return catalog?.interpreters
            .filter { $0.isCPython && $0.version >= PythonVersion(3, 11, 0) && $0.version.prerelease == nil && !$0.facts.freeThreadedBuild }
            .max { lhs, rhs in
                if lhs.version != rhs.version { return lhs.version < rhs.version }
                // At one version prefer the machine's own over Pythons' installs,
                // which `--force` may be replacing.
                return lhs.isManaged && !rhs.isManaged
            }?.path
    }
}

/// The environment configure and make run with.
public enum BuildEnvironment {
    /// PATH without pyenv's shim folders: configure probes python3.x names on
    /// PATH, and a shim for a version that is not selected fails mid-build.
    public static func cleanSearchPath(_ environment: PythonsEnvironment) -> [String] {
        environment.searchPath.filter { folder in
            !(folder == environment.pyenvRoot + "/shims" || folder.hasSuffix("/.pyenv/shims") || folder.hasSuffix("/pyenv-virtualenv/shims"))
        }
    }

    /// The parent's variables without PYTHON* settings that would change how
    /// the build's own Python runs, with `leadingFolders` put first on PATH
    /// (ccache's masquerade links, LLVM tools). A 3.15+ JIT build gets its
    /// LLVM_VERSION and LLVM_TOOLS_INSTALL_DIR as configure arguments instead
    /// (`LLVMRequirement.configureArguments`).
    public static func variables(_ environment: PythonsEnvironment, leadingFolders: [String]) -> [String: String] {
        var variables = environment.variables.filter { key, _ in !RuntimeSettings.isInterpreterVariable(key) }
        variables["PATH"] = (leadingFolders + cleanSearchPath(environment)).joined(separator: ":")
        return variables
    }

    /// A folder of links named gcc, cc and clang pointing at ccache, which
    /// then runs the real compiler of that name found later on PATH.
    public static func ccacheMasquerade(ccache: String, in folder: String) throws -> String {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["gcc", "cc", "clang"] {
            let link = "\(folder)/\(name)"
            if (try? manager.destinationOfSymbolicLink(atPath: link)) == ccache { continue }
            try? manager.removeItem(atPath: link)
            try manager.createSymbolicLink(atPath: link, withDestinationPath: ccache)
        }
        return folder
    }
}

public enum Executables {
    /// The first executable file of that name in the folders, or nil.
    public static func find(_ name: String, in folders: [String]) -> String? {
        if name.contains("/") { return FilePaths.isExecutable(name) ? name : nil }
        for folder in folders {
            let path = "\(folder)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FilePaths.isExecutable(path) {
                return path
            }
        }
        return nil
    }
}
