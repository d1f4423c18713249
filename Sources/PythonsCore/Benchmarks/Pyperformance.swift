import Foundation

/// The pyperformance package Pythons runs its suite from: one pinned version
/// from PyPI, fetched with pip into Pythons' own cache (never installed into
/// an interpreter being measured), and read from there: its MANIFEST, each
/// benchmark's pyproject/requirements, and its unmodified run_benchmark.py.
public struct PyperformancePackage: Sendable, Equatable {
    /// Pinned so that a suite's figures mean the same programs everywhere.
    public static let version = "1.14.0"
    public static var suiteName: String { "pyperformance \(version)" }

    /// The folder pip installed into (holding pyperformance/).
    public var root: String
    public var benchmarksFolder: String { "\(root)/pyperformance/data-files/benchmarks" }

    public init(root: String) { self.root = root }

    public static func folder(environment: PythonsEnvironment) -> String {
        "\(environment.cacheFolder)/pyperformance-\(version)"
    }

    /// Written last, so a fetch cut short is never taken for a package.
    static let completeMarker = ".pythons-complete"

    /// The cached package, fetched first if it is not there. `pythons` lists
    /// interpreters that may run pip, in order; the first with pip does.
    /// Two `pythons` fetching at once: one fetches, the other waits.
    public static func fetch(environment: PythonsEnvironment, runner: ProcessRunner, pythons: [String],
                             onFetch: @Sendable () -> Void = {}) async throws -> PyperformancePackage {
        let folder = folder(environment: environment)
        let package = PyperformancePackage(root: folder)
        if FileManager.default.fileExists(atPath: "\(folder)/\(completeMarker)") { return package }
        let lock = try await FileLock.acquire("\(environment.cacheFolder)/pyperformance.lock")
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: "\(folder)/\(completeMarker)") { return package }
        onFetch()
        let partial = "\(folder).partial"
        try? FileManager.default.removeItem(atPath: partial)
        var reasons: [String] = []
        for python in pythons {
            // Tied to Pythons (pip runs with --no-input): a killed pythons
            // leaves no download running.
            let request = ProcessRequest(executable: python, arguments: pipArguments(target: partial),
                                         environment: pipEnvironment(environment.variables), timeout: .seconds(600),
                                         lifelineInput: "")
            let outcome = try await runner.run(request)
            if outcome.succeeded {
                do {
                    try? FileManager.default.removeItem(atPath: folder)
                    try FileManager.default.moveItem(atPath: partial, toPath: folder)
                    try Data().write(to: URL(fileURLWithPath: "\(folder)/\(completeMarker)"))
                } catch {
                    throw PythonsError.failure("cannot place pyperformance in \(folder): \(error.localizedDescription)")
                }
                return package
            }
            reasons.append("\(python): \(outcome.lastErrorLine ?? "\(outcome.termination)")")
            try? FileManager.default.removeItem(atPath: partial)
            if outcome.standardError.contains("No module named pip") { continue }
            // pip ran and failed (no network, no such version): another
            // interpreter's pip would fail the same way.
            break
        }
        throw PythonsError.failure(
            "cannot fetch \(suiteName) from PyPI with pip: "
                + (reasons.isEmpty ? "no interpreter to run pip" : reasons.joined(separator: "; ")),
            details: ["Pythons runs `python -m pip install --target \(folder) pyperformance==\(version)` with the first interpreter that has pip; check the network, or give an interpreter with pip in --python."])
    }

    /// pip into a folder of its own: nothing is installed into the
    /// interpreter running pip, and no dependency (pyperf included) comes
    /// along, since the scripts run through Pythons' stand-in.
    static func pipArguments(target: String) -> [String] {
        ["-m", "pip", "install", "--no-deps", "--no-compile", "--disable-pip-version-check", "--no-input",
         "--quiet", "--target", target, "pyperformance==\(version)"]
    }

    /// The user's environment (pip's own configuration, proxies), without
    /// the settings that would change how the interpreter itself runs.
    static func pipEnvironment(_ variables: [String: String]) -> [String: String] {
        variables.filter { !["PYTHON_GIL", "PYTHON_JIT", "PYTHONHOME", "PYTHONPATH"].contains($0.key) }
    }
}

