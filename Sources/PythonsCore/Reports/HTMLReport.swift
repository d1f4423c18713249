import Foundation

/// The report as one self-contained HTML file: inline SVG charts and CSS,
/// nothing fetched from anywhere (no scripts, fonts or images), light and
/// dark theme following the browser. The markup is also well-formed XML
/// (XHTML-compatible HTML5), so an XML parser can check every report.
public enum HTMLReport {
    public static func render(_ document: ReportDocument) -> String {
        var html = HTMLWriter()
        openPage(title: document.title, into: &html)
        html.raw("<header>")
        html.element("h1", document.title)
        let groups = document.machineGroups
        let runCount = document.runs.count
        html.element("p", "Generated \(ReportDates.text(document.generatedAt)) by Pythons: \(runCount) \(runCount == 1 ? "run" : "runs") on \(groups.count) \(groups.count == 1 ? "machine" : "machines").", attributes: [("class", "muted")])
        if runCount > 1 {
            html.raw("<nav><ul>")
            for (machineIndex, group) in groups.enumerated() {
                for run in group.runs {
                    html.raw("<li><a href=\"#\(anchor(machineIndex, run))\">\(XMLText.escape(runHeading(run)))</a> <span class=\"muted\">\(XMLText.escape(group.machine.hostname))</span></li>")
                }
            }
            html.raw("</ul></nav>")
        }
        html.raw("</header>")
        if document.runs.isEmpty {
            html.element("p", "No runs to show.")
        }
        for (machineIndex, group) in groups.enumerated() {
            html.raw("<section class=\"machine\" id=\"machine-\(machineIndex + 1)\">")
            html.element("h2", "Machine: \(group.machine.hostname)")
            html.element("p", group.machine.summary, attributes: [("class", "machine-summary")])
            for run in group.runs {
                renderRun(run, anchor: anchor(machineIndex, run), into: &html)
            }
            html.raw("</section>")
        }
        html.raw("<footer class=\"muted\">Times are medians over worker processes of each process's median timing (wall time inside the worker); intervals are 95% confidence intervals, each run's table says over what. Speedup = the baseline's time / this time. Pythons draws every chart itself; this file needs nothing from the network.</footer>")
        html.raw("</body>")
        html.raw("</html>")
        return html.text
    }

    /// The page up to <body>: the head with the page's and the charts' style
    /// sheets (and `extraCSS`).
    static func openPage(title: String, extraCSS: String = "", into html: inout HTMLWriter) {
        html.raw("<!DOCTYPE html>")
        html.raw("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">")
        html.raw("<head>")
        html.raw("<meta charset=\"utf-8\"/>")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        html.raw("<meta name=\"color-scheme\" content=\"light dark\"/>")
        html.raw("<meta name=\"generator\" content=\"Pythons\"/>")
        html.element("title", title)
        html.raw("<style>")
        html.raw(pageCSS)
        html.raw(ChartTheme.css)
        if !extraCSS.isEmpty { html.raw(extraCSS) }
        html.raw("</style>")
        html.raw("</head>")
        html.raw("<body>")
    }

    private static func anchor(_ machineIndex: Int, _ run: RunReport) -> String {
        "run-\(machineIndex + 1)-" + run.id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }.joined()
    }

    private static func runHeading(_ run: RunReport) -> String {
        "Run \(run.id): \(run.workload)" + (run.workloadDetail.map { ", \($0)" } ?? "")
    }

