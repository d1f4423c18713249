/// A point of a line chart: y with its 95% CI.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Estimate

    public init(x: Double, y: Estimate) {
        self.x = x
        self.y = y
    }
}

/// One line of a line chart.
public struct ChartSeries: Sendable, Equatable {
    public var label: String
    public var points: [ChartPoint]
    /// Picks colour and marker shape, so a build keeps both across charts.
    public var styleIndex: Int

    public init(label: String, points: [ChartPoint], styleIndex: Int) {
        self.label = label
        self.points = points
        self.styleIndex = styleIndex
    }
}

/// A line chart with CI bars at every point, drawn for thread sweeps: x is
/// the thread count (ticks at the counts measured), y starts at zero.
struct LineChart {
    var kind: String
    var title: String
    var description: String
    var xTitle: String
    var yTitle: String
    var series: [ChartSeries]
    var xTicks: [Double]
    /// A dashed reference line through these points (the ideal speedup).
    var reference: (label: String, points: [(Double, Double)])?
    /// A dotted vertical line at the core count, when threads go beyond it.
    var coresMarker: Double?
    var width: Double = 720
    var height: Double = 380

    func render(standalone: Bool) -> String {
        var canvas = SVGCanvas(width: width, height: height)
        let left = 72.0, right = 24.0
        canvas.text(title, x: left, y: 24, [("class", "chart-title")])

        // Legend under the title, wrapped to the width.
        var legend: [(label: String, draw: LegendSwatch)] = series.map {
            ($0.label, .series($0.styleIndex))
        }
        if let reference { legend.append((reference.label, .reference)) }
        let legendRows = LegendLayout.rows(legend.map(\.label), width: width - left - right)
        var legendY = 46.0
        var index = 0
        for row in legendRows {
            for (label, x) in row {
                let swatchX = left + x
                switch legend[index].draw {
                case .series(let seriesIndex):
                    let color = ChartTheme.color(forSeries: seriesIndex)
                    canvas.line(swatchX, legendY - 4, swatchX + 22, legendY - 4, [("stroke", color), ("stroke-width", "2")])
                    canvas.marker(MarkerShape.forSeries(seriesIndex), x: swatchX + 11, y: legendY - 4, size: 4, color: color)
                case .reference:
                    canvas.line(swatchX, legendY - 4, swatchX + 22, legendY - 4, [("class", "reference")])
                }
                canvas.text(label, x: swatchX + 28, y: legendY)
                index += 1
            }
            legendY += 18
        }

        let top = legendY + 4, bottom = height - 50
        let plot = PlotArea(left: left, top: top, right: width - right, bottom: bottom)

        var maximum = series.flatMap { $0.points.map(\.y.high) }.max() ?? 1
        if let reference { maximum = max(maximum, reference.points.map(\.1).max() ?? 0) }
        // Headroom, so the highest point or the ideal line is not drawn on
        // the plot's top edge.
        let yScale = NiceScale(minimum: 0, maximum: maximum * 1.04, targetTickCount: 6, includeZero: true)
        let xMin = xTicks.min() ?? 0, xMax = xTicks.max() ?? 1
        let pad = max(0.3, (xMax - xMin) * 0.06)
        let xDomain = (xMin - pad, xMax + pad)
        func px(_ x: Double) -> Double { plot.left + (x - xDomain.0) / (xDomain.1 - xDomain.0) * plot.width }
        func py(_ y: Double) -> Double { plot.bottom - (y - yScale.lower) / (yScale.upper - yScale.lower) * plot.height }

        AxisDrawing.horizontalGrid(&canvas, plot: plot, scale: yScale, position: py)
        for tick in xTicks {
            canvas.line(px(tick), plot.bottom, px(tick), plot.bottom + 5, [("class", "axis")])
            canvas.text(NumberText.fixed(tick, decimals: 0), x: px(tick), y: plot.bottom + 19, anchor: .middle)
        }
        canvas.line(plot.left, plot.bottom, plot.right, plot.bottom, [("class", "axis")])
        canvas.line(plot.left, plot.top, plot.left, plot.bottom, [("class", "axis")])
        canvas.text(xTitle, x: plot.left + plot.width / 2, y: height - 12, anchor: .middle)
        canvas.verticalText(yTitle, x: 18, y: plot.top + plot.height / 2)

        if let cores = coresMarker {
            canvas.line(px(cores), plot.top, px(cores), plot.bottom, [("class", "cores")])
            let label = cores == 1 ? "1 core" : "\(NumberText.fixed(cores, decimals: 0)) cores"
            canvas.text(label, x: px(cores) + 4, y: plot.bottom - 6, [("class", "muted")])
        }
        if let reference {
            canvas.polyline(reference.points.map { (px($0.0), py($0.1)) }, [("class", "reference")])
        }

        // Series that share a thread count are nudged apart so that their CI
        // bars do not hide each other.
        let dodge = 6.0
        for (position, line) in series.enumerated() {
            let seriesIndex = line.styleIndex
            let color = ChartTheme.color(forSeries: seriesIndex)
            let offset = (Double(position) - Double(series.count - 1) / 2) * dodge
            canvas.openGroup([("class", "series"), ("data-series", line.label)])
            canvas.polyline(line.points.map { (px($0.x) + offset, py($0.y.value)) },
                            [("fill", "none"), ("stroke", color), ("stroke-width", "2")])
            for point in line.points {
                let x = px(point.x) + offset
                if point.y.high > point.y.low {
                    canvas.line(x, py(point.y.low), x, py(point.y.high), [("stroke", color), ("stroke-width", "1.5"), ("class", "ci")])
                    canvas.line(x - 4, py(point.y.low), x + 4, py(point.y.low), [("stroke", color), ("stroke-width", "1.5")])
                    canvas.line(x - 4, py(point.y.high), x + 4, py(point.y.high), [("stroke", color), ("stroke-width", "1.5")])
                }
                canvas.marker(MarkerShape.forSeries(seriesIndex), x: x, y: py(point.y.value), color: color)
            }
            canvas.closeGroup()
        }
        return canvas.render(kind: kind, title: title, description: description, standalone: standalone)
    }

