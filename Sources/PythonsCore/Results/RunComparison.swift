import Foundation

/// `pythons compare A B`: every configuration the two runs share, how its
/// time changed from A to B, and whether that is a regression, an
/// improvement or within the noise and the threshold.
public struct RunComparison: Sendable, Equatable, Codable {
    public static let currentSchemaVersion = 1

    public struct RunHeader: Sendable, Equatable, Codable {
        public var number: Int?
        public var id: String
        public var startedAt: Date
        public var workload: Workload
        public var machine: MachineInfo
        public var status: RunStatus

        init(_ run: BenchmarkRun) {
            number = run.number
            id = run.id
            startedAt = run.startedAt
            workload = run.workload
            machine = run.machine
            status = run.status
        }

        /// "run 12" or "run 5f3a9c1e" for a run from a file.
        public var name: String { number.map { "run \($0)" } ?? "run \(id.prefix(8))" }
    }

    public enum Verdict: String, Sendable, Codable {
        /// B is slower by more than the threshold, and the difference is
        /// significant.
        case regression
        case improvement
        case unchanged
    }

    public struct Entry: Sendable, Equatable, Codable {
        public var label: String
        public var threads: Int?
        public var medianA: Double
        public var medianB: Double
        /// B's time over A's, minus 1 (Hodges-Lehmann estimate over every
        /// pair of processes): +0.10 means B took 10% longer.
        public var change: Double
        /// 95% interval of `change`.
        public var changeInterval: ConfidenceInterval?
        /// Two-sided Mann-Whitney U p-value.
        public var pValue: Double?
        public var verdict: Verdict
    }

    public var schemaVersion: Int
    public var runA: RunHeader
    public var runB: RunHeader
    /// Relative change below which a difference does not count (0.05 = 5%).
    public var threshold: Double
    /// Significance level for the Mann-Whitney test.
    public var significance: Double
    public var entries: [Entry]
    /// Configurations (name, threads) only one of the runs has.
    public var onlyInA: [String]
    public var onlyInB: [String]
    public var warnings: [String]

    public var regressions: [Entry] { entries.filter { $0.verdict == .regression } }
    public var improvements: [Entry] { entries.filter { $0.verdict == .improvement } }

    public init(_ a: BenchmarkRun, _ b: BenchmarkRun, threshold: Double, significance: Double = 0.05) throws(PythonsError) {
        guard a.workload == b.workload else {
            throw .usage("the runs measured different workloads (\(a.workload) and \(b.workload)); compare runs of the same workload")
        }
        schemaVersion = Self.currentSchemaVersion
        runA = RunHeader(a)
        runB = RunHeader(b)
        self.threshold = threshold
        self.significance = significance
        var entries: [Entry] = []
        var onlyInA: [String] = []
        for configuration in a.configurations {
            guard let other = b.configurations.first(where: { $0.label == configuration.label && $0.threads == configuration.threads }) else {
                onlyInA.append(configuration.name)
                continue
            }
            let valuesA = configuration.processValues, valuesB = other.processValues
            guard !valuesA.isEmpty, !valuesB.isEmpty,
                  let ratio = RatioEstimate.unpaired(baseline: valuesB, candidate: valuesA) else {
                onlyInA.append(configuration.name + " (no samples in one run)")
                continue
            }
            let change = ratio.ratio - 1
            let pValue = MannWhitney.pValue(valuesA, valuesB)
            let significant = (pValue ?? 1) < significance
            let verdict: Verdict = significant && change > threshold ? .regression
                : significant && change < -threshold ? .improvement : .unchanged
            entries.append(Entry(
                label: configuration.label, threads: configuration.threads,
                medianA: Quantiles.median(valuesA), medianB: Quantiles.median(valuesB), change: change,
                changeInterval: ratio.interval.map { ConfidenceInterval(lower: $0.lower - 1, upper: $0.upper - 1, confidence: $0.confidence) },
                pValue: pValue, verdict: verdict))
        }
        self.entries = entries
        self.onlyInA = onlyInA
        onlyInB = b.configurations.filter { configuration in
            !a.configurations.contains { $0.label == configuration.label && $0.threads == configuration.threads }
        }.map(\.name)
        var warnings: [String] = []
        if a.machine.hostname != b.machine.hostname || a.machine.cpuModel != b.machine.cpuModel
            || a.machine.logicalCores != b.machine.logicalCores {
            warnings.append("the runs were made on different machines (\(a.machine.summaryLine) and \(b.machine.summaryLine)): differences may be the machines'")
        }
        for run in [a, b] where run.status != .complete {
            warnings.append("\(RunHeader(run).name) is \(run.status.rawValue)")
        }
        self.warnings = warnings
    }

    public func textLines(style: TerminalStyle = .plain) -> [String] {
        var lines = ["A: \(runA.name), \(runA.startedAt.formatted(.iso8601)), \(runA.workload)",
                     "B: \(runB.name), \(runB.startedAt.formatted(.iso8601)), \(runB.workload)", ""]
        let showsThreads = entries.contains { $0.threads != nil }
        var header = ["CONFIGURATION"]
        if showsThreads { header.append("THREADS") }
        header += ["A MEDIAN", "B MEDIAN", "CHANGE", "95% CI", "p", "VERDICT"]
        let rows: [[String]] = entries.map { entry in
            var row = [entry.label]
            if showsThreads { row.append(entry.threads.map(String.init) ?? "-") }
            row += [Format.seconds(entry.medianA), Format.seconds(entry.medianB), Format.signedPercent(entry.change),
                    entry.changeInterval.map { Format.signedPercent($0.lower) + " to " + Format.signedPercent($0.upper) } ?? "-",
                    entry.pValue.map(Format.pValue) ?? "-", entry.verdict.rawValue]
            return row
        }
        let rightAligned: Set<String> = ["THREADS", "A MEDIAN", "B MEDIAN", "CHANGE", "p"]
        lines += TextTable(header: header, rows: rows, alignments: header.map { rightAligned.contains($0) ? .right : .left })
            .render { style.paint($0, .bold) }
        let percent = Format.percent(threshold)
        for (title, list, color) in [("Regressions (B slower by more than \(percent), p < \(significance))", regressions, TerminalStyle.Color.red),
                                     ("Improvements (B faster by more than \(percent), p < \(significance))", improvements, .green)] {
            lines.append("")
            lines.append(style.paint(title + ":", color) + (list.isEmpty ? " none" : ""))
            for entry in list {
                let threads = entry.threads.map { ", \($0) thread\($0 == 1 ? "" : "s")" } ?? ""
                lines.append("  \(entry.label)\(threads): \(Format.signedPercent(entry.change)) (p \(entry.pValue.map(Format.pValue) ?? "-"))")
            }
        }
        if !onlyInA.isEmpty { lines.append("only in A: " + onlyInA.joined(separator: "; ")) }
        if !onlyInB.isEmpty { lines.append("only in B: " + onlyInB.joined(separator: "; ")) }
        for warning in warnings { lines.append("warning: " + warning) }
        return lines
    }
}

extension Format {
    /// +12.3%, -4.0%.
    public static func signedPercent(_ fraction: Double) -> String {
        String(format: "%+.1f%%", fraction * 100)
    }
}
