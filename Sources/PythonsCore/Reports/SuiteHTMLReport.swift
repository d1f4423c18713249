import Foundation

/// A suite run as one self-contained HTML page, in the style of
/// `HTMLReport`: the suite's facts, one speedup chart per configuration
/// (benchmarks sorted, geometric mean last), the scaling heat table, the
/// table of every benchmark, what was skipped or failed and why, and each
/// benchmark's own run section, folded.
public enum SuiteHTMLReport {
    public static func render(_ suite: SuiteRun, title: String, generatedAt: Date) -> String {
        let analysis = SuiteAnalysis(suite)
        let rendering = SuiteRendering(suite: suite, analysis: analysis)
        var html = HTMLWriter()
        HTMLReport.openPage(title: title, extraCSS: css, into: &html)
        html.raw("<header>")
        html.element("h1", title)
        html.element("p", "Generated \(ReportDates.text(generatedAt)) by Pythons: \(rendering.headline()).", attributes: [("class", "muted")])
        html.raw("</header>")
        html.raw("<article class=\"run suite status-\(suite.status.rawValue)\">")
        html.element("h2", suite.name)
        html.raw("<dl class=\"run-facts\">")
        for (term, value) in [("Date", ReportDates.text(suite.startedAt)), ("Status", suite.status.rawValue),
                              ("Machine", suite.machine.summaryLine), ("Baseline", suite.baseline),
                              ("Budget", suite.budget.map { "\(Format.plainNumber($0.rounded())) s for the whole suite" } ?? "none")] {
            html.element("dt", term)
            html.element("dd", value)
        }
        html.element("dt", "Command")
        html.raw("<dd><code>\(XMLText.escape(ShellQuoting.join(suite.commandLine)))</code></dd>")
        html.raw("</dl>")
        let problems = rendering.problemLines()
        if !problems.isEmpty || !suite.notes.isEmpty {
            html.raw("<ul class=\"notes\">")
            for line in problems + suite.notes { html.element("li", line) }
            html.raw("</ul>")
        }
        let charts = analysis.labels.filter { $0 != suite.baseline }.compactMap {
            SuiteRatioChart(analysis: analysis, label: $0).render(standalone: false)
        }
        if !charts.isEmpty {
            html.raw("<div class=\"charts suite-charts\">")
            for chart in charts {
                html.raw("<figure>")
                html.raw(chart.trimmingCharacters(in: .newlines))
                html.raw("</figure>")
            }
            html.raw("</div>")
        }
        if let heat = ScalingHeatTable.html(analysis, cores: suite.machine.logicalCores) { html.raw(heat) }
        if suite.kind != .scaling { renderSpeedupTable(rendering, into: &html) }
        for line in rendering.legendLines() { html.element("p", line, attributes: [("class", "muted")]) }
        html.raw("</article>")
        for (index, member) in suite.measuredRuns.enumerated() {
            html.raw("<details class=\"suite-member\">")
            html.element("summary", member.name)
            HTMLReport.renderRun(RunReport(run: member.run), anchor: "benchmark-\(index + 1)", into: &html)
            html.raw("</details>")
        }
        html.raw("<footer class=\"muted\">Speedups are the baseline's median time over each configuration's, with the 95% interval each benchmark's run shows; the geometric mean's is from a hierarchical bootstrap. Pythons draws every chart itself; this file needs nothing from the network.</footer>")
        html.raw("</body>")
        html.raw("</html>")
        return html.text
    }

    private static func renderSpeedupTable(_ rendering: SuiteRendering, into html: inout HTMLWriter) {
        let cells = rendering.speedupTableCells()
        guard !cells.rows.isEmpty else { return }
        html.raw("<div class=\"table-scroll\"><table class=\"statistics\">")
        html.raw("<caption>Speedup per benchmark against \(XMLText.escape(rendering.suite.baseline)), with 95% intervals</caption>")
        html.raw("<thead><tr>" + cells.header.map { "<th scope=\"col\">\(XMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>")
        for row in cells.rows {
            html.raw("<tr>" + row.enumerated().map { index, cell in
                index == 0 ? "<th scope=\"row\">\(XMLText.escape(cell))</th>" : "<td class=\"number\">\(XMLText.escape(cell))</td>"
            }.joined() + "</tr>")
        }
        html.raw("</tbody></table></div>")
    }

    static let css = """
    table.scaling-heat td.heat { white-space: nowrap; font-variant-numeric: tabular-nums; }
    details.suite-member summary { cursor: pointer; margin: 6px 0; }
    """
}
