import Foundation

/// `pythons doctor`: what this machine can build, and what is missing, each
/// missing thing with the way to get it. As text, see DoctorRendering.
public struct DoctorReport: CommandOutput, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Present and working.
        case ok
        /// Absent, and builds cannot go without it (or the feature it names).
        case missing
        /// Absent or limited; builds still work, with less.
        case warning
    }

    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var status: Status
        /// What was found, or what is missing.
        public var detail: String
        /// What to do about it; nil when nothing needs doing.
        public var fix: String?
    }

    /// One kind of build and whether this machine can make it.
    public struct Capability: Sendable, Codable, Equatable {
        /// "3.13t": the request spelling, with the feature version.
        public var build: String
        public var possible: Bool
        public var reason: String?
    }

    public var schemaVersion: Int
    public var checks: [Check]
    public var capabilities: [Capability]

    /// Whether any build at all is possible (the exit code of `doctor`).
    public var canBuildAnything: Bool { capabilities.contains(where: \.possible) }
}

public struct Doctor: Sendable {
    public var environment: PythonsEnvironment
    public var runner: ProcessRunner
    /// --llvm-tools, searched before PATH.
    public var llvmToolsFolder: String?

    public init(environment: PythonsEnvironment, runner: ProcessRunner, llvmToolsFolder: String? = nil) {
        self.environment = environment
        self.runner = runner
        self.llvmToolsFolder = llvmToolsFolder
    }

    /// Optional modules whose headers the build looks for: (module, header,
    /// Debian package, what goes missing without it).
    static let headerChecks: [(module: String, header: String, package: String, consequence: String)] = [
        ("zlib", "zlib.h", "zlib1g-dev", "no zlib module, so ensurepip cannot install pip"),
        ("ssl", "openssl/ssl.h", "libssl-dev", "no ssl module, so pip cannot reach PyPI"),
        ("ctypes", "ffi.h", "libffi-dev", "no ctypes module"),
        ("sqlite3", "sqlite3.h", "libsqlite3-dev", "no sqlite3 module"),
        ("bz2", "bzlib.h", "libbz2-dev", "no bz2 module"),
        ("lzma", "lzma.h", "liblzma-dev", "no lzma module"),
        ("readline", "readline/readline.h", "libreadline-dev", "no line editing in the REPL"),
        ("curses", "ncurses.h", "libncurses-dev", "no curses module"),
        ("uuid", "uuid/uuid.h", "uuid-dev", "uuid uses a slower fallback"),
        ("dbm", "gdbm.h", "libgdbm-dev libgdbm-compat-dev", "no dbm.gnu or dbm.ndbm modules"),
        ("zstd", "zstd.h", "libzstd-dev", "no compression.zstd module in CPython 3.14 and newer"),
    ]

    public func run() async -> DoctorReport {
        let path = BuildEnvironment.cleanSearchPath(environment)
        let (compilerPath, compilerChecks) = await compilerAndMake(path: path)
        var checks = compilerChecks + Self.tools(path: path)
        let regen = BuildToolchain.pythonForRegen(environment: environment, catalog: await InterpreterCatalog.discover(environment: environment, runner: runner))
        checks.append(Self.pythonForRegen(regen))
        if let compilerPath {
            checks += await headerResults(compiler: compilerPath)
        }
        checks.append(diskSpace())
        let llvmChecks = await llvmPerVersion(path: path)
        checks += llvmChecks.map { Self.llvmCheck($0.check, minor: $0.minor) }
        let capabilities = Self.capabilities(llvm: llvmChecks, missing: checks.filter { $0.status == .missing }.map(\.name),
                                             hasRegen: regen != nil)
        return DoctorReport(schemaVersion: 1, checks: checks, capabilities: capabilities)
    }

