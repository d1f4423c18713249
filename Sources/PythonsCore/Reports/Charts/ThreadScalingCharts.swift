/// The two thread-sweep charts: median time against threads, and speedup
/// against threads with the ideal min(N, cores).
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
            sweep.label + ": " + sweep.points.map { "\($0.threads) → \(TimeText.duration($0.time.value))" }.joined(separator: ", ")
        }.joined(separator: "; ")
        return LineChart(
            kind: "thread-scaling",
            title: "Time against threads (each thread does the same work)",
            description: "Median time per thread count with 95% confidence intervals. " + description,
            xTitle: "Threads",
            yTitle: "Median time (\(unit.symbol)), 95% CI bars",
            series: series,
            xTicks: counts.map(Double.init),
            reference: nil,
            coresMarker: coresMarker(counts, cores: cores)
        ).render(standalone: standalone)
    }

    static func speedup(_ run: RunReport, standalone: Bool) -> String? {
        let cores = run.machine.logicalCores, colors = SeriesColors(run)
        let withSpeedup = run.threadSweeps.filter(\.hasSpeedup)
        guard !withSpeedup.isEmpty else { return nil }
        let series = withSpeedup.map { sweep in
            ChartSeries(label: sweep.label, points: sweep.points.compactMap { point in
                point.speedup.map { ChartPoint(x: Double(point.threads), y: $0) }
            }, styleIndex: colors.index(for: sweep.label))
        }
        let counts = threadCounts(withSpeedup)
        var ideal: [(Double, Double)] = []
        if let first = counts.first, let last = counts.last {
            ideal.append((Double(first), ThreadSweep.idealSpeedup(threads: first, cores: cores)))
            if first < cores, cores < last { ideal.append((Double(cores), Double(cores))) }
            ideal.append((Double(last), ThreadSweep.idealSpeedup(threads: last, cores: cores)))
        }
        let description = withSpeedup.map { sweep in
            sweep.label + ": " + sweep.points.compactMap { point in
                point.speedup.map { "\(point.threads) → \(NumberText.factor($0.value))" }
            }.joined(separator: ", ")
        }.joined(separator: "; ")
        return LineChart(
            kind: "speedup",
            title: "Speedup against threads (t1 × N / tN)",
            description: "Speedup with 95% confidence intervals and the ideal min(N, \(cores)). " + description,
            xTitle: "Threads",
            yTitle: "Speedup (×), 95% CI bars",
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
