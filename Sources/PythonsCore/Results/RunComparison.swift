import Foundation

/// `pythons compare A B`: every configuration the two runs share, how its
/// median changed from A to B, and whether that is a regression, an
/// improvement, or within the noise and the threshold.
///
/// The figure is the speedup of B against A, in the one direction every
/// output uses: A's median (the reference's, as a baseline's) over B's, so
/// below 1 means B is slower. It is the two medians printed beside it,
/// nothing else (a Hodges-Lehmann estimate over process pairs drifts away
/// from both on bimodal data). A change counts only when it is outside the
/// run-to-run noise known for the machine and workload, from the runs'
/// blocks (`--runs K`) or from history (earlier runs of the same
/// configuration on the same machine), and beyond `threshold`. With neither
/// known, the verdict rests on the within-run intervals, and says so.
public struct RunComparison: Sendable, Equatable, Codable {
    /// 2: `speedup` (A's median / B's) replaces `change`; verdicts weigh
    /// run-to-run noise; no Mann-Whitney p-value.
    public static let currentSchemaVersion = 2

    /// The default threshold: see `bench/README.md` ("compare as a gate")
    /// for the false-alarm and power figures it was chosen by.
    public static let defaultThreshold = 0.025

    public struct RunHeader: Sendable, Equatable, Codable {
        public var number: Int?
        public var id: String
        public var startedAt: Date
        public var workload: Workload
        public var machine: MachineInfo
        public var status: RunStatus
        /// Blocks it was measured in (`--runs`).
        public var runs: Int

        init(_ run: BenchmarkRun) {
            number = run.number
            id = run.id
            startedAt = run.startedAt
            workload = run.workload
            machine = run.machine
            status = run.status
            runs = run.blocks.count
        }

        /// "run 12" or "run 5f3a9c1e" for a run from a file.
        public var name: String { number.map { "run \($0)" } ?? "run \(id.prefix(8))" }
    }

    /// Where the noise a change is weighed against comes from.
    public enum NoiseSource: String, Sendable, Codable, CaseIterable {
        /// The widest of what is known (blocks, history); the within-run
        /// intervals when nothing is.
        case auto
        /// The runs' blocks (`--runs K`) only.
        case runs
        /// This machine's earlier runs of the same configurations only.
        case history
        /// The within-run intervals only, as if nothing more were known.
        case within
    }

    public enum Verdict: String, Sendable, Codable {
        /// B is slower by more than the threshold (speedup below
        /// 1 / (1 + threshold)) and outside the noise.
        case regression
        case improvement
        case unchanged
    }

    /// A gate cannot see a change inside its noise: where the noise is wider
    /// than twice the threshold (so a change of twice the threshold, the
    /// size a gate is there to catch, could hide in it), "unchanged" means
    /// "not seen", and the warning says so and what would narrow it. The
    /// band narrows about as one over the square root of the blocks.
    static func blindness(_ entries: [Entry], threshold: Double) -> String? {
        // With no threshold there is no size to be blind to: each verdict's
        // reason gives its noise.
        guard threshold > 0 else { return nil }
        let blind = entries.filter { $0.verdict == .unchanged && ($0.noise?.relativeHalfWidth ?? 0) > 2 * threshold }
        guard let widest = blind.compactMap(\.noise).max(by: { $0.halfWidth < $1.halfWidth }) else { return nil }
        let times = Int(pow(widest.halfWidth / log(1 + threshold), 2).rounded(.up))
        return "the run-to-run noise (up to ±\(Format.percent(widest.relativeHalfWidth)), for \(blind.map(\.label).joined(separator: ", "))) "
            + "is wider than twice the \(Format.percent(threshold)) threshold: there \"unchanged\" means a change of that size would not have been seen, "
            + "not that there was none; about \(times) times the blocks (--runs) would narrow it to the threshold, or a quieter machine"
    }

    /// Run-to-run noise of a difference between two runs.
    public struct Noise: Sendable, Equatable, Codable {
        public enum Basis: String, Sendable, Codable {
            /// The blocks of A and B (`--runs`).
            case runs
            case history
        }

