import Foundation
import Testing
@testable import PythonsCore

extension BenchProcessTests {
/// Issue 15's randomized probe: generated values (huge, tiny, negative, NaN,
/// inf, empty, unicode, very long, and a few drawn from a seeded generator)
/// for every numeric and path option of every command. Whatever the value,
/// pythons exits 0, 1 or 2; a failure prints one line (warnings printed along
/// the way, and the interpreters that exist under a request that matches
/// none, aside); nothing traps (132, 134, 139), hangs, or prints a
/// traceback or backtrace. Where a value is valid, the rest of the command
/// line keeps the command cheap (bench: one process, no warm-up, one call).
@Suite("hardening: generated option values", .tags(.endToEnd, .interpreters))
struct RandomizedOptionTests {
    static let seed: UInt64 = 15

    /// One option of one command: the arguments for a value.
    struct Target: Sendable {
        var name: String
        var kind: Kind
        var arguments: @Sendable (_ value: String, _ python: String) -> [String]
        enum Kind { case number, path }
    }

    static func bench(_ python: String) -> [String] {
        ["bench", "work.py:quick", "--python", python, "--repeat", "1", "--warmup", "0", "--values", "1", "--max-time", "5", "--timeout", "30", "-q"]
    }

    static let targets: [Target] = [
        // bench: every number it takes, then its paths.
        Target(name: "bench -n", kind: .number) { ["bench", "jit", "--python", $1, "--repeat", "1", "--warmup", "0", "--values", "1", "--max-time", "5", "--timeout", "10", "-q", "-n", $0] },
        Target(name: "bench --warmup", kind: .number) { bench($1) + ["--warmup=\($0)"] },
        Target(name: "bench --values", kind: .number) { bench($1) + ["--values=\($0)"] },
        Target(name: "bench --repeat", kind: .number) { bench($1) + ["--repeat=\($0)"] },
        Target(name: "bench --min-processes", kind: .number) { bench($1) + ["--min-processes=\($0)"] },
        Target(name: "bench --max-time", kind: .number) { bench($1) + ["--max-time=\($0)"] },
        Target(name: "bench --timeout", kind: .number) { bench($1) + ["--timeout=\($0)"] },
        Target(name: "bench --precision", kind: .number) { bench($1) + ["--precision=\($0)"] },
        Target(name: "bench --threads", kind: .number) { bench($1) + ["--threads=\($0)"] },
        Target(name: "bench --probe-timeout", kind: .number) { bench($1) + ["--probe-timeout=\($0)"] },
        Target(name: "bench --args", kind: .number) { bench($1) + ["--args", $0] },
        Target(name: "bench FILE", kind: .path) { ["bench", "\($0):quick"] + bench($1).dropFirst(2) },
        Target(name: "bench --python", kind: .path) { bench($1) + ["--python=\($0)"] },
        Target(name: "bench --csv", kind: .path) { bench($1) + ["--csv=\($0)"] },
        Target(name: "bench --pyperf", kind: .path) { bench($1) + ["--pyperf=\($0)"] },
        // The other commands.
        Target(name: "list --probe-timeout", kind: .number) { value, _ in ["list", "--probe-timeout=\(value)"] },
        Target(name: "list --python", kind: .path) { value, _ in ["list", "--python=\(value)"] },
        Target(name: "info PYTHON", kind: .path) { value, _ in ["info", "--", value] },
        Target(name: "info --probe-timeout", kind: .number) { ["info", $1, "--probe-timeout=\($0)"] },
        Target(name: "history --limit", kind: .number) { value, _ in ["history", "--limit=\(value)"] },
        Target(name: "show RUN", kind: .path) { value, _ in ["show", "--", value] },
        Target(name: "show --pyperf", kind: .path) { value, _ in ["show", "1", "--pyperf=\(value)"] },
        Target(name: "compare --threshold", kind: .number) { value, _ in ["compare", "1", "1", "--threshold=\(value)"] },
        Target(name: "compare A B", kind: .path) { value, _ in ["compare", "--", value, "1"] },
        Target(name: "report RUN", kind: .path) { value, _ in ["report", "-o", "page.html", "--", value] },
        Target(name: "report -o", kind: .path) { value, _ in ["report", "1", "--output=\(value)"] },
        Target(name: "uops --max-calls", kind: .number) { ["uops", "work.py:quick", "--python", $1, "--max-seconds", "1", "--max-calls=\($0)"] },
        Target(name: "uops --max-seconds", kind: .number) { ["uops", "work.py:quick", "--python", $1, "--max-calls", "10", "--max-seconds=\($0)"] },
        Target(name: "uops FILE", kind: .path) { ["uops", "\($0):quick", "--python", $1, "--max-calls", "10", "--max-seconds", "1"] },
        Target(name: "install --jobs", kind: .number) { value, _ in ["install", "3.13.5", "--source", "/nonexistent/Python-3.13.5.tar.xz", "--jobs=\(value)"] },
        Target(name: "install --source", kind: .path) { value, _ in ["install", "3.13.5", "--source=\(value)"] },
        Target(name: "install --llvm-tools", kind: .path) { value, _ in ["install", "3.13j", "--source", "/nonexistent/Python-3.13.5.tar.xz", "--llvm-tools=\(value)"] },
        Target(name: "doctor --llvm-tools", kind: .path) { value, _ in ["doctor", "--llvm-tools=\(value)"] },
        Target(name: "ext build SOURCE", kind: .path) { ["ext", "build", "--python", $1, "--", $0] },
        Target(name: "ext build -o", kind: .path) { ["ext", "build", "greeter.c", "--python", $1, "-o", $0] },
        Target(name: "ext check MODULE_OR_FILE", kind: .path) { ["ext", "check", "--python", $1, "--", $0] },
        Target(name: "ext audit PATH", kind: .path) { ["ext", "audit", "--python", $1, "--", $0] },
        Target(name: "uninstall VERSION", kind: .path) { value, _ in ["uninstall", "--", value] },
    ]

