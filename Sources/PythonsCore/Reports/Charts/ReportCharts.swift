/// The charts of one run as SVG text, drawn by Pythons without libraries.
///
/// `standalone: true` gives a complete .svg file with its own style sheet;
/// `false` gives an element for the HTML report, whose page style sheet
/// (`ChartTheme.css`) applies. Each function returns nil when the run has
/// nothing that chart could show.
public enum ReportCharts {
    /// Median time against threads, one line per label, 95% CI bars; nil
    /// without a thread sweep.
    public static func threadScaling(_ run: RunReport, standalone: Bool = true) -> String? {
        ThreadScalingCharts.time(run, standalone: standalone)
    }

    /// Thread scaling (t1 × N / tN) against threads with the ideal
    /// min(N, cores); nil without a sweep that includes 1 thread.
    public static func scaling(_ run: RunReport, standalone: Bool = true) -> String? {
        ThreadScalingCharts.scaling(run, standalone: standalone)
    }

    /// One bar per configuration with CI whiskers and the speedup against
    /// the baseline; nil when no configuration has a result.
    public static func comparison(_ run: RunReport, standalone: Bool = true) -> String? {
        ComparisonChart(run: run).render(standalone: standalone)
    }

    /// Samples per configuration as a strip and box plot; nil when no
    /// configuration has samples.
    public static func distribution(_ run: RunReport, standalone: Bool = true) -> String? {
        DistributionChart(run: run).render(standalone: standalone)
    }
}