        public var basis: Basis
        /// Runs (blocks, or earlier runs) the estimate rests on.
        public var units: Int
        /// Standard deviation of log(A / B) from run to run.
        public var standardError: Double
        public var degreesOfFreedom: Double
        /// Half-width of the 95% band on the log scale: t × standard error.
        public var halfWidth: Double

        /// The band as a relative amount: ±2.8% for 0.028.
        public var relativeHalfWidth: Double { exp(halfWidth) - 1 }
    }

    public struct Entry: Sendable, Equatable, Codable {
        public var label: String
        public var threads: Int?
        public var medianA: Double
        public var medianB: Double
        /// medianA / medianB: 0.91 means B took 10% longer (1 / 0.91).
        public var speedup: Double
        /// 95% interval of `speedup` from the runs' processes alone (a
        /// bootstrap over each run's process values); nil with too few.
        public var withinRun: ConfidenceInterval?
        /// Run-to-run noise, when known.
        public var noise: Noise?
        /// The interval the verdict reads: the speedup × / ÷ the noise when
        /// that is known, else `withinRun`.
        public var interval: ConfidenceInterval?
        public var verdict: Verdict
        /// Why: "outside the run-to-run noise, ±2.8%, and beyond the 2.5% threshold",
        /// "within the run-to-run noise, ±2.8%", ...
        public var reason: String
        /// "A", "B": runs in which this configuration's processes were not steady.
        public var unsteadyIn: [String]
    }

    public var schemaVersion: Int
    public var runA: RunHeader
    public var runB: RunHeader
    /// How much slower (or faster) B must be to count: 0.025 for 2.5%, a
    /// speedup below 1 / 1.025 or above 1.025.
    public var threshold: Double
    public var noiseSource: NoiseSource
    public var entries: [Entry]
    /// Configurations (name, threads) only one of the runs has.
    public var onlyInA: [String]
    public var onlyInB: [String]
    public var warnings: [String]

    public var regressions: [Entry] { entries.filter { $0.verdict == .regression } }
    public var improvements: [Entry] { entries.filter { $0.verdict == .improvement } }

