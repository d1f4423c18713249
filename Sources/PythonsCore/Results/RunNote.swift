import Foundation

/// Something a reader of a run must know that its samples do not say: a
/// combination skipped, how it was measured in blocks, which earlier runs it
/// was judged against. Notes are values with their data, stored with the
/// run (in the database's `notes` column, as JSON) and worded by each output
/// (`RunNoteText`); figures are never stored in them but taken from the
/// run's analysis when a note is shown. Runs stored by an earlier Pythons
/// kept notes as sentences: those read back as `.text`.
public enum RunNote: Sendable, Equatable, Codable {
    /// A remark stored as words: every note of a run written before notes
    /// had kinds.
    case text(String)
    /// No CPython 3.12 or newer was found, so the newest CPython 3 here was
    /// measured instead.
    case newestInterpreterOnly(interpreter: String)
    /// A build that cannot take any of the settings asked for was left out.
    case skippedBuild(interpreter: String, settings: [String])
    /// A build ran only the settings it can take; these were left out.
    case skippedSettings(interpreter: String, settings: [String])
    /// Thread counts beyond the machine's cores.
    case threadsBeyondCores(cores: Int)
    /// A configuration's interpreter did not start under its settings.
    case failedToStart(configuration: String, reason: String)
    /// Sampling ended before every configuration met its stopping rule.
    case samplingStopped(SamplingStop)
    /// The interleaved design was repeated in blocks (`--runs K`).
    case blocks([RunBlock])
    /// This machine's earlier runs of the same configurations, which give
    /// the intervals across runs.
    case history(RunHistory)
    /// The pythons process measuring the run ended without finishing it
    /// (killed): found when the database was next opened.
    case ownerEnded(pid: Int)
    /// `-n` was not given for a seed workload: this size was chosen for this
    /// machine, on this interpreter (WorkloadSizing).
    case sizedWorkload(n: Int, interpreter: String)

    public var isSizedWorkload: Bool {
        if case .sizedWorkload = self { true } else { false }
    }

    public enum SamplingStop: String, Sendable, Codable {
        /// --max-time ran out.
        case outOfTime = "out-of-time"
        case interrupted
        /// Every configuration either converged or failed, but some
        /// configuration's last block stopped short (a failure elsewhere).
        case stopped
    }

    private enum Kind: String, Codable {
        case text, newestInterpreterOnly = "newest-interpreter-only", skippedBuild = "skipped-build",
             skippedSettings = "skipped-settings", threadsBeyondCores = "threads-beyond-cores",
             failedToStart = "failed-to-start", samplingStopped = "sampling-stopped", blocks, history,
             ownerEnded = "owner-ended", sizedWorkload = "sized-workload"
    }

    private enum CodingKeys: String, CodingKey {
        case kind, text, interpreter, settings, cores, configuration, reason, blocks, history, pid, n
    }

    public init(from decoder: any Decoder) throws {
        // Notes of runs stored before they had kinds are plain strings.
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self = .text(text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .text: self = .text(try container.decode(String.self, forKey: .text))
        case .newestInterpreterOnly: self = .newestInterpreterOnly(interpreter: try container.decode(String.self, forKey: .interpreter))
        case .skippedBuild:
            self = .skippedBuild(interpreter: try container.decode(String.self, forKey: .interpreter),
                                 settings: try container.decode([String].self, forKey: .settings))
        case .skippedSettings:
            self = .skippedSettings(interpreter: try container.decode(String.self, forKey: .interpreter),
                                    settings: try container.decode([String].self, forKey: .settings))
        case .threadsBeyondCores: self = .threadsBeyondCores(cores: try container.decode(Int.self, forKey: .cores))
        case .failedToStart:
            self = .failedToStart(configuration: try container.decode(String.self, forKey: .configuration),
                                  reason: try container.decode(String.self, forKey: .reason))
        case .samplingStopped: self = .samplingStopped(try container.decode(SamplingStop.self, forKey: .reason))
        case .blocks: self = .blocks(try container.decode([RunBlock].self, forKey: .blocks))
        case .history: self = .history(try container.decode(RunHistory.self, forKey: .history))
        case .ownerEnded: self = .ownerEnded(pid: try container.decode(Int.self, forKey: .pid))
        case .sizedWorkload:
            self = .sizedWorkload(n: try container.decode(Int.self, forKey: .n),
                                  interpreter: try container.decode(String.self, forKey: .interpreter))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try container.encode(Kind.text, forKey: .kind)
            try container.encode(text, forKey: .text)
        case .newestInterpreterOnly(let interpreter):
            try container.encode(Kind.newestInterpreterOnly, forKey: .kind)
            try container.encode(interpreter, forKey: .interpreter)
        case .skippedBuild(let interpreter, let settings):
            try container.encode(Kind.skippedBuild, forKey: .kind)
            try container.encode(interpreter, forKey: .interpreter)
            try container.encode(settings, forKey: .settings)
        case .skippedSettings(let interpreter, let settings):
            try container.encode(Kind.skippedSettings, forKey: .kind)
            try container.encode(interpreter, forKey: .interpreter)
            try container.encode(settings, forKey: .settings)
        case .threadsBeyondCores(let cores):
            try container.encode(Kind.threadsBeyondCores, forKey: .kind)
            try container.encode(cores, forKey: .cores)
        case .failedToStart(let configuration, let reason):
            try container.encode(Kind.failedToStart, forKey: .kind)
            try container.encode(configuration, forKey: .configuration)
            try container.encode(reason, forKey: .reason)
        case .samplingStopped(let reason):
            try container.encode(Kind.samplingStopped, forKey: .kind)
            try container.encode(reason, forKey: .reason)
        case .blocks(let blocks):
            try container.encode(Kind.blocks, forKey: .kind)
            try container.encode(blocks, forKey: .blocks)
        case .history(let history):
            try container.encode(Kind.history, forKey: .kind)
            try container.encode(history, forKey: .history)
        case .ownerEnded(let pid):
            try container.encode(Kind.ownerEnded, forKey: .kind)
            try container.encode(pid, forKey: .pid)
        case .sizedWorkload(let n, let interpreter):
            try container.encode(Kind.sizedWorkload, forKey: .kind)
            try container.encode(n, forKey: .n)
            try container.encode(interpreter, forKey: .interpreter)
        }
    }
}

