import Foundation
import Testing
@testable import PythonsCore

@Suite("Report model: scales, units, summaries, sweeps")
struct ReportModelTests {
    @Test("nice scales: ticks at 1, 2 or 5 times a power of ten, covering the data")
    func niceScales() {
        let seconds = NiceScale(minimum: 0, maximum: 7.51, targetTickCount: 6, includeZero: true)
        #expect(seconds.ticks == [0, 2, 4, 6, 8])
        #expect(seconds.ticks.map(seconds.label) == ["0", "2", "4", "6", "8"])

        let tight = NiceScale(minimum: 1.83, maximum: 1.94, targetTickCount: 5)
        #expect(tight.step == 0.05)
        #expect(tight.ticks == [1.8, 1.85, 1.9, 1.95])
        #expect(tight.ticks.map(tight.label) == ["1.80", "1.85", "1.90", "1.95"])

        let deviations = NiceScale(minimum: -5.2, maximum: 7.6, targetTickCount: 7, includeZero: true)
        #expect(deviations.lower == -6 && deviations.upper == 8 && deviations.step == 2)

        let ratio = NiceScale(minimum: 0, maximum: 2.08, targetTickCount: 6, includeZero: true)
        #expect(ratio.ticks == [0, 0.5, 1, 1.5, 2, 2.5])

        // One value, or only zeros, still gives an axis with room.
        let single = NiceScale(minimum: 3, maximum: 3)
        #expect(single.lower < 3 && single.upper > 3 && single.ticks.count >= 2)
        let zero = NiceScale(minimum: 0, maximum: 0, includeZero: true)
        #expect(zero.lower == 0 && zero.upper > 0)

        // No floating-point dust in tick values.
        let small = NiceScale(minimum: 0, maximum: 0.3, targetTickCount: 4, includeZero: true)
        #expect(small.ticks == [0, 0.1, 0.2, 0.3])
        for scale in [seconds, tight, deviations, ratio, single, small] {
            #expect(scale.ticks.first == scale.lower && scale.ticks.last == scale.upper)
            let mantissa = scale.step / pow(10, floor(log10(scale.step)))
            #expect([1, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(scale.step)")
        }
    }

    @Test("unit choice")
    func units() {
        #expect(TimeUnit.forMagnitude(7.5) == .seconds)
        #expect(TimeUnit.forMagnitude(0.0112) == .milliseconds)
        #expect(TimeUnit.forMagnitude(2e-6) == .microseconds)
        #expect(TimeUnit.forMagnitude(2e-10) == .nanoseconds)
        #expect(NumberText.fixed(-0.0001, decimals: 2) == "0.00")
    }

    @Test("thread sweeps: grouped by label, the analysis's scaling t1 × N / tN, ideal min(N, cores)")
    func sweeps() throws {
        let run = ReportFixtures.gilRun()
        let sweeps = run.threadSweeps
        #expect(sweeps.map(\.label) == ["3.13", "3.13t (GIL on)", "3.13t (GIL off)"])
        let free = try #require(sweeps.last)
        #expect(free.threadCounts == [1, 2, 4])
        #expect(free.points.map(\.idealScaling) == [1, 2, 2])
        let four = try #require(run.configurations.first { $0.label == "3.13t (GIL off)" && $0.threads == 4 })
        #expect(free.points[2].scaling == Estimate(try #require(four.scaling)))
        #expect(free.points[0].scaling == Estimate(value: 1, low: 1, high: 1))
        #expect(free.points[2].efficiency == four.scaling?.efficiency)
        // With the GIL, two threads take twice as long: no scaling.
        let gil = sweeps[0]
        #expect(abs(gil.points[1].scaling!.value - 1) < 0.03)
    }

    @Test("a sweep without 1 thread has times but no scaling; one thread count is no sweep; failures are left out")
    func incompleteSweeps() {
        var run = ReportFixtures.snapshotRun()
        var four = run.configurations[1]
        four.id = "c9"
        four.threads = 4
        run.configurations.append(four)
        run.configurations.removeAll { $0.label == "3.13" && $0.threads == 1 }
        let sweeps = run.threadSweeps
        #expect(sweeps.count == 2)
        #expect(sweeps[0].label == "3.13" && sweeps[0].threadCounts == [2, 4])
        #expect(!sweeps[0].hasScaling)
        #expect(sweeps[1].hasScaling)

        var lonely = ReportFixtures.snapshotRun()
        lonely.configurations[3].failure = "RuntimeError: boom"
        lonely.configurations[3].processSamples = []
        #expect(lonely.threadSweeps.map(\.label) == ["3.13"])
        #expect(ReportCharts.threadScaling(ReportFixtures.jitRun()) == nil)
        #expect(ReportCharts.scaling(ReportFixtures.jitRun()) == nil)
    }

    @Test("runs are grouped by machine in order of first appearance")
    func machineGroups() {
        let gil = ReportFixtures.gilRun(), jit = ReportFixtures.jitRun(), failed = ReportFixtures.failedRun()
        let document = ReportDocument(generatedAt: ReportFixtures.fixedDate, runs: [jit, gil, failed])
        let groups = document.machineGroups
        #expect(groups.map(\.machine.hostname) == ["laptop", "pythons-dev"])
        #expect(groups[1].runs.map(\.id) == ["7", "8"])
    }

    @Test("a machine is summarised without the parts that are not known")
    func machineSummary() {
        #expect(ReportFixtures.developmentMachine.summary == "pythons-dev: Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores, x86_64, Debian GNU/Linux 12 (bookworm)")
        let sparse = MachineDescription(hostname: "box", cpuModel: "", logicalCores: 1, operatingSystem: "", architecture: "")
        #expect(sparse.summary == "box: unknown CPU, 1 core")
    }

    @Test("command lines are shown the way a shell takes them back")
    func shellQuoting() {
        #expect(ShellQuoting.join(["pythons", "bench", "gil", "--threads", "1,2"]) == "pythons bench gil --threads 1,2")
        #expect(ShellQuoting.join(["pythons", "bench", "my file.py:work", "--args", "it's"]) == "pythons bench 'my file.py:work' --args 'it'\\''s'")
        #expect(ShellQuoting.join([""]) == "''")
    }

    @Test("XML escaping covers markup characters and drops what XML forbids")
    func xmlEscaping() {
        #expect(XMLText.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        #expect(XMLText.escape("red\u{1B}[31m\u{7}") == "red\u{FFFD}[31m\u{FFFD}")
        #expect(XMLText.escape("tab\tand\nnewline") == "tab\tand\nnewline")
        #expect(XMLText.escape("µs × 💻") == "µs × 💻")
    }

    @Test("the report colours are Okabe–Ito's, and text on bars is legible")
    func palette() {
        #expect(ChartTheme.seriesColors == ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"])
        #expect(ChartTheme.needsLightText("#0072B2"))
        #expect(!ChartTheme.needsLightText("#E69F00"))
        #expect(!ChartTheme.needsLightText("#F0E442"))
        #expect(ChartTheme.color(forSeries: 7) == ChartTheme.color(forSeries: 0))
    }

    @Test("the model round-trips through JSON")
    func codable() throws {
        let document = ReportFixtures.document()
        let data = try JSONOutput.encoder().encode(document)
        let decoded = try JSONOutput.decoder().decode(ReportDocument.self, from: data)
        #expect(decoded == document)
    }
}
