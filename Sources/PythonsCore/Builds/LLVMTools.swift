import Foundation

/// The LLVM a CPython JIT build needs: exactly one major version per CPython
/// feature version (cpython-facts.md), and the tools its build scripts run.
public struct LLVMRequirement: Sendable, Equatable, Codable {
    public var major: Int
    /// Tools the build cannot do without.
    public var requiredTools: [String]
    /// Tools that are used when present.
    public var optionalTools: [String]

    /// nil for a CPython without a JIT (before 3.13) or one newer than
    /// Pythons knows.
    public static func forCPython(_ version: PythonVersion) -> LLVMRequirement? {
        guard version.major == 3 else { return nil }
        let major: Int? = switch version.minor {
        case 13: 18
        case 14: 19
        case 15: 21
        default: nil
        }
        return major.map { LLVMRequirement(major: $0, requiredTools: ["clang", "llvm-readobj"], optionalTools: ["llvm-objdump"]) }
    }

    /// "clang-18 and llvm-readobj-18".
    public var requiredNames: String {
        requiredTools.map { "\($0)-\(major)" }.joined(separator: " and ")
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
        return "a JIT build of CPython \(version.featureVersion) needs LLVM \(requirement.major): \(names) not found on PATH\(seenText); install LLVM \(requirement.major) or pass --llvm-tools DIR"
    }
}

/// Looks for LLVM tools the way CPython's Tools/jit/_llvm.py does: a plain
/// `clang` of the right major version, else `clang-18`; an explicit folder
/// (--llvm-tools) is searched before PATH.
public struct LLVMToolLocator: Sendable {
    public var folders: [String]
    public var runner: ProcessRunner
    public var environment: [String: String]

    public init(extraFolder: String?, searchPath: [String], environment: [String: String], runner: ProcessRunner = ProcessRunner()) {
        self.folders = (extraFolder.map { [$0] } ?? []) + searchPath
        self.runner = runner
        self.environment = environment
    }

    public func check(_ requirement: LLVMRequirement) async -> LLVMToolsCheck {
        var found: [String: String] = [:]
        var missing: [LLVMToolsCheck.MissingTool] = []
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