/// One block of a run measured with `--runs K`: a complete interleaved
/// design (every configuration, round after round), after a pause, with the
/// configurations' order rotated from the block before. Rounds are numbered
/// through the whole run, so a block is the rounds from its `firstRound` to
/// the next block's.
public struct RunBlock: Sendable, Equatable, Codable {
    public var firstRound: Int
    public var startedAt: Date
    public var finishedAt: Date

    public init(firstRound: Int, startedAt: Date, finishedAt: Date) {
        self.firstRound = firstRound
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    private enum CodingKeys: String, CodingKey { case firstRound, startedAt, finishedAt }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        firstRound = try container.decode(Int.self, forKey: .firstRound)
        startedAt = try NoteDate.decode(container, .startedAt)
        finishedAt = try NoteDate.decode(container, .finishedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(firstRound, forKey: .firstRound)
        try container.encode(NoteDate.text(startedAt), forKey: .startedAt)
        try container.encode(NoteDate.text(finishedAt), forKey: .finishedAt)
    }
}

/// Dates inside notes are written as ISO 8601 text with milliseconds by the
/// notes themselves: the database and `--format json` encode the notes with
/// encoders whose date strategies differ, and a date must read back as the
/// same instant from either.
enum NoteDate {
    static func text(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        let strategies: [Date.ISO8601FormatStyle] = [
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted), .iso8601,
        ]
        for strategy in strategies {
            if let date = try? strategy.parse(text) { return date }
        }
        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not an ISO 8601 date: \(text)")
    }
}

/// The figures of this machine's earlier runs of the same configurations
/// (same workload, interpreter build, settings, warm-up and timings per
/// process, on the same machine), as they stood when this run was measured.
/// Kept with the run, so that it shows the same intervals wherever it is
/// read again, here or exported to another machine.
public struct RunHistory: Sendable, Equatable, Codable {
    public struct EarlierRun: Sendable, Equatable, Codable {
        public var id: String
        public var number: Int?
        public var startedAt: Date

        public init(id: String, number: Int?, startedAt: Date) {
            self.id = id
            self.number = number
            self.startedAt = startedAt
        }

        private enum CodingKeys: String, CodingKey { case id, number, startedAt }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            number = try container.decodeIfPresent(Int.self, forKey: .number)
            startedAt = try NoteDate.decode(container, .startedAt)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encodeIfPresent(number, forKey: .number)
            try container.encode(NoteDate.text(startedAt), forKey: .startedAt)
        }
    }

    /// One configuration's figures in the earlier runs that measured it.
    public struct Entry: Sendable, Equatable, Codable {
        public var label: String
        public var threads: Int?
        public var figures: [Figures]
    }

    /// What one earlier run gave for a configuration.
    public struct Figures: Sendable, Equatable, Codable {
        /// The earlier run's id.
        public var run: String
        /// Its median time, speedup against its baseline (when it had the
        /// same baseline), and thread scaling.
        public var median: Double
        public var speedup: Double?
        public var scaling: Double?
    }

    /// Newest first.
    public var runs: [EarlierRun]
    public var entries: [Entry]

    public init(runs: [EarlierRun], entries: [Entry]) {
        self.runs = runs
        self.entries = entries
    }

    public func entry(label: String, threads: Int?) -> Entry? {
        entries.first { $0.label == label && $0.threads == threads }
    }

    /// The same history without some runs (`compare` leaves out the two
    /// runs it compares).
    public func excluding(_ ids: Set<String>) -> RunHistory {
        RunHistory(runs: runs.filter { !ids.contains($0.id) },
                   entries: entries.map { Entry(label: $0.label, threads: $0.threads, figures: $0.figures.filter { !ids.contains($0.run) }) })
    }
}

extension BenchmarkRun {
    /// The run's blocks (`--runs K`); one block over every round for a run
    /// measured as one.
    public var blocks: [RunBlock] {
        for note in notes { if case .blocks(let blocks) = note, !blocks.isEmpty { return blocks } }
        return [RunBlock(firstRound: 0, startedAt: startedAt, finishedAt: finishedAt ?? startedAt)]
    }

    /// The block (0-based) a round belongs to.
    public func block(ofRound round: Int) -> Int {
        let blocks = self.blocks
        return (blocks.lastIndex { $0.firstRound <= round }) ?? 0
    }

    /// The earlier runs this run was judged against, if any were stored.
    public var history: RunHistory? {
        for note in notes { if case .history(let history) = note { return history } }
        return nil
    }
}