    static func renderRun(_ run: RunReport, anchor: String, into html: inout HTMLWriter) {
        html.raw("<article class=\"run status-\(run.status.rawValue)\" id=\"\(anchor)\">")
        html.element("h3", runHeading(run))
        html.raw("<dl class=\"run-facts\">")
        html.element("dt", "Date")
        html.element("dd", ReportDates.text(run.startedAt))
        html.element("dt", "Command")
        html.raw("<dd><code>\(XMLText.escape(run.commandLine))</code></dd>")
        html.element("dt", "Status")
        html.element("dd", run.status.rawValue, attributes: [("class", "status")])
        html.element("dt", "Machine")
        html.element("dd", run.machine.summary)
        if let target = run.targetPrecision {
            html.element("dt", "Precision target")
            html.element("dd", "each median's within-run 95% CI to ±\(Format.percent(target))")
        }
        if let baseline = run.baselineDescription {
            html.element("dt", "Baseline")
            html.element("dd", baseline)
        }
        html.raw("</dl>")

        let notes = run.notes
        if !notes.isEmpty {
            html.raw("<ul class=\"notes\">")
            for note in notes { html.element("li", note) }
            html.raw("</ul>")
        }

        let charts = [
            ReportCharts.comparison(run, standalone: false),
            ReportCharts.threadScaling(run, standalone: false),
            ReportCharts.scaling(run, standalone: false),
            ReportCharts.distribution(run, standalone: false),
        ].compactMap { $0 }
        if !charts.isEmpty {
            html.raw("<div class=\"charts\">")
            for chart in charts {
                html.raw("<figure>")
                html.raw(chart.trimmingCharacters(in: .newlines))
                html.raw("</figure>")
            }
            html.raw("</div>")
        }

        renderTable(run, into: &html)
        renderBanners(run, into: &html)
        html.raw("</article>")
    }

    private static func renderTable(_ run: RunReport, into html: inout HTMLWriter) {
        let table = StatisticsTable(run: run)
        html.raw("<div class=\"table-scroll\"><table class=\"statistics\">")
        html.raw("<caption>Statistics per configuration: the median and its 95% CI, and the spread of the processes' values (one per worker process: the median of its timings)</caption>")
        html.raw("<thead><tr>" + table.header.enumerated().map { index, title in
            "<th scope=\"col\"\(table.numeric[index] ? " class=\"number\"" : "")>\(XMLText.escape(title))</th>"
        }.joined() + "</tr></thead>")
        html.raw("<tbody>")
        for row in table.rows {
            html.raw("<tr>" + row.enumerated().map { index, cell in
                index == 0 ? "<th scope=\"row\">\(XMLText.escape(cell))</th>"
                    : "<td class=\"\(table.numeric[index] ? "number" : "words")\">\(XMLText.escape(cell))</td>"
            }.joined() + "</tr>")
        }
        html.raw("</tbody></table></div>")
        if let legend = run.intervalLegend { html.element("p", legend, attributes: [("class", "muted")]) }
    }

    private static func renderBanners(_ run: RunReport, into html: inout HTMLWriter) {
        // Configurations that differ only in threads print the same banner:
        // show it once, with every label it belongs to.
        var order: [String] = []
        var labels: [String: [String]] = [:]
        for configuration in run.configurations {
            guard let banner = configuration.banner else { continue }
            let text = banner.text
            if labels[text] == nil { order.append(text) }
            let label = configuration.label
            if !(labels[text]?.contains(label) ?? false) { labels[text, default: []].append(label) }
        }
        guard !order.isEmpty else { return }
        html.raw("<details class=\"banners\" open=\"open\">")
        html.element("summary", "Interpreter banners")
        html.raw("<div class=\"banner-list\">")
        for text in order {
            html.raw("<figure class=\"banner\">")
            html.element("figcaption", labels[text]!.joined(separator: ", "))
            html.element("pre", text)
            html.raw("</figure>")
        }
        html.raw("</div></details>")
    }

    static let pageCSS = """
    :root { color-scheme: light dark; --page: #ffffff; --text: #1a1a1a; --muted: #595959; --rule: #d9d9d9; --panel: #f6f7f9; --accent: #0072B2; --warn: #D55E00; }
    @media (prefers-color-scheme: dark) {
      :root { --page: #16181d; --text: #e6e6e6; --muted: #a6a6a6; --rule: #3a3f47; --panel: #1f2229; --accent: #56B4E9; --warn: #E69F00; }
    }
    html { background: var(--page); color: var(--text); }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"; margin: 0 auto; max-width: 1520px; padding: 16px 24px 40px; line-height: 1.45; }
    h1 { font-size: 1.6rem; margin: 0.4em 0 0.2em; }
    h2 { font-size: 1.3rem; border-bottom: 2px solid var(--rule); padding-bottom: 0.2em; margin-top: 1.6em; }
    h3 { font-size: 1.1rem; margin: 1.4em 0 0.4em; }
    a { color: var(--accent); }
    .muted, .machine-summary { color: var(--muted); }
    nav ul { margin: 0.4em 0; padding-left: 1.2em; }
    article.run { background: var(--panel); border: 1px solid var(--rule); border-radius: 8px; padding: 4px 18px 14px; margin: 16px 0; }
    dl.run-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0.6em 0; }
    dl.run-facts dt { color: var(--muted); }
    dl.run-facts dd { margin: 0; overflow-wrap: anywhere; }
    .status-interrupted .status, .status-failed .status { color: var(--warn); font-weight: 600; }
    ul.notes { margin: 0.4em 0; padding-left: 1.2em; }
    ul.notes li { color: var(--warn); }
    code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace, "Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji"; font-size: 0.9em; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); gap: 12px; margin: 12px 0; }
    .charts figure { margin: 0; background: var(--page); border: 1px solid var(--rule); border-radius: 6px; padding: 6px; }
    .charts svg { display: block; width: 100%; height: auto; }
    .table-scroll { overflow-x: auto; }
    table.statistics { border-collapse: collapse; margin: 12px 0; font-size: 0.9rem; background: var(--page); }
    table.statistics caption { text-align: left; color: var(--muted); padding: 4px 0; }
    table.statistics th, table.statistics td { border-bottom: 1px solid var(--rule); padding: 4px 10px; text-align: left; white-space: nowrap; }
    table.statistics .number { text-align: right; font-variant-numeric: tabular-nums; }
    table.statistics td.words { white-space: normal; min-width: 9em; }
    table.statistics thead th { border-bottom: 2px solid var(--rule); }
    details.banners summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
    .banner-list { display: flex; flex-wrap: wrap; gap: 10px; }
    figure.banner { margin: 0; }
    figure.banner figcaption { color: var(--muted); font-size: 0.85rem; }
    figure.banner pre { background: var(--page); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; margin: 2px 0; }
    footer { margin-top: 24px; font-size: 0.85rem; }
    """
}

