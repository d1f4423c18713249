import Foundation
import Testing
@testable import PythonsCore

/// `pythons report` on runs `pythons bench` really made on this machine.
@Suite("pythons report, end to end", .tags(.interpreters, .endToEnd, .browser), .serialized)
struct ReportCommandTests {
    /// A small real run: the seed's GIL workload at 1 and 2 threads on up to
    /// two interpreters (with the GIL on and off where one is free-threaded),
    /// six processes per configuration. Returns its JSON export.
    static func realRun(home: TemporaryFolder) async throws -> (json: String, run: BenchmarkRun) {
        var arguments = ["bench", "gil", "-n", "16", "--threads", "1,2", "--repeat", "6", "--format", "json"]
        let stock = try await RealInterpreters.stockCPython3()
        arguments += ["--python", stock.path]
        if let freeThreaded = try? await RealInterpreters.require("3.13t") {
            arguments += ["--python", freeThreaded.path, "--gil", "on,off"]
        }
        let outcome = try await PythonsBinary.run(arguments, environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        let json = home.path + "/run.json"
        try outcome.standardOutput.write(toFile: json, atomically: true, encoding: .utf8)
        return (json, try RunDocument.read(path: json).run)
    }

    @Test("a stored run and an imported JSON export make one page that Chromium renders")
    func realRunInBrowser() async throws {
        let home = TemporaryFolder()
        let (json, run) = try await Self.realRun(home: home)
        let page = try PackageFolders.artifacts() + "/report-real-run.html"
        // The stored run (latest) and the same run imported from its JSON, as
        // from another machine: both appear.
        let outcome = try await PythonsBinary.run(["report", "latest", json, "-o", page], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(0), "\(outcome.standardError)")
        #expect(outcome.standardOutput.hasPrefix("wrote \(page): 2 runs on 1 machine"))

        let problems = try await XMLLint.problems(in: try String(contentsOfFile: page, encoding: .utf8), named: "report.html")
        #expect(problems == nil, "\(problems ?? "")")

        let profile = TemporaryFolder("pythons-chromium")
        let dom = try await HeadlessChromium.run(["--dump-dom"], page: page, profile: profile)
        #expect(dom.succeeded, "chromium \(dom.termination): \(dom.lastErrorLine ?? "")")
        for kind in ["chart-comparison", "chart-thread-scaling", "chart-scaling", "chart-distribution"] {
            #expect(dom.standardOutput.contains("pythons-chart \(kind)"), "\(kind) missing from the DOM")
        }
        #expect(dom.standardOutput.occurrences(of: "<g class=\"bar\"") == 2 * run.configurations.count)
        for configuration in run.configurations {
            #expect(dom.standardOutput.contains(XMLText.escape(configuration.label)))
        }

        let png = try PackageFolders.artifacts() + "/report-real-run.png"
        try? FileManager.default.removeItem(atPath: png)
        let shot = try await HeadlessChromium.run(["--window-size=1280,1600", "--screenshot=\(png)"], page: page, profile: profile)
        #expect(shot.succeeded)
        let stats = try await PNGStatistics.of(png, counting: [ChartTheme.seriesColors[0]])
        #expect(stats.distinctColors > 200, "only \(stats.distinctColors) colours")
        #expect(stats.nonBackgroundFraction > 0.05)
        #expect((stats.colorCounts[ChartTheme.seriesColors[0]] ?? 0) > 500, "the first series' bars are missing")
    }

    @Test("wrong runs and unwritable outputs get one clear line and their exit code")
    func badInput() async throws {
        let home = TemporaryFolder()
        let empty = try await PythonsBinary.run(["report", "-o", home.path + "/r.html"], environment: ["PYTHONS_HOME": home.path])
        #expect(empty.termination == .exited(2))
        #expect(empty.standardError.contains("no run 'latest'"), "\(empty.standardError)")
        let missing = try await PythonsBinary.run(["report", "/nonexistent/run.json"], environment: ["PYTHONS_HOME": home.path])
        #expect(missing.termination == .exited(2), "\(missing.standardError)")
        let garbage = try home.write("garbage.json", "{\"not\": \"a run\"}")
        let unreadable = try await PythonsBinary.run(["report", garbage], environment: ["PYTHONS_HOME": home.path])
        #expect(unreadable.termination == .exited(2), "\(unreadable.standardError)")
        #expect(unreadable.standardError.split(separator: "\n").count == 1)
        let folder = try await PythonsBinary.run(["report", "-o", "out/"], environment: ["PYTHONS_HOME": home.path])
        #expect(folder.termination == .exited(2))
        #expect(folder.standardError.contains("-o needs a file name"))
    }

    @Test("an output folder that does not exist is a failure naming the file, and nothing is half-written")
    func unwritable() async throws {
        let home = TemporaryFolder()
        _ = try await Self.realRun(home: home)
        let target = home.path + "/missing/report.html"
        let outcome = try await PythonsBinary.run(["report", "-o", target], environment: ["PYTHONS_HOME": home.path])
        #expect(outcome.termination == .exited(1))
        #expect(outcome.standardError.contains("cannot write \(target)"), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
