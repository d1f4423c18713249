import Foundation
import Testing
@testable import PythonsCore

/// Every command run in-process through a `TestContext`: a private home,
/// the output kept, real interpreters. The end-to-end tests of the binary
/// (ListEndToEndTests, BenchEndToEndTests, ...) check the same commands
/// through argument parsing and exit codes; scripts/tour-diff.sh checks that
/// their output did not change.
@Suite("Commands in-process, through a test context", .tags(.interpreters))
struct CommandsInProcessTests {
    static let fib = "\(PackageFolders.root)/examples/fib.py"

    @Test("list: the interpreter asked for is a row, its probe cached in the context's PYTHONS_HOME")
    func list() async throws {
        let python = try await RealInterpreters.anyCPython3()
        let test = try TestContext()
        try await ListCommand.run(test.context, paths: [python.path])
        let (stdout, stderr) = test.take()
        #expect(stdout.hasPrefix("VERSION"))
        #expect(stdout.contains(python.path), "\(stdout)")
        #expect(stderr.isEmpty, "\(stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(test.context.environment.cacheFolder)/probes.json"))

        let json = try TestContext(format: .json)
        try await ListCommand.run(json.context, paths: [python.path])
        let report = try JSONOutput.decoder().decode(ListReport.self, from: Data(json.stdout.utf8))
        #expect((report.interpreters + report.venvs).contains { $0.path == python.path || $0.aliases.contains(python.path) })
    }

    @Test("info: the seed's banner under --gil off, as the interpreter itself computes it; a request matching nothing is a usage error listing what there is")
    func info() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let test = try TestContext()
        try await InfoCommand.run(test.context, pythons: [freeThreaded.path], settings: RuntimeSettings(gil: .off))
        let expected = try await RealInterpreters.evaluate(freeThreaded, InfoEndToEndTests.seedBanner, environment: ["PYTHON_GIL": "0"])
        #expect(test.take().stdout == expected + "\n")

