import Foundation
import Testing
@testable import PythonsCore

/// Helpers for the micro-op and extension tests.
enum UopsFixtures {
    /// The seed's iterative fib, as its jit benchmark and uops session define it.
    static let fibSource = """
        def fib(n):
            a, b = 0, 1
            for _ in range(n):
                a, b = b, a + b
            return a


        def no_loop(n):
            return n + 1


        def broken(n):
            return fib(n) / 0


        import functools


        def logged(function):
            @functools.wraps(function)
            def wrapper(*args):
                return function(*args)
            return wrapper


        @logged
        def decorated_sum(n):
            total = 0
            for i in range(n):
                total += i
            return total

        """

    /// The folder holding the example extension sources (examples/ at the
    /// package root), found from this file's path.
    static var examplesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples").path
    }

    /// An interpreter built without the JIT, tier 2 or free threading: a stock
    /// 3.13 when the machine has one, else the newest stock 3.11 or 3.12.
    static func stockCPython(minimumMinor: Int = 11) async throws -> Interpreter {
        let catalog = await RealInterpreters.catalog()
        let stock = catalog.interpreters.filter {
            $0.isCPython && $0.version.major == 3 && $0.version.minor >= minimumMinor
                && !$0.facts.freeThreadedBuild && $0.facts.tier2 == .absent && $0.facts.extSuffix != nil
        }
        guard let found = stock.max(by: { $0.version < $1.version }) else {
            try Test.cancel("no stock CPython 3.\(minimumMinor) or newer on this machine (a build without JIT, tier 2 or free threading)")
        }
        return found
    }

    /// A tier-2 micro-op interpreter build (no JIT), or the test is skipped:
    /// scripts/test.sh does not build one.
    static func tier2Interpreter() async throws -> Interpreter {
        try await RealInterpreters.require("3.13+tier2", why: "scripts/test.sh builds no tier-2 interpreter; `pythons install 3.13+tier2` makes one")
    }

    /// A private PYTHONS_HOME for a core-API run, so discovery caches stay in the test.
    static func environment(home: TemporaryFolder, extra: [String: String] = [:]) -> PythonsEnvironment {
        var variables = ProcessInfo.processInfo.environment
        variables["PYTHONS_HOME"] = home.path
        variables.removeValue(forKey: "PYTHON_JIT")
        variables.removeValue(forKey: "PYTHON_GIL")
        variables.merge(extra) { $1 }
        return PythonsEnvironment(variables: variables)
    }
}

extension PythonsBinary {
    /// Runs `pythons ARGUMENTS` with `input` on its stdin, through Foundation's
    /// Process (ProcessRunner gives children no stdin). For driving `repl`.
    static func run(_ arguments: [String], input: String, environment overrides: [String: String?],
                    timeout: TimeInterval = 120) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await offThePool { try runBlocking(arguments, input: input, environment: overrides, timeout: timeout) }
    }

    private static func runBlocking(_ arguments: [String], input: String, environment overrides: [String: String?],
                                    timeout: TimeInterval) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides { environment[key] = value }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot stall the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw PythonsError.failure("pythons \(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