    /// `history`: earlier runs of this machine beyond those kept with A and
    /// B (the database's, when they were made here); A and B themselves
    /// never count as their own noise.
    public init(_ a: BenchmarkRun, _ b: BenchmarkRun, threshold: Double, noise noiseSource: NoiseSource = .auto,
                history: RunHistory? = nil) throws(PythonsError) {
        guard a.workload.matchedByFileName == b.workload.matchedByFileName else {
            throw .usage("the runs measured different workloads (\(a.workload) and \(b.workload)); compare runs of the same workload")
        }
        schemaVersion = Self.currentSchemaVersion
        runA = RunHeader(a)
        runB = RunHeader(b)
        self.threshold = threshold
        self.noiseSource = noiseSource
        let sameMachine = Self.sameMachine(a.machine, b.machine)
        var warnings: [String] = []
        if a.workload != b.workload, let fileA = a.workload.file, let fileB = b.workload.file {
            warnings.append("A ran \(fileA) and B \(fileB): compared as one workload by the file's name")
        }
        if !sameMachine {
            warnings.append("the runs were made on different machines (\(a.machine.summaryLine) and \(b.machine.summaryLine)): differences may be the machines'")
        }
        try Self.check(noiseSource, a, b, sameMachine: sameMachine)
        // Only the medians are read: the runs' own speedups are not compared.
        let analysisA = RunAnalysis(a, ratioIntervals: false), analysisB = RunAnalysis(b, ratioIntervals: false)
        let earlier = sameMachine ? Self.mergedHistory([a.history, b.history, history], excluding: [a.id, b.id]) : nil

        var entries: [Entry] = []
        var onlyInA: [String] = []
        var historyShort: [String] = []
        for (indexA, configuration) in a.configurations.enumerated() {
            guard let indexB = b.configurations.firstIndex(where: { $0.label == configuration.label && $0.threads == configuration.threads }) else {
                onlyInA.append(configuration.name)
                continue
            }
            guard let timeA = analysisA.configurations[indexA].time, let timeB = analysisB.configurations[indexB].time else {
                onlyInA.append(configuration.name + " (no samples in one run)")
                continue
            }
            let fromHistory = earlier?.entry(label: configuration.label, threads: configuration.threads)?.figures.map(\.median) ?? []
            let candidates: [Noise?] = switch noiseSource {
            case .auto: [Self.blockNoise(timeA, timeB), Self.historyNoise(fromHistory)]
            case .runs: [Self.blockNoise(timeA, timeB)]
            case .history: [Self.historyNoise(fromHistory)]
            case .within: []
            }
            let noise = candidates.compactMap { $0 }.max { $0.halfWidth < $1.halfWidth }
            if noiseSource == .history, noise == nil { historyShort.append("\(configuration.name): \(fromHistory.count)") }
            entries.append(Self.entry(configuration, a.configurations[indexA], b.configurations[indexB], timeA: timeA, timeB: timeB,
                                      noise: noise, threshold: threshold,
                                      unsteadyIn: [(analysisA.configurations[indexA].isUnsteady, "A"),
                                                   (analysisB.configurations[indexB].isUnsteady, "B")].filter(\.0).map(\.1)))
        }
        if !historyShort.isEmpty {
            throw .usage("--noise history needs \(AcrossRunsInterval.minimumEarlierRuns) earlier runs of each configuration on this machine besides A and B; found "
                + historyShort.joined(separator: ", ") + ": run the benchmark again to build a history, or measure both with --runs 3")
        }
        self.entries = entries
        self.onlyInA = onlyInA
        onlyInB = b.configurations.filter { configuration in
            !a.configurations.contains { $0.label == configuration.label && $0.threads == configuration.threads }
        }.map(\.name)
        if entries.contains(where: { $0.noise == nil }), noiseSource != .within {
            warnings.append("no run-to-run noise is known for \(entries.filter { $0.noise == nil }.map(\.label).joined(separator: ", ")) (the runs have no blocks and this machine no history of them): those verdicts rest on within-run intervals, which runs at other times can exceed; measure both with --runs 3")
        }
        if let blind = Self.blindness(entries, threshold: threshold) { warnings.append(blind) }
        for run in [a, b] where run.status != .complete {
            warnings.append("\(RunHeader(run).name) is \(run.status.rawValue)")
        }
        self.warnings = warnings
    }

    static func sameMachine(_ a: MachineInfo, _ b: MachineInfo) -> Bool {
        a.hostname == b.hostname && a.cpuModel == b.cpuModel && a.logicalCores == b.logicalCores
    }

    /// Bad combinations of the noise asked for and the runs given.
    static func check(_ source: NoiseSource, _ a: BenchmarkRun, _ b: BenchmarkRun, sameMachine: Bool) throws(PythonsError) {
        switch source {
        case .runs:
            let single = [("A", a), ("B", b)].filter { $0.1.blocks.count < AcrossRunsInterval.minimumBlocks }.map(\.0)
            if single.count == 2 {
                throw .usage("--noise runs needs runs measured in blocks, and A and B were each measured as one: measure with `pythons bench ... --runs 3`, or use --noise auto")
            }
        case .history where !sameMachine:
            throw .usage("--noise history: A ran on \(a.machine.hostname) and B on \(b.machine.hostname), so no one machine's history gives their run-to-run noise; compare runs of one machine, or use --noise runs")
        default:
            break
        }
    }