/// The statistics table of a run, as text cells: shared by the HTML page
/// and available to other renderers. Every figure is the run analysis's,
/// written by `Format` as the terminal writes it.
public struct StatisticsTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Per column: right-aligned figures.
    public var numeric: [Bool]

    public init(run: RunReport) {
        header = ["Configuration", "Threads", "Processes", "Timings", "Median", "95% CI", "±", "CI over",
                  "Mean", "SD", "Min", "Max", "Speedup", "Status"]
        numeric = [false, true, true, true, true, true, true, false, true, true, true, true, false, false]
        rows = run.configurations.map { configuration in
            let threads = configuration.threads.map(String.init) ?? "–"
            let processes = String(configuration.summary?.count ?? 0)
            var status: [String] = [configuration.converged ? "ok" : "not converged"]
            if configuration.isUnsteady, let steadiness = configuration.steadiness {
                status.append("unsteady: " + RunNoteText.steadinessText(steadiness))
            }
            if let failure = configuration.failure { status = ["failed: \(failure)"] }
            guard configuration.hasResult, let summary = configuration.summary, let median = configuration.median else {
                return [configuration.fullLabel, threads, processes, String(configuration.sampleCount),
                        "–", "–", "–", "–", "–", "–", "–", "–", "–", status.joined(separator: "; ")]
            }
            let speedup: String
            if run.isBaseline(configuration) {
                speedup = "baseline"
            } else if let value = configuration.speedup {
                speedup = SpeedupText.withInterval(value)
            } else {
                speedup = "–"
            }
            return [
                configuration.fullLabel, threads, processes, String(configuration.sampleCount),
                Format.seconds(median.value),
                median.shownInterval.map { Format.secondsRange($0.lower, $0.upper) } ?? "–",
                median.relativeHalfWidth.map { "±" + Format.percent($0) } ?? "–",
                RunRendering.intervalSpan(median.shownKind),
                Format.seconds(summary.mean), Format.seconds(summary.standardDeviation),
                Format.seconds(summary.minimum), Format.seconds(summary.maximum),
                speedup, status.joined(separator: "; "),
            ]
        }
    }
}

enum ReportDates {
    /// "2025-06-01 14:03 UTC": the same text wherever the report is made.
    static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}

/// Collects lines of markup.
struct HTMLWriter {
    private(set) var lines: [String] = []

    mutating func raw(_ markup: String) { lines.append(markup) }

    mutating func element(_ name: String, _ text: String, attributes: [(String, String)] = []) {
        lines.append("<\(name)\(SVGCanvas.attributes(attributes))>\(XMLText.escape(text))</\(name)>")
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}