    /// The compiler and make, the way `install` finds them, and the
    /// compiler's path for the header checks.
    func compilerAndMake(path: [String]) async -> (String?, [DoctorReport.Check]) {
        do {
            let toolchain = try await BuildToolchain.locate(environment: environment, catalog: nil, useCcache: true, runner: runner)
            let program = BuildToolchain.program(inCompilerCommand: toolchain.compiler)
            return (Executables.find(program, in: path), [
                .init(name: "C compiler", status: .ok, detail: "\(toolchain.compiler): \(toolchain.compilerVersion)", fix: nil),
                .init(name: "make", status: .ok, detail: toolchain.make, fix: nil),
            ])
        } catch {
            return (nil, [.init(name: "C compiler and make", status: .missing, detail: error.message,
                                fix: "install a C compiler and make (Debian: apt install build-essential)")])
        }
    }

    /// Unpacking, verifying and downloading tarballs, and ccache.
    static func tools(path: [String]) -> [DoctorReport.Check] {
        var checks: [DoctorReport.Check] = []
        for (tool, package) in [("tar", "tar"), ("xz", "xz-utils")] {
            checks.append(Executables.find(tool, in: path).map { .init(name: tool, status: .ok, detail: $0, fix: nil) }
                ?? .init(name: tool, status: .missing, detail: "not on PATH; needed to unpack source tarballs",
                         fix: "install \(tool) (Debian: apt install \(package))"))
        }
        checks.append((Executables.find("sha256sum", in: path) ?? Executables.find("shasum", in: path))
            .map { .init(name: "sha256sum", status: .ok, detail: $0, fix: nil) }
            ?? .init(name: "sha256sum", status: .missing, detail: "neither sha256sum nor shasum is on PATH; tarballs cannot be verified",
                     fix: "install coreutils"))
        checks.append(Executables.find("curl", in: path).map { .init(name: "curl", status: .ok, detail: $0, fix: nil) }
            ?? .init(name: "curl", status: .warning, detail: "not on PATH: releases cannot be downloaded",
                     fix: "install curl, or pass --source FILE to pythons install"))
        checks.append(Executables.find("ccache", in: path).map { .init(name: "ccache", status: .ok, detail: "\($0) (rebuilds reuse compiled files)", fix: nil) }
            ?? .init(name: "ccache", status: .warning, detail: "not on PATH: every build compiles from scratch",
                     fix: "optional: install ccache to make rebuilds fast"))
        return checks
    }

    static func pythonForRegen(_ regen: String?) -> DoctorReport.Check {
        guard let regen else {
            return .init(name: "Python for the build", status: .warning,
                         detail: "no CPython 3.11 or newer found; JIT builds need one to generate their templates",
                         fix: "install python3.11 or newer, or set PYTHON_FOR_REGEN")
        }
        return .init(name: "Python for the build", status: .ok, detail: "\(regen) (PYTHON_FOR_REGEN)", fix: nil)
    }

    /// The LLVM each CPython version's JIT needs, looked for once per version.
    func llvmPerVersion(path: [String]) async -> [(minor: Int, check: LLVMToolsCheck)] {
        let locator = LLVMToolLocator(extraFolder: llvmToolsFolder.map { environment.absolute($0) },
                                      searchPath: path, environment: environment.variables, runner: runner)
        var checks: [(minor: Int, check: LLVMToolsCheck)] = []
        for minor in LLVMRequirement.defaultMajor.keys.sorted() {
            let requirement = LLVMRequirement.forCPython(PythonVersion(3, minor, 0), environment: environment.variables)!
            checks.append((minor, await locator.check(requirement)))
        }
        return checks
    }

    /// Which builds of each version this machine can make, and why not.
    static func capabilities(llvm: [(minor: Int, check: LLVMToolsCheck)], missing: [String], hasRegen: Bool) -> [DoctorReport.Capability] {
        var capabilities: [DoctorReport.Capability] = []
        let blocked = missing.isEmpty ? nil : "missing: \(missing.joined(separator: ", "))"
        for (minor, check) in llvm {
            let base = "3.\(minor)"
            for spelling in [base, base + "t", base + "+tier2"] {
                capabilities.append(.init(build: spelling, possible: blocked == nil, reason: blocked))
            }
            var jitReason = blocked
            if jitReason == nil, !check.isComplete {
                jitReason = "needs " + check.missing.map { "\($0.tool)-\(check.requirement.major)" }.joined(separator: " and ")
            } else if jitReason == nil, !hasRegen {
                jitReason = "needs a CPython 3.11+ to run its build scripts"
            }
            capabilities.append(.init(build: base + "j", possible: jitReason == nil, reason: jitReason))
        }
        return capabilities
    }