        let error = try await #require(throws: PythonsError.self) {
            try await InfoCommand.run(test.context, pythons: ["3.99"])
        }
        #expect(error.kind == .usage)
        #expect(await test.context.report(error) == 2)
        let (stdout, stderr) = test.take()
        #expect(stdout.isEmpty)
        #expect(stderr.hasPrefix("pythons: error: no interpreter matches '3.99'\n"), "\(stderr)")
        #expect(stderr.contains("available:"))
    }

    @Test("doctor: the checks as a table and what can be built; JSON the same report")
    func doctor() async throws {
        let test = try TestContext(variables: ["PATH": ProcessInfo.processInfo.environment["PATH"]])
        try await DoctorCommand.run(test.context)
        let stdout = test.take().stdout
        #expect(stdout.hasPrefix("STATUS"))
        #expect(stdout.contains("\ncan build: "), "\(stdout)")
        let json = try TestContext(format: .json)
        try await DoctorCommand.run(json.context)
        let report = try JSONOutput.decoder().decode(DoctorReport.self, from: Data(json.stdout.utf8))
        #expect(report.checks.contains { $0.name == "make" })
    }

    @Test("install, install again (a no-op) and uninstall, of a small build that installs the test home's stock 3.13",
          .tags(.builds))
    func installAndUninstall() async throws {
        let stock = try BuildsUnderTest.requireInstall(.stock)
        let test = try TestContext()
        let version = stock.manifest.version.description
        let tarball = "\(test.folder.path)/Python-\(version).tar.xz"
        try await InstallPipelineTests.fakeBuild(version: version, interpreter: stock.executable, at: tarball)
        let sum = try await SourceFetcher(runner: ProcessRunner(), environment: test.context.environment).sha256(of: tarball)

        try await InstallCommand.run(test.context, version: version, source: tarball, sha256: sum, jobs: 2)
        var (stdout, stderr) = test.take()
        let executable = "\(test.context.environment.installsFolder)/cpython-\(version)/bin/python3.13"
        #expect(stdout.hasPrefix("installed cpython-\(version) (\(version)) in "), "\(stdout)")
        #expect(stdout.hasSuffix("\n  \(executable)\n"), "\(stdout)")
        // Off a terminal: a plain line as each phase starts and ends.
        #expect(stderr.contains("configure ...\n") && stderr.contains("compile done in"), "\(stderr)")

        try await InstallCommand.run(test.context, version: version, source: tarball, sha256: sum, jobs: 2)
        (stdout, stderr) = test.take()
        #expect(stdout == "cpython-\(version) (\(version)) is already installed; --force rebuilds it\n  \(executable)\n")

        try await UninstallCommand.run(test.context, versions: [version])
        #expect(test.take().stdout == "removed cpython-\(version) (\(test.context.environment.installsFolder)/cpython-\(version))\n")
        let wrong = try await #require(throws: PythonsError.self) {
            try await InstallCommand.run(test.context, version: "/usr/bin/python3")
        }
        #expect(wrong.message == "install takes a version such as 3.13t, 3.13j or 3.13.5, not a path: /usr/bin/python3")
    }

    @Test("uops: fib's executor on the tier-2 build; repl: that interpreter with the same banner as info")
    func uopsAndRepl() async throws {
        let tier2 = try await RealInterpreters.require("3.13+tier2")
        let test = try TestContext()
        try await UopsCommand.run(test.context, target: "\(Self.fib):fib", calls: ["fib(20)"], python: tier2.path)
        let stdout = test.take().stdout
        #expect(stdout.contains("\nexecutor 1 of 1: "), "\(stdout)")

        let launch = try await ReplCommand.run(test.context, python: tier2.path)
        try await InfoCommand.run(test.context, pythons: [tier2.path])
        #expect(launch.executable == tier2.path && launch.arguments.first == "-i")
        #expect(launch.arguments.last.map { $0 + "\n" } == test.take().stdout)
    }

    @Test("ext build, check and audit of the multi-phase example on 3.13t, from the context's current folder")
    func extensions() async throws {
        let freeThreaded = try await RealInterpreters.require("3.13t")
        let test = try TestContext()
        try await ExtBuildCommand.run(test.context, source: "\(PackageFolders.root)/examples/greeter_multi_phase.c",
                                      pythons: [freeThreaded.path], outputFolder: "\(test.folder.path)/build")
        let built = test.take().stdout
        let file = try #require(built.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        #expect(built.hasPrefix("built for 3.13t: ./build/greeter_multi_phase."), "\(built)")

        try await ExtCheckCommand.run(test.context, target: file, python: freeThreaded.path)
        #expect(test.take().stdout.split(separator: "\n").dropFirst().first == "GIL stays off")

        try await ExtAuditCommand.run(test.context, folders: ["\(test.folder.path)/build"], python: freeThreaded.path)
        let (stdout, stderr) = test.take()
        #expect(stderr.contains("checking 1 extension module in \(test.folder.path)/build with "), "\(stderr)")
        #expect(stdout.contains("GIL stays off"), "\(stdout)")
    }
}

@Suite("The command context")
struct CommandContextTests {
    @Test("a test context refuses the real home folder, the user's Pythons home and the shared test home")
    func refusesRealHome() {
        let realHome = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let scratch = TemporaryFolder()
        #expect(TestContext.realHomeProblem(PythonsEnvironment(variables: ["HOME": realHome, "PYTHONS_HOME": scratch.path,
                                                                           "PYTHONS_BIN": scratch.path])) != nil)
        #expect(TestContext.realHomeProblem(PythonsEnvironment(variables: ["HOME": scratch.path,
                                                                           "PYTHONS_HOME": "\(realHome)/.local/share/pythons"])) != nil)
        #expect(TestContext.realHomeProblem(PythonsEnvironment(variables: ["HOME": scratch.path,
                                                                           "PYTHONS_HOME": "\(realHome)/somewhere"])) != nil)
        if let testHome = RealInterpreters.testHome {
            #expect(TestContext.realHomeProblem(PythonsEnvironment(variables: ["HOME": scratch.path, "PYTHONS_HOME": testHome])) != nil)
        }
        #expect(TestContext.realHomeProblem(PythonsEnvironment(variables: ["HOME": scratch.path, "PYTHONS_HOME": "\(scratch.path)/p"])) == nil)
    }

    @Test("one value printed as its JSON or its text; a part only as text; messages for stderr stay there")
    func printsOutput() async throws {
        let report = UninstallReport(schemaVersion: 1, removed: [], unlinked: ["/tmp/x/bin/python3.13"])
        let text = try TestContext()
        try text.context.print(report)
        #expect(text.take() == ("removed link /tmp/x/bin/python3.13\n", ""))
        let json = try TestContext(format: .json)
        try json.context.print(report)
        #expect(json.take() == (try JSONOutput.string(report) + "\n", ""))

        var reference = InterpreterReference(try await RealInterpreters.anyCPython3())
        reference.build = "3.13t"
        let result = ExtensionBuildResult(interpreter: reference,
                                          status: .failed, output: nil, command: ["cc", "a.c"], compilerOutput: "a.c:1: error\n",
                                          message: "cc failed")
        json.context.printPart(result)
        #expect(json.take() == ("", ""))
        text.context.printPart(result)
        #expect(text.take() == ("", "a.c:1: error\n$ cc a.c\nfailed for 3.13t: cc failed\n"))
    }

    @Test("the library writes to stdout only through the live console, and never exits")
    func noOtherStdout() throws {
        let folder = "\(PackageFolders.root)/Sources/PythonsCore"
        let files = try #require(FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") })
        #expect(files.count > 100)
        let call = try Regex(#"(^|[^A-Za-z_."])(print|exit|fatalError)\("#)
        for file in files {
            let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
            for line in text.split(separator: "\n") where !line.contains("func print(") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                #expect(line.firstMatch(of: call) == nil, "\(file): \(line)")
                #expect(!line.contains("FileHandle.standardOutput") || file == "Commands/Console.swift", "\(file): \(line)")
            }
        }
    }
}

