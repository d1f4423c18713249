/// The characters terminal charts draw with: Unicode blocks (eighths of a
/// cell), or ASCII for terminals and files that cannot show them.
public struct ChartGlyphs: Sendable, Equatable {
    /// Index k (1...8) is a cell filled k eighths from the left; index 0 is
    /// unused.
    public var partials: [String]
    public var full: String
    /// Fills the span of a 95% CI.
    public var interval: String
    /// Marks the ideal speedup.
    public var ideal: String

    public static let unicode = ChartGlyphs(
        partials: ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"], full: "█", interval: "░", ideal: "│")
    /// Whole cells only: a partial cell is rounded to the nearest.
    public static let ascii = ChartGlyphs(
        partials: ["", "", "", "", "#", "#", "#", "#", "#"], full: "#", interval: "-", ideal: "|")

    /// Unicode unless the locale says the terminal cannot show it.
    public static func forEnvironment(_ environment: [String: String]) -> ChartGlyphs {
        let locale = environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LANG"] ?? ""
        if locale == "C" || locale == "POSIX" { return .ascii }
        if environment["TERM"] == "linux" && !locale.uppercased().contains("UTF") { return .ascii }
        return .unicode
    }

    /// A bar of `length` cells (fractional), drawn to eighth-cell precision.
    func bar(_ length: Double) -> String {
        let eighths = Int((max(length, 0) * 8).rounded())
        return String(repeating: full, count: eighths / 8) + partials[eighths % 8]
    }
}

/// Charts printed after a benchmark: medians as bars, and thread scaling
/// for thread sweeps. Both return lines without trailing newline; colour only where the
/// style allows it (never under NO_COLOR or into a pipe).
public enum TerminalCharts {
    /// One bar per configuration, lengths to scale from zero:
    ///
    ///     3.13 (GIL on), 2 threads    ██████████████████████████▍   7.331 s ±0.8%  baseline
    ///     3.13t (GIL off), 2 threads  ███████████▌                  3.250 s ±1.1%  2.256×
    ///
    /// Where a median's 95% CI spans a cell or more, the bar is solid up to
    /// the interval's lower end and shaded (░) across it, so a wide interval
    /// is seen, not only read. A median without a CI (fewer than 6
    /// processes) says so instead of a ±.
    public static func medians(_ run: RunReport, width: Int = 100, style: TerminalStyle = .plain,
                               glyphs: ChartGlyphs = .unicode) -> [String] {
        let configurations = run.configurations
        guard let maximum = configurations.filter(\.hasResult).map(\.medianTime.high).max() else { return [] }
        let labels = configurations.map { clip($0.fullLabel, to: 36) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let figures = configurations.map { configuration -> String in
            guard configuration.hasResult, let median = configuration.median else { return "–" }
            return Format.seconds(median.value) + (median.relativeHalfWidth.map { " ±" + Format.percent($0) } ?? " (no CI)")
        }
        let figureWidth = figures.map(\.count).max() ?? 0
        let comparisons = configurations.map { comparisonText($0, run: run) }
        let comparisonWidth = comparisons.map(\.text.count).max() ?? 0
        var barWidth = width - labelWidth - figureWidth - comparisonWidth - 6
        var showComparison = true
        if barWidth < 16 {
            showComparison = false
            barWidth = max(width - labelWidth - figureWidth - 4, 10)
        }
        var lines: [String] = []
        for (index, configuration) in configurations.enumerated() {
            let label = pad(labels[index], to: labelWidth)
            var bar = ""
            if configuration.hasResult {
                bar = configuration.hasInterval ? intervalBar(configuration.medianTime, scale: Double(barWidth) / maximum, glyphs: glyphs)
                    : glyphs.bar(configuration.medianTime.value * Double(barWidth) / maximum)
            }
            let barCell = bar + String(repeating: " ", count: max(barWidth - bar.count, 0))
            var line = "\(label)  \(barCell)  \(pad(figures[index], to: figureWidth))"
            if showComparison, !comparisons[index].text.isEmpty {
                line += "  " + style.paint(comparisons[index].text, comparisons[index].color)
            }
            lines.append(trimTrailing(line))
        }
        var legend = "bars: median time from zero"
        let kinds = configurations.compactMap { $0.median?.shownKind }
        var spans: [String] = []
        for kind in kinds where kind != .none {
            let span = kind == .withinRun ? "within this run" : "across \(RunRendering.intervalSpan(kind))"
            if !spans.contains(span) { spans.append(span) }
        }
        if !spans.isEmpty { legend += "; ± is the 95% CI of the median (\(spans.joined(separator: ", ")))" }
        if lines.contains(where: { $0.contains(glyphs.interval) }) { legend += "; \(glyphs.interval) spans it" }
        if kinds.contains(.none) { legend += "; no CI: fewer than 6 processes" }
        if let baseline = run.baselineDescription { legend += "; speedup = time of \(baseline) / this time" }
        lines.append(style.paint(legend, .dim))
        return lines
    }

    /// For each thread sweep, thread scaling per thread count, with the
    /// ideal min(N, cores) marked:
    ///
    ///     3.13t (GIL off)
    ///       1 thread   ██████████████▏           │  1.000×  ideal 1
    ///       2 threads  ███████████████████████████▋ 1.950× (1.900–2.000)  98% of ideal 2
    public static func scaling(_ run: RunReport, barWidth: Int = 30, style: TerminalStyle = .plain,
                               glyphs: ChartGlyphs = .unicode) -> [String] {
        let sweeps = run.threadSweeps.filter(\.hasScaling)
        guard !sweeps.isEmpty else { return [] }
        let cores = run.machine.logicalCores
        let maximum = sweeps.flatMap { $0.points.flatMap { [$0.scaling?.high ?? 0, $0.idealScaling] } }.max() ?? 1
        let scale = Double(barWidth) / maximum
        let countWidth = sweeps.flatMap(\.threadCounts).map { "\($0) threads".count }.max() ?? 0
        var lines = ["Thread scaling t1 × N / tN; \(glyphs.ideal) marks the ideal min(N, \(cores == 1 ? "1 core" : "\(cores) cores"))"]
        for sweep in sweeps {
            lines.append(sweep.label)
            for point in sweep.points {
                guard let scaling = point.scaling else { continue }
                let count = pad(point.threads == 1 ? "1 thread" : "\(point.threads) threads", to: countWidth)
                var bar = intervalBar(scaling, scale: scale, glyphs: glyphs)
                let idealCell = Int((point.idealScaling * scale).rounded())
                if bar.count <= idealCell {
                    bar += String(repeating: " ", count: idealCell - bar.count) + glyphs.ideal
                }
                bar += String(repeating: " ", count: max(barWidth + 1 - bar.count, 0))
                var figure = Format.speedup(scaling.value)
                if scaling.high > scaling.low {
                    figure += " (\(Format.speedupRange(scaling.low, scaling.high)))"
                }
                let ideal = NumberText.fixed(point.idealScaling, decimals: 0)
                let efficiency = point.threads == 1 ? "ideal \(ideal)"
                    : "\(Format.percent(point.efficiency ?? 0, decimals: 0)) of ideal \(ideal)"
                lines.append(trimTrailing("  \(count)  \(bar) \(figure)  \(style.paint(efficiency, .dim))"))
            }
        }
        return lines
    }

    /// Solid to the interval's lower end and shaded across it when the
    /// interval spans a cell or more; solid to the value otherwise.
    static func intervalBar(_ estimate: Estimate, scale: Double, glyphs: ChartGlyphs) -> String {
        let low = estimate.low * scale, high = estimate.high * scale
        guard high - low >= 1 else { return glyphs.bar(estimate.value * scale) }
        let solid = glyphs.bar(low)
        let shaded = max(Int(high.rounded()) - solid.count, 1)
        return solid + String(repeating: glyphs.interval, count: shaded)
    }

    private static func comparisonText(_ configuration: ConfigurationResult, run: RunReport) -> (text: String, color: TerminalStyle.Color) {
        if let failure = configuration.failure { return ("failed: \(clip(failure, to: 48))", .red) }
        if run.isBaseline(configuration) { return ("baseline", .dim) }
        guard let speedup = configuration.speedup else { return ("", .dim) }
        var text = Format.speedup(speedup.value)
        if !configuration.converged { text += " (not converged)" }
        if configuration.isUnsteady { text += " (unsteady)" }
        guard let interval = speedup.shownInterval, !interval.contains(1) else { return (text, .dim) }
        return (text, speedup.value > 1 ? .green : .red)
    }

    static func clip(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    /// Pads with spaces to `length` characters (as a terminal counts them,
    /// not UTF-16 units).
    static func pad(_ text: String, to length: Int) -> String {
        text + String(repeating: " ", count: max(length - text.count, 0))
    }

    static func trimTrailing(_ line: String) -> String {
        var line = line
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
