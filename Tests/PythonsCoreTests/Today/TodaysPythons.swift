import Foundation
import Testing
@testable import PythonsCore

/// The CPythons users run in December 2026, 3.14 and 3.15, found the way
/// `pythons list` finds interpreters. scripts/test.sh provides Debian sid's
/// builds of both (scripts/provide-debian-pythons.sh: the JIT compiled in and
/// off by default) and names them in PYTHONS_TEST_PYTHONS.
///
/// When PYTHONS_TEST_PYTHONS names a python3.14 or python3.15, a test that
/// cannot use it fails rather than skips: the script's interpreters must be
/// tested whenever they are given. Without them a test is cancelled with the
/// reason. Free-threaded 3.14 and 3.15 builds are not obtainable here (sid
/// has no python3.X-nogil package), so their tests are cancelled saying so,
/// and run wherever discovery finds one.
enum TodaysPythons {
    static let minors = [14, 15]

    /// Iterations a loop runs before it gets an executor (cpython-facts.md).
    static let knownThresholds = [14: 4096, 15: 4002]

    /// The interpreters PYTHONS_TEST_PYTHONS names for this feature version.
    static func given(minor: Int) -> [String] {
        RealInterpreters.extraPaths.filter { ($0 as NSString).lastPathComponent == "python3.\(minor)" }
    }

    /// A CPython 3.MINOR with the GIL and the JIT compiled in: a given one
    /// first, else any discovery finds.
    static func jitBuild(minor: Int) async throws -> Interpreter {
        let catalog = await RealInterpreters.catalog()
        let candidates = catalog.interpreters.filter {
            $0.isCPython && $0.version.major == 3 && $0.version.minor == minor && !$0.facts.freeThreadedBuild && $0.facts.jitBuild
        }
        let given = Self.given(minor: minor)
        if let found = candidates.first(where: { interpreter in given.contains { FilePaths.resolve($0) == interpreter.resolvedPath } })
            ?? candidates.first {
            return found
        }
        if !given.isEmpty {
            let problems = catalog.problems.filter { problem in given.contains(problem.path) }.map { "\($0.path): \($0.reason)" }
            throw PythonsError.failure("PYTHONS_TEST_PYTHONS names \(given.joined(separator: ", ")), but discovery found no CPython 3.\(minor) with the JIT built in there\(problems.isEmpty ? "" : " (\(problems.joined(separator: "; ")))")")
        }
        try Test.cancel("no CPython 3.\(minor) with the JIT built in on this machine; scripts/provide-debian-pythons.sh provides Debian's, and scripts/test.sh names it in PYTHONS_TEST_PYTHONS")
    }

    /// A free-threaded CPython 3.MINOR, or the test is cancelled saying why
    /// there is none here.
    static func freeThreaded(minor: Int) async throws -> Interpreter {
        let catalog = await RealInterpreters.catalog()
        if let found = catalog.interpreters.first(where: {
            $0.isCPython && $0.version.major == 3 && $0.version.minor == minor && $0.facts.freeThreadedBuild
        }) {
            return found
        }
        try Test.cancel("no free-threaded CPython 3.\(minor) on this machine: Debian's sid has no python3.\(minor)-nogil package (scripts/provide-debian-pythons.sh looks for one), and 3.\(minor) cannot be built here (its source tarball is not reachable); this test runs where discovery finds a 3.\(minor)t")
    }

    /// Whether a build leaves its JIT off until PYTHON_JIT turns it on, as the
    /// interpreter itself says in a fresh process (ground truth for Pythons'
    /// "disabled" and "enabled").
    static func jitState(_ interpreter: Interpreter, pythonJIT: String? = nil) async throws -> (available: Bool, enabled: Bool) {
        let output = try await RealInterpreters.evaluate(
            interpreter, "import sys; print(sys._jit.is_available(), sys._jit.is_enabled())",
            environment: pythonJIT.map { ["PYTHON_JIT": $0] } ?? [:])
        let words = output.split(separator: " ")
        return (words.first == "True", words.last == "True")
    }

    /// `pythons ARGUMENTS` with a private PYTHONS_HOME and the user's
    /// PYTHON_JIT and PYTHON_GIL left out, so that only the options decide.
    static func run(_ arguments: [String], home: TemporaryFolder, timeout: Duration = .seconds(300)) async throws -> ProcessOutcome {
        try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": home.path, "PYTHON_JIT": nil, "PYTHON_GIL": nil, "NO_COLOR": "1"],
                                    timeout: timeout)
    }
}
