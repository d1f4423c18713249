import Foundation

/// Where `pythons install` keeps things under PYTHONS_HOME. Everything is on
/// one file system, so the last step of an install is a rename.
public struct BuildFolders: Sendable, Equatable {
    public var home: String

    public init(environment: PythonsEnvironment) {
        home = environment.absolute(environment.pythonsHome)
    }

    /// Finished, verified installs, one prefix each (discovery scans their bin).
    public var installs: String { "\(home)/installs" }
    /// Downloaded tarballs and one unpacked tree per tarball.
    public var sources: String { "\(home)/sources" }
    /// Out-of-tree build folders, one per install name; kept after a failure.
    public var builds: String { "\(home)/build" }
    /// `make install DESTDIR=` targets, removed once moved into place.
    public var staging: String { "\(home)/staging" }
    /// Logs of builds that failed or were interrupted (a finished build's log
    /// moves into its install folder).
    public var logs: String { "\(home)/logs" }
    public var locks: String { "\(home)/locks" }
    /// Where a replaced or uninstalled install goes before it is deleted, so
    /// that discovery never sees half of one.
    public var trash: String { "\(home)/trash" }
    /// ccache's masquerade links (gcc, cc, clang).
    public var ccacheLinks: String { "\(home)/cache/ccache-bin" }

    public func install(_ target: InstallTarget) -> String { "\(installs)/\(target.name)" }
    public func build(_ target: InstallTarget) -> String { "\(builds)/\(target.name)" }

    /// The unpacked tree of the tarball with this sum:
    /// sources/Python-3.13.5-93e583f243454e6e.
    public func sourceTree(version: PythonVersion, sha256: String) -> String {
        "\(sources)/Python-\(version)-\(sha256.prefix(16))"
    }

    /// An unpacked tree of this tarball, whatever version it turned out to be.
    public func existingSourceTree(sha256: String) -> String? {
        let suffix = "-\(sha256.prefix(16))"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? []
        return names.first { $0.hasPrefix("Python-") && $0.hasSuffix(suffix) }.map { "\(sources)/\($0)" }
    }

    /// Makes a fresh, empty, uniquely named folder inside `parent`.
    public func makeUniqueFolder(in parent: String, prefix: String) throws -> String {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var template = Array("\(parent)/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw PythonsError.failure("cannot create a folder in \(parent): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}

/// Every command and path of one build, decided before anything runs, so the
/// whole plan (configure flags per variant, make goals, the environment) is
/// tested without building.
public struct BuildPlan: Sendable, Equatable {
    public var target: InstallTarget
    public var sourceFolder: String
    public var buildFolder: String
    /// DESTDIR for `make install`.
    public var stagingFolder: String
    /// The final prefix, PYTHONS_HOME/installs/NAME.
    public var prefix: String
    public var configure: ConfigureCommand
    public var compile: MakeCommand
    public var install: MakeCommand
    public var environment: [String: String]
    /// The LLVM tools a JIT build checked before it started; nil otherwise.
    public var llvm: LLVMToolsCheck?

    public init(target: InstallTarget, folders: BuildFolders, sourceFolder: String, stagingFolder: String,
                options: BuildOptions, jobs: Int, toolchain: BuildToolchain, environment: [String: String],
                llvm: LLVMToolsCheck? = nil) {
        self.target = target
        self.sourceFolder = sourceFolder
        buildFolder = folders.build(target)
        self.stagingFolder = stagingFolder
        prefix = folders.install(target)
        self.llvm = llvm
        let llvmArguments = llvm?.requirement.configureArguments(installPrefix: "\(buildFolder)/\(Self.llvmPrefixName)") ?? []
        configure = ConfigureCommand(sourceFolder: sourceFolder, buildFolder: buildFolder, prefix: prefix,
                                     variant: target.variant, options: options, pythonForRegen: toolchain.pythonForRegen,
                                     llvmArguments: llvmArguments)
        compile = MakeCommand(make: toolchain.make, buildFolder: buildFolder, goal: .build(jobs: jobs))
        install = MakeCommand(make: toolchain.make, buildFolder: buildFolder, goal: .install(destination: stagingFolder))
        self.environment = environment
    }

    /// The folder inside the build folder whose bin/ links to the checked LLVM
    /// tools, for a 3.15+ configure's LLVM_TOOLS_INSTALL_DIR.
    static let llvmPrefixName = "pythons-llvm"

    /// Makes what configure expects beside it: the LLVM prefix of a 3.15+ JIT
    /// build. Run once the (emptied) build folder exists.
    public func prepareBuildFolder() throws {
        if let llvm, llvm.requirement.configurable {
            try llvm.makeInstallPrefix(at: "\(buildFolder)/\(Self.llvmPrefixName)")
        }
    }

    /// The prefix as `make install` fills it inside the staging folder.
    public var stagedPrefix: String { stagingFolder + prefix }

    public var stagedExecutable: String {
        "\(stagedPrefix)/bin/\(target.variant.executableName(target.version))"
    }
}
