import Foundation

/// A suite's per-benchmark speedups for one configuration against the
/// baseline: one row per benchmark, sorted, its point and 95% interval on a
/// log scale (so 2× faster and 2× slower lie equally far from 1), a line at
/// 1, and the geometric mean as the last row.
public struct SuiteRatioChart: Sendable {
    public var analysis: SuiteAnalysis
    public var label: String
    public var width: Double = 720

    public init(analysis: SuiteAnalysis, label: String) {
        self.analysis = analysis
        self.label = label
    }

    /// nil when no benchmark has a speedup for this label.
    public func render(standalone: Bool) -> String? {
        var rows: [(name: String, estimate: Estimate, verdict: String)] = analysis.benchmarks.compactMap { benchmark in
            guard let cell = benchmark.cells.first(where: { $0.label == label }), let speedup = cell.speedup else { return nil }
            return (benchmark.name, speedup, cell.verdict?.rawValue ?? "")
        }
        guard !rows.isEmpty else { return nil }
        rows.sort { $0.estimate.value < $1.estimate.value }
        let mean = analysis.geometricMean(for: label)
        let rowHeight = 20.0, top = 58.0
        let labelWidth = min(220, (rows.map { TextMetrics.width($0.name) } + [TextMetrics.width("geometric mean")]).max() ?? 0)
        func figure(_ estimate: Estimate, _ note: String) -> String {
            String(format: "%.3f (%.3f–%.3f)", estimate.value, estimate.low, estimate.high) + (note.isEmpty ? "" : " \(note)")
        }
        let figures = rows.map { figure($0.estimate, $0.verdict) } + (mean.map { [figure($0.speedup, "")] } ?? [])
        let left = 16 + labelWidth + 10, right = min(width * 0.4, (figures.map { TextMetrics.width($0) }.max() ?? 0) + 24)
        let count = Double(rows.count) + (mean == nil ? 0 : 1.5)
        let height = top + count * rowHeight + 48
        var canvas = SVGCanvas(width: width, height: height)
        canvas.text("Speedup of \(label) against \(analysis.baseline), per benchmark", x: 16, y: 24, [("class", "chart-title")])
        canvas.text("Dot: speedup (baseline time / this time; right of 1 is faster); line: 95% interval; log scale", x: 16, y: 42,
                    [("class", "muted")])
        let estimates = rows.map(\.estimate) + (mean.map { [$0.speedup] } ?? [])
        let low = min(estimates.map(\.low).min() ?? 1, 0.9), high = max(estimates.map(\.high).max() ?? 1, 1.1)
        let plot = PlotArea(left: left, top: top - 6, right: width - right, bottom: top + count * rowHeight)
        func px(_ value: Double) -> Double {
            plot.left + (log(value) - log(low)) / (log(high) - log(low)) * plot.width
        }
        for tick in Self.ticks(low: low, high: high) {
            canvas.line(px(tick), plot.top, px(tick), plot.bottom, [("class", "grid")])
            canvas.text(Self.tickText(tick), x: px(tick), y: plot.bottom + 16, anchor: .middle, [("class", "muted")])
        }
        canvas.line(px(1), plot.top, px(1), plot.bottom, [("class", "reference")])
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, [("class", "axis")])
        canvas.text("Speedup (×, log scale)", x: plot.left + plot.width / 2, y: plot.bottom + 36, anchor: .middle)
        let color = ChartTheme.color(forSeries: max(0, analysis.labels.firstIndex(of: label) ?? 0))
        func drawRow(_ name: String, _ estimate: Estimate, _ note: String, y: Double, emphasised: Bool) {
            canvas.openGroup([("class", "suite-row"), ("data-benchmark", name)])
            canvas.text(TextMetrics.fit(name, width: labelWidth), x: left - 10, y: y + 4, anchor: .end,
                        emphasised ? [("font-weight", "600")] : [])
            canvas.line(px(estimate.low), y, px(estimate.high), y, [("class", "whisker")])
            if emphasised {
                canvas.path("M \(svgNumber(px(estimate.value))) \(svgNumber(y - 7)) l 7 7 l -7 7 l -7 -7 z", [("fill", color)])
            } else {
                canvas.circle(cx: px(estimate.value), cy: y, r: 4.5, [("fill", color)])
            }
            canvas.text(figure(estimate, note), x: plot.right + 8, y: y + 4, [("class", "value")])
            canvas.closeGroup()
        }
        for (index, row) in rows.enumerated() {
            drawRow(row.name, row.estimate, row.verdict, y: top + Double(index) * rowHeight + rowHeight / 2 - 6, emphasised: false)
        }
        if let mean {
            let y = top + (Double(rows.count) + 0.5) * rowHeight + rowHeight / 2 - 6
            canvas.line(plot.left, y - rowHeight * 0.75, plot.right, y - rowHeight * 0.75, [("class", "grid")])
            drawRow("geometric mean", mean.speedup, "", y: y, emphasised: true)
        }
        let description = rows.map { "\($0.name): \(String(format: "%.3f", $0.estimate.value))" }.joined(separator: "; ")
            + (mean.map { String(format: "; geometric mean %.3f (%.3f–%.3f)", $0.speedup.value, $0.speedup.low, $0.speedup.high) } ?? "")
        return canvas.render(kind: "suite-ratios", title: "Speedup of \(label) against \(analysis.baseline)",
                             description: description, standalone: standalone)
    }

    /// Ticks at 1 and at round factors either side that fall inside.
    static func ticks(low: Double, high: Double) -> [Double] {
        let candidates = [0.25, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 8]
        return candidates.filter { $0 >= low && $0 <= high }
    }

    static func tickText(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))×" : String(format: "%g×", value)
    }
}

