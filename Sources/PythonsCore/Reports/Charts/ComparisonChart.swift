/// One horizontal bar per configuration: the median time, a whisker for its
/// 95% CI (none without one), and the speedup against the baseline written
/// on the bar. Bars start at zero, so their lengths compare honestly.
struct ComparisonChart {
    var run: RunReport
    var width: Double = 720

    func render(standalone: Bool) -> String? {
        let configurations = run.configurations
        guard configurations.contains(where: \.hasResult) else { return nil }
        let rowHeight = 30.0, barHeight = 18.0
        let labelWidth = min(260, configurations.map { TextMetrics.width($0.fullLabel) }.max() ?? 0)
        let left = 16 + labelWidth + 10, right = 16.0
        let top = 58.0
        let height = top + Double(configurations.count) * rowHeight + 52
        var canvas = SVGCanvas(width: width, height: height)

        canvas.text("Median time per configuration", x: 16, y: 24, [("class", "chart-title")])
        let baselineText = run.baselineDescription.map { "speedup = time of \($0) / this time" } ?? "no baseline"
        canvas.text("Bars: median; whiskers: its 95% CI; \(baselineText)", x: 16, y: 42, [("class", "muted")])

        let maximum = configurations.filter(\.hasResult).map(\.medianTime.high).max()!
        let unit = TimeUnit.forMagnitude(maximum)
        let scale = NiceScale(minimum: 0, maximum: unit.value(ofSeconds: maximum), targetTickCount: 6, includeZero: true)
        // The ratio is written on the bar when it fits there; the median (and
        // the ratio, on a bar too short for it) after the whisker. The plot
        // narrows just enough for the text after the longest whisker to fit.
        let available = width - right - left
        func extent(_ seconds: Double) -> Double { unit.value(ofSeconds: seconds) / scale.upper }
        var onBar = configurations.map { $0.hasResult ? ratioText($0) : nil }
        var plotWidth = available
        for _ in 0..<2 {
            plotWidth = available
            for (index, configuration) in configurations.enumerated() where configuration.hasResult {
                let after = afterWhiskerText(configuration, ratioOnBar: onBar[index] != nil)
                let end = extent(configuration.medianTime.high)
                if end > 0 { plotWidth = min(plotWidth, (available - 8 - TextMetrics.width(after)) / end) }
            }
            plotWidth = max(plotWidth, available * 0.35)
            for (index, configuration) in configurations.enumerated() {
                if let text = onBar[index], TextMetrics.width(text) + 16 > extent(configuration.medianTime.low) * plotWidth {
                    onBar[index] = nil
                }
            }
        }
        let plot = PlotArea(left: left, top: top - 6, right: left + plotWidth, bottom: top + Double(configurations.count) * rowHeight)
        func px(_ seconds: Double) -> Double { plot.left + extent(seconds) * plot.width }

        AxisDrawing.verticalGrid(&canvas, plot: plot, scale: scale) { plot.left + $0 / scale.upper * plot.width }
        canvas.line(plot.left, plot.top, plot.left, plot.bottom, [("class", "axis")])
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, [("class", "axis")])
        canvas.text("Median time (\(unit.symbol))", x: plot.left + plot.width / 2, y: plot.bottom + 36, anchor: .middle)

        let colors = SeriesColors(run)
        for (row, configuration) in configurations.enumerated() {
            let rowTop = top + Double(row) * rowHeight
            let centre = rowTop + rowHeight / 2 - 6
            canvas.openGroup([("class", "bar"), ("data-configuration", configuration.id)])
            canvas.text(TextMetrics.fit(configuration.fullLabel, width: labelWidth), x: left - 10, y: centre + 4, anchor: .end)
            if configuration.hasResult {
                let color = colors.color(for: configuration)
                canvas.rect(x: plot.left, y: centre - barHeight / 2, width: px(configuration.medianTime.value) - plot.left, height: barHeight,
                            [("fill", color)])
                let low = px(configuration.medianTime.low), high = px(configuration.medianTime.high)
                if configuration.hasInterval {
                    canvas.line(low, centre, high, centre, [("class", "whisker")])
                    canvas.line(low, centre - 6, low, centre + 6, [("class", "whisker")])
                    canvas.line(high, centre - 6, high, centre + 6, [("class", "whisker")])
                }
                if let text = onBar[row] {
                    let textClass = ChartTheme.needsLightText(color) ? "on-bar light" : "on-bar dark"
                    canvas.text(text, x: min(px(configuration.medianTime.low), px(configuration.medianTime.value)) - 8, y: centre + 4, anchor: .end,
                                [("class", textClass)])
                }
                canvas.text(afterWhiskerText(configuration, ratioOnBar: onBar[row] != nil), x: high + 8, y: centre + 4, [("class", "value")])
            } else {
                canvas.text(TextMetrics.fit(failureText(configuration), width: width - right - plot.left - 8), x: plot.left + 8, y: centre + 4,
                            [("class", "muted")])
            }
            canvas.closeGroup()
        }
        let description = configurations.map { "\($0.fullLabel): \(annotation($0))" }.joined(separator: "; ")
        return canvas.render(kind: "comparison", title: "Median time per configuration",
                             description: description, standalone: standalone)
    }

    /// "3.250 s · 2.260× (2.210–2.300)", "7.331 s · baseline", "failed: ...".
    func annotation(_ configuration: ConfigurationResult) -> String {
        guard configuration.hasResult else { return failureText(configuration) }
        return afterWhiskerText(configuration, ratioOnBar: false)
    }

    /// "baseline", "2.260× (2.210–2.300)", or nil without a speedup.
    func ratioText(_ configuration: ConfigurationResult) -> String? {
        if run.isBaseline(configuration) { return "baseline" }
        return configuration.speedup.map(SpeedupText.withInterval)
    }

    /// The median, then what did not fit on the bar, then warnings.
    func afterWhiskerText(_ configuration: ConfigurationResult, ratioOnBar: Bool) -> String {
        var parts = [Format.seconds(configuration.medianTime.value)]
        if !configuration.hasInterval { parts.append("no CI") }
        if !ratioOnBar, let ratio = ratioText(configuration) { parts.append(ratio) }
        if !configuration.converged { parts.append("not converged") }
        if configuration.isUnsteady { parts.append("unsteady") }
        if configuration.failure != nil { parts.append("failed later") }
        return parts.joined(separator: " · ")
    }

    func failureText(_ configuration: ConfigurationResult) -> String {
        "failed" + (configuration.failure.map { ": \($0)" } ?? "")
    }
}

/// One colour per label in a run, in order of first appearance, so that a
/// build keeps its colour across every chart of the run.
struct SeriesColors {
    private var indexByLabel: [String: Int] = [:]

    init(_ run: RunReport) {
        for configuration in run.configurations where indexByLabel[configuration.label] == nil {
            indexByLabel[configuration.label] = indexByLabel.count
        }
    }

    func index(for label: String) -> Int { indexByLabel[label] ?? 0 }
    func color(for configuration: ConfigurationResult) -> String {
        ChartTheme.color(forSeries: index(for: configuration.label))
    }
}

/// A speedup in words for charts and the report: the number as every output
/// writes it, and its shown interval.
enum SpeedupText {
    /// "2.260× (2.210–2.300)", "1.002×" without an interval.
    static func withInterval(_ speedup: SpeedupEstimate) -> String {
        Format.speedup(speedup.value) + (speedup.shownInterval.map { " (" + Format.speedupRange($0.lower, $0.upper) + ")" } ?? "")
    }
}
