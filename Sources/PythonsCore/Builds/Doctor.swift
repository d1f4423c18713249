import Foundation

/// `pythons doctor`: what this machine can build, and what is missing, each
/// missing thing with the way to get it.
public struct DoctorReport: Sendable, Codable, Equatable {
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

    public init(environment: PythonsEnvironment, runner: ProcessRunner = ProcessRunner(), llvmToolsFolder: String? = nil) {
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
    ]

    public func run() async -> DoctorReport {
        var checks: [DoctorReport.Check] = []
        let path = BuildEnvironment.cleanSearchPath(environment)

        // Compiler and make, the way `install` finds them.
        var compilerPath: String?
        var toolchain: BuildToolchain?
        do {
            toolchain = try await BuildToolchain.locate(environment: environment, catalog: nil, useCcache: true, runner: runner)
        } catch {
            checks.append(.init(name: "C compiler and make", status: .missing, detail: error.message,
                                fix: "install a C compiler and make (Debian: apt install build-essential)"))
        }
        if let toolchain {
            let program = BuildToolchain.program(inCompilerCommand: toolchain.compiler)
            compilerPath = Executables.find(program, in: path)
            checks.append(.init(name: "C compiler", status: .ok, detail: "\(toolchain.compiler): \(toolchain.compilerVersion)", fix: nil))
            checks.append(.init(name: "make", status: .ok, detail: toolchain.make, fix: nil))
        }
        let basics = ["tar": "tar", "xz": "xz-utils"]
        for (tool, package) in basics.sorted(by: { $0.key < $1.key }) {
            if let found = Executables.find(tool, in: path) {
                checks.append(.init(name: tool, status: .ok, detail: found, fix: nil))
            } else {
                checks.append(.init(name: tool, status: .missing, detail: "not on PATH; needed to unpack source tarballs",
                                    fix: "install \(tool) (Debian: apt install \(package))"))
            }
        }
        if let found = Executables.find("sha256sum", in: path) ?? Executables.find("shasum", in: path) {
            checks.append(.init(name: "sha256sum", status: .ok, detail: found, fix: nil))
        } else {
            checks.append(.init(name: "sha256sum", status: .missing, detail: "neither sha256sum nor shasum is on PATH; tarballs cannot be verified",
                                fix: "install coreutils"))
        }
        if let found = Executables.find("curl", in: path) {
            checks.append(.init(name: "curl", status: .ok, detail: found, fix: nil))
        } else {
            checks.append(.init(name: "curl", status: .warning, detail: "not on PATH: releases cannot be downloaded",
                                fix: "install curl, or pass --source FILE to pythons install"))
        }
        if let found = Executables.find("ccache", in: path) {
            checks.append(.init(name: "ccache", status: .ok, detail: "\(found) (rebuilds reuse compiled files)", fix: nil))
        } else {
            checks.append(.init(name: "ccache", status: .warning, detail: "not on PATH: every build compiles from scratch",
                                fix: "optional: install ccache to make rebuilds fast"))
        }

        let catalog = await InterpreterCatalog.discover(environment: environment)
        let regen = BuildToolchain.pythonForRegen(environment: environment, catalog: catalog)
        if let regen {
            checks.append(.init(name: "Python for the build", status: .ok, detail: "\(regen) (PYTHON_FOR_REGEN)", fix: nil))
        } else {
            checks.append(.init(name: "Python for the build", status: .warning,
                                detail: "no CPython 3.11 or newer found; JIT builds need one to generate their templates",
                                fix: "install python3.11 or newer, or set PYTHON_FOR_REGEN"))
        }

        if let compilerPath {
            checks += await headerResults(compiler: compilerPath)
        }
        checks.append(diskSpace())

        // LLVM per CPython version with a JIT.
        let locator = LLVMToolLocator(extraFolder: llvmToolsFolder.map { FilePaths.absolute($0, home: environment.userHome) },
                                      searchPath: path, environment: environment.variables, runner: runner)
        var llvmChecks: [(minor: Int, check: LLVMToolsCheck)] = []
        for minor in [13, 14, 15] {
            let requirement = LLVMRequirement.forCPython(PythonVersion(3, minor, 0))!
            let check = await locator.check(requirement)
            llvmChecks.append((minor, check))
            if check.isComplete {
                checks.append(.init(name: "LLVM \(requirement.major) (3.\(minor) JIT)", status: .ok,
                                    detail: check.found.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", "), fix: nil))
            } else {
                checks.append(.init(name: "LLVM \(requirement.major) (3.\(minor) JIT)", status: .warning,
                                    detail: "missing \(check.missing.map { "\($0.tool)-\(requirement.major)" }.joined(separator: ", "))\(check.missing.compactMap(\.seen).isEmpty ? "" : " (" + check.missing.compactMap(\.seen).joined(separator: "; ") + ")")",
                                    fix: "install LLVM \(requirement.major) (clang-\(requirement.major), llvm-\(requirement.major)) or pass --llvm-tools DIR"))
            }
        }

        let essentialsMissing = checks.filter { $0.status == .missing }.map(\.name)
        var capabilities: [DoctorReport.Capability] = []
        for (minor, llvm) in llvmChecks {
            let base = "3.\(minor)"
            let blocked = essentialsMissing.isEmpty ? nil : "missing: \(essentialsMissing.joined(separator: ", "))"
            for spelling in [base, base + "t", base + "+tier2"] {
                capabilities.append(.init(build: spelling, possible: blocked == nil, reason: blocked))
            }
            var jitReason = blocked
            if jitReason == nil, !llvm.isComplete {
                jitReason = "needs " + llvm.missing.map { "\($0.tool)-\(llvm.requirement.major)" }.joined(separator: " and ")
            } else if jitReason == nil, regen == nil {
                jitReason = "needs a CPython 3.11+ to run its build scripts"
            }
            capabilities.append(.init(build: base + "j", possible: jitReason == nil, reason: jitReason))
        }
        return DoctorReport(schemaVersion: 1, checks: checks, capabilities: capabilities)
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