/// The scaling suite as a heat table: one row per operation, one column per
/// configuration (and thread count), each cell coloured by its efficiency
/// (speedup / min(N, cores)) and holding the speedup's interval and the verdict.
/// HTML, not SVG: a table reads and copies as one.
public enum ScalingHeatTable {
    public static func html(_ analysis: SuiteAnalysis, cores: Int) -> String? {
        guard !analysis.scaling.isEmpty else { return nil }
        var columns: [(label: String, threads: Int)] = []
        for entry in analysis.scaling where !columns.contains(where: { $0.label == entry.label && $0.threads == entry.threads }) {
            columns.append((entry.label, entry.threads))
        }
        var html = "<div class=\"table-scroll\"><table class=\"statistics scaling-heat\">"
        html += "<caption>Thread scaling per operation: efficiency = speedup / min(N, \(cores) cores); speedup t1 × N / tN with its 95% interval</caption>"
        html += "<thead><tr><th scope=\"col\">Operation</th>"
            + columns.map { "<th scope=\"col\">\(XMLText.escape("\($0.label), \($0.threads) threads"))</th>" }.joined() + "</tr></thead><tbody>"
        for benchmark in analysis.benchmarks where !benchmark.cells.isEmpty {
            html += "<tr><th scope=\"row\">\(XMLText.escape(benchmark.name))</th>"
            for column in columns {
                guard let entry = analysis.scaling.first(where: { $0.operation == benchmark.name && $0.label == column.label && $0.threads == column.threads }) else {
                    html += "<td>–</td>"
                    continue
                }
                let text = String(format: "%.0f%% · %.2f× (%.2f–%.2f) · ", entry.efficiency.value * 100, entry.speedup.value,
                                  entry.speedup.low, entry.speedup.high) + entry.verdict.rawValue
                html += "<td class=\"heat verdict-\(entry.verdict.rawValue)\" style=\"background-color: \(color(efficiency: entry.efficiency.value)); color: #000000\">\(XMLText.escape(text))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// Vermillion at 0% through yellow at 50% to bluish green at 100%
    /// (Okabe and Ito's colours, light enough for black text).
    static func color(efficiency: Double) -> String {
        let stops: [(Double, (Double, Double, Double))] = [(0, (240, 160, 130)), (0.5, (245, 230, 140)), (1, (130, 210, 180))]
        let clamped = min(max(efficiency, 0), 1)
        let upper = stops.firstIndex { $0.0 >= clamped } ?? stops.count - 1
        let lower = max(upper - 1, 0)
        let span = stops[upper].0 - stops[lower].0
        let fraction = span > 0 ? (clamped - stops[lower].0) / span : 0
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * fraction).rounded()) }
        let (a, b) = (stops[lower].1, stops[upper].1)
        return String(format: "#%02X%02X%02X", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
