/// Every timing of every configuration, as its deviation from that
/// configuration's median, with a box plot of its processes' values (the
/// run analysis's quartiles: processes, not pooled timings, are the unit of
/// evidence). A shared relative axis lets a 1.8 s and a 7.3 s configuration
/// show their noise side by side; absolute medians are written under each
/// label.
///
/// Each worker process gets its own line of dots within the row, so a
/// process that ran slow as a whole (one hash seed, one memory layout) shows
/// as a displaced line rather than vanishing into the cloud; bimodal runs and
/// outlying processes are visible at a glance.
struct DistributionChart {
    var run: RunReport
    var width: Double = 720
    /// Keeps a report of a long run a few hundred kilobytes, not megabytes.
    static let maximumDotsPerRow = 400

    func render(standalone: Bool) -> String? {
        let rows = run.configurations.filter(\.hasResult)
        guard !rows.isEmpty else { return nil }
        let rowHeight = 40.0
        let labelWidth = min(280, rows.map { max(TextMetrics.width($0.fullLabel), TextMetrics.width(countText($0), fontSize: 11)) }.max() ?? 0)
        let left = 16 + labelWidth + 10, right = 24.0
        let top = 74.0
        let height = top + Double(rows.count) * rowHeight + 52
        var canvas = SVGCanvas(width: width, height: height)

        canvas.text("Timings per configuration", x: 16, y: 24, [("class", "chart-title")])
        drawLegend(&canvas, y: 46)

        func deviation(_ sample: Double, _ configuration: ConfigurationResult) -> Double {
            (sample / configuration.medianTime.value - 1) * 100
        }
        var low = 0.0, high = 0.0
        for configuration in rows {
            for sample in configuration.processSamples.joined() {
                low = min(low, deviation(sample, configuration))
                high = max(high, deviation(sample, configuration))
            }
            low = min(low, deviation(configuration.medianTime.low, configuration))
            high = max(high, deviation(configuration.medianTime.high, configuration))
            if let summary = configuration.summary {
                low = min(low, deviation(summary.minimum, configuration))
                high = max(high, deviation(summary.maximum, configuration))
            }
        }
        let scale = NiceScale(minimum: low, maximum: high, targetTickCount: 7, includeZero: true)
        let plot = PlotArea(left: left, top: top - 4, right: width - right, bottom: top + Double(rows.count) * rowHeight)
        func px(_ percent: Double) -> Double { plot.left + (percent - scale.lower) / (scale.upper - scale.lower) * plot.width }

        AxisDrawing.verticalGrid(&canvas, plot: plot, scale: scale, position: px)
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, [("class", "axis")])
        canvas.line(px(0), plot.top, px(0), plot.bottom, [("class", "axis")])
        canvas.text("Deviation from the configuration's median (%)", x: plot.left + plot.width / 2, y: plot.bottom + 36, anchor: .middle)

