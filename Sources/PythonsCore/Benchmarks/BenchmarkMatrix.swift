/// The configurations a run measures: every interpreter × GIL setting × JIT
/// setting × thread count that applies, each labelled as the seed labels it.
public struct BenchmarkMatrix: Sendable {
    /// An interpreter to measure, and whether the user named it (`--python`)
    /// or it was found by default.
    public struct Candidate: Sendable {
        public var interpreter: Interpreter
        public var requested: Bool

        public init(interpreter: Interpreter, requested: Bool) {
            self.interpreter = interpreter
            self.requested = requested
        }
    }

    public var configurations: [ConfigurationRun]
    /// Combinations skipped because a build cannot run them, said out loud.
    public var notes: [RunNote]

    /// Builds the matrix. `gil` and `jit` are the values asked for (empty:
    /// the build's default). A value that a build cannot take is skipped for
    /// that build with a note; a build that can take none of the values asked
    /// for is a usage error when the user named it, and skipped otherwise.
    /// On builds without free threading "GIL on" is simply how they run, and
    /// on builds without tier 2 "JIT off" is; those run with nothing set.
    public init(candidates: [Candidate], gil: [RuntimeSettings.Switch], jit: [RuntimeSettings.Switch],
                threads: [Int?], cores: Int) throws(PythonsError) {
        var configurations: [ConfigurationRun] = []
        var notes: [RunNote] = []
        for candidate in candidates {
            let interpreter = candidate.interpreter
            let facts = interpreter.facts
            let gilChoices = Self.choices(gil, applies: facts.freeThreadedBuild, nativeValue: .on)
            let jitChoices = Self.choices(jit, applies: facts.tier2 == .present, nativeValue: .off)
            var skipped: [String] = []
            if !gilChoices.skipped.isEmpty { skipped.append("--gil \(gilChoices.skipped.map(\.rawValue).joined(separator: ","))") }
            if !jitChoices.skipped.isEmpty { skipped.append("--jit \(jitChoices.skipped.map(\.rawValue).joined(separator: ","))") }
            if gilChoices.values.isEmpty || jitChoices.values.isEmpty {
                let settings = RuntimeSettings(gil: gilChoices.values.isEmpty ? gilChoices.skipped.first : nil,
                                               jit: jitChoices.values.isEmpty ? jitChoices.skipped.first : nil)
                if candidate.requested {
                    try settings.validate(for: interpreter)
                }
                notes.append(.skippedBuild(interpreter: interpreter.displayName, settings: skipped))
                continue
            }
            if !skipped.isEmpty {
                notes.append(.skippedSettings(interpreter: interpreter.displayName, settings: skipped))
            }
            var seen = Set<RuntimeSettings>()
            for gilValue in gilChoices.values {
                for jitValue in jitChoices.values {
                    let settings = RuntimeSettings(gil: gilValue, jit: jitValue)
                    guard seen.insert(settings).inserted else { continue }
                    for threadCount in threads {
                        configurations.append(Self.configuration(interpreter, settings: settings, threads: threadCount))
                    }
                }
            }
        }
        Self.disambiguate(&configurations)
        if let most = threads.compactMap({ $0 }).max(), most > cores {
            notes.append(.threadsBeyondCores(cores: cores))
        }
        self.configurations = configurations
        self.notes = notes
    }

    /// The values that apply to a build, and those that do not. Where the
    /// switch does not exist on a build, its one native value applies, run
    /// with nothing set (nil).
    static func choices(_ asked: [RuntimeSettings.Switch], applies: Bool, nativeValue: RuntimeSettings.Switch)
        -> (values: [RuntimeSettings.Switch?], skipped: [RuntimeSettings.Switch]) {
        if asked.isEmpty { return ([nil], []) }
        if applies { return (asked.map { $0 }, []) }
        let skipped = asked.filter { $0 != nativeValue }
        return (asked.contains(nativeValue) ? [nil] : [], skipped)
    }

