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
    public var showsSpeedup: Bool { analysis.configurations.contains { $0.speedup != nil } }

    /// "this run", "3 runs", "history 6": what a figure's shown interval spans.
    public static func intervalSpan(_ kind: IntervalKind) -> String {
        switch kind {
        case .acrossBlocks(let units): "\(units) runs"
        case .acrossHistory(let units): "history \(units)"
        case .withinRun: "this run"
        case .none: "-"
        }
    }

    /// The table's header and rows, shared by the text and Markdown forms.
    public func tableCells() -> (header: [String], rows: [[String]], rightAligned: Set<Int>) {
        var header = ["CONFIGURATION"]
        if showsThreads { header.append("THREADS") }
        header += ["N", "MEDIAN", "95% CI", "±", "CI OVER"]
        if showsSpeedup { header += ["SPEEDUP", "SPEEDUP 95% CI", "p"] }
        if showsScaling { header += ["SCALING", "EFFICIENCY"] }
        header.append("NOTE")
        var rows: [[String]] = []
        for (configuration, result) in zip(run.configurations, analysis.configurations) {
            var row = [configuration.label]
            if showsThreads { row.append(configuration.threads.map(String.init) ?? "-") }
            let time = result.time
            row.append(String(result.summary?.count ?? 0))
            row.append(time.map { Format.seconds($0.value) } ?? "-")
            row.append(time?.shownInterval.map { Format.secondsRange($0.lower, $0.upper) } ?? "-")
            row.append(time?.relativeHalfWidth.map(Format.percent) ?? "-")
            var spans = [time.map { Self.intervalSpan($0.shownKind) } ?? "-"]
            if let speedup = result.speedup, Self.intervalSpan(speedup.shownKind) != spans[0] {
                spans.append(Self.intervalSpan(speedup.shownKind))
            }
            row.append(spans.joined(separator: " / "))
            if showsSpeedup {
                if let speedup = result.speedup {
                    row.append(Format.speedup(speedup.value))
                    row.append(speedup.shownInterval.map { Format.speedupRange($0.lower, $0.upper) } ?? "-")
                    row.append(speedup.pValue.map(Format.pValue) ?? "-")
                } else if configuration.label == run.baseline, time != nil {
                    row += ["baseline", "", ""]
                } else {
                    row += ["-", "-", "-"]
                }
            }
            if showsScaling {
                if let scaling = result.scaling {
                    row.append(Format.speedup(scaling.value))
                    row.append(Format.percent(scaling.efficiency, decimals: 0))
                } else {
                    row += ["", ""]
                }
            }
            row.append(RunNoteText.rowFlags(configuration, result).joined(separator: ", "))
            rows.append(row)
        }
        let left: Set<String> = ["CONFIGURATION", "NOTE", "95% CI", "SPEEDUP 95% CI", "CI OVER"]
        let rightAligned = Set(header.indices.filter { !left.contains(header[$0]) })
        return (header, rows, rightAligned)
    }

    public func tableLines(style: TerminalStyle = .plain) -> [String] {
        let cells = tableCells()
        let table = TextTable(header: cells.header, rows: cells.rows,
                              alignments: cells.header.indices.map { cells.rightAligned.contains($0) ? .right : .left })
        return table.render { style.paint($0, .bold) }
    }

    /// Lines under the table: what the columns and intervals mean, and the machine.
    public func legendLines() -> [String] {
        var lines: [String] = []
        if showsSpeedup {
            let where_ = showsThreads ? " at the same thread count" : ""
            lines.append("SPEEDUP: the time of \(run.baseline)\(where_) over this one's (above 1: faster), the ratio of the two MEDIANs (its CI within this run from resampling whole interleaved rounds); p: Mann-Whitney U over all processes.")
        }
        if showsScaling {
            lines.append("SCALING: t1 × N / tN, from the MEDIANs of the same configuration at 1 and at N threads; EFFICIENCY: scaling / min(N, \(run.machine.logicalCores) cores).")
        }
        // Only where processes after the pilot used the choice.
        let designs = zip(run.configurations, analysis.configurations).compactMap { configuration, result in
            configuration.processes.count > ProcessDesign.pilotProcesses ? result.design.map { (configuration.name, $0) } : nil
        }
        if !designs.isEmpty {
            let described = designs.map { name, design in
                "\(name) \(design.valuesPerProcess) (\(Self.betweenProcessesText(design)), timings within one \(Format.percent(design.withinProcess)), \(Format.seconds(design.processOverhead)) a process before its first)"
            }
            lines.append("TIMINGS PER PROCESS after the first \(ProcessDesign.pilotProcesses), chosen to narrow the CI fastest: " + described.joined(separator: "; ") + ".")
        }
        lines.append(intervalLegend() + " Machine: \(run.machine.summaryLine).")
        return lines
    }

    /// What the 95% CIs span, for the kinds the table shows.
    func intervalLegend() -> String {
        var kinds: [IntervalKind] = []
        for result in analysis.configurations {
            for kind in [result.time?.shownKind, result.speedup?.shownKind].compactMap({ $0 }) where !kinds.contains(kind) {
                kinds.append(kind)
            }
        }
        var parts: [String] = []
        for kind in kinds {
            switch kind {
            case .acrossBlocks(let units):
                parts.append("\(Self.intervalSpan(kind)): across this run's \(units) blocks (--runs), Student's t over their medians")
            case .acrossHistory(let units):
                parts.append("\(Self.intervalSpan(kind)): across this machine's last \(units) runs of the configuration, this one included (Student's t over their medians)")
            case .withinRun:
                parts.append("this run: within this run, over its worker processes (one value each; for a speedup, its interleaved rounds); runs at other times on a shared machine can differ by more (--runs 3 measures that)")
            case .none:
                parts.append("-: fewer than 6 processes (for a speedup, 6 rounds where both ran), no 95% CI")
            }
        }
        return parts.isEmpty ? "95% CI: none, no process finished." : "95% CI over " + parts.joined(separator: "; ") + "."
    }

    /// Notes, and flags that need more than the table's NOTE column.
    public func noteLines() -> [String] {
        RunNoteText.lines(run, analysis: analysis).map { "note: " + $0 }
            + RunNoteText.steadinessLines(run, analysis: analysis).map { "warning: " + $0 }
    }

    /// Everything `bench` and `show` print on stdout in text form.
    public func textLines(style: TerminalStyle = .plain) -> [String] {
        var lines = seedLines()
        lines.append("")
        lines += tableLines(style: style)
        lines.append("")
        lines += legendLines()
        lines += noteLines()
        return lines
    }

    /// A GitHub-flavoured Markdown table of the results, with what its
    /// intervals span, its flags and the machine.
    public func markdownLines() -> [String] {
        let cells = tableCells()
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + cells.header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + cells.header.indices.map { cells.rightAligned.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in cells.rows {
            lines.append("| " + row.map(escape).joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(intervalLegend())
        for line in RunNoteText.steadinessLines(run, analysis: analysis) { lines.append("") ; lines.append("**Warning**: " + line) }
        lines.append("")
        lines.append("`\(run.workload)` on \(run.machine.summaryLine); \(run.startedAt.formatted(.iso8601)).")
        return lines
    }
}

extension RunRendering {
    /// How much whole processes differ, as the legend says it. The estimate
    /// is the processes' spread less what their timings' noise explains,
    /// clamped at zero; "differ 0.0%" would claim processes are identical,
    /// when all the pilot shows is that their differences are within that
    /// noise.
    static func betweenProcessesText(_ design: ProcessDesign) -> String {
        let shown = Format.percent(design.betweenProcesses)
        return shown == Format.percent(0) ? "processes differ no more than their timings' noise explains"
            : "processes differ \(shown)"
    }
}
