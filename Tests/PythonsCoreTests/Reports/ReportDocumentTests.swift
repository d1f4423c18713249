import Foundation
import Testing
@testable import PythonsCore

/// The SVG charts and the HTML page: well-formed by a real XML parser,
/// self-contained, and showing what the data says.
@Suite("Report charts and page")
struct ReportDocumentTests {
    static let runs = [ReportFixtures.gilRun(), ReportFixtures.jitRun(), ReportFixtures.failedRun()]

    @Test("every chart of every fixture run is well-formed SVG", arguments: runs)
    func chartsAreWellFormed(run: RunReport) async throws {
        let charts: [(String, String?)] = [
            ("comparison", ReportCharts.comparison(run)),
            ("thread-scaling", ReportCharts.threadScaling(run)),
            ("scaling", ReportCharts.scaling(run)),
            ("distribution", ReportCharts.distribution(run)),
        ]
        #expect(charts.contains { $0.1 != nil })
        let folder = try PackageFolders.artifacts() + "/charts"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for case let (name, svg?) in charts {
            try svg.write(toFile: "\(folder)/run-\(run.id)-\(name).svg", atomically: true, encoding: .utf8)
            let problems = try await XMLLint.problems(in: svg, named: "\(name).svg")
            #expect(problems == nil, "\(name) chart of run \(run.id): \(problems ?? "")")
        }
    }

    @Test("the XML check rejects what is not well-formed")
    func xmllintRejectsBrokenMarkup() async throws {
        #expect(try await XMLLint.problems(in: "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a & b</text></svg>", named: "broken.svg") != nil)
        #expect(try await XMLLint.problems(in: "<html><body><p>unclosed</body></html>", named: "broken.html") != nil)
        #expect(try await XMLLint.problems(in: "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a &amp; b</text></svg>", named: "fine.svg") == nil)
    }

    @Test("the HTML report is well-formed XML and needs nothing from outside")
    func pageIsWellFormedAndSelfContained() async throws {
        let html = HTMLReport.render(ReportFixtures.document())
        let problems = try await XMLLint.problems(in: html, named: "report.html")
        #expect(problems == nil, "\(problems ?? "")")
        // The only URLs are XML namespace names, which are never fetched.
        let urls = html.ranges(of: /https?:\/\/[^"\s<]*/).map { String(html[$0]) }
        #expect(Set(urls).isSubset(of: ["http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"]), "\(Set(urls))")
        for forbidden in ["<script", "<link", "<img", "@import", "url(", "@font-face", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "the report contains \(forbidden)")
        }
        #expect(html.contains("prefers-color-scheme: dark"))
    }

    @Test("labels, banners and command lines with markup stay text")
    func hostileTextIsEscaped() async throws {
        var run = ReportFixtures.snapshotRun()
        run.configurations[0].label = "<script>alert('x')</script> & \"quotes\""
        run.configurations[1].label = run.configurations[0].label
        run.configurations[0].failure = "ValueError: bad \u{1B}[31mcolour\u{1B}[0m \u{7}"
        run.commandLine += " '--args=<b>&</b>'"
        run.workloadDetail = "a < b && c > d"
        run.machine.hostname = "host<&>"
        let document = ReportDocument(generatedAt: ReportFixtures.fixedDate, runs: [run])
        let html = HTMLReport.render(document)
        #expect(try await XMLLint.problems(in: html, named: "hostile.html") == nil)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        for svg in [ReportCharts.comparison(run), ReportCharts.threadScaling(run), ReportCharts.distribution(run)] {
            #expect(try await XMLLint.problems(in: svg!, named: "hostile.svg") == nil)
        }
    }

