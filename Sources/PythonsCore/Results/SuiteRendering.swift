import Foundation

/// How a suite run reads as text: one row per benchmark with the baseline's
/// median and every other configuration's speedup and verdict, the geometric
/// mean with its interval and the counts; for the scaling suite a heat table
/// (operation × configuration, efficiency); then compact charts, what was
/// skipped, failed or not finished, and what the figures mean. Every figure
/// comes from `SuiteAnalysis`.
public struct SuiteRendering: Sendable {
    public var suite: SuiteRun
    public var analysis: SuiteAnalysis

    public init(suite: SuiteRun, analysis: SuiteAnalysis? = nil) {
        self.suite = suite
        self.analysis = analysis ?? SuiteAnalysis(suite)
    }

    public func textLines(style: TerminalStyle = .plain, glyphs: ChartGlyphs = .unicode, width: Int = 100) -> [String] {
        var lines = [headline()]
        lines.append("")
        if suite.kind == .scaling {
            lines += scalingTableLines(style: style)
        } else {
            lines += speedupTableLines(style: style)
            let chart = SuiteTerminalCharts.speedups(analysis, width: width, style: style, glyphs: glyphs)
            if !chart.isEmpty { lines += [""] + chart }
        }
        let problems = problemLines()
        if !problems.isEmpty { lines += [""] + problems }
        lines.append("")
        lines += legendLines()
        for note in suite.notes { lines.append("note: " + note) }
        return lines
    }