    /// The fixed hostile values, then `drawn` from the generator.
    static func values(_ kind: Target.Kind, generator: inout SplitMix64, drawn: Int = 2) -> [String] {
        var values: [String]
        switch kind {
        case .number:
            values = ["1e20", "-1", "0", "1e-300", "nan", "inf", "-inf", "", "٣", "１０", "9223372036854775808",
                      "1e400", "0x10", "3", String(repeating: "9", count: 5000), "½"]
            for _ in 0..<drawn {
                values.append(generator.next() % 2 == 0 ? String(Int64(bitPattern: generator.next()) >> (generator.next() % 64))
                              : String(Double(bitPattern: generator.next())))
            }
        case .path:
            // Every value that names a place names one inside the test's own
            // folder ({missing} is absolute): --pyperf and ext build -o create
            // the folders they are given.
            values = ["", "{missing}/deep/x", "ünï/日本/файл.py", String(repeating: "a/", count: 2000) + "x",
                      "line\nbreak", "-", "..", "{folder}", "{file}", "%s%n%x", "\u{202E}gnp.exe", "/dev/null/x"]
            for _ in 0..<drawn {
                let scalars = (0..<(1 + generator.next() % 40)).compactMap { _ in Unicode.Scalar(UInt32(generator.next() % 0x3000)) }
                values.append(String(String.UnicodeScalarView(scalars)))
            }
        }
        return values
    }

    static let forbidden = ["Traceback (most recent call last)", "Fatal error", "Stack dump", "backtrace", "Current stack trace",
                            "💣", "DecodingError", "EncodingError", "NSCocoaErrorDomain"]

