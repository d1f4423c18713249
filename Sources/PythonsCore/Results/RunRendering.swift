import Foundation

/// How a run reads as text: the seed's banner and result line for every
/// configuration, then one table of all of them with intervals and ratios.
/// `pythons bench` and `pythons show` print the same.
public struct RunRendering: Sendable {
    public var run: BenchmarkRun
    public var analysis: RunAnalysis

    public init(run: BenchmarkRun, analysis: RunAnalysis? = nil) {
        self.run = run
        self.analysis = analysis ?? RunAnalysis(run)
    }

    /// The seed's result line (with the median) of one configuration, or
    /// why it has none.
    public func resultLines(_ index: Int) -> [String] {
        let configuration = run.configurations[index]
        var lines: [String] = []
        if let summary = analysis.configurations[index].summary {
            lines.append(run.workload.resultLine(threads: configuration.threads, seconds: summary.median))
        }
        if configuration.status == .failed, let error = configuration.error {
            lines.append("Failed\(configuration.threads.map { " (\($0) thread\($0 == 1 ? "" : "s"))" } ?? ""): \(error)")
        } else if analysis.configurations[index].summary == nil {
            lines.append("No sample finished.")
        }
        return lines
    }

    /// For each interpreter and settings, the seed's banner, then the result
    /// line of each of its thread counts.
    public func seedLines() -> [String] {
        var lines: [String] = []
        var previousBanner: Banner?
        for (index, configuration) in run.configurations.enumerated() {
            if configuration.banner == nil || configuration.banner != previousBanner {
                if index > 0 { lines.append("") }
                lines += configuration.banner?.lines ?? ["\(configuration.label): \(configuration.interpreter.path)"]
            }
            previousBanner = configuration.banner
            lines += resultLines(index)
        }
        return lines
    }

    public var showsThreads: Bool { run.configurations.contains { $0.threads != nil } }
    public var showsScaling: Bool { analysis.configurations.contains { $0.scaling != nil } }

    /// The table's header and rows, shared by the text and Markdown forms.
    public func tableCells() -> (header: [String], rows: [[String]], rightAligned: Set<Int>) {
        var header = ["CONFIGURATION"]
        if showsThreads { header.append("THREADS") }
        header += ["N", "MEDIAN", "95% CI", "±", "RATIO", "RATIO 95% CI", "p"]
        if showsScaling { header += ["SPEEDUP", "EFFICIENCY"] }
        header.append("NOTE")
        var rows: [[String]] = []
        for (configuration, result) in zip(run.configurations, analysis.configurations) {
            var row = [configuration.label]
            if showsThreads { row.append(configuration.threads.map(String.init) ?? "-") }
            let summary = result.summary
            row.append(String(summary?.count ?? 0))
            row.append(summary.map { Format.seconds($0.median) } ?? "-")
            row.append(summary?.medianInterval.map { Format.secondsRange($0.lower, $0.upper) } ?? "-")
            row.append(summary?.relativePrecision.map(Format.percent) ?? "-")
            if let comparison = result.comparison {
                row.append(Format.ratio(comparison.ratio.ratio))
                row.append(comparison.ratio.interval.map { Format.ratioRange($0.lower, $0.upper) } ?? "-")
                row.append(comparison.pValue.map(Format.pValue) ?? "-")
            } else if configuration.label == run.baseline, summary != nil {
                row += ["baseline", "", ""]
            } else {
                row += ["-", "-", "-"]
            }
            if showsScaling {
                if let scaling = result.scaling {
                    row.append(String(format: "%.2f", scaling.speedup))
                    row.append(Format.percent(scaling.efficiency, decimals: 0))
                } else {
                    row += ["", ""]
                }
            }
            row.append(note(configuration, result))
            rows.append(row)
        }
        let left: Set<String> = ["CONFIGURATION", "NOTE", "95% CI", "RATIO 95% CI"]
        let rightAligned = Set(header.indices.filter { !left.contains(header[$0]) })
        return (header, rows, rightAligned)
    }

    func note(_ configuration: ConfigurationRun, _ result: ConfigurationAnalysis) -> String {
        if configuration.status == .failed { return "failed" }
        var notes: [String] = []
        if result.summary != nil, !result.converged { notes.append("not converged") }
        if let outliers = result.summary?.outliers.count, outliers > 0 {
            notes.append("\(outliers) outlier\(outliers == 1 ? "" : "s")")
        }
        // What the workers saw at the end of the workload, against the label:
        // an extension module that does not declare free-threading support
        // turns the GIL back on when imported.
        if configuration.interpreter.freeThreadedBuild {
            let gilOn = configuration.pythonLabel.contains("(GIL on)")
            if configuration.processes.contains(where: { $0.gilEnabled.map { $0 != gilOn } ?? false }) {
                notes.append("GIL was \(gilOn ? "off" : "on") in some workers")
            }
        }
        if configuration.jitLabel != "unsupported" {
            let jitOn = configuration.jitLabel == "on"
            if configuration.processes.contains(where: { $0.jitEnabled.map { $0 != jitOn } ?? false }) {
                notes.append("JIT was \(jitOn ? "off" : "on") in some workers")
            }
        }
        return notes.joined(separator: ", ")
    }