extension BenchProcessTests {
    /// `bench` and the commands that read its runs, in-process (with the
    /// other suites that start benchmark workers, one test at a time).
    @Suite("bench and the results commands in-process, through a test context", .tags(.interpreters))
    struct BenchInProcessTests {
        @Test("bench, then history, show (what bench printed), compare and report, on the context's own database")
        func benchAndResults() async throws {
            let python = try await RealInterpreters.stockCPython3()
            let generated = Date(timeIntervalSince1970: 1_000_000_000)
            let test = try TestContext(clock: CommandClock(now: { generated }, instant: { .now }))
            try await HistoryCommand.run(test.context)
            #expect(test.take().stderr.contains("no runs stored in \(test.context.environment.pythonsHome)/results.sqlite yet"))

            try await BenchCommand(workload: "jit", pythons: [python.path], n: 200, repeatCount: 3).run(test.context)
            let bench = test.take()
            #expect(bench.stderr.contains("measuring 1 configuration of `jit -n 200`"), "\(bench.stderr)")
            #expect(bench.stderr.contains("stored as run 1 in "), "\(bench.stderr)")
            #expect(bench.stdout.contains(python.path))

            try await HistoryCommand.run(test.context)
            let history = test.take().stdout.split(separator: "\n")
            #expect(history.count == 2 && history[0].hasPrefix("RUN") && history[1].hasPrefix("  1 "), "\(history)")

            try await ShowCommand.run(test.context, run: "1")
            #expect(test.take().stdout == bench.stdout)

            try await CompareCommand.run(test.context, runA: "1", runB: "latest")
            #expect(test.take().stdout.contains("SPEEDUP"))

            let page = "\(test.folder.path)/report.html"
            try await ReportCommand.run(test.context, output: page)
            #expect(test.take().stdout == "wrote \(page): 1 run on 1 machine\n")
            #expect(try String(contentsOfFile: page, encoding: .utf8).contains("Generated \(ReportDates.text(generated))"))
        }

        @Test("bench of a pyperf script with several benchmarks: a suite, each benchmark a run")
        func benchSuite() async throws {
            let python = try await RealInterpreters.anyCPython3()
            let test = try TestContext(format: .json)
            let file = try test.folder.write("bm/run_benchmark.py", BenchProcessTests.SuiteEndToEndTests.script)
            try await BenchCommand(workload: file, pythons: [python.path], repeatCount: 2, quiet: true).run(test.context)
            let (stdout, stderr) = test.take()
            let document = try JSONOutput.decoder().decode(SuiteDocument.self, from: Data(stdout.utf8))
            #expect(document.suite.benchmarks.map(\.name) == ["fixed", "sum", "join", "async"])
            #expect(!stderr.contains("stored as "), "--quiet: \(stderr)")
        }
    }
}
