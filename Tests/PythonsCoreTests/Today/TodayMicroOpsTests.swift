import Foundation
import Testing
@testable import PythonsCore

/// `pythons uops` and `pythons repl` on real CPython 3.14 and 3.15, whose JIT
/// is built in and, in Debian's builds, off until PYTHON_JIT=1.
@Suite("CPython 3.14 and 3.15: uops and repl", .tags(.interpreters, .endToEnd), .serialized)
struct TodayMicroOpsTests {
    @Test("3.14: uops --jit on: one executor with machine code, made after the version's warm-up threshold") func jitOn14() async throws { try await jitOn(minor: 14) }
    @Test("3.15: uops --jit on: one executor with machine code, made after the version's warm-up threshold") func jitOn15() async throws { try await jitOn(minor: 15) }
    @Test("3.14: uops without --jit on a yes-off build, and with --jit off: no executors, and the reason says how to turn the JIT on") func jitOff14() async throws { try await jitOff(minor: 14) }
    @Test("3.15: uops without --jit on a yes-off build, and with --jit off: no executors, and the reason says how to turn the JIT on") func jitOff15() async throws { try await jitOff(minor: 15) }
    @Test("3.14: uops --jit on, end to end: the text names the threshold the warm-up took") func uopsText14() async throws { try await uopsText(minor: 14) }
    @Test("3.15: uops --jit on, end to end: the text names the threshold the warm-up took") func uopsText15() async throws { try await uopsText(minor: 15) }
    @Test("3.14: repl --jit on: the banner says enabled, and reveal_code shows micro-ops once the loop is hot") func replJITOn14() async throws { try await replJITOn(minor: 14) }
    @Test("3.15: repl --jit on: the banner says enabled, and reveal_code shows micro-ops once the loop is hot") func replJITOn15() async throws { try await replJITOn(minor: 15) }
    @Test("3.14: repl without --jit on a yes-off build: the banner says disabled and reveal_code has nothing to show") func replDefault14() async throws { try await replDefault(minor: 14) }
    @Test("3.15: repl without --jit on a yes-off build: the banner says disabled and reveal_code has nothing to show") func replDefault15() async throws { try await replDefault(minor: 15) }
    @Test("3.14t: a free-threaded build creates no executors, and uops says so") func freeThreaded14() async throws { try await freeThreaded(minor: 14) }
    @Test("3.15t: a free-threaded build creates no executors, and uops says so") func freeThreaded15() async throws { try await freeThreaded(minor: 15) }

    func inspect(_ interpreter: Interpreter, calls: [String] = ["fib(10)", "fib(20)"], jit: RuntimeSettings.Switch?,
                 jitSource: SettingSource? = .option, maxCalls: Int = MicroOpsRequest.defaultMaxCalls) async throws -> MicroOpsReport {
        let folder = TemporaryFolder("pythons-uops")
        let file = try folder.write("fib.py", UopsFixtures.fibSource)
        let request = MicroOpsRequest(target: FunctionTarget(file: file, function: "fib"), calls: calls, maxCalls: maxCalls,
                                      settings: RuntimeSettings(jit: jit), jitSource: jit == nil ? nil : jitSource)
        return try await MicroOpsInspector.inspect(request, interpreter: interpreter, environment: UopsFixtures.environment(home: folder), runner: ProcessRunner())
    }

    /// The interpreter's own TIER2_THRESHOLD, where _testinternalcapi is there.
    func ownThreshold(_ interpreter: Interpreter) async throws -> Int? {
        let output = try await RealInterpreters.evaluate(interpreter, """
            try:
                import _testinternalcapi
                print(getattr(_testinternalcapi, "TIER2_THRESHOLD", ""))
            except ImportError:
                print("")
            """)
        return Int(output)
    }

    /// Calls of fib(10), fib(20), fib(10), ... until the loop's backward jump
    /// has run `threshold` times: `for _ in range(n)` jumps back n times a call.
    static func callsToGetHot(threshold: Int, sizes: [Int] = [10, 20]) -> Int {
        var jumps = 0
        var calls = 0
        while jumps < threshold {
            jumps += sizes[calls % sizes.count]
            calls += 1
        }
        return calls
    }