    private enum LegendSwatch { case series(Int), reference }
}

struct PlotArea {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var width: Double { right - left }
    var height: Double { bottom - top }
}

enum AxisDrawing {
    /// Grid lines and labels at the y ticks.
    static func horizontalGrid(_ canvas: inout SVGCanvas, plot: PlotArea, scale: NiceScale, position: (Double) -> Double) {
        for tick in scale.ticks {
            let y = position(tick)
            canvas.line(plot.left, y, plot.right, y, [("class", "grid")])
            canvas.text(scale.label(tick), x: plot.left - 6, y: y + 4, anchor: .end)
        }
    }

    /// Grid lines and labels at the x ticks, labels under the plot.
    static func verticalGrid(_ canvas: inout SVGCanvas, plot: PlotArea, scale: NiceScale, position: (Double) -> Double) {
        for tick in scale.ticks {
            let x = position(tick)
            canvas.line(x, plot.top, x, plot.bottom, [("class", "grid")])
            canvas.text(scale.label(tick), x: x, y: plot.bottom + 17, anchor: .middle)
        }
    }
}

enum LegendLayout {
    /// Legend entries placed left to right, wrapping at `width`: for each row,
    /// each entry's label and x offset.
    static func rows(_ labels: [String], width: Double) -> [[(String, Double)]] {
        var rows: [[(String, Double)]] = [[]]
        var x = 0.0
        for label in labels {
            let entryWidth = 28 + TextMetrics.width(label) + 18
            if x > 0, x + entryWidth > width {
                rows.append([])
                x = 0
            }
            rows[rows.count - 1].append((label, x))
            x += entryWidth
        }
        return rows.filter { !$0.isEmpty }
    }
}
