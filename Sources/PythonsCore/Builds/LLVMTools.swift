import Foundation

/// The LLVM a CPython JIT build needs: exactly one major version per CPython
/// feature version (Tools/jit/_llvm.py), and the tools its build scripts run.
public struct LLVMRequirement: Sendable, Equatable, Codable {
    public var major: Int
    /// Tools the build cannot do without.
    public var requiredTools: [String]
    /// Tools that are used when present.
    public var optionalTools: [String]
    /// Where `major` came from when it is not the version's default:
    /// "LLVM_VERSION=20 in the environment" (3.15 reads it; 3.13 and 3.14 do not).
    public var versionSource: String?
    /// Whether configure takes LLVM_VERSION and LLVM_TOOLS_INSTALL_DIR (a
    /// prefix whose bin/ holds clang, llvm-readobj, ...): from 3.15.
    public var configurable: Bool

    public init(major: Int, requiredTools: [String] = ["clang", "llvm-readobj"], optionalTools: [String] = ["llvm-objdump"],
                versionSource: String? = nil, configurable: Bool = false) {
        self.major = major
        self.requiredTools = requiredTools
        self.optionalTools = optionalTools
        self.versionSource = versionSource
        self.configurable = configurable
    }

    /// CPython's `_LLVM_VERSION` per feature version: 18 for 3.13, 19 for
    /// 3.14, 21 for 3.15.
    public static let defaultMajor: [Int: Int] = [13: 18, 14: 19, 15: 21]

    /// nil for a CPython without a JIT (before 3.13) or one newer than
    /// Pythons knows. `environment` matters from 3.15 on, whose configure
    /// reads LLVM_VERSION (a number: the major version to use instead).
    public static func forCPython(_ version: PythonVersion, environment: [String: String] = [:]) -> LLVMRequirement? {
        guard version.major == 3, let major = defaultMajor[version.minor] else { return nil }
        guard version.minor >= 15 else { return LLVMRequirement(major: major) }
        // 3.15's Tools/jit also dumps the JIT's unwind information; whether it
        // cannot build without llvm-dwarfdump is not known here, so it is
        // looked for and linked, never demanded.
        var requirement = LLVMRequirement(major: major, optionalTools: ["llvm-objdump", "llvm-dwarfdump"], configurable: true)
        if let chosen = environment["LLVM_VERSION"]?.trimmingCharacters(in: .whitespaces), !chosen.isEmpty {
            let leading = chosen.split(separator: ".").first.flatMap { Int($0) }
            if let leading, leading != major {
                requirement.major = leading
                requirement.versionSource = "LLVM_VERSION=\(chosen) in the environment"
            }
        }
        return requirement
    }

    /// "clang-18 and llvm-readobj-18".
    public var requiredNames: String {
        requiredTools.map { "\($0)-\(major)" }.joined(separator: " and ")
    }

    /// The arguments a 3.15+ configure gets so that the build uses exactly the
    /// tools Pythons checked: LLVM_VERSION, and LLVM_TOOLS_INSTALL_DIR naming a
    /// prefix whose bin/ links to them (see `LLVMToolsCheck.makeInstallPrefix`).
    /// Empty before 3.15, whose configure has neither.
    public func configureArguments(installPrefix: String) -> [String] {
        configurable ? ["LLVM_VERSION=\(major)", "LLVM_TOOLS_INSTALL_DIR=\(installPrefix)"] : []
    }
}

/// Where each LLVM tool was found, or which are missing.
public struct LLVMToolsCheck: Sendable, Equatable, Codable {
    public var requirement: LLVMRequirement
    /// Tool name ("clang") → the executable found for it.
    public var found: [String: String]
    /// Required tools not found at the right version, with what was seen.
    public var missing: [MissingTool]

    public struct MissingTool: Sendable, Equatable, Codable {
        public var tool: String
        /// What was found instead ("clang is version 21"), if anything.
        public var seen: String?
    }

    public var isComplete: Bool { missing.isEmpty }

    /// Folders that hold the tools found: put on PATH for configure and make.
    public var folders: [String] {
        var result: [String] = []
        for path in found.values.sorted() {
            let folder = (path as NSString).deletingLastPathComponent
            if !result.contains(folder) { result.append(folder) }
        }
        return result
    }

