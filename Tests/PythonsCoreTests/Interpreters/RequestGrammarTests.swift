import Testing
@testable import PythonsCore

@Suite("Interpreter request grammar")
struct RequestGrammarTests {
    static let valid: [(String, String, Set<BuildVariant>)] = [
        ("3.13", "3.13", []),
        ("3.13.5", "3.13.5", []),
        ("3.13t", "3.13t", [.freethreaded]),
        ("3.13j", "3.13j", [.jit]),
        ("3.13+freethreaded", "3.13t", [.freethreaded]),
        ("3.13+jit", "3.13j", [.jit]),
        ("3.13+tier2", "3.13+tier2", [.tier2]),
        ("cpython@3.14", "3.14", []),
        ("python3.12", "3.12", []),
        ("python3.13t", "3.13t", [.freethreaded]),
        ("cpython-3.13.5+freethreaded", "3.13.5t", [.freethreaded]),
        ("3.14.0rc1", "3.14.0rc1", []),
        ("3", "3", []),
        ("  3.13t ", "3.13t", [.freethreaded]),
        ("pypy@3.10", "pypy@3.10", []),
    ]

    @Test("valid requests parse to what they name", arguments: valid)
    func parses(text: String, canonical: String, variants: Set<BuildVariant>) throws {
        let request = try InterpreterRequest.parse(text)
        guard case .version(let version) = request else {
            Issue.record("\(text) parsed as a path")
            return
        }
        #expect(version.description == canonical)
        #expect(version.variants == variants)
    }

    @Test("paths are paths", arguments: ["/usr/bin/python3", "./python", "~/bin/python3.13t", "../x/python", "bin/python"])
    func paths(text: String) throws {
        #expect(try InterpreterRequest.parse(text) == .path(text))
    }

    @Test("malformed requests are errors with a reason", arguments: [
        "", "   ", "python", "3.", "3..13", "3.13.5.1", "3.13x", "3.13tj", "3.13+", "3.13+fast",
        "jython@3.13", "3.13t+jit", "3.13+jit+tier2", "3.13rc1", "99999999999999999999", "3.13.5rc", "t", "+jit",
    ])
    func malformed(text: String) {
        #expect(throws: RequestSyntaxError.self) { try InterpreterRequest.parse(text) }
    }

    @Test("a version without patch matches every patch; with patch only that one")
    func versionMatching() throws {
        guard case .version(let minor) = try InterpreterRequest.parse("3.13"),
              case .version(let exact) = try InterpreterRequest.parse("3.13.5") else { Issue.record("not versions"); return }
        #expect(minor.matchesVersion(PythonVersion(3, 13, 0)))
        #expect(minor.matchesVersion(PythonVersion(3, 13, 5)))
        #expect(!minor.matchesVersion(PythonVersion(3, 12, 5)))
        #expect(exact.matchesVersion(PythonVersion(3, 13, 5)))
        #expect(!exact.matchesVersion(PythonVersion(3, 13, 4)))
        #expect(!exact.matchesVersion(PythonVersion(3, 13, 5, prerelease: "rc1")))
    }

    /// Feeds many generated strings, built from the grammar's own alphabet so
    /// that near-misses are common: each must parse or throw, never crash.
    @Test("randomized strings give a value or an error, never a crash")
    func randomized() {
        var generator = SplitMix64(seed: 0x5eed)
        let pieces = ["3", "13", ".", "t", "j", "+", "jit", "tier2", "freethreaded", "@", "cpython", "python", "pypy",
                      "rc", "a", "b", "1", "0", "/", "~", "-", " ", "5", "9999999999", "é", "\u{0}", "🐍", "..", "x"]
        var parsed = 0
        var rejected = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...7, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            do {
                let request = try InterpreterRequest.parse(text)
                // What parses must print as something that parses to the same thing.
                if case .version(let version) = request {
                    #expect(try InterpreterRequest.parse(version.description) == request, "round trip of \(text)")
                }
                parsed += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(parsed > 100)
        #expect(rejected > 100)
    }
}