    @Test("the comparison chart has a bar, a CI whisker and a speedup for every configuration")
    func comparisonShowsEveryConfiguration() throws {
        let run = ReportFixtures.jitRun()
        let svg = try #require(ReportCharts.comparison(run))
        #expect(svg.occurrences(of: "<g class=\"bar\"") == run.configurations.count)
        // Three whisker lines (span and two caps) per configuration.
        #expect(svg.occurrences(of: "class=\"whisker\"") == 3 * run.configurations.count)
        #expect(svg.contains("\(Format.seconds(run.configurations[0].median!.value)) · baseline"))
        let speedup = try #require(run.configurations[3].speedup)
        let interval = try #require(speedup.shownInterval)
        #expect(svg.contains("\(Format.speedup(speedup.value)) (\(Format.speedupRange(interval.lower, interval.upper)))"))
        #expect(svg.contains("not converged"))
        #expect(svg.contains("Median time (s)"))
    }

    @Test("long labels and failure lines are shortened to stay inside the chart")
    func longTextStaysInside() throws {
        var run = ReportFixtures.failedRun()
        run.configurations[0].label = String(repeating: "very long label ", count: 8)
        run.configurations[1].failure = "RuntimeError: " + String(repeating: "x", count: 300)
        for svg in [ReportCharts.comparison(run)!, ReportCharts.distribution(run)!] {
            #expect(svg.contains("very long label very long label"))
            #expect(svg.contains("…</text>"))
            // Every text starts inside the image.
            for match in svg.matches(of: /<text x="(-?[0-9.]+)"[^>]*text-anchor="end"[^>]*>([^<]*)</) {
                let x = Double(match.output.1)!
                #expect(x - TextMetrics.width(String(match.output.2)) >= 0, "\(match.output.2) runs off the left edge")
            }
        }
        let texts = ReportCharts.comparison(run)!.matches(of: /<text[^>]*>([^<]*)</).map { String($0.output.1) }
        #expect(texts.allSatisfy { !$0.contains(String(repeating: "x", count: 120)) })
        // The description keeps the whole text for screen readers.
        #expect(ReportCharts.comparison(run)!.contains(String(repeating: "x", count: 300)))
    }

    @Test("a failed configuration is listed without a bar")
    func failedConfiguration() throws {
        let run = ReportFixtures.failedRun()
        let svg = try #require(ReportCharts.comparison(run))
        #expect(svg.contains("failed: ModuleNotFoundError: No module named &#39;numpy&#39;"))
        #expect(svg.occurrences(of: "class=\"whisker\"") == 3)
        // Milliseconds for an 11 ms workload, never 0.0112 s.
        #expect(svg.contains("Median time (ms)"))
        #expect(svg.contains("\(Format.seconds(run.configurations[0].median!.value)) · baseline"))
        #expect(ReportCharts.threadScaling(run) == nil)
        let html = HTMLReport.render(ReportDocument(generatedAt: ReportFixtures.fixedDate, runs: [run]))
        #expect(html.contains("The run was interrupted"))
        #expect(html.contains("3.12 failed: ModuleNotFoundError"))
        #expect(html.contains("interrupted"))
    }

    @Test("thread charts: one line per label, CI bars, the ideal line and the cores marker")
    func threadCharts() throws {
        let run = ReportFixtures.gilRun()
        let time = try #require(ReportCharts.threadScaling(run))
        #expect(time.occurrences(of: "<g class=\"series\"") == 3)
        #expect(time.occurrences(of: "class=\"ci\"") == 9)
        #expect(time.contains("Median time (s), 95% CI bars"))
        #expect(time.contains("2 cores"), "threads go beyond the 2 cores, so the chart marks them")
        let scaling = try #require(ReportCharts.scaling(run))
        #expect(scaling.contains("ideal min(N, 2 cores)"))
        #expect(scaling.occurrences(of: "class=\"reference\"") == 2, "the legend swatch and the line")
        // The ideal goes 1 → 2 and stays flat to 4 threads.
        #expect(scaling.contains("<polyline points=") && scaling.contains("class=\"reference\""))
    }

    @Test("the distribution chart draws every timing once, and its box is over process values")
    func distributionDrawsEverySample() throws {
        let run = ReportFixtures.jitRun()
        let svg = try #require(ReportCharts.distribution(run))
        let drawn = svg.occurrences(of: "class=\"sample\"") + svg.occurrences(of: "class=\"outlier\"")
        #expect(drawn == run.configurations.reduce(0) { $0 + $1.sampleCount })
        #expect(svg.contains("process values: p25–p75"))
        #expect(svg.occurrences(of: "class=\"box\"") == run.configurations.count + 1, "a box per row and one in the legend")
    }

