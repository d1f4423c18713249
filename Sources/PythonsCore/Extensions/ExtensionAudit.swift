import Foundation

/// An extension module file found under a folder, with the dotted name it is
/// imported under from that folder.
public struct FoundExtension: Sendable, Equatable, Codable {
    public var path: String
    public var module: String
    public var root: String
}

/// `pythons ext audit --format json` (docs/json.md).
public struct ExtensionAuditReport: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var interpreter: InterpreterReference
    public var folders: [String]
    public var results: [ExtensionCheckResult]
    /// How many modules got each verdict; every kind is present, zero or not.
    public var counts: [String: Int]
    /// How many modules were found; more than `results.count` when the audit
    /// was interrupted.
    public var found: Int
    /// False when the audit was interrupted: `results` holds those finished.
    public var complete: Bool

    public init(interpreter: InterpreterReference, folders: [String], results: [ExtensionCheckResult], found: Int? = nil) {
        schemaVersion = Self.currentSchemaVersion
        self.interpreter = interpreter
        self.folders = folders
        self.results = results
        self.found = found ?? results.count
        complete = results.count == self.found
        counts = Dictionary(uniqueKeysWithValues: ExtensionVerdict.Kind.allCases.map { kind in
            (kind.rawValue, results.filter { $0.verdict.kind == kind }.count)
        })
    }

    public var allKeepTheGILOff: Bool { results.allSatisfy(\.passed) }
}

public enum ExtensionAudit {
    /// Every extension module under the folders: files named NAME.TAG.so (or
    /// .pyd), and plain NAME.so files that define PyInit_NAME (which tells a
    /// module from a bundled shared library such as libopenblas.so).
    /// `__pycache__` and links to folders are skipped; each file is listed once.
    public static func findExtensions(in folders: [String]) -> [FoundExtension] {
        var found: [FoundExtension] = []
        var seen = Set<String>()
        for folder in folders {
            let root = (folder as NSString).standardizingPath
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            var relativePaths: [String] = []
            while let relative = enumerator.nextObject() as? String {
                if (relative as NSString).lastPathComponent == "__pycache__" {
                    enumerator.skipDescendants()
                    continue
                }
                relativePaths.append(relative)
            }
            for relative in relativePaths.sorted() {
                let fileName = (relative as NSString).lastPathComponent
                guard let name = ExtensionFileName(fileName) else { continue }
                let path = root + "/" + relative
                guard seen.insert(FilePaths.resolve(path)).inserted else { continue }
                if name.tag == .none, !fileDefines("PyInit_\(name.moduleName)", path: path) { continue }
                let folders = (relative as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
                // Folders that are not packages (numpy.libs, foo-1.0.data) cannot
                // be imported through; such a file is loaded under its own name.
                let packages = folders.allSatisfy(isIdentifier) ? folders : []
                found.append(FoundExtension(path: path, module: (packages + [name.moduleName]).joined(separator: "."),
                                            root: packages.isEmpty ? (path as NSString).deletingLastPathComponent : root))
            }
        }
        return found
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }

    static func fileDefines(_ symbol: String, path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return data.range(of: Data(symbol.utf8)) != nil
    }

    /// Checks every module, each in its own interpreter process, a few at a
    /// time. Results keep the order of `extensions`; `progress` is told of
    /// each one as it finishes. When the task is cancelled (Ctrl-C), the
    /// results finished so far are returned, in order, without the rest.
    public static func run(_ extensions: [FoundExtension], interpreter: Interpreter, environment: PythonsEnvironment,
                           parallelism: Int = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)),
                           runner: ProcessRunner = ProcessRunner(),
                           progress: @escaping @Sendable (Int, ExtensionCheckResult) -> Void = { _, _ in }) async throws -> [ExtensionCheckResult] {
        try await withThrowingTaskGroup(of: (Int, ExtensionCheckResult).self) { group in
            var pending = extensions.enumerated().makeIterator()
            func startNext() {
                guard let (index, found) = pending.next() else { return }
                group.addTask {
                    let target = ExtensionTarget.file(path: found.path, module: found.module, root: found.root)
                    let result = try await ExtensionChecker.check(target, interpreter: interpreter, environment: environment,
                                                                  workingDirectory: found.root, runner: runner)
                    return (index, result)
                }
            }
            for _ in 0..<parallelism { startNext() }
            var results: [Int: ExtensionCheckResult] = [:]
            do {
                while let (index, result) = try await group.next() {
                    results[index] = result
                    progress(results.count, result)
                    if !Task.isCancelled { startNext() }
                }
            } catch is CancellationError {
                group.cancelAll()
            }
            return extensions.indices.compactMap { results[$0] }
        }
    }
}