    static func llvmCheck(_ check: LLVMToolsCheck, minor: Int) -> DoctorReport.Check {
        let requirement = check.requirement
        let chosen = requirement.versionSource.map { ", \($0)" } ?? ""
        let name = "LLVM \(requirement.major) (3.\(minor) JIT\(chosen))"
        let optionalMissing = requirement.optionalTools.filter { check.found[$0] == nil }.map { "\($0)-\(requirement.major)" }
        let optionalNote = optionalMissing.isEmpty ? "" : "; optional \(optionalMissing.joined(separator: ", ")) not found"
        if check.isComplete {
            let found = (requirement.requiredTools + requirement.optionalTools).compactMap { check.found[$0] }
            return .init(name: name, status: .ok, detail: found.joined(separator: ", ") + optionalNote, fix: nil)
        }
        let missing = check.missing.map { "\($0.tool)-\(requirement.major)" }.joined(separator: ", ")
        let seen = check.missing.compactMap(\.seen)
        let prefixHint = requirement.configurable ? ", set LLVM_TOOLS_INSTALL_DIR to an LLVM \(requirement.major) prefix" : ""
        return .init(name: name, status: .warning,
                     detail: "needs \(requirement.requiredNames); missing \(missing)\(seen.isEmpty ? "" : " (" + seen.joined(separator: "; ") + ")")",
                     fix: "install LLVM \(requirement.major) (clang-\(requirement.major), llvm-\(requirement.major))\(prefixHint) or pass --llvm-tools DIR")
    }

    /// Compiles `#include <header>` with the preprocessor only, for each header.
    func headerResults(compiler: String) async -> [DoctorReport.Check] {
        guard let scratch = try? BuildFolders(environment: environment).makeUniqueFolder(in: NSTemporaryDirectory(), prefix: "pythons-doctor") else {
            return []
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let found = await withTaskGroup(of: (Int, Bool).self) { group in
            for (index, check) in Self.headerChecks.enumerated() {
                let file = "\(scratch)/\(check.module).c"
                try? "#include <\(check.header)>\n".write(toFile: file, atomically: true, encoding: .utf8)
                group.addTask {
                    let outcome = try? await runner.run(ProcessRequest(
                        executable: compiler, arguments: ["-E", file, "-o", "/dev/null"],
                        environment: environment.variables, timeout: .seconds(30)))
                    return (index, outcome?.succeeded ?? false)
                }
            }
            var results: [Int: Bool] = [:]
            for await (index, ok) in group { results[index] = ok }
            return results
        }
        return Self.headerChecks.enumerated().map { index, check in
            found[index] == true
                ? .init(name: "\(check.module) headers", status: .ok, detail: check.header, fix: nil)
                : .init(name: "\(check.module) headers", status: .warning, detail: "\(check.header) not found: \(check.consequence)",
                        fix: "install the headers (Debian: apt install \(check.package))")
        }
    }

    /// A build needs about 1.5 GB: the unpacked source, a build folder and the
    /// install (about 400 MB).
    func diskSpace() -> DoctorReport.Check {
        let home = BuildFolders(environment: environment).home
        var probe = home
        while !FileManager.default.fileExists(atPath: probe), probe != "/" { probe = (probe as NSString).deletingLastPathComponent }
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: probe),
              let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value else {
            return .init(name: "disk space", status: .warning, detail: "cannot tell the free space at \(probe)", fix: nil)
        }
        let gigabytes = Double(free) / 1_073_741_824
        let text = String(format: "%.1f GB free at %@", gigabytes, environment.abbreviate(probe))
        return gigabytes >= 2
            ? .init(name: "disk space", status: .ok, detail: text, fix: nil)
            : .init(name: "disk space", status: .warning, detail: text + "; a build needs about 1.5 GB",
                    fix: "free some space, or point PYTHONS_HOME elsewhere")
    }
}