    @Test("a long run draws a bounded number of dots, and every outlier")
    func distributionThinsLongRuns() throws {
        let run = ReportFixtures.run(
            id: "9", workload: "jit", detail: nil, machine: ReportFixtures.developmentMachine, commandLine: ["pythons", "bench", "jit"],
            plans: [ReportFixtures.Plan(label: "3.13", interpreter: "3.13", seconds: 0.0112, processes: 40, samplesPerProcess: 100, outlierEvery: 97)],
            seed: 9)
        let svg = try #require(ReportCharts.distribution(run))
        let summary = try #require(run.configurations[0].summary)
        let outlying = summary.outliers.reduce(0) { $0 + run.configurations[0].processSamples[$1].count }
        #expect(svg.occurrences(of: "class=\"outlier\"") == outlying, "every timing of an outlying process")
        let dots = svg.occurrences(of: "class=\"sample\"")
        #expect(dots <= DistributionChart.maximumDotsPerRow && dots >= DistributionChart.maximumDotsPerRow / 2, "\(dots) dots")
        #expect(svg.contains("a subset of the timings drawn as dots"))
    }

    @Test("the page groups runs by machine and shows table, banners, command line and date")
    func pageContents() throws {
        let html = HTMLReport.render(ReportFixtures.document())
        #expect(html.occurrences(of: "<section class=\"machine\"") == 2)
        let dev = try #require(html.range(of: "Machine: pythons-dev"))
        let laptop = try #require(html.range(of: "Machine: laptop"))
        #expect(dev.lowerBound < laptop.lowerBound)
        // The interrupted run (on pythons-dev) sits with the other pythons-dev run.
        let interrupted = try #require(html.range(of: "Run 8:"))
        #expect(interrupted.lowerBound < laptop.lowerBound)
        #expect(html.occurrences(of: "<table class=\"statistics\">") == 3)
        #expect(html.contains("pythons bench gil --python 3.13 --python 3.13t --gil on,off --threads 1,2,4"))
        #expect(html.contains("2025-06-15 15:06:40 UTC"))
        #expect(html.contains("Free Threading: enabled \u{2728}"))
        #expect(html.contains("\u{1F40D} CPython 3.13.5 /opt/pythons/installs/3.13t/bin/python3.13t"))
        #expect(html.contains("this machine has 2 cores: beyond 2 threads the run measures the scheduler"))
        #expect(html.contains("95% CI over this run: within this run"))
        for kind in ["chart-comparison", "chart-thread-scaling", "chart-scaling", "chart-distribution"] {
            #expect(html.contains("class=\"pythons-chart \(kind)\""), "\(kind) missing")
        }
        // Charts inside the page use the page's style sheet, not one each.
        #expect(html.occurrences(of: "<style>") == 1)
    }

    @Test("the statistics table agrees with the data")
    func statisticsTable() throws {
        let run = ReportFixtures.gilRun()
        let table = StatisticsTable(run: run)
        #expect(table.rows.count == run.configurations.count)
        let row = table.rows[7]
        let configuration = run.configurations[7]
        #expect(row[0] == "3.13t (GIL off), 2 threads")
        #expect(row[2] == "20" && row[3] == "100")
        #expect(row[4] == Format.seconds(configuration.median!.value))
        #expect(row[7] == "this run")
        // Mean, SD, min and max are over the processes' values, never pooled timings.
        let summary = try #require(configuration.summary)
        #expect(row[8] == Format.seconds(summary.mean) && row[10] == Format.seconds(summary.minimum))
        #expect(summary.count == 20)
        #expect(row[12] == SpeedupText.withInterval(configuration.speedup!))
        #expect(table.rows[0][12] == "baseline")
    }
}

extension RunReport: CustomTestStringConvertible {
    public var testDescription: String { "run \(id) (\(workload))" }
}

extension String {
    func occurrences(of needle: String) -> Int {
        ranges(of: needle).count
    }
}
