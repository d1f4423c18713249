import Foundation
import Testing
@testable import PythonsCore

@Suite("Decoding probe output")
struct ProbeDecodingTests {
    /// probe.py's output from a 3.13.5 free-threaded build, recorded.
    static let freeThreaded = """
        {"probe_version": 1, "implementation": "CPython", "version": "3.13.5", "version_info": [3, 13, 5, "final", 0], \
        "sys_version": "3.13.5 experimental free-threading build (main, Nov 25 2026, 01:20:00) [GCC 12.2.0]", \
        "executable": "/opt/p/bin/python3.13t", "prefix": "/opt/p", "base_prefix": "/opt/p", "abiflags": "t", \
        "ext_suffix": ".cpython-313t-x86_64-linux-gnu.so", "soabi": "cpython-313t-x86_64-linux-gnu", \
        "free_threaded_build": true, "gil_enabled": false, "jit_build": false, "tier2_flags": null, \
        "uop_optimizer_active": null, "config_args": "'--disable-gil'", "compiler": "GCC 12.2.0", \
        "include_dir": "/opt/p/include/python3.13t", "site_packages": ["/opt/p/lib/python3.13t/site-packages"], \
        "pointer_bits": 64, "system": "Linux", "machine": "x86_64", "cpu_count": 2, "byteorder": "little", \
        "environment": {"PYTHON_GIL": null, "PYTHON_JIT": null}}
        """

    static func outcome(_ stdout: String, status: Int32 = 0, stderr: String = "") -> ProcessOutcome {
        ProcessOutcome(termination: .exited(status), standardOutput: stdout, standardError: stderr)
    }

    @Test("a free-threaded build's report decodes with its states")
    func freeThreadedReport() throws {
        guard case .facts(let facts) = InterpreterProber.interpret(Self.outcome(Self.freeThreaded)) else {
            Issue.record("did not decode")
            return
        }
        #expect(facts.version == PythonVersion(3, 13, 5))
        #expect(facts.freeThreading == .enabled)
        #expect(facts.jit == .unsupported)
        #expect(facts.tier2 == .absent)
        #expect(facts.shortName == "3.13t")
        #expect(facts.extSuffix == ".cpython-313t-x86_64-linux-gnu.so")
    }

    @Test("JIT state follows the optimizer, else PYTHON_JIT and the build default")
    func jitStates() throws {
        var facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(Self.freeThreaded.utf8))
        facts.freeThreadedBuild = false
        facts.jitBuild = true
        facts.tier2Flags = 1
        facts.uopOptimizerActive = true
        #expect(facts.jit == .enabled)
        #expect(facts.shortName == "3.13j")
        facts.uopOptimizerActive = false
        #expect(facts.jit == .disabled)
        facts.uopOptimizerActive = nil
        #expect(facts.jit == .enabled)  // =yes defaults to on
        facts.tier2Flags = 3
        #expect(facts.jit == .disabled)  // =yes-off defaults to off
        facts.environment["PYTHON_JIT"] = "1"
        #expect(facts.jit == .enabled)
        facts.jitBuild = false
        facts.tier2Flags = 4
        #expect(facts.jit == .unsupported)
        #expect(facts.tier2 == .present)
        #expect(facts.isTier2InterpreterBuild)
        #expect(facts.shortName == "3.13+tier2")
    }

    @Test("failures become one line, never a dump", arguments: [
        (outcome("hello from a script\nmore\n"), "is not a Python interpreter: it printed \"hello from a script\""),
        (outcome(""), "printed nothing: not a Python interpreter"),
        (outcome("", status: 1, stderr: "Traceback (most recent call last):\n  File \"x\", line 1\nValueError: boom\n"),
         "exited with status 1: ValueError: boom"),
        (ProcessOutcome(termination: .timedOut(.seconds(5)), standardOutput: "", standardError: ""),
         "did not answer within 5 s and was stopped"),
        (outcome("{\"probe_version\": 1}"), "is not a Python interpreter this version of Pythons can read: it printed \"{\"probe_version\": 1}\""),
    ])
    func failures(outcome: ProcessOutcome, reason: String) {
        #expect(InterpreterProber.interpret(outcome) == .failure(reason))
    }

    @Test("long or binary output is cut to a short clean excerpt")
    func excerpt() {
        let noisy = String(repeating: "x", count: 500) + "\u{1B}[31m"
        let text = InterpreterProber.excerpt("\u{7}" + noisy)
        #expect(text.count == 60)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("versions order as releases do")
    func versionOrder() {
        let ordered = ["3.13.0a1", "3.13.0b2", "3.13.0rc1", "3.13.0", "3.13.5", "3.14.0a1"].compactMap(PythonVersion.init)
        #expect(ordered.count == 6)
        #expect(ordered == ordered.sorted())
        #expect(PythonVersion("3.15.0a1+") == PythonVersion(3, 15, 0, prerelease: "a1"))
        #expect(PythonVersion("3") == nil)
        #expect(PythonVersion("3.13.x") == nil)
    }

    @Test("interpreter names are recognised", arguments: [
        ("python", true), ("python3", true), ("python3.13", true), ("python3.13t", true), ("python3.6m", true),
        ("python3.13j", true), ("pypy3.10", true), ("pythons", false), ("python3.13-config", false),
        ("python3-gdb.py", false), ("pythonw", false), ("python3.", false), ("ipython3", false),
    ])
    func names(name: String, expected: Bool) {
        #expect(InterpreterDiscovery.isInterpreterName(name) == expected)
    }
}