    /// The history kept with the runs and given besides, without the runs
    /// compared.
    static func mergedHistory(_ histories: [RunHistory?], excluding ids: Set<String>) -> RunHistory? {
        var runs: [RunHistory.EarlierRun] = []
        var entries: [RunHistory.Entry] = []
        for history in histories.compactMap({ $0?.excluding(ids) }) {
            for run in history.runs where !runs.contains(where: { $0.id == run.id }) { runs.append(run) }
            for entry in history.entries {
                if let index = entries.firstIndex(where: { $0.label == entry.label && $0.threads == entry.threads }) {
                    for figures in entry.figures where !entries[index].figures.contains(where: { $0.run == figures.run }) {
                        entries[index].figures.append(figures)
                    }
                } else {
                    entries.append(entry)
                }
            }
        }
        return runs.isEmpty ? nil : RunHistory(runs: runs, entries: entries)
    }

    /// From the blocks: each run's median varies from run to run as its
    /// across-blocks standard error says. A side measured as one run is
    /// taken to vary as the other does (same machine, same workload).
    static func blockNoise(_ a: TimeEstimate, _ b: TimeEstimate) -> Noise? {
        let fromBlocks = [a.acrossBlocks, b.acrossBlocks]
        guard let known = fromBlocks.compactMap({ $0 }).first else { return nil }
        let sideA = fromBlocks[0] ?? known, sideB = fromBlocks[1] ?? known
        let variance = sideA.standardError * sideA.standardError + sideB.standardError * sideB.standardError
        // Welch-Satterthwaite: the degrees of freedom of a sum of two
        // estimated variances.
        let denominator = pow(sideA.standardError, 4) / Double(sideA.degreesOfFreedom) + pow(sideB.standardError, 4) / Double(sideB.degreesOfFreedom)
        let degrees = denominator > 0 ? variance * variance / denominator : Double(sideA.degreesOfFreedom + sideB.degreesOfFreedom)
        let units = (fromBlocks[0]?.units ?? 0) + (fromBlocks[1]?.units ?? 0)
        return noise(.runs, units: units, standardError: variance.squareRoot(), degreesOfFreedom: max(degrees, 1))
    }

    /// From history: earlier single runs spread by s, so a difference of
    /// two runs by √2 s.
    static func historyNoise(_ medians: [Double]) -> Noise? {
        guard medians.count >= AcrossRunsInterval.minimumEarlierRuns, medians.allSatisfy({ $0 > 0 }) else { return nil }
        let spread = AcrossRunsInterval.logStandardDeviation(medians)
        return noise(.history, units: medians.count, standardError: spread * 2.0.squareRoot(),
                     degreesOfFreedom: Double(medians.count - 1))
    }

    static func noise(_ basis: Noise.Basis, units: Int, standardError: Double, degreesOfFreedom: Double) -> Noise {
        Noise(basis: basis, units: units, standardError: standardError, degreesOfFreedom: degreesOfFreedom,
              halfWidth: StudentT.quantile(0.975, degreesOfFreedom: degreesOfFreedom) * standardError)
    }

    static func entry(_ configuration: ConfigurationRun, _ inA: ConfigurationRun, _ inB: ConfigurationRun,
                      timeA: TimeEstimate, timeB: TimeEstimate, noise: Noise?, threshold: Double,
                      unsteadyIn: [String]) -> Entry {
        let speedup = timeA.value / timeB.value
        let bootstrap = HierarchicalBootstrap(levels: [.init(.withReplacement, .median)])
        let within = bootstrap.ratio(numerator: .values(inA.processValues), denominator: .values(inB.processValues))?.interval
        let interval = noise.map { noise in
            ConfidenceInterval(lower: speedup * exp(-noise.halfWidth), upper: speedup * exp(noise.halfWidth), confidence: 0.95)
        } ?? within
        let thresholdText = Format.percent(threshold)
        let verdict: Verdict
        let reason: String
        let outside = interval.map { !$0.contains(1) } ?? false
        let band = noise.map { "the run-to-run noise, ±\(Format.percent($0.relativeHalfWidth))," } ?? "the runs' within-run interval,"
        if !outside {
            verdict = .unchanged
            reason = "within \(band.dropLast())"
        } else if abs(log(speedup)) <= log(1 + threshold) {
            verdict = .unchanged
            reason = "outside \(band) but within the \(thresholdText) threshold"
        } else {
            verdict = speedup < 1 ? .regression : .improvement
            reason = "outside \(band) and beyond the \(thresholdText) threshold"
        }
        return Entry(label: configuration.label, threads: configuration.threads, medianA: timeA.value, medianB: timeB.value,
                     speedup: speedup, withinRun: within, noise: noise, interval: interval, verdict: verdict, reason: reason,
                     unsteadyIn: unsteadyIn)
    }

