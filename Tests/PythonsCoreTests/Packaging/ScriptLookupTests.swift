import Foundation
import Testing
@testable import PythonsCore

/// Where the binary looks for its Python helpers: the wheel's layout beside
/// its real path, PYTHONS_RESOURCES before it, SwiftPM's bundle after it.
@Suite("Helper script lookup")
struct ScriptLookupTests {
    @Test("the installed layout is found from a binary in bin/, and only where the probe is")
    func installedLayout() throws {
        let prefix = TemporaryFolder("pythons-prefix")
        let binary = try prefix.write("bin/pythons", "", executable: true)
        #expect(PythonScripts.installedFolder(besideExecutable: binary) == nil)
        try prefix.write("share/pythons/python/probe.py", "print('probe')\n")
        #expect(PythonScripts.installedFolder(besideExecutable: binary) == "\(prefix.path)/share/pythons/python")
    }

    @Test("PYTHONS_RESOURCES wins; without it, tests find SwiftPM's bundle, which holds the real scripts")
    func order() throws {
        #expect(PythonScripts.folder(environment: ["PYTHONS_RESOURCES": "/elsewhere"]) == "/elsewhere")
        #expect(PythonScripts.path("probe.py", environment: ["PYTHONS_RESOURCES": "/elsewhere"]) == "/elsewhere/probe.py")
        let bundled = PythonScripts.folder(environment: [:])
        #expect(FileManager.default.fileExists(atPath: "\(bundled)/probe.py"), "\(bundled)")
        #expect(PythonScripts.folder(environment: ["PYTHONS_RESOURCES": ""]) == bundled)
    }

    @Test("a binary without its scripts says so in one line and exits 1, instead of SwiftPM's fatal error", .tags(.endToEnd))
    func missingScripts() async throws {
        let elsewhere = TemporaryFolder("pythons-moved")
        let moved = "\(elsewhere.path)/pythons"
        try FileManager.default.copyItem(atPath: PythonsBinary.path, toPath: moved)
        let home = TemporaryFolder("pythons-home")
        let cases: [([String: String?], String)] = [(["PYTHONS_RESOURCES": nil], "helper scripts are missing"),
                                                    (["PYTHONS_RESOURCES": elsewhere.path], "holds no probe.py")]
        for (variables, expected) in cases {
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONS_HOME"] = home.path
            for (key, value) in variables { environment[key] = value }
            let outcome = try await ProcessRunner().run(ProcessRequest(executable: moved, arguments: ["list"],
                                                                       environment: environment, timeout: .seconds(60)))
            #expect(outcome.termination == .exited(1))
            let lines = outcome.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains(expected), "\(outcome.standardError)")
        }
        // Help and the version need no scripts.
        let version = try await ProcessRunner().run(ProcessRequest(executable: moved, arguments: ["--version"],
                                                                   environment: ["PATH": "/usr/bin:/bin"], timeout: .seconds(60)))
        #expect(version.succeeded)
    }
}
