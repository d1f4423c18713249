import Foundation
import Testing
@testable import PythonsCore

@Suite("Terminal charts and the progress line")
struct TerminalChartTests {
    @Test("the median bar chart of a small run, as printed")
    func mediansLayout() {
        let lines = TerminalCharts.medians(ReportFixtures.snapshotRun(), width: 100)
        #expect(lines == [
            "3.13, 1 thread              ██████████████████████▉                          1.875 s ±2.0%  baseline",
            "3.13, 2 threads             █████████████████████████████████████████████▋░  3.797 s ±1.6%  baseline",
            "3.13t (GIL off), 1 thread   ███████████████████████████▉░                    2.309 s ±3.3%  0.812×",
            "3.13t (GIL off), 2 threads  █████████████████████████████▍                   2.415 s ±2.1%  1.572×",
            "bars: median time from zero; ± is the 95% CI of the median (within this run); ░ spans it; speedup = time of 3.13 at the same thread count / this time",
        ])
    }

    @Test("fewer than 6 processes: no ± and no shade, only the median, and the legend says why (never the range as a CI)")
    func noIntervalWithFewProcesses() throws {
        let run = ReportFixtures.run(
            id: "5", workload: "jit", detail: nil, machine: ReportFixtures.developmentMachine, commandLine: ["pythons", "bench", "jit", "--repeat", "3"],
            plans: [ReportFixtures.Plan(label: "3.13", interpreter: "3.13", seconds: 0.0112, processes: 3, samplesPerProcess: 4, processNoise: 0.2),
                    ReportFixtures.Plan(label: "3.12", interpreter: "3.12", seconds: 0.0121, processes: 3, samplesPerProcess: 4, processNoise: 0.2)],
            seed: 5, targetPrecision: nil)
        #expect(run.configurations.allSatisfy { $0.median?.shownInterval == nil })
        let lines = TerminalCharts.medians(run, width: 100)
        for line in lines.prefix(2) {
            #expect(line.contains("(no CI)") && !line.contains("±") && !line.contains("░"), "\(line)")
        }
        #expect(lines.last?.contains("no CI: fewer than 6 processes") == true)
        #expect(lines.last?.contains("± is the 95% CI") == false)
        let svg = try #require(ReportCharts.comparison(run))
        #expect(svg.occurrences(of: "class=\"whisker\"") == 0, "no whisker drawn where there is no interval")
        #expect(svg.contains("no CI"))
        let table = StatisticsTable(run: run)
        #expect(table.rows.allSatisfy { $0[5] == "–" && $0[6] == "–" })
        #expect(run.notes.contains { $0.hasPrefix("Fewer than 6 processes, so no 95% CI of the median, and none is drawn") })
    }

    @Test("bar lengths are proportional to the medians, to an eighth of a cell")
    func barsToScale() throws {
        let run = ReportFixtures.gilRun()
        let lines = TerminalCharts.medians(run, width: 120)
        let maximum = run.configurations.map(\.medianTime.high).max()!
        let barStart = try #require(lines[0].firstIndex(of: "█"))
        let column = lines[0].distance(from: lines[0].startIndex, to: barStart)
        // The bar field is as wide as the longest possible bar.
        let barWidth = lines.prefix(run.configurations.count).map { line in
            line.dropFirst(column).prefix { "▏▎▍▌▋▊▉█░".contains($0) }.count
        }.max()!
        for (line, configuration) in zip(lines, run.configurations) {
            let bar = line.dropFirst(column).prefix { "▏▎▍▌▋▊▉█░".contains($0) }
            let median = configuration.medianTime
            let eighths = bar.reduce(0) { total, glyph in
                total + (ChartGlyphs.unicode.partials.firstIndex(of: String(glyph)) ?? 8)
            }
            if bar.contains("░") {
                // Solid to the CI's lower end, shaded to its upper end.
                let solid = bar.prefix { $0 != "░" }
                let solidEighths = solid.reduce(0) { $0 + (ChartGlyphs.unicode.partials.firstIndex(of: String($1)) ?? 8) }
                #expect(abs(Double(solidEighths) / 8 - median.low / maximum * Double(barWidth)) <= 0.0625 + 1e-9)
            } else {
                #expect(abs(Double(eighths) / 8 - median.value / maximum * Double(barWidth)) <= 0.0625 + 1e-9,
                        "\(configuration.fullLabel): \(eighths) eighths")
            }
        }
    }

    @Test("lines fit the width asked for", arguments: [72, 80, 100, 132])
    func fitsWidth(width: Int) {
        for run in [ReportFixtures.gilRun(), ReportFixtures.jitRun(), ReportFixtures.snapshotRun()] {
            for line in TerminalCharts.medians(run, width: width).dropLast() {
                #expect(line.count <= width, "\(line.count) > \(width): \(line)")
            }
        }
    }

    @Test("the width comes from the terminal, else COLUMNS, else the fallback")
    func terminalWidth() throws {
        // A pipe is not a terminal, whatever runs the tests.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(TerminalWidth.columns(fileDescriptor: ends[1], environment: ["COLUMNS": "132"]) == 132)
        #expect(TerminalWidth.columns(fileDescriptor: ends[1], environment: ["COLUMNS": "12"]) == 40)
        #expect(TerminalWidth.columns(fileDescriptor: ends[1], environment: ["COLUMNS": "wide"]) == 100)
        #expect(TerminalWidth.columns(fileDescriptor: ends[1], environment: [:], fallback: 80) == 80)
    }

    @Test("colour only when the style allows it; ASCII glyphs when asked")
    func plainAndColour() {
        let run = ReportFixtures.jitRun()
        let plain = TerminalCharts.medians(run, style: .plain).joined(separator: "\n")
        #expect(!plain.contains("\u{1B}"))
        let coloured = TerminalCharts.medians(run, style: TerminalStyle(usesColor: true, isInteractive: true)).joined(separator: "\n")
        #expect(coloured.contains("\u{1B}[32m1.060×\u{1B}[0m"), "faster in green")
        #expect(coloured.replacing(/\x{1B}\[[0-9;]*m/, with: "") == plain, "colour adds nothing but escape codes")
        let noColor = TerminalStyle.detect(fileDescriptor: 1, environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
        #expect(!noColor.usesColor)

        let ascii = TerminalCharts.medians(run, glyphs: .ascii)
        for line in ascii.prefix(run.configurations.count) {
            #expect(!line.contains { "▏▎▍▌▋▊▉█░".contains($0) })
        }
        #expect(ascii[0].contains("#####"))
        #expect(ChartGlyphs.forEnvironment(["LANG": "C"]) == .ascii)
        #expect(ChartGlyphs.forEnvironment(["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(ChartGlyphs.forEnvironment(["LC_ALL": "POSIX", "LANG": "en_US.UTF-8"]) == .ascii)
    }

    @Test("a failed configuration gets no bar and says why")
    func failedRow() {
        let lines = TerminalCharts.medians(ReportFixtures.failedRun(), width: 100)
        #expect(lines[1] == "3.12                            –               failed: ModuleNotFoundError: No module named 'numpy'")
        #expect(TerminalCharts.medians(RunReport(id: "0", workload: "gil", commandLine: "pythons bench gil", startedAt: ReportFixtures.fixedDate,
                                                 machine: ReportFixtures.developmentMachine, configurations: [])) == [])
    }

    @Test("the scaling chart marks the ideal min(N, cores)")
    func scalingLayout() {
        let lines = TerminalCharts.scaling(ReportFixtures.snapshotRun())
        #expect(lines == [
            "Thread scaling t1 × N / tN; │ marks the ideal min(N, 2 cores)",
            "3.13",
            "  1 thread   ███████████████│                1.000×  ideal 1",
            "  2 threads  ██████████████▊               │ 0.987× (0.970–1.006)  49% of ideal 2",
            "3.13t (GIL off)",
            "  1 thread   ███████████████│                1.000×  ideal 1",
            "  2 threads  ████████████████████████████▌░│ 1.912× (1.897–1.977)  96% of ideal 2",
        ])
        #expect(TerminalCharts.scaling(ReportFixtures.jitRun()) == [], "no thread sweep, no scaling chart")
    }

    @Test("progress: configurations, samples, precision against target, time left")
    func progressLine() {
        let adaptive = BenchProgress(configurationsDone: 2, configurationsTotal: 6, samplesTaken: 84,
                                     currentPrecision: 0.018, targetPrecision: 0.01, elapsed: 14, timeLimit: 60,
                                     current: "3.13t (GIL off), 2 threads")
        // CI width falls as 1/√n: (1.8 / 1)² − 1 = 2.24 times the 14 s so far.
        #expect(abs(adaptive.timeLeft!.seconds - 14 * 2.24) < 1e-9)
        #expect(ProgressLine.render(adaptive, width: 120)
            == "▕███▍      ▏ 2/6 configurations · 84 samples · ±1.8% → 1.0% · ~31 s left · 3.13t (GIL off), 2 threads")

        let fixed = BenchProgress(configurationsDone: 2, configurationsTotal: 6, samplesTaken: 84, samplesPlanned: 120, elapsed: 14)
        #expect(ProgressLine.render(fixed, glyphs: .ascii) == "[#######   ] 2/6 configurations · 84/120 samples · ~6 s left")

        let starting = BenchProgress(configurationsDone: 0, configurationsTotal: 6, samplesTaken: 0, elapsed: 0, timeLimit: 90)
        #expect(ProgressLine.render(starting) == "▕          ▏ 0/6 configurations · 0 samples · at most 1 min 30 s left")

        // The time limit caps the projection.
        let slow = BenchProgress(configurationsDone: 0, configurationsTotal: 2, samplesTaken: 10,
                                 currentPrecision: 0.05, targetPrecision: 0.01, elapsed: 20, timeLimit: 60)
        #expect(slow.timeLeft == BenchProgress.TimeLeft(seconds: 40, isOnlyTheLimit: false))
    }

    @Test("the progress line fits narrow terminals and colours only on request")
    func progressWidthAndColour() {
        let progress = BenchProgress(configurationsDone: 5, configurationsTotal: 12, samplesTaken: 1234,
                                     currentPrecision: 0.0123, targetPrecision: 0.01, elapsed: 30,
                                     current: "3.13t (GIL off), 16 threads, a long label that cannot fit")
        for width in [30, 40, 60, 80, 100] {
            let line = ProgressLine.render(progress, width: width)
            #expect(line.count <= width, "\(width): \(line)")
        }
        #expect(ProgressLine.render(progress, width: 100).hasSuffix("…"))
        #expect(ProgressLine.render(progress, width: 60) == "▕████▏     ▏ 5/12 configurations · 1234 samples")
        #expect(!ProgressLine.render(progress).contains("\u{1B}"))
        let coloured = ProgressLine.render(progress, style: TerminalStyle(usesColor: true, isInteractive: true))
        #expect(coloured.contains("\u{1B}[33m±1.2%\u{1B}[0m"), "precision not met yet: yellow")
        #expect(ProgressLine.redraw("x") == "\rx\u{1B}[K")
        #expect(ProgressLine.isShown(style: TerminalStyle(usesColor: false, isInteractive: true), quiet: false))
        #expect(!ProgressLine.isShown(style: TerminalStyle(usesColor: true, isInteractive: true), quiet: true))
        #expect(!ProgressLine.isShown(style: .plain, quiet: false), "never into a pipe or file")
    }
}