    public func textLines(style: TerminalStyle = .plain) -> [String] {
        func header(_ run: RunHeader) -> String {
            "\(run.name), \(run.startedAt.formatted(.iso8601)), \(run.workload)" + (run.runs > 1 ? ", \(run.runs) runs" : "")
        }
        var lines = ["A: " + header(runA), "B: " + header(runB), ""]
        let showsThreads = entries.contains { $0.threads != nil }
        var head = ["CONFIGURATION"]
        if showsThreads { head.append("THREADS") }
        head += ["A MEDIAN", "B MEDIAN", "SPEEDUP", "SPEEDUP 95% CI", "NOISE", "VERDICT"]
        let rows: [[String]] = entries.map { entry in
            var row = [entry.label]
            if showsThreads { row.append(entry.threads.map(String.init) ?? "-") }
            row += [Format.seconds(entry.medianA), Format.seconds(entry.medianB), Format.speedup(entry.speedup),
                    entry.interval.map { Format.speedupRange($0.lower, $0.upper) } ?? "-",
                    entry.noise.map { "±\(Format.percent($0.relativeHalfWidth)) (\($0.basis == .runs ? "\($0.units) runs" : "history \($0.units)"))" } ?? "unknown",
                    entry.verdict.rawValue + (entry.unsteadyIn.isEmpty ? "" : " (unsteady in \(entry.unsteadyIn.joined(separator: ", ")))")]
            return row
        }
        let rightAligned: Set<String> = ["THREADS", "A MEDIAN", "B MEDIAN", "SPEEDUP"]
        lines += TextTable(header: head, rows: rows, alignments: head.map { rightAligned.contains($0) ? .right : .left })
            .render { style.paint($0, .bold) }
        lines.append("")
        lines.append("SPEEDUP: A's median / B's (below 1: B slower). 95% CI: the speedup × / ÷ the run-to-run NOISE of two runs "
            + "(Student's t over the runs' blocks, --runs, or this machine's earlier runs), or, where no noise is known, "
            + "a bootstrap over the two runs' processes. A change counts when its CI excludes 1 and it is beyond the "
            + "\(Format.percent(threshold)) threshold (a speedup below \(Format.speedup(1 / (1 + threshold))) or above \(Format.speedup(1 + threshold))).")
        let percent = Format.percent(threshold)
        for (title, list, color) in [("Regressions (B slower by more than \(percent), outside the noise)", regressions, TerminalStyle.Color.red),
                                     ("Improvements (B faster by more than \(percent), outside the noise)", improvements, .green)] {
            lines.append("")
            lines.append(style.paint(title + ":", color) + (list.isEmpty ? " none" : ""))
            for entry in list {
                let threads = entry.threads.map { ", \($0) thread\($0 == 1 ? "" : "s")" } ?? ""
                lines.append("  \(entry.label)\(threads): \(Format.speedup(entry.speedup)) (\(entry.reason))")
            }
        }
        let unchanged = entries.filter { $0.verdict == .unchanged }
        if !unchanged.isEmpty {
            lines.append("")
            lines.append("Unchanged:")
            for entry in unchanged {
                let threads = entry.threads.map { ", \($0) thread\($0 == 1 ? "" : "s")" } ?? ""
                lines.append("  \(entry.label)\(threads): \(Format.speedup(entry.speedup)) (\(entry.reason))")
            }
        }
        if !onlyInA.isEmpty { lines.append("only in A: " + onlyInA.joined(separator: "; ")) }
        if !onlyInB.isEmpty { lines.append("only in B: " + onlyInB.joined(separator: "; ")) }
        for warning in warnings { lines.append("warning: " + warning) }
        return lines
    }
}
