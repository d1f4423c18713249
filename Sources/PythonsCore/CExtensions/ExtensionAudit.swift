import Foundation

/// An extension module file found under a folder, with the dotted name it is
/// imported under from `root` (the folder that goes on sys.path) and the
/// distribution that installed it, when its RECORD lists it.
public struct FoundExtension: Sendable, Equatable, Codable {
    public var path: String
    public var module: String
    public var root: String
    public var distribution: InstalledDistribution?

    public init(path: String, module: String, root: String, distribution: InstalledDistribution? = nil) {
        self.path = path
        self.module = module
        self.root = root
        self.distribution = distribution
    }
}

/// How one distribution's modules fared (`ext audit`'s summary per package).
public struct DistributionSummary: Sendable, Codable, Equatable {
    /// Nil for modules that no installed distribution lists.
    public var distribution: InstalledDistribution?
    public var modules: Int
    /// How many of its modules got each verdict (kinds that occurred).
    public var counts: [String: Int]
    public var allKeepTheGILOff: Bool
}

/// `pythons ext audit --format json` (docs/json.md).
public struct ExtensionAuditReport: CommandOutput, Codable, Equatable {
    public static let currentSchemaVersion = 2
    public var schemaVersion: Int
    public var interpreter: InterpreterReference
    public var folders: [String]
    public var results: [ExtensionCheckResult]
    /// How many modules got each verdict; every kind is present, zero or not.
    public var counts: [String: Int]
    /// Per distribution, in order of first appearance; modules of no
    /// distribution last.
    public var distributions: [DistributionSummary]
    /// One line each about what was audited: a folder that is not a
    /// site-packages of the interpreter, a wheel for another platform.
    public var notes: [String]
    /// How many modules were found; more than `results.count` when the audit
    /// was interrupted.
    public var found: Int
    /// False when the audit was interrupted: `results` holds those finished.
    public var complete: Bool

    public init(interpreter: InterpreterReference, folders: [String], results: [ExtensionCheckResult], found: Int? = nil,
                notes: [String] = []) {
        schemaVersion = Self.currentSchemaVersion
        self.interpreter = interpreter
        self.folders = folders
        self.results = results
        self.notes = notes
        self.found = found ?? results.count
        complete = results.count == self.found
        counts = Self.counts(results, everyKind: true)
        var order: [InstalledDistribution?] = []
        for result in results where !order.contains(result.distribution) { order.append(result.distribution) }
        order.sort { ($0 == nil ? 1 : 0) < ($1 == nil ? 1 : 0) }
        distributions = order.map { distribution in
            let own = results.filter { $0.distribution == distribution }
            return DistributionSummary(distribution: distribution, modules: own.count, counts: Self.counts(own, everyKind: false),
                                       allKeepTheGILOff: own.allSatisfy(\.passed))
        }
    }

    static func counts(_ results: [ExtensionCheckResult], everyKind: Bool) -> [String: Int] {
        var counts: [String: Int] = [:]
        for kind in ExtensionVerdict.Kind.allCases {
            let count = results.filter { $0.verdict.kind == kind }.count
            if everyKind || count > 0 { counts[kind.rawValue] = count }
        }
        return counts
    }

    public var allKeepTheGILOff: Bool { results.allSatisfy(\.passed) }
}

/// What an audit will check: the modules found and the notes about the folders.
public struct AuditPlan: Sendable, Equatable {
    public var folders: [String]
    public var extensions: [FoundExtension]
    public var notes: [String]
}