    static func configuration(_ interpreter: Interpreter, settings: RuntimeSettings, threads: Int?) -> ConfigurationRun {
        let facts = interpreter.facts
        var pythonLabel = facts.shortName
        if facts.freeThreadedBuild {
            let gilOn = settings.gil.map { $0 == .on } ?? facts.gilEnabled
            pythonLabel += " (GIL \(gilOn ? "on" : "off"))"
        }
        var jitLabel = "unsupported"
        var label = pythonLabel
        if facts.tier2 == .present {
            let on = settings.jit.map { $0 == .on } ?? defaultTier2On(facts)
            jitLabel = on ? "on" : "off"
            let name = facts.jitBuild ? "JIT" : "tier 2"
            label = facts.freeThreadedBuild
                ? String(pythonLabel.dropLast()) + ", \(name) \(jitLabel))"
                : pythonLabel + " (\(name) \(jitLabel))"
        }
        return ConfigurationRun(label: label, pythonLabel: pythonLabel, jitLabel: jitLabel, threads: threads,
                                interpreter: InterpreterSnapshot(interpreter), settings: settings)
    }

    /// Whether tier 2 runs when PYTHON_JIT is not set: the build's default
    /// (the probe ran with -E, so the environment did not sway it).
    static func defaultTier2On(_ facts: InterpreterFacts) -> Bool {
        if let active = facts.uopOptimizerActive { return active }
        return (facts.tier2Flags ?? 0) & 2 == 0
    }

    /// Two interpreters with one short name (pyenv's 3.13.0 and an installed
    /// 3.13.5) get their full versions, then their paths, in the labels.
    static func disambiguate(_ configurations: inout [ConfigurationRun]) {
        func clashes(_ configurations: [ConfigurationRun]) -> Set<String> {
            var pathsByLabel: [String: Set<String>] = [:]
            for configuration in configurations {
                pathsByLabel[configuration.label, default: []].insert(configuration.interpreter.path)
            }
            return Set(pathsByLabel.filter { $0.value.count > 1 }.keys)
        }
        let first = clashes(configurations)
        for index in configurations.indices where first.contains(configurations[index].label) {
            let snapshot = configurations[index].interpreter
            let full = snapshot.version + String(snapshot.shortName.dropFirst(snapshot.shortName.prefix { $0.isNumber || $0 == "." }.count))
            configurations[index].rename(from: snapshot.shortName, to: full)
        }
        let second = clashes(configurations)
        for index in configurations.indices where second.contains(configurations[index].label) {
            let path = configurations[index].interpreter.path
            configurations[index].label += " [\(path)]"
            configurations[index].pythonLabel += " [\(path)]"
        }
    }
}

extension ConfigurationRun {
    mutating func rename(from shortName: String, to name: String) {
        guard label.hasPrefix(shortName) else { return }
        label = name + label.dropFirst(shortName.count)
        pythonLabel = name + pythonLabel.dropFirst(shortName.count)
    }
}

/// `--threads`: "1,2,4", "1...8" or a mix ("1,2,4...6").
public enum ThreadCounts {
    public static let limit = 1024

    public static func parse(_ text: String) throws(PythonsError) -> [Int] {
        var counts: [Int] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let range = piece.range(of: "...") {
                let low = try count(String(piece[..<range.lowerBound]), in: text)
                let high = try count(String(piece[range.upperBound...]), in: text)
                guard low <= high else {
                    throw .usage("--threads \(text): the range \(piece) runs backwards; write \(high)...\(low)")
                }
                counts += Array(low...high)
            } else {
                counts.append(try count(piece, in: text))
            }
        }
        var unique: [Int] = []
        for value in counts where !unique.contains(value) { unique.append(value) }
        return unique
    }

    private static func count(_ piece: String, in text: String) throws(PythonsError) -> Int {
        guard let value = Int(piece) else {
            throw .usage("--threads \(text): '\(piece)' is not a thread count; write counts like 1,2,4 or a range like 1...8")
        }
        guard value >= 1 else { throw .usage("--threads \(text): a thread count must be at least 1") }
        guard value <= limit else { throw .usage("--threads \(text): at most \(limit) threads") }
        return value
    }
}
