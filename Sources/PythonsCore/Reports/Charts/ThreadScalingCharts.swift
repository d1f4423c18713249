/// The two thread-sweep charts: median time against threads, and thread
/// scaling (t1 × N / tN) against threads with the ideal min(N, cores).
enum ThreadScalingCharts {
    static func time(_ run: RunReport, standalone: Bool) -> String? {
        let sweeps = run.threadSweeps, cores = run.machine.logicalCores, colors = SeriesColors(run)
        guard !sweeps.isEmpty else { return nil }
        let maximum = sweeps.flatMap { $0.points.map(\.time.high) }.max() ?? 1
        let unit = TimeUnit.forMagnitude(maximum)
        let series = sweeps.map { sweep in
            ChartSeries(label: sweep.label, points: sweep.points.map { point in
                ChartPoint(x: Double(point.threads), y: Estimate(
                    value: unit.value(ofSeconds: point.time.value),
                    low: unit.value(ofSeconds: point.time.low),
                    high: unit.value(ofSeconds: point.time.high)))
            }, styleIndex: colors.index(for: sweep.label))
        }
        let counts = threadCounts(sweeps)
        let description = sweeps.map { sweep in
            sweep.label + ": " + sweep.points.map { "\($0.threads) → \(Format.seconds($0.time.value))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return LineChart(
            kind: "thread-scaling",
            title: "Time against threads (each thread does the same work)",
            description: "Median time per thread count with 95% confidence intervals (\(run.intervalLegend ?? "")). " + description,
            xTitle: "Threads",
            yTitle: "Median time (\(unit.symbol)), 95% CI bars",
            series: series,
            xTicks: counts.map(Double.init),
            reference: nil,
            coresMarker: coresMarker(counts, cores: cores)
        ).render(standalone: standalone)
    }

    static func scaling(_ run: RunReport, standalone: Bool) -> String? {
        let cores = run.machine.logicalCores, colors = SeriesColors(run)
        let withScaling = run.threadSweeps.filter(\.hasScaling)
        guard !withScaling.isEmpty else { return nil }
        let series = withScaling.map { sweep in
            ChartSeries(label: sweep.label, points: sweep.points.compactMap { point in
                point.scaling.map { ChartPoint(x: Double(point.threads), y: $0) }
            }, styleIndex: colors.index(for: sweep.label))
        }
        let counts = threadCounts(withScaling)
        var ideal: [(Double, Double)] = []
        if let first = counts.first, let last = counts.last {
            ideal.append((Double(first), ThreadSweep.idealScaling(threads: first, cores: cores)))
            if first < cores, cores < last { ideal.append((Double(cores), Double(cores))) }
            ideal.append((Double(last), ThreadSweep.idealScaling(threads: last, cores: cores)))
        }
        let description = withScaling.map { sweep in
            sweep.label + ": " + sweep.points.compactMap { point in
                point.scaling.map { "\(point.threads) → \(Format.speedup($0.value))" }
            }.joined(separator: ", ")
        }.joined(separator: "; ")
        return LineChart(
            kind: "scaling",
            title: "Thread scaling against threads (t1 × N / tN)",
            description: "Scaling with 95% confidence intervals and the ideal min(N, \(cores)). " + description,
            xTitle: "Threads",
            yTitle: "Scaling (×), 95% CI bars",
            series: series,
            xTicks: counts.map(Double.init),
            reference: ("ideal min(N, \(cores == 1 ? "1 core" : "\(cores) cores"))", ideal),
            coresMarker: coresMarker(counts, cores: cores)
        ).render(standalone: standalone)
    }

    private static func threadCounts(_ sweeps: [ThreadSweep]) -> [Int] {
        Array(Set(sweeps.flatMap(\.threadCounts))).sorted()
    }

    /// Only drawn when some thread count exceeds the cores: from there on the
    /// threads share cores and the chart measures the scheduler.
    private static func coresMarker(_ counts: [Int], cores: Int) -> Double? {
        guard let last = counts.last, let first = counts.first, last > cores, cores >= first else { return nil }
        return Double(cores)
    }
}
