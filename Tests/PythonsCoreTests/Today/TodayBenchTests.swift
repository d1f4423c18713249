import Foundation
import Testing
@testable import PythonsCore

extension BenchProcessTests {
/// `pythons bench jit --jit on,off` on real CPython 3.14 and 3.15: two
/// configurations of one interpreter, each process really running with the
/// JIT on or off, and a ratio with its interval. Tiny workloads: behaviour,
/// never speed.
@Suite("CPython 3.14 and 3.15: bench jit --jit on,off", .tags(.endToEnd, .interpreters))
struct TodayBenchTests {
    @Test("3.14: two configurations, each process with the JIT as asked, a ratio of medians with its 95% interval") func jitOnOff14() async throws { try await jitOnOff(minor: 14) }
    @Test("3.15: two configurations, each process with the JIT as asked, a ratio of medians with its 95% interval") func jitOnOff15() async throws { try await jitOnOff(minor: 15) }

    func jitOnOff(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let home = TemporaryFolder()
        let outcome = try await TodaysPythons.run(["bench", "jit", "--python", interpreter.path, "--jit", "on,off", "-n", "1000",
                                                   "--repeat", "8", "--warmup", "1", "--values", "3", "--format", "json"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let document = try JSONOutput.decoder().decode(RunDocument.self, from: Data(outcome.standardOutput.utf8))
        let short = "3.\(minor)j"
        #expect(document.run.configurations.map(\.label) == ["\(short) (JIT on)", "\(short) (JIT off)"])
        for (configuration, jitOn) in zip(document.run.configurations, [true, false]) {
            #expect(configuration.status == .measured, "\(configuration.label): \(configuration.error ?? "")")
            #expect(configuration.processes.count == 8)
            // The worker reports the JIT's state from inside each process.
            #expect(configuration.processes.allSatisfy { $0.jitEnabled == jitOn }, "\(configuration.label)")
            #expect(configuration.banner?.jit == (jitOn ? .enabled : .disabled))
            #expect(configuration.interpreter.path == interpreter.path)
        }
        #expect(document.run.baseline == "\(short) (JIT on)")
        let off = try #require(document.analysis.configurations.last)
        let speedup = try #require(off.speedup)
        #expect(speedup.baseline == "\(short) (JIT on)")
        // Both ran in each of the 8 interleaved rounds; the value is the ratio of the two medians beside it.
        #expect(speedup.pairs == 8)
        let interval = try #require(speedup.withinRun, "8 interleaved rounds give a 95% interval of the speedup")
        let medians = document.analysis.configurations.compactMap { $0.time?.value }
        #expect(medians.count == 2 && speedup.value == medians[0] / medians[1])
        #expect(interval.lower < speedup.value && speedup.value < interval.upper, "8 rounds of real timings are not all equal: \(interval)")
        #expect(interval.confidence == 0.95)

        // The text report shows the same ratio and interval.
        let text = try await TodaysPythons.run(["show", "1"], home: home)
        #expect(text.termination == .exited(0), "\(text.standardError)")
        #expect(text.standardOutput.contains("SPEEDUP 95% CI"))
        #expect(text.standardOutput.split(separator: "\n").contains { $0.hasPrefix("\(short) (JIT off)") && $0.contains("–") })
    }
}
}
