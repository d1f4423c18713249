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

/// Charts printed after a benchmark: medians as bars, and speedup for thread
/// sweeps. Both return lines without trailing newline; colour only where the
/// style allows it (never under NO_COLOR or into a pipe).
public enum TerminalCharts {
    /// One bar per configuration, lengths to scale from zero:
    ///
    ///     3.13 (GIL on), 2 threads    ██████████████████████████▍   7.33 s ±0.8%  baseline
    ///     3.13t (GIL off), 2 threads  ███████████▌                  3.25 s ±1.1%  2.26× faster
    ///
    /// Where a median's 95% CI spans a cell or more, the bar is solid up to
    /// the interval's lower end and shaded (░) across it, so a wide interval
    /// is seen, not only read.
    public static func medians(_ run: RunReport, width: Int = 100, style: TerminalStyle = .plain,
                               glyphs: ChartGlyphs = .unicode) -> [String] {
        let configurations = run.configurations
        guard let maximum = configurations.filter(\.hasResult).map(\.medianTime.high).max() else { return [] }
        let labels = configurations.map { clip($0.fullLabel, to: 36) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let figures = configurations.map { configuration in
            configuration.hasResult
                ? "\(TimeText.duration(configuration.medianTime.value)) ±\(NumberText.percent(configuration.medianTime.relativeHalfWidth))"
                : "–"
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
                bar = intervalBar(configuration.medianTime, scale: Double(barWidth) / maximum, glyphs: glyphs)
            }
            let barCell = bar + String(repeating: " ", count: max(barWidth - bar.count, 0))
            var line = "\(label)  \(barCell)  \(pad(figures[index], to: figureWidth))"
            if showComparison, !comparisons[index].text.isEmpty {
                line += "  " + style.paint(comparisons[index].text, comparisons[index].color)
            }
            lines.append(trimTrailing(line))
        }
        var legend = "bars: median time from zero; ± is the 95% CI of the median"
        if lines.contains(where: { $0.contains(glyphs.interval) }) { legend += "; \(glyphs.interval) spans it" }
        if let baseline = run.baselineDescription { legend += "; ratios against \(baseline)" }
        lines.append(style.paint(legend, .dim))
        return lines
    }

    /// For each thread sweep, speedup per thread count, with the ideal
    /// min(N, cores) marked:
    ///
    ///     3.13t (GIL off)
    ///       1 thread   ██████████████▏           │  1.00×  ideal 1
    ///       2 threads  ███████████████████████████▋ 1.95× (1.90–2.00)  98% of ideal 2
    public static func speedup(_ run: RunReport, barWidth: Int = 30, style: TerminalStyle = .plain,
                               glyphs: ChartGlyphs = .unicode) -> [String] {
        let sweeps = run.threadSweeps.filter(\.hasSpeedup)
        guard !sweeps.isEmpty else { return [] }
        let cores = run.machine.logicalCores
        let maximum = sweeps.flatMap { $0.points.flatMap { [$0.speedup?.high ?? 0, $0.idealSpeedup] } }.max() ?? 1
        let scale = Double(barWidth) / maximum
        let countWidth = sweeps.flatMap(\.threadCounts).map { "\($0) threads".count }.max() ?? 0
        var lines = ["Speedup t1 × N / tN; \(glyphs.ideal) marks the ideal min(N, \(cores == 1 ? "1 core" : "\(cores) cores"))"]
        for sweep in sweeps {
            lines.append(sweep.label)
            for point in sweep.points {
                guard let speedup = point.speedup else { continue }
                let count = pad(point.threads == 1 ? "1 thread" : "\(point.threads) threads", to: countWidth)
                var bar = intervalBar(speedup, scale: scale, glyphs: glyphs)
                let idealCell = Int((point.idealSpeedup * scale).rounded())
                if bar.count <= idealCell {
                    bar += String(repeating: " ", count: idealCell - bar.count) + glyphs.ideal
                }
                bar += String(repeating: " ", count: max(barWidth + 1 - bar.count, 0))
                var figure = NumberText.factor(speedup.value)
                if speedup.high > speedup.low {
                    figure += " (\(NumberText.fixed(speedup.low, decimals: 2))–\(NumberText.fixed(speedup.high, decimals: 2)))"
                }
                let ideal = NumberText.fixed(point.idealSpeedup, decimals: 0)
                let efficiency = point.threads == 1 ? "ideal \(ideal)"
                    : "\(NumberText.fixed((point.efficiency ?? 0) * 100, decimals: 0))% of ideal \(ideal)"
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
        guard let ratio = configuration.ratioToBaseline else { return ("", .dim) }
        var text = RatioText.short(timeRatio: ratio)
        if !configuration.converged { text += " (not converged)" }
        if ratio.contains(1) { return (text, .dim) }
        return (text, ratio.value < 1 ? .green : .red)
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