public enum ExtensionAudit {
    /// Finds the modules to audit in `folders` (the interpreter's
    /// site-packages when empty), with one note per folder that is not one of
    /// the interpreter's site-packages and per distribution whose wheel is for
    /// another platform.
    public static func plan(folders requested: [String], interpreter: Interpreter, environment: PythonsEnvironment) -> AuditPlan {
        let sitePackages = interpreter.facts.sitePackages.filter { FileManager.default.fileExists(atPath: $0) }
        let folders = requested.isEmpty ? sitePackages : requested
        var notes: [String] = []
        let own = Set(sitePackages.map(FilePaths.resolve))
        for folder in requested {
            let root = enclosingPackages(of: (folder as NSString).standardizingPath).root
            guard !own.contains(FilePaths.resolve(root)) else { continue }
            let shown = environment.abbreviate(folder)
            let own = interpreter.facts.sitePackages.map(environment.abbreviate).joined(separator: ", ")
            notes.append("\(shown) is not a site-packages of \(environment.abbreviate(interpreter.path)) (its own: \(own)): its modules are imported with \(environment.abbreviate(root)) first on sys.path")
        }
        let extensions = findExtensions(in: folders)
        var seen = Set<InstalledDistribution>()
        for distribution in extensions.compactMap(\.distribution) where seen.insert(distribution).inserted {
            if let mismatch = distribution.platformMismatch(machine: interpreter.facts.machine, system: interpreter.facts.system) {
                notes.append(mismatch)
            }
        }
        return AuditPlan(folders: folders, extensions: extensions, notes: notes)
    }

    /// Every extension module under the folders: files named NAME.TAG.so (or
    /// .pyd), and plain NAME.so files that define PyInit_NAME (which tells a
    /// module from a bundled shared library such as libopenblas.so).
    /// `__pycache__` and links to folders are skipped; each file is listed
    /// once. A folder inside a package (one with __init__.py) is audited under
    /// that package's name.
    public static func findExtensions(in folders: [String]) -> [FoundExtension] {
        var found: [FoundExtension] = []
        var seen = Set<String>()
        for folder in folders {
            let start = (folder as NSString).standardizingPath
            let (basePackages, packageRoot) = enclosingPackages(of: start)
            let index = DistributionIndex(folders: [packageRoot])
            guard let enumerator = FileManager.default.enumerator(atPath: start) else { continue }
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
                let path = start + "/" + relative
                guard seen.insert(FilePaths.resolve(path)).inserted else { continue }
                if name.tag == .none, !fileDefines("PyInit_\(name.moduleName)", path: path) { continue }
                let folders = (relative as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
                // Folders that are not packages (numpy.libs, foo-1.0.data) cannot
                // be imported through; such a file is loaded under its own name.
                let packages = folders.allSatisfy(isIdentifier) ? basePackages + folders : []
                found.append(FoundExtension(path: path, module: (packages + [name.moduleName]).joined(separator: "."),
                                            root: packages.isEmpty ? (path as NSString).deletingLastPathComponent : packageRoot,
                                            distribution: index.owner(of: path)))
            }
        }
        return found
    }

    /// The packages a folder is inside (each folder up that has an
    /// __init__.py), outermost first, and the folder above them: what goes on
    /// sys.path for `import PACKAGE.MODULE` to work.
    public static func enclosingPackages(of folder: String) -> (packages: [String], root: String) {
        var packages: [String] = []
        var current = (folder as NSString).standardizingPath
        while current != "/", FileManager.default.fileExists(atPath: current + "/__init__.py"),
              isIdentifier((current as NSString).lastPathComponent) {
            packages.insert((current as NSString).lastPathComponent, at: 0)
            current = (current as NSString).deletingLastPathComponent
        }
        return (packages, current)
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
                           timeout: Duration = ExtensionChecker.defaultTimeout,
                           runner: ProcessRunner,
                           progress: @escaping @Sendable (Int, ExtensionCheckResult) -> Void = { _, _ in }) async throws -> [ExtensionCheckResult] {
        try await withThrowingTaskGroup(of: (Int, ExtensionCheckResult).self) { group in
            var pending = extensions.enumerated().makeIterator()
            func startNext() {
                guard let (index, found) = pending.next() else { return }
                group.addTask {
                    let target = ExtensionTarget.file(path: found.path, module: found.module, root: found.root)
                    var result = try await ExtensionChecker.check(target, interpreter: interpreter, environment: environment,
                                                                  workingDirectory: found.root, timeout: timeout, runner: runner)
                    result.distribution = found.distribution
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