    /// One line saying what is missing and how to get it.
    public func missingMessage(for version: PythonVersion) -> String {
        let names = missing.map { "\($0.tool)-\(requirement.major)" }.joined(separator: " and ")
        let seen = missing.compactMap(\.seen)
        let seenText = seen.isEmpty ? "" : " (\(seen.joined(separator: "; ")))"
        let chosen = requirement.versionSource.map { " (\($0))" } ?? ""
        return "a JIT build of CPython \(version.featureVersion) needs LLVM \(requirement.major)\(chosen): \(names) not found on PATH\(seenText); install LLVM \(requirement.major) or pass --llvm-tools DIR"
    }

    /// Makes PREFIX/bin/TOOL a link to each tool found, for a 3.15+ configure's
    /// LLVM_TOOLS_INSTALL_DIR: it looks there first, by the unversioned name,
    /// so the build runs the tools that were checked and not, say, another
    /// clang of the same major version earlier on PATH.
    public func makeInstallPrefix(at prefix: String) throws {
        let manager = FileManager.default
        let bin = "\(prefix)/bin"
        try? manager.removeItem(atPath: prefix)
        try manager.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for (tool, path) in found.sorted(by: { $0.key < $1.key }) {
            try manager.createSymbolicLink(atPath: "\(bin)/\(tool)", withDestinationPath: path)
        }
    }
}

/// Looks for LLVM tools the way CPython's Tools/jit/_llvm.py does: a plain
/// `clang` of the right major version, else `clang-18`; an explicit folder
/// (--llvm-tools) is searched before PATH, and for a 3.15+ build the bin/ of
/// the environment's LLVM_TOOLS_INSTALL_DIR before both, as 3.15 does.
public struct LLVMToolLocator: Sendable {
    public var folders: [String]
    public var runner: ProcessRunner
    public var environment: [String: String]

    public init(extraFolder: String?, searchPath: [String], environment: [String: String], runner: ProcessRunner) {
        self.folders = (extraFolder.map { [$0] } ?? []) + searchPath
        self.runner = runner
        self.environment = environment
    }

    /// The folders searched for this requirement, in order.
    public func searchFolders(for requirement: LLVMRequirement) -> [String] {
        guard requirement.configurable, let prefix = environment["LLVM_TOOLS_INSTALL_DIR"], !prefix.isEmpty else { return folders }
        return ["\(prefix)/bin"] + folders
    }

    public func check(_ requirement: LLVMRequirement) async -> LLVMToolsCheck {
        var found: [String: String] = [:]
        var missing: [LLVMToolsCheck.MissingTool] = []
        let folders = searchFolders(for: requirement)
        for tool in requirement.requiredTools + requirement.optionalTools {
            var seen: String?
            var located: String?
            search: for folder in folders {
                for name in ["\(tool)-\(requirement.major)", tool] {
                    let path = "\(folder)/\(name)"
                    guard FilePaths.isExecutable(path) else { continue }
                    switch await majorVersion(of: path) {
                    case .some(requirement.major):
                        located = path
                        break search
                    case .some(let other):
                        if seen == nil { seen = "\(path) is version \(other)" }
                    case .none:
                        if seen == nil { seen = "\(path) does not start" }
                    }
                }
            }
            if let located {
                found[tool] = located
            } else if requirement.requiredTools.contains(tool) {
                missing.append(.init(tool: tool, seen: seen))
            }
        }
        return LLVMToolsCheck(requirement: requirement, found: found, missing: missing)
    }

    /// The major version an LLVM tool reports with --version
    /// ("clang version 18.1.8", "LLVM version 18.1.8"), or nil when it does
    /// not start or says no version.
    func majorVersion(of path: String) async -> Int? {
        let request = ProcessRequest(executable: path, arguments: ["--version"], environment: environment,
                                     timeout: .seconds(20), outputLimit: 1 << 16)
        guard let outcome = try? await runner.run(request), outcome.succeeded else { return nil }
        return Self.majorVersion(inVersionOutput: outcome.standardOutput)
    }

    static func majorVersion(inVersionOutput text: String) -> Int? {
        guard let range = text.range(of: #"version (\d+)\."#, options: .regularExpression) else { return nil }
        let digits = text[range].dropFirst("version ".count).prefix { $0.isNumber }
        return Int(digits)
    }
}