        let colors = SeriesColors(run)
        for (row, configuration) in rows.enumerated() {
            let rowTop = top + Double(row) * rowHeight
            let centre = rowTop + rowHeight / 2
            let color = colors.color(for: configuration)
            let summary = configuration.summary!
            canvas.openGroup([("class", "distribution"), ("data-configuration", configuration.id)])
            canvas.text(TextMetrics.fit(configuration.fullLabel, width: labelWidth), x: left - 10, y: centre - 2, anchor: .end)
            canvas.text(countText(configuration), x: left - 10, y: centre + 12, anchor: .end, [("class", "muted"), ("font-size", "11")])

            // Box (p25–p75 of process values) and whiskers to the last process
            // values inside the fences.
            let whiskers = (low: summary.lowerWhisker, high: summary.upperWhisker)
            let boxTop = centre - 11, boxHeight = 22.0
            canvas.line(px(deviation(whiskers.low, configuration)), centre, px(deviation(summary.p25, configuration)), centre, [("class", "whisker")])
            canvas.line(px(deviation(summary.p75, configuration)), centre, px(deviation(whiskers.high, configuration)), centre, [("class", "whisker")])
            for end in [whiskers.low, whiskers.high] {
                canvas.line(px(deviation(end, configuration)), centre - 5, px(deviation(end, configuration)), centre + 5, [("class", "whisker")])
            }
            canvas.rect(x: px(deviation(summary.p25, configuration)), y: boxTop,
                        width: px(deviation(summary.p75, configuration)) - px(deviation(summary.p25, configuration)),
                        height: boxHeight, [("class", "box")])
            // The median's CI as a strip through the box's middle, so the box
            // edges stay visible where the interval is wider than the box.
            if configuration.hasInterval {
                canvas.rect(x: px(deviation(configuration.medianTime.low, configuration)), y: centre - 4,
                            width: max(px(deviation(configuration.medianTime.high, configuration)) - px(deviation(configuration.medianTime.low, configuration)), 1),
                            height: 8, [("class", "median-band")])
            }
            canvas.line(px(0), boxTop, px(0), boxTop + boxHeight, [("class", "median-line")])

            // Dots: one line per process, spread over the row's height. Past
            // `maximumDotsPerRow` ordinary samples, every k-th is drawn (the
            // box still summarises all); outliers are always drawn.
            // The timings of a process whose value lies beyond the fences are
            // drawn as rings, all of them; of the others, past
            // `maximumDotsPerRow` timings every k-th is drawn.
            let outlying = Set(summary.outliers)
            let lines = configuration.processSamples.enumerated().filter { !$0.element.isEmpty }
            let ordinary = lines.filter { !outlying.contains($0.offset) }.reduce(0) { $0 + $1.element.count }
            let stride = max(1, Int((Double(ordinary) / Double(Self.maximumDotsPerRow)).rounded(.up)))
            var ordinarySeen = 0
            for (line, (processIndex, process)) in lines.enumerated() {
                let isOutlier = outlying.contains(processIndex)
                for (sampleIndex, sample) in process.enumerated() {
                    if !isOutlier {
                        defer { ordinarySeen += 1 }
                        if ordinarySeen % stride != 0 { continue }
                    }
                    let y: Double
                    if lines.count > 1 {
                        y = boxTop + 2 + (Double(line) + 0.5) / Double(lines.count) * (boxHeight - 4)
                    } else {
                        // One process: spread its timings evenly (golden-ratio
                        // steps), the same way every time.
                        let fraction = (Double(sampleIndex) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1)
                        y = boxTop + 2 + fraction * (boxHeight - 4)
                    }
                    let x = px(deviation(sample, configuration))
                    if isOutlier {
                        canvas.circle(cx: x, cy: y, r: 3.2, [("fill", "none"), ("stroke", color), ("stroke-width", "1.5"), ("class", "outlier")])
                    } else {
                        canvas.circle(cx: x, cy: y, r: 2.2, [("fill", color), ("fill-opacity", "0.65"), ("class", "sample")])
                    }
                }
            }
            canvas.closeGroup()
        }
        let description = rows.map { configuration -> String in
            let summary = configuration.summary!
            let outlying = Set(summary.outliers)
            let ordinary = configuration.processSamples.enumerated().filter { !outlying.contains($0.offset) }.reduce(0) { $0 + $1.element.count }
            let thinned = ordinary > Self.maximumDotsPerRow ? " (a subset of the timings drawn as dots)" : ""
            return "\(configuration.fullLabel): \(configuration.sampleCount) timings in \(summary.count) processes\(thinned); process values p25 \(Format.seconds(summary.p25)), p75 \(Format.seconds(summary.p75)), \(summary.outliers.count) outlying processes"
        }.joined(separator: "; ")
        return canvas.render(kind: "distribution", title: "Timings per configuration",
                             description: description, standalone: standalone)
    }

    /// "5.270 s, 100 in 20 processes": the absolute median and the evidence.
    private func countText(_ configuration: ConfigurationResult) -> String {
        let processes = configuration.processSamples.filter { !$0.isEmpty }.count
        return "\(Format.seconds(configuration.medianTime.value)), \(configuration.sampleCount) in \(processes) \(processes == 1 ? "process" : "processes")"
    }

    private func drawLegend(_ canvas: inout SVGCanvas, y: Double) {
        var x = 16.0
        canvas.circle(cx: x + 4, cy: y - 4, r: 2.5, [("fill", ChartTheme.color(forSeries: 0))])
        canvas.text("timing (one line per worker process)", x: x + 12, y: y)
        x += 12 + TextMetrics.width("timing (one line per worker process)") + 14
        canvas.circle(cx: x + 4, cy: y - 4, r: 3.2, [("fill", "none"), ("stroke", ChartTheme.color(forSeries: 0)), ("stroke-width", "1.5")])
        canvas.text("a process beyond 1.5 IQR", x: x + 12, y: y)
        x = 16
        let second = y + 18
        canvas.rect(x: x, y: second - 10, width: 16, height: 10, [("class", "box")])
        canvas.text("process values: p25–p75, whiskers to 1.5 IQR", x: x + 22, y: second)
        x += 22 + TextMetrics.width("process values: p25–p75, whiskers to 1.5 IQR") + 14
        canvas.rect(x: x, y: second - 8, width: 16, height: 6, [("class", "median-band")])
        canvas.line(x + 8, second - 11, x + 8, second + 1, [("class", "median-line")])
        canvas.text("median and its 95% CI", x: x + 22, y: second)
    }
}