    public func tableLines(style: TerminalStyle = .plain) -> [String] {
        let cells = tableCells()
        let table = TextTable(header: cells.header, rows: cells.rows,
                              alignments: cells.header.indices.map { cells.rightAligned.contains($0) ? .right : .left })
        return table.render { style.paint($0, .bold) }
    }

    /// Lines under the table: what the columns mean, and the machine.
    public func legendLines() -> [String] {
        var lines: [String] = []
        let hasComparisons = analysis.configurations.contains { $0.comparison != nil }
        if hasComparisons {
            let where_ = showsThreads ? " at the same thread count" : ""
            lines.append("RATIO: the median time of \(run.baseline)\(where_) over this one (above 1: faster), with its 95% CI from interleaved rounds; p: Mann-Whitney U over all processes.")
        }
        if showsScaling {
            lines.append("SPEEDUP: t1 × N / tN against the same configuration at 1 thread; EFFICIENCY: speedup / min(N, \(run.machine.logicalCores) cores).")
        }
        // Only where processes after the pilot used the choice.
        let designs = zip(run.configurations, analysis.configurations).compactMap { configuration, result in
            configuration.processes.count > ProcessDesign.pilotProcesses ? result.design.map { (configuration.name, $0) } : nil
        }
        if !designs.isEmpty {
            let described = designs.map { name, design in
                "\(name) \(design.valuesPerProcess) (processes differ \(Format.percent(design.betweenProcesses)), timings within one \(Format.percent(design.withinProcess)), \(Format.seconds(design.processOverhead)) a process before its first)"
            }
            lines.append("TIMINGS PER PROCESS after the first \(ProcessDesign.pilotProcesses), chosen to narrow the CI fastest: " + described.joined(separator: "; ") + ".")
        }
        lines.append("95% CI: of the median, over worker processes (one value per process), within this run; runs at other times on a shared machine can differ by more. Machine: \(run.machine.summaryLine).")
        return lines
    }

    /// Everything `bench` and `show` print on stdout in text form.
    public func textLines(style: TerminalStyle = .plain) -> [String] {
        var lines = seedLines()
        lines.append("")
        lines += tableLines(style: style)
        lines.append("")
        lines += legendLines()
        for note in run.notes { lines.append("note: " + note) }
        return lines
    }

    /// A GitHub-flavoured Markdown table of the results, with the machine.
    public func markdownLines() -> [String] {
        let cells = tableCells()
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + cells.header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + cells.header.indices.map { cells.rightAligned.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in cells.rows {
            lines.append("| " + row.map(escape).joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("`\(run.workload)` on \(run.machine.summaryLine); \(run.startedAt.formatted(.iso8601)).")
        return lines
    }
}

/// Number formats for people: four significant digits, units chosen by size.
public enum Format {
    public static func seconds(_ value: Double) -> String {
        let (scaled, unit) = scale(value)
        return significant(scaled) + " " + unit
    }

    /// "7.30–7.36 s": both ends in the unit of the lower one.
    public static func secondsRange(_ lower: Double, _ upper: Double) -> String {
        let (_, unit) = scale(lower)
        let factor = factors[unit]!
        return significant(lower * factor) + "–" + significant(upper * factor) + " " + unit
    }

    public static func percent(_ fraction: Double) -> String { percent(fraction, decimals: 1) }

    public static func percent(_ fraction: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f%%", fraction * 100)
    }

    public static func ratio(_ value: Double) -> String { String(format: "%.3f", value) }

    public static func ratioRange(_ lower: Double, _ upper: Double) -> String {
        String(format: "%.3f–%.3f", lower, upper)
    }

    public static func pValue(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : String(format: "%.3f", value)
    }

    static let factors: [String: Double] = ["s": 1, "ms": 1e3, "µs": 1e6, "ns": 1e9]

    static func scale(_ value: Double) -> (Double, String) {
        let magnitude = abs(value)
        if magnitude >= 1 || magnitude == 0 { return (value, "s") }
        if magnitude >= 1e-3 { return (value * 1e3, "ms") }
        if magnitude >= 1e-6 { return (value * 1e6, "µs") }
        return (value * 1e9, "ns")
    }

    /// Four significant digits, without an exponent: 7.331, 11.24, 412.6,
    /// enough to read a 1% interval.
    static func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 100 { return String(format: "%.1f", value) }
        if magnitude >= 10 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }
}
