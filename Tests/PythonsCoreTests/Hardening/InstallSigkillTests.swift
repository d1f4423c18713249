import Foundation
import Testing
@testable import PythonsCore

/// The install half of issue 15's SIGKILL defect (issue 13 extends the
/// lifeline to build children): configure, make and what make starts run in
/// their own session, so nothing but the lifeline ends them when `pythons
/// install` dies without a chance to tear them down.
@Suite("hardening: SIGKILL of pythons install", .tags(.endToEnd))
struct InstallSigkillTests {
    @Test("SIGKILL of pythons during configure or make: none of the build's processes is left after a second",
          arguments: [
              // configure's own small process tree.
              ("configure started", "echo configure started; sleep 300 & sh -c 'sleep 300' & wait"),
              // configure succeeds and leaves a Makefile whose recipe, like a
              // compiler, runs under make in make's process group.
              ("make started", "printf 'all:\\n\\t@echo make started; sleep 300 & sh -c \"sleep 300\"; wait\\n' > Makefile"),
          ])
    func sigkill(marker: String, configureBody: String) async throws {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/Python-3.13.77.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.13.77", configureBody: configureBody, at: tarball)
        let home = "\(scratch.path)/home"
        let run = try BackgroundPythons(["install", "3.13t", "--source", tarball, "--jobs", "2"],
                                        environment: ["PYTHONS_HOME": home], scratch: scratch.path)
        let started = await BackgroundPythons.waitUntil(timeout: .seconds(120)) {
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: "\(home)/logs")) ?? []
            return logs.contains { ((try? String(contentsOfFile: "\(home)/logs/\($0)", encoding: .utf8)) ?? "").contains(marker) }
        }
        try #require(started, "the build never got to '\(marker)': \(run.standardError)")
        // The sleeps run in the build folder, under the home.
        let before = await Self.settled { ProcessScan.processes(mentioning: home).count >= 2 }
        #expect(before, "the build's processes should be running: \(ProcessScan.processes(mentioning: home))")

        kill(run.process.processIdentifier, SIGKILL)
        _ = await run.wait(timeout: .seconds(30))
        try await Task.sleep(for: .seconds(1))
        let leftovers = ProcessScan.processes(mentioning: home)
        #expect(leftovers.isEmpty, "left running after pythons was killed: \(leftovers)")
        for line in leftovers {
            if let pid = Int32(line.prefix { $0 != ":" }) { kill(pid, SIGKILL) }
        }
    }

    /// Polls a condition for up to 10 s: the recipe's processes start a
    /// moment after its first line reaches the log.
    static func settled(_ condition: () -> Bool) async -> Bool {
        await BackgroundPythons.waitUntil(timeout: .seconds(10), condition)
    }
}