    /// "pyperformance 1.14.0: 27 benchmarks measured on 3 configurations
    /// (baseline 3.13), 41 skipped, 1 failed, in 8 min 12 s".
    func headline() -> String {
        let counts = Dictionary(grouping: suite.benchmarks, by: \.status).mapValues(\.count)
        let measured = (counts[.measured] ?? 0) + (counts[.unfinished] ?? 0)
        let unit = suite.kind == .scaling ? "operation" : "benchmark"
        var parts = ["\(suite.name): \(measured) \(unit)\(measured == 1 ? "" : "s") measured on \(analysis.labels.count) configuration\(analysis.labels.count == 1 ? "" : "s") (baseline \(suite.baseline))"]
        for (status, word) in [(SuiteBenchmark.Status.unfinished, "not converged in time"), (.notRun, "not run (budget)"),
                               (.skipped, "skipped"), (.failed, "failed"), (.interrupted, "interrupted")] {
            if let count = counts[status], count > 0 { parts.append("\(count) \(word)") }
        }
        var line = parts.joined(separator: ", ")
        if let finished = suite.finishedAt {
            line += ", in " + Self.duration(finished.timeIntervalSince(suite.startedAt))
        }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60) min \(whole % 60) s" : "\(whole) s"
    }

    var comparedLabels: [String] { analysis.labels.filter { $0 != suite.baseline } }

    /// BENCHMARK, the baseline's median, then per configuration its speedup
    /// with interval and verdict; the geometric mean and the counts last.
    public func speedupTableCells() -> (header: [String], rows: [[String]]) {
        var header = ["BENCHMARK", "\(suite.baseline) MEDIAN"]
        for label in comparedLabels { header += [label, "95% CI", ""] }
        var rows: [[String]] = []
        for benchmark in analysis.benchmarks where !benchmark.cells.isEmpty {
            var row = [benchmark.name]
            let baseline = benchmark.cells.first { $0.label == suite.baseline }
            row.append(baseline?.summary.map { Format.seconds($0.median) } ?? "-")
            for label in comparedLabels {
                if let cell = benchmark.cells.first(where: { $0.label == label }), let speedup = cell.speedup {
                    row += cell.verdict.map { [Format.speedup(speedup.value), Format.speedupRange(speedup.low, speedup.high), $0.rawValue] }
                        ?? [Format.speedup(speedup.value), "-", "too few rounds"]
                } else {
                    row += ["-", "", benchmark.cells.first(where: { $0.label == label })?.summary == nil ? "no result" : ""]
                }
            }
            rows.append(row)
        }
        if !analysis.geometricMeans.isEmpty {
            var geomean = ["GEOMETRIC MEAN", ""]
            var counts = ["faster/slower/unchanged", ""]
            for label in comparedLabels {
                if let mean = analysis.geometricMean(for: label) {
                    geomean += [Format.speedup(mean.speedup.value), Format.speedupRange(mean.speedup.low, mean.speedup.high),
                                "\(mean.benchmarks) benchmarks"]
                    counts += ["\(mean.faster)/\(mean.slower)/\(mean.unchanged)", "", ""]
                } else {
                    geomean += ["-", "", ""]
                    counts += ["", "", ""]
                }
            }
            rows += [geomean, counts]
        }
        return (header, rows)
    }

    func speedupTableLines(style: TerminalStyle) -> [String] {
        let cells = speedupTableCells()
        guard !cells.rows.isEmpty else { return ["No benchmark has a result."] }
        let alignments: [TextTable.Alignment] = cells.header.indices.map { index in
            index == 0 || (index >= 2 && (index - 2) % 3 != 0) ? .left : .right
        }
        return TextTable(header: cells.header, rows: cells.rows, alignments: alignments).render { style.paint($0, .bold) }
    }

    /// OPERATION × configuration: efficiency, speedup with its interval, verdict.
    public func scalingTableCells() -> (header: [String], rows: [[String]]) {
        var columns: [(label: String, threads: Int)] = []
        for entry in analysis.scaling where !columns.contains(where: { $0.label == entry.label && $0.threads == entry.threads }) {
            columns.append((entry.label, entry.threads))
        }
        let showThreads = Set(columns.map(\.threads)).count > 1
        let header = ["OPERATION"] + columns.map { showThreads ? "\($0.label) ×\($0.threads)" : $0.label }
        var rows: [[String]] = []
        for benchmark in analysis.benchmarks where !benchmark.cells.isEmpty {
            rows.append([benchmark.name] + columns.map { column in
                guard let entry = analysis.scaling.first(where: { $0.operation == benchmark.name && $0.label == column.label && $0.threads == column.threads }) else {
                    // Measured, but with fewer than 6 rounds: no interval, so no verdict.
                    let measured = benchmark.cells.contains { $0.label == column.label && $0.threads == column.threads && $0.summary != nil }
                    return measured ? "too few rounds" : "-"
                }
                return Self.scalingCell(entry)
            })
        }
        return (header, rows)
    }

    /// "98% 1.96× (1.90–2.01) scales".
    static func scalingCell(_ entry: SuiteAnalysis.Scaling) -> String {
        String(format: "%3.0f%% %.2f× (%.2f–%.2f) ", entry.efficiency.value * 100, entry.speedup.value,
               entry.speedup.low, entry.speedup.high) + entry.verdict.rawValue
    }

    func scalingTableLines(style: TerminalStyle) -> [String] {
        let cells = scalingTableCells()
        guard !cells.rows.isEmpty else { return ["No operation has a result at two thread counts."] }
        let table = TextTable(header: cells.header, rows: cells.rows).render { style.paint($0, .bold) }
        guard style.usesColor else { return table }
        // Colour by verdict, after alignment (escape codes have no width).
        return table.enumerated().map { index, line in
            guard index > 0 else { return line }
            var painted = line
            for (verdict, color) in [("serialises", TerminalStyle.Color.red), ("partly", .yellow), ("scales", .green), ("unclear", .dim)] {
                painted = painted.replacingOccurrences(of: " \(verdict)", with: " " + style.paint(verdict, color))
            }
            return painted
        }
    }

    /// One line per benchmark that was skipped, failed, not run or not
    /// finished, saying why.
    public func problemLines() -> [String] {
        suite.benchmarks.filter { $0.status != .measured }.map { benchmark in
            let word: String = switch benchmark.status {
            case .skipped: "skipped"
            case .failed: "failed"
            case .notRun: "not run"
            case .unfinished: "not finished"
            case .interrupted: "interrupted"
            case .measured: ""
            }
            return "\(word): \(benchmark.name): \(benchmark.message ?? "")"
        }
    }

    func legendLines() -> [String] {
        var lines: [String] = []
        if suite.kind == .scaling {
            lines.append("Each cell: EFFICIENCY (speedup / min(N, \(suite.machine.logicalCores) cores)), SPEEDUP t1 × N / tN from the medians at 1 and N threads with the 95% interval its run shows (`pythons show`), and a verdict: scales (efficiency ≥ \(Int(SuiteAnalysis.scalesEfficiency * 100))%, interval included), serialises (speedup ≤ \(SuiteAnalysis.serialisedSpeedup)×, interval included), partly (between), unclear (the interval spans two verdicts).")
        } else {
            lines.append("SPEEDUP: \(suite.baseline)'s median time over this configuration's (above 1: faster), with the 95% interval its run shows (`pythons show`: from resampling whole interleaved rounds); a verdict only where the interval excludes 1. GEOMETRIC MEAN: over the benchmarks with an interval within this run, its interval from a hierarchical bootstrap with benchmarks kept as the suite's (benchmarks → processes → timings).")
        }
        let acrossRuns = analysis.benchmarks.flatMap(\.cells).compactMap(\.acrossRuns)
        let which = acrossRuns.isEmpty ? "Intervals are within this run; runs at other times on a shared machine can differ by more."
            : "Intervals are within this run, but for \(acrossRuns.count) speedup\(acrossRuns.count == 1 ? "" : "s") across this machine's earlier runs of the benchmark (as `pythons show` prints them); runs at other times on a shared machine can differ by more."
        lines.append("\(which) Machine: \(suite.machine.summaryLine).")
        return lines
    }
}

