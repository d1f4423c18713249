import Foundation
import Testing
@testable import PythonsCore

/// The report opened in a real browser (headless Chromium): the page must
/// render, charts and all, in the light and the dark theme. The screenshots
/// stay under .build/test-artifacts for people and CI to look at.
@Suite("Report in a browser", .tags(.browser), .serialized)
struct BrowserRenderingTests {
    static func writeReport() throws -> String {
        let page = try PackageFolders.artifacts() + "/report.html"
        try HTMLReport.render(ReportFixtures.document()).write(toFile: page, atomically: true, encoding: .utf8)
        return page
    }

    @Test("the DOM Chromium builds holds every chart, the table and the banners")
    func domHoldsTheCharts() async throws {
        let page = try Self.writeReport()
        let profile = TemporaryFolder("pythons-chromium")
        let outcome = try await HeadlessChromium.run(["--dump-dom"], page: page, profile: profile)
        #expect(outcome.succeeded, "chromium \(outcome.termination): \(outcome.lastErrorLine ?? "")")
        let dom = outcome.standardOutput
        #expect(dom.contains("<svg"), "no SVG in the DOM: \(dom.prefix(300))")
        for kind in ["chart-comparison", "chart-thread-scaling", "chart-scaling", "chart-distribution"] {
            #expect(dom.contains("pythons-chart \(kind)"), "\(kind) missing from the DOM")
        }
        // Parsed as HTML, the inline SVG must still be SVG elements with
        // their drawing inside, not text.
        #expect(dom.occurrences(of: "<g class=\"bar\"") == ReportFixtures.document().runs.reduce(0) { $0 + $1.configurations.count })
        #expect(dom.contains("<table class=\"statistics\">"))
        #expect(dom.contains("Interpreter banners"))
        #expect(dom.contains("pythons bench gil --python 3.13"))
    }

    @Test("the checks tell a blank page from a report")
    func blankPageFailsTheChecks() async throws {
        let folder = TemporaryFolder("pythons-blank")
        let page = try folder.write("blank.html", "<!DOCTYPE html><html><body></body></html>")
        let png = folder.path + "/blank.png"
        let outcome = try await HeadlessChromium.run(["--window-size=1280,1600", "--screenshot=\(png)"], page: page, profile: folder)
        #expect(outcome.succeeded, "chromium \(outcome.termination): \(outcome.lastErrorLine ?? "")")
        let stats = try await PNGStatistics.of(png, counting: [ChartTheme.seriesColors[0]])
        #expect(stats.distinctColors <= 2)
        #expect(stats.nonBackgroundFraction < 0.001)
        #expect(stats.colorCounts[ChartTheme.seriesColors[0]] == 0)
    }

    /// Pixels with colour in a screenshot of `text` set as a banner is, in the
    /// report's own stylesheet (its font stack), large enough to count.
    static func colorfulPixels(inBanner text: String) async throws -> Int {
        let folder = TemporaryFolder("pythons-emoji")
        let markup = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\(HTMLReport.pageCSS) pre { font-size: 64px; }</style></head>"
            + "<body><figure class=\"banner\"><pre>\(XMLText.escape(text))</pre></figure></body></html>"
        let page = try folder.write("banner.html", markup)
        let png = folder.path + "/banner.png"
        let outcome = try await HeadlessChromium.run(["--window-size=400,240", "--screenshot=\(png)"], page: page, profile: folder)
        #expect(outcome.succeeded, "chromium \(outcome.termination): \(outcome.lastErrorLine ?? "")")
        return try await PNGStatistics.of(png, counting: []).colorfulPixels
    }

    @Test("the banners' emoji render in colour, not as boxes (needs an emoji font: scripts/install-test-tools.sh installs Noto Color Emoji)")
    func bannerEmojiRender() async throws {
        // Controls: grey text, and a character no font has (a box or nothing).
        #expect(try await Self.colorfulPixels(inBanner: "Free Threading") < 20)
        #expect(try await Self.colorfulPixels(inBanner: "\u{E000}") < 20)
        // 💻 and 🐍 open the banner's first two lines, ✨ marks an enabled feature.
        #expect(Banner.stateText(.enabled).hasSuffix("\u{2728}"))
        for symbol in ["\u{1F4BB}", "\u{1F40D}", "\u{2728}"] {
            let colorful = try await Self.colorfulPixels(inBanner: symbol)
            #expect(colorful > 300, "\(symbol) drew \(colorful) coloured pixels: a box or a monochrome glyph, not a colour emoji")
        }
    }

    @Test("the screenshot shows the charts in their colours, light and dark", arguments: ["light", "dark"])
    func screenshot(theme: String) async throws {
        let page = try Self.writeReport()
        let png = try PackageFolders.artifacts() + "/report-\(theme).png"
        try? FileManager.default.removeItem(atPath: png)
        let profile = TemporaryFolder("pythons-chromium")
        var flags = ["--window-size=1280,1600", "--screenshot=\(png)"]
        // Headless Chromium reports prefers-color-scheme: dark with this flag.
        if theme == "dark" { flags.append("--force-dark-mode") }
        let outcome = try await HeadlessChromium.run(flags, page: page, profile: profile)
        #expect(outcome.succeeded, "chromium \(outcome.termination): \(outcome.lastErrorLine ?? "")")
        #expect(FileManager.default.fileExists(atPath: png), "no screenshot written")

        let blue = ChartTheme.seriesColors[0], orange = ChartTheme.seriesColors[1], green = ChartTheme.seriesColors[2]
        let stats = try await PNGStatistics.of(png, counting: [blue, orange, green])
        #expect(stats.width == 1280 && stats.height == 1600)
        // A blank or failed page is one colour; a report has text, axes,
        // anti-aliasing and the series colours.
        #expect(stats.distinctColors > 200, "only \(stats.distinctColors) colours")
        #expect(stats.nonBackgroundFraction > 0.05, "\(stats.nonBackgroundFraction) of the image differs from the background")
        // The first run's bars are solid rectangles in the first three series
        // colours, hundreds of pixels each.
        for color in [blue, orange, green] {
            #expect((stats.colorCounts[color] ?? 0) > 500, "\(color): \(stats.colorCounts[color] ?? 0) pixels")
        }
        if theme == "dark" {
            #expect(stats.meanLuminance < 90, "dark theme, but the mean luminance is \(stats.meanLuminance)")
        } else {
            #expect(stats.meanLuminance > 170, "light theme, but the mean luminance is \(stats.meanLuminance)")
        }
    }
}