/// What the package's MANIFEST and metadata say about each benchmark.
public struct PyperformanceCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Codable {
        /// The manifest's name: "nbody", "pickle_pure_python".
        public var name: String
        public var script: String
        /// The script's options for this benchmark (`extra_opts`).
        public var arguments: [String]
        public var tags: [String]
        /// Requirements beyond pyperf (pyproject dependencies, and the pins
        /// of requirements.txt).
        public var thirdParty: [String]
        /// The lowest Python it runs on (`requires-python = ">=3.8"`).
        public var minimumPython: PythonVersion?
        /// Times whole processes (Runner.bench_command), which the stand-in
        /// does not run.
        public var timesCommands: Bool

        /// Why the suite leaves it out by default; nil when it runs on the
        /// standard library alone.
        public var skipReason: String? {
            if timesCommands {
                return "times whole processes with Runner.bench_command, which Pythons' pyperf stand-in does not run"
            }
            if !thirdParty.isEmpty {
                return "needs \(thirdParty.joined(separator: ", ")), beyond the standard library"
            }
            return nil
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Reads the package's MANIFEST ([benchmarks]: name, then `<local>` for
    /// bm_NAME/pyproject.toml or `<local:BASE>` for bm_BASE/bm_NAME.toml,
    /// which inherits from bm_BASE/pyproject.toml).
    public init(package: PyperformancePackage) throws(PythonsError) {
        let folder = package.benchmarksFolder
        guard let manifest = try? String(contentsOfFile: "\(folder)/MANIFEST", encoding: .utf8) else {
            throw .failure("\(folder)/MANIFEST is missing: remove \(package.root) so that Pythons fetches pyperformance again")
        }
        var entries: [Entry] = []
        for (name, metafile) in Self.manifestEntries(manifest) {
            let base: String, variant: String?
            if metafile == "<local>" {
                base = name
                variant = nil
            } else if metafile.hasPrefix("<local:"), metafile.hasSuffix(">") {
                base = String(metafile.dropFirst("<local:".count).dropLast())
                variant = "\(folder)/bm_\(base)/bm_\(name).toml"
            } else {
                continue
            }
            let baseFolder = "\(folder)/bm_\(base)"
            let baseMetadata = MiniTOML.parse((try? String(contentsOfFile: "\(baseFolder)/pyproject.toml", encoding: .utf8)) ?? "")
            let variantMetadata = variant.map { MiniTOML.parse((try? String(contentsOfFile: $0, encoding: .utf8)) ?? "") } ?? [:]
            func value(_ section: String, _ key: String) -> MiniTOML.Value? {
                variantMetadata[section]?[key] ?? baseMetadata[section]?[key]
            }
            let runscript = value("tool.pyperformance", "runscript")?.string ?? "run_benchmark.py"
            let script = "\(baseFolder)/\(runscript)"
            let dependencies = (value("project", "dependencies")?.strings ?? [])
                .filter { !Self.requirementName($0).caseInsensitiveCompare("pyperf").isSame }
            let pins = ((try? String(contentsOfFile: "\(baseFolder)/requirements.txt", encoding: .utf8)) ?? "")
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            let scriptText = (try? String(contentsOfFile: script, encoding: .utf8)) ?? ""
            let tags = (value("tool.pyperformance", "tags")?.string ?? "")
                .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            entries.append(Entry(
                name: name, script: script, arguments: value("tool.pyperformance", "extra_opts")?.strings ?? [],
                tags: tags, thirdParty: pins.isEmpty ? dependencies : pins,
                minimumPython: value("project", "requires-python")?.string.flatMap(Self.minimumVersion),
                timesCommands: scriptText.contains(".bench_command(")))
        }
        self.entries = entries
    }

    /// The [benchmarks] table: (name, metafile) per line, comments and the
    /// header row left out.
    static func manifestEntries(_ text: String) -> [(String, String)] {
        var inBenchmarks = false
        var entries: [(String, String)] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                inBenchmarks = line == "[benchmarks]"
                continue
            }
            guard inBenchmarks else { continue }
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init)
            guard fields.count >= 2, fields[0] != "name" else { continue }
            entries.append((fields[0], fields[1]))
        }
        return entries
    }

    /// "pyyaml==6.0.1" → "pyyaml"; "dask[distributed]>=1" → "dask".
    static func requirementName(_ requirement: String) -> String {
        String(requirement.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }

    /// ">=3.8" → 3.8; other forms are not a floor Pythons checks.
    static func minimumVersion(_ specifier: String) -> PythonVersion? {
        let trimmed = specifier.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(">=") else { return nil }
        return PythonVersion(String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces))
    }

    /// The benchmarks that run on the standard library alone.
    public var runnable: [Entry] { entries.filter { $0.skipReason == nil } }

    /// What `pyperformance[:NAMES]` selects: with no names, every runnable
    /// benchmark; a name is a benchmark or a tag ("math", "serialize").
    /// Names that match nothing come back as `unknown`, to be reported while
    /// the others run.
    public func select(_ names: [String]) -> (entries: [Entry], unknown: [String]) {
        guard !names.isEmpty else { return (runnable, []) }
        var chosen: [Entry] = [], unknown: [String] = []
        for name in names {
            let matches = entries.filter { $0.name == name }
            let tagged = matches.isEmpty ? runnable.filter { $0.tags.contains(name) } : []
            if matches.isEmpty, tagged.isEmpty { unknown.append(name); continue }
            for entry in matches + tagged where !chosen.contains(where: { $0.name == entry.name }) { chosen.append(entry) }
        }
        return (chosen, unknown)
    }

    /// "no pyperformance benchmark or tag named 'x'", with the names that
    /// look like it; `validNames` lists them all.
    public func unknownNameMessage(_ name: String) -> String {
        let lowered = name.lowercased()
        let similar = entries.map(\.name).filter {
            $0.contains(lowered) || lowered.contains($0) || $0.hasPrefix(String(lowered.prefix(3))) || Self.editDistance($0, lowered) <= 2
        }
        return "no \(PyperformancePackage.suiteName) benchmark or tag named '\(name)'"
            + (similar.isEmpty ? "" : " (similar: \(similar.prefix(6).joined(separator: ", ")))")
    }

    /// Levenshtein distance: a typo ("nbdy", "bnody") is one or two edits
    /// from the name meant.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Every benchmark and tag a selection may name, in one line.
    public var validNames: String {
        "\(PyperformancePackage.suiteName) benchmarks: " + entries.map(\.name).joined(separator: ", ")
            + "; tags: " + Set(entries.flatMap(\.tags)).sorted().joined(separator: ", ")
    }
}