    @Test("every numeric and path option, with generated values: exit 0, 1 or 2, one line for a failure, no trap or traceback")
    func generatedValues() async throws {
        let python = try await RealInterpreters.stockCPython3().path
        // One home for every case: the probe cache fills once.
        let home = TemporaryFolder("pythons-random")
        let work = "\(home.path)/work"
        try home.write("work/work.py", "def quick(*args):\n    return sum(range(10))\n")
        try home.write("work/greeter.c", "#include <Python.h>\nstatic struct PyModuleDef m = {PyModuleDef_HEAD_INIT, \"greeter\"};\nPyMODINIT_FUNC PyInit_greeter(void) { return PyModule_Create(&m); }\n")
        try home.write("work/existing-file.txt", "text\n")
        try FileManager.default.createDirectory(atPath: "\(work)/existing-folder", withIntermediateDirectories: true)
        // A stored run, so that show, compare and report reach their paths.
        let first = try await run(Self.bench(python), home: home, in: work)
        try #require(first.succeeded, "the cheap bench itself must work: \(first.standardError)")

        var generator = SplitMix64(seed: Self.seed)
        var cases: [(name: String, value: String, arguments: [String])] = []
        for target in Self.targets {
            for raw in Self.values(target.kind, generator: &generator) {
                let value = raw.replacingOccurrences(of: "{folder}", with: "existing-folder")
                    .replacingOccurrences(of: "{missing}", with: "\(home.path)/missing")
                    .replacingOccurrences(of: "{file}", with: "existing-file.txt")
                cases.append((target.name, value, target.arguments(value, python)))
            }
        }
        // Two at a time: most cases are validation failures that take
        // milliseconds, and none is timed.
        var problems: [(Int, String)] = []
        try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for (index, item) in cases.enumerated() {
                if index >= 2, let (done, problem) = try await group.next(), let problem { problems.append((done, problem)) }
                group.addTask {
                    (index, Self.problem(try await self.run(item.arguments, home: home, in: work)))
                }
            }
            for try await (done, problem) in group { if let problem { problems.append((done, problem)) } }
        }
        let count = cases.count
        let failures = problems.sorted { $0.0 < $1.0 }.map { index, problem in
            "\(cases[index].name) \(cases[index].value.debugDescription.prefix(80)): \(problem)"
        }
        #expect(failures.isEmpty, """
            seed \(Self.seed), \(count) cases, \(failures.count) failed (RandomizedOptionTests.seed replays them):
            \(failures.joined(separator: "\n"))
            """)
    }

    /// What is wrong with an outcome, or nil.
    static func problem(_ outcome: ProcessOutcome) -> String? {
        let text = outcome.standardOutput + outcome.standardError
        if let found = forbidden.first(where: { text.contains($0) }) { return "printed \(found): \(outcome.standardError.prefix(300))" }
        guard case .exited(let code) = outcome.termination else { return "\(outcome.termination)" }
        guard [0, 1, 2].contains(code) else { return "exit \(code): \(outcome.standardError.prefix(300))" }
        guard code != 0 else { return nil }
        // One error line. Before it only warnings and progress steps
        // ("extract ..."); after it only the interpreters that exist, under
        // "available:", for a request that matches none.
        let lines = outcome.standardError.split(whereSeparator: \.isNewline)
        let errors = lines.indices.filter { lines[$0].hasPrefix("pythons: ") }
        guard errors.count == 1, let index = errors.first,
              lines[..<index].allSatisfy({ $0.hasPrefix("warning:") || $0.hasSuffix(" ...") }),
              index == lines.count - 1 || (lines[index + 1] == "available:" && lines[(index + 2)...].allSatisfy { $0.hasPrefix("  ") })
        else {
            return "exit \(code) without one error line: \(outcome.standardError.prefix(400))"
        }
        return nil
    }

    func run(_ arguments: [String], home: TemporaryFolder, in folder: String) async throws -> ProcessOutcome {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONS_HOME"] = home.path
        environment["NO_COLOR"] = "1"
        return try await ProcessRunner().run(ProcessRequest(
            executable: PythonsBinary.path, arguments: arguments, environment: environment,
            workingDirectory: folder, timeout: .seconds(120)))
    }
}
}