/// The suite's compact terminal chart: per configuration, one row per
/// benchmark sorted by speedup, a point and its interval on a log scale
/// around a line at 1, and the geometric mean last.
public enum SuiteTerminalCharts {
    public static func speedups(_ analysis: SuiteAnalysis, width: Int = 100, style: TerminalStyle = .plain,
                                glyphs: ChartGlyphs = .unicode) -> [String] {
        var lines: [String] = []
        for label in analysis.labels where label != analysis.baseline {
            var rows: [(name: String, estimate: Estimate)] = analysis.benchmarks.compactMap { benchmark in
                benchmark.cells.first { $0.label == label }?.speedup.map { (benchmark.name, $0) }
            }
            guard !rows.isEmpty else { continue }
            rows.sort { $0.estimate.value < $1.estimate.value }
            if let mean = analysis.geometricMean(for: label) { rows.append(("geometric mean", mean.speedup)) }
            let nameWidth = min(28, rows.map(\.name.count).max() ?? 0)
            let plotWidth = max(20, min(60, width - nameWidth - 30))
            let lowest = min(rows.map(\.estimate.low).min() ?? 1, 0.95), highest = max(rows.map(\.estimate.high).max() ?? 1, 1.05)
            let span = log(highest) - log(lowest)
            func column(_ value: Double) -> Int {
                Int(((log(value) - log(lowest)) / span * Double(plotWidth - 1)).rounded())
            }
            let one = column(1)
            lines.append("\(label): speedup against \(analysis.baseline), log scale \(String(format: "%.2f", lowest))× to \(String(format: "%.2f", highest))×; \(glyphs.ideal) marks 1")
            for row in rows {
                var cells = Array(repeating: " ", count: plotWidth)
                let low = column(max(row.estimate.low, lowest)), high = column(min(row.estimate.high, highest))
                for index in low...max(low, high) { cells[index] = glyphs.interval }
                cells[one] = glyphs.ideal
                cells[column(row.estimate.value)] = "●"
                let name = row.name.count > nameWidth ? String(row.name.prefix(nameWidth - 1)) + "…" : row.name
                let figure = String(format: "%.3f (%.3f–%.3f)", row.estimate.value, row.estimate.low, row.estimate.high)
                var line = name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + cells.joined() + "  " + figure
                if row.name == "geometric mean" { line = style.paint(line, .bold) }
                lines.append(line)
            }
            lines.append("")
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