private extension ComparisonResult {
    var isSame: Bool { self == .orderedSame }
}

/// The part of TOML that pyperformance's metadata files use: [section]
/// headers, and key = "string" or key = ["string", ...] (arrays may span
/// lines). Enough to read them without a TOML library; anything else is
/// ignored.
enum MiniTOML {
    enum Value: Equatable {
        case string(String)
        case strings([String])
        case other

        var string: String? { if case .string(let text) = self { text } else { nil } }
        var strings: [String]? {
            switch self {
            case .strings(let items): items
            case .string(let text): [text]
            case .other: nil
            }
        }
    }

    static func parse(_ text: String) -> [String: [String: Value]] {
        var sections: [String: [String: Value]] = [:]
        var section = ""
        var pending: (key: String, text: String)?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if var open = pending {
                open.text += " " + line
                if brackets(open.text) <= 0 {
                    sections[section, default: [:]][open.key] = value(open.text)
                    pending = nil
                } else {
                    pending = open
                }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]"), !line.contains("=") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("["), brackets(rest) > 0 {
                pending = (key, rest)
            } else {
                sections[section, default: [:]][key] = value(rest)
            }
        }
        return sections
    }

    private static func brackets(_ text: String) -> Int {
        var depth = 0, quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if quoted { continue }
            if character == "[" { depth += 1 }
            if character == "]" { depth -= 1 }
        }
        return depth
    }

    private static func value(_ text: String) -> Value {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") { return .strings(quotedStrings(trimmed)) }
        if trimmed.hasPrefix("\"") { return quotedStrings(trimmed).first.map(Value.string) ?? .other }
        return .other
    }

    /// Every "..." in the text, in order (no escapes: these files have none).
    private static func quotedStrings(_ text: String) -> [String] {
        var items: [String] = []
        var current: String?
        for character in text {
            if character == "\"" {
                if let finished = current { items.append(finished); current = nil } else { current = "" }
            } else if current != nil {
                current!.append(character)
            } else if character == "#" {
                break
            }
        }
        return items
    }
}