    func jitOn(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let report = try await inspect(interpreter, jit: .on)
        #expect(report.reason == nil, "\(String(describing: report.reason?.message))")
        #expect(report.stoppedBy == .executors)
        let executor = try #require(report.executors.first)
        #expect(report.executors.count == 1)
        let names = executor.microOps.map(\.name)
        #expect(names.first == "_START_EXECUTOR")
        for name in ["_ITER_NEXT_RANGE", "_BINARY_OP_ADD_INT", "_JUMP_TO_TOP"] { #expect(names.contains(name), "\(names)") }
        #expect((executor.machineCodeBytes ?? 0) > 0, "\(executor.machineCodeNote ?? "")")
        // 3.14 and 3.15 warm backward jumps up through JUMP_BACKWARD_JIT.
        #expect(executor.replacedOpcode == "JUMP_BACKWARD_JIT")
        #expect(executor.loopStartLine == 3)
        #expect(executor.line == 4)

        // The warm-up: 4096 loop iterations on 3.14, 4002 on 3.15 (16 on 3.13),
        // so fib(10), fib(20) must be called some 270 times, not twice.
        let threshold = try #require(report.threshold)
        #expect(threshold == TodaysPythons.knownThresholds[minor])
        if let own = try await ownThreshold(interpreter) { #expect(threshold == own) }
        #expect(report.callsMade == Self.callsToGetHot(threshold: threshold), "\(report.callsMade) calls for a threshold of \(threshold)")
    }

    func jitOff(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let off = try await inspect(interpreter, jit: .off)
        #expect(off.executors.isEmpty)
        #expect(off.reason == .jitTurnedOff(build: interpreter.displayName, source: .option))
        #expect(off.reason?.message.contains("--jit off sets PYTHON_JIT=0") == true)

        guard try await TodaysPythons.jitState(interpreter).enabled == false else {
            try Test.cancel("\(interpreter.displayName) starts with its JIT on; the off-by-default reason applies to yes-off builds")
        }
        let plain = try await inspect(interpreter, jit: nil)
        #expect(plain.executors.isEmpty)
        #expect(plain.stoppedBy == .unavailable)
        #expect(plain.reason == .jitOffByDefault(build: interpreter.displayName))
        #expect(plain.reason?.message == "\(interpreter.displayName) has the JIT built in but off by default (--enable-experimental-jit=yes-off); run with --jit on")
    }

    func uopsText(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let home = TemporaryFolder()
        let file = try home.write("fib.py", UopsFixtures.fibSource)
        let outcome = try await TodaysPythons.run(["uops", "\(file):fib", "--call", "fib(10)", "--call", "fib(20)",
                                                   "--python", interpreter.path, "--jit", "on"], home: home)
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        let threshold = try #require(TodaysPythons.knownThresholds[minor])
        #expect(lines.first == "fib in \(file), on \(interpreter.displayName) (JIT on)")
        let calls = Self.callsToGetHot(threshold: threshold)
        #expect(lines.contains { $0.hasPrefix("called fib(10), fib(20): \(calls) calls in ")
                && $0.hasSuffix(" until an executor appeared (CPython 3.\(minor) makes one after a loop runs about \(threshold) iterations)") },
                "\(lines)")
        #expect(lines.contains { $0.hasPrefix("executor 1 of 1: the loop at line 3 (offset ") && $0.contains("entered from JUMP_BACKWARD_JIT at line 4")
                && $0.hasSuffix("bytes of machine code") }, "\(lines)")
        #expect(lines.contains("  _BINARY_OP_ADD_INT"))
    }

    static func replInput(calls: Int) -> String {
        """
        def fib(n):
            a, b = 0, 1
            for _ in range(n):
                a, b = b, a + b
            return a

        reveal_code(fib)
        results = [fib(20) for _ in range(\(calls))]
        reveal_code(fib)
        import sys; print(sys.argv, sys._jit.is_enabled())

        """
    }

    func replJITOn(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        let home = TemporaryFolder()
        let threshold = try #require(TodaysPythons.knownThresholds[minor])
        // fib(20) runs its loop 20 times. An assignment, because the REPL prints
        // (and stores in builtins._) every expression statement's value, even in a loop.
        let result = try await PythonsBinary.run(["repl", interpreter.path, "--jit", "on"], input: Self.replInput(calls: threshold / 20 + 5),
                                           environment: ["PYTHONS_HOME": home.path, "PYTHON_JIT": nil])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count > 8, "\(result.stdout)\n\(result.stderr)")
        #expect(lines[0].allSatisfy { $0 == "=" } && !lines[0].isEmpty)
        #expect(lines[2] == "\u{1F40D} CPython \(interpreter.version) \(interpreter.facts.executable)")
        #expect(lines[3] == "Free Threading: unsupported")
        #expect(lines[4] == "JIT Compiler: enabled \u{2728}")
        #expect(lines[5] == lines[0])
        #expect(lines[6] == "Micro-ops unavailable")
        let afterHot = Array(lines[7...])
        #expect(afterHot.first == "_START_EXECUTOR", "\(afterHot)")
        #expect(afterHot.contains("_BINARY_OP_ADD_INT"))
        #expect(lines.contains("[''] True"), "a session starts with argv [''] and the JIT on")
    }

    func replDefault(minor: Int) async throws {
        let interpreter = try await TodaysPythons.jitBuild(minor: minor)
        guard try await TodaysPythons.jitState(interpreter).enabled == false else {
            try Test.cancel("\(interpreter.displayName) starts with its JIT on")
        }
        let home = TemporaryFolder()
        let threshold = try #require(TodaysPythons.knownThresholds[minor])
        let result = try await PythonsBinary.run(["repl", interpreter.path], input: Self.replInput(calls: threshold / 20 + 5),
                                           environment: ["PYTHONS_HOME": home.path, "PYTHON_JIT": nil])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("JIT Compiler: disabled\n"))
        #expect(result.stdout.components(separatedBy: "Micro-ops unavailable").count == 3, "\(result.stdout)")
        #expect(result.stdout.contains("[''] False"))
    }

    func freeThreaded(minor: Int) async throws {
        let interpreter = try await TodaysPythons.freeThreaded(minor: minor)
        let report = try await inspect(interpreter, jit: nil)
        #expect(report.executors.isEmpty)
        #expect(report.reason == .freeThreadedBuild(build: interpreter.displayName))
    }
}
