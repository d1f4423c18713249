/// What a user may choose about a build beyond its variant; an install is the
/// same build again only when these match (the no-op check compares them).
public struct BuildOptions: Sendable, Hashable, Codable {
    /// --enable-optimizations (profile-guided optimization).
    public var pgo: Bool
    /// --with-lto.
    public var lto: Bool
    /// --configure-arg values, in order.
    public var extraConfigureArguments: [String]

    public init(pgo: Bool = false, lto: Bool = false, extraConfigureArguments: [String] = []) {
        self.pgo = pgo
        self.lto = lto
        self.extraConfigureArguments = extraConfigureArguments
    }

    /// "--pgo --lto --configure-arg X", for messages.
    public var commandLineText: String {
        var words: [String] = []
        if pgo { words.append("--pgo") }
        if lto { words.append("--lto") }
        for argument in extraConfigureArguments { words.append("--configure-arg \(argument)") }
        return words.isEmpty ? "no options" : words.joined(separator: " ")
    }
}

/// CPython's `configure`, run in a build folder outside the source tree (an
/// out-of-tree build), so one extracted tree serves every variant.
public struct ConfigureCommand: Sendable, Equatable {
    public var sourceFolder: String
    public var buildFolder: String
    /// The final install prefix. Scripts and sysconfig data record it, so it is
    /// the real destination even though `make install` writes into a staging
    /// folder (DESTDIR) first.
    public var prefix: String
    public var variant: InstallVariant
    public var options: BuildOptions
    /// A Python 3.11+ for the build's code generators (the JIT's stencils);
    /// configure would otherwise pick whatever python3.x is first on PATH,
    /// which may be a pyenv shim that fails.
    public var pythonForRegen: String?
    /// LLVM_VERSION and LLVM_TOOLS_INSTALL_DIR for a 3.15+ JIT build
    /// (`LLVMRequirement.configureArguments`); empty otherwise.
    public var llvmArguments: [String]

    public init(sourceFolder: String, buildFolder: String, prefix: String, variant: InstallVariant,
                options: BuildOptions = BuildOptions(), pythonForRegen: String? = nil, llvmArguments: [String] = []) {
        self.sourceFolder = sourceFolder
        self.buildFolder = buildFolder
        self.prefix = prefix
        self.variant = variant
        self.options = options
        self.pythonForRegen = pythonForRegen
        self.llvmArguments = llvmArguments
    }

    public var executable: String { "\(sourceFolder)/configure" }

    public var arguments: [String] {
        var arguments = ["--prefix=\(prefix)"]
        arguments += variant.configureFlags
        if options.pgo { arguments.append("--enable-optimizations") }
        if options.lto { arguments.append("--with-lto") }
        arguments += options.extraConfigureArguments
        arguments += llvmArguments
        if let pythonForRegen { arguments.append("PYTHON_FOR_REGEN=\(pythonForRegen)") }
        return arguments
    }

    /// Whether the extra arguments leave a JIT build's JIT off until
    /// PYTHON_JIT=1 turns it on.
    public var jitOffByDefault: Bool {
        options.extraConfigureArguments.contains("--enable-experimental-jit=yes-off")
    }

    /// Tied to Pythons by the lifeline (configure reads no stdin: it points
    /// its own at /dev/null), so a killed `pythons install` leaves no
    /// configure behind.
    public func request(environment: [String: String]) -> ProcessRequest {
        ProcessRequest(executable: executable, arguments: arguments, environment: environment,
                       workingDirectory: buildFolder, lifelineInput: "")
    }
}

/// `make` in the build folder: compiling (`make -j N`) or installing into a
/// staging folder (`make install DESTDIR=...`).
public struct MakeCommand: Sendable, Equatable {
    public enum Goal: Sendable, Equatable {
        case build(jobs: Int)
        /// Installs under `destination` + prefix, so nothing reaches the real
        /// prefix before the build is verified.
        case install(destination: String)
    }

    public var make: String
    public var buildFolder: String
    public var goal: Goal

    public init(make: String = "make", buildFolder: String, goal: Goal) {
        self.make = make
        self.buildFolder = buildFolder
        self.goal = goal
    }

    public var arguments: [String] {
        switch goal {
        case .build(let jobs): ["-j\(jobs)"]
        case .install(let destination): ["install", "DESTDIR=\(destination)"]
        }
    }

    /// Tied to Pythons by the lifeline, so a killed `pythons install` leaves
    /// no make or compiler behind (the compilers share make's process group).
    public func request(environment: [String: String]) -> ProcessRequest {
        ProcessRequest(executable: make, arguments: arguments, environment: environment, workingDirectory: buildFolder,
                       lifelineInput: "")
    }
}
