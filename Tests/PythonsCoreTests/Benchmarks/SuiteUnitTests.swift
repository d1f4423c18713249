import Foundation
import Testing
@testable import PythonsCore

/// The suite's parsing, catalogue, statistics and rendering, on values and
/// files made here: nothing is run.
@Suite("suites: parsing, catalogue, analysis, rendering")
struct SuiteUnitTests {
    @Test("WORKLOAD names a suite, a pyperf script, or neither")
    func parsing() throws {
        #expect(try SuiteRequest.parse("pyperformance") == SuiteRequest(kind: .pyperformance, names: []))
        #expect(try SuiteRequest.parse("pyperformance:nbody,float,nbody") == SuiteRequest(kind: .pyperformance, names: ["nbody", "float"]))
        #expect(try SuiteRequest.parse("scaling:pymethod") == SuiteRequest(kind: .scaling, names: ["pymethod"]))
        #expect(try SuiteRequest.parse("gil") == nil)
        #expect(try SuiteRequest.parse("script") == nil)
        #expect(throws: PythonsError.self) { try SuiteRequest.parse("pyperformance:nbody,,float") }
        #expect(try Workload.parse("bm_nbody/run_benchmark.py", n: nil, arguments: ["--iterations", "5"], benchmark: "nbody")
            == .pyperf(file: "bm_nbody/run_benchmark.py", benchmark: "nbody", arguments: ["--iterations", "5"], suite: nil))
        #expect(try Workload.parse("work.py:main", n: nil, arguments: []) == .function(file: "work.py", name: "main", arguments: []))
        #expect(throws: PythonsError.self) { try Workload.parse("gil", n: nil, arguments: [], benchmark: "x") }
        #expect(throws: PythonsError.self) { try Workload.parse("script.py", n: 5, arguments: []) }
        // pyperf's options that write or compare results are refused, not
        // silently dropped; its sampling options are accepted.
        for arguments in [["-o", "out.json"], ["-oout.json"], ["--output=out.json"], ["--append", "all.json"], ["--compare-to", "/usr/bin/python3"]] {
            #expect(throws: PythonsError.self, "\(arguments)") { try Workload.parse("script.py", n: nil, arguments: arguments) }
        }
        #expect(try Workload.parse("script.py", n: nil, arguments: ["--fast", "-p", "4", "--size", "500"])
            == .pyperf(file: "script.py", benchmark: nil, arguments: ["--fast", "-p", "4", "--size", "500"], suite: nil))
        #expect(Workload.pyperf(file: "s.py", benchmark: nil, arguments: [], suite: nil).takesThreads == false)
        #expect(Workload.scaling(operation: "pymethod").takesThreads)
    }

    @Test("a missing module's line names what pip installs: the module, or its distribution where the name differs")
    func missingModuleHint() {
        #expect(PyperfScriptListing.explain("ModuleNotFoundError: No module named 'yaml'").contains("(python -m pip install PyYAML)"))
        #expect(PyperfScriptListing.explain("ModuleNotFoundError: No module named 'PIL.Image'").contains("(python -m pip install pillow)"))
        #expect(PyperfScriptListing.explain("ModuleNotFoundError: No module named 'numpy.linalg'").contains("(python -m pip install numpy)"))
    }

    @Test("the new workloads survive JSON as stored runs keep them", arguments: [
        Workload.pyperf(file: "/p/bm_nbody/run_benchmark.py", benchmark: "nbody", arguments: ["--x"], suite: "pyperformance 1.14.0"),
        Workload.pyperf(file: "s.py", benchmark: nil, arguments: [], suite: nil),
        Workload.scaling(operation: "create_dict"),
    ])
    func workloadJSON(workload: Workload) throws {
        let data = try JSONEncoder().encode(workload)
        #expect(try JSONDecoder().decode(Workload.self, from: data) == workload)
    }

    @Test("the worker spec of a pyperf script and of a scaling operation")
    func workerSpec() {
        let pyperf = WorkerSpec(workload: .pyperf(file: "/s.py", benchmark: "b", arguments: ["--flag", "x=y"], suite: nil),
                                threads: nil, warmup: 0, values: 1)
        #expect(pyperf.workerArguments == ["workload=pyperf", "file=/s.py", "benchmark=b", "arg=--flag", "arg=x=y", "warmup=0", "values=1"])
        let scaling = WorkerSpec(workload: .scaling(operation: "pymethod"), threads: 2, warmup: nil, values: 0)
        #expect(scaling.workerArguments == ["workload=scaling", "threads=2", "function=pymethod", "values=0"])
    }

    /// A package laid out as pyperformance's: a MANIFEST, a benchmark with
    /// variants in <local:BASE> files, one with third-party requirements
    /// over several lines and pins, one that times commands.
    static func fixturePackage(_ folder: TemporaryFolder) throws -> PyperformancePackage {
        let root = "pkg/pyperformance/data-files/benchmarks"
        try folder.write("\(root)/MANIFEST", """
            [benchmarks]

            name\tmetafile
            nbody\t<local>
            pickle\t<local>
            pickle_pure_python\t<local:pickle>
            # commented\t<local>
            yamlish\t<local>
            startup\t<local>

            [group default]
            """)
        try folder.write("\(root)/bm_nbody/pyproject.toml", """
            [project]
            name = "pyperformance_bm_nbody"
            requires-python = ">=3.8"
            dependencies = ["pyperf"]

            [tool.pyperformance]
            name = "nbody"
            tags = "math"
            """)
        try folder.write("\(root)/bm_nbody/run_benchmark.py", "runner.bench_time_func('nbody', f)\n")
        try folder.write("\(root)/bm_pickle/pyproject.toml", """
            [project]
            name = "pyperformance_bm_pickle"
            dependencies = ["pyperf"]

            [tool.pyperformance]
            name = "pickle"
            tags = "serialize"
            extra_opts = ["pickle"]
            """)
        try folder.write("\(root)/bm_pickle/bm_pickle_pure_python.toml", """
            [tool.pyperformance]
            name = "pickle_pure_python"
            extra_opts = ["--pure-python", "pickle"]
            """)
        try folder.write("\(root)/bm_pickle/run_benchmark.py", "pass\n")
        try folder.write("\(root)/bm_yamlish/pyproject.toml", """
            [project]
            requires-python = ">=3.99"
            dependencies = [
                "pyperf",
                "PyYAML",  # the parser
            ]
            """)
        try folder.write("\(root)/bm_yamlish/requirements.txt", "pyyaml==6.0.1\n")
        try folder.write("\(root)/bm_yamlish/run_benchmark.py", "import yaml\n")
        try folder.write("\(root)/bm_startup/pyproject.toml", "[project]\ndependencies = [\"pyperf\"]\n")
        try folder.write("\(root)/bm_startup/run_benchmark.py", "runner.bench_command('startup', [sys.executable])\n")
        return PyperformancePackage(root: "\(folder.path)/pkg")
    }

    @Test("the catalogue reads the manifest, variants, requirements and bench_command")
    func catalogue() throws {
        let folder = TemporaryFolder()
        let catalog = try PyperformanceCatalog(package: Self.fixturePackage(folder))
        #expect(catalog.entries.map(\.name) == ["nbody", "pickle", "pickle_pure_python", "yamlish", "startup"])
        let pure = try #require(catalog.entries.first { $0.name == "pickle_pure_python" })
        #expect(pure.arguments == ["--pure-python", "pickle"])
        #expect(pure.script.hasSuffix("bm_pickle/run_benchmark.py"))
        #expect(pure.tags == ["serialize"])
        let yaml = try #require(catalog.entries.first { $0.name == "yamlish" })
        #expect(yaml.thirdParty == ["pyyaml==6.0.1"])
        #expect(yaml.minimumPython == PythonVersion(3, 99, 0))
        #expect(yaml.skipReason?.contains("pyyaml==6.0.1") == true)
        #expect(catalog.entries.first { $0.name == "startup" }?.timesCommands == true)
        #expect(catalog.runnable.map(\.name) == ["nbody", "pickle", "pickle_pure_python"])
        let selection = catalog.select(["math", "nbody", "nope"])
        #expect(selection.entries.map(\.name) == ["nbody"])
        #expect(selection.unknown == ["nope"])
        #expect(catalog.unknownNameMessage("nbod").contains("(similar: nbody)"))
        // Typos one or two edits away, as docs/commands.md shows.
        #expect(catalog.unknownNameMessage("nbdy").contains("(similar: nbody)"))
        #expect(catalog.unknownNameMessage("bnody").contains("nbody"))
        #expect(PyperformanceCatalog.editDistance("kitten", "sitting") == 3)
        #expect(catalog.validNames.contains("tags: math, serialize"))
    }

    @Test("a missing MANIFEST says how to fetch again")
    func missingManifest() {
        let folder = TemporaryFolder()
        #expect(throws: PythonsError.self) { try PyperformanceCatalog(package: PyperformancePackage(root: folder.path)) }
    }

    @Test("pip installs into a folder of its own, pinned, without dependencies")
    func pipArguments() {
        let arguments = PyperformancePackage.pipArguments(target: "/cache/p.partial")
        #expect(arguments.starts(with: ["-m", "pip", "install", "--no-deps"]))
        #expect(arguments.contains("--target") && arguments.last == "pyperformance==\(PyperformancePackage.version)")
        #expect(PyperformancePackage.pipEnvironment(["PYTHON_JIT": "1", "PATH": "/bin"]) == ["PATH": "/bin"])
    }

    @Test("no interpreter with pip: the fetch fails with one line, tries the next one first, and leaves no partial package")
    func fetchWithoutPip() async throws {
        let folder = TemporaryFolder()
        let noPip = try folder.write("bin/nopip", "#!/bin/sh\necho '/x/python: No module named pip' >&2\nexit 1\n", executable: true)
        let offline = try folder.write("bin/offline", "#!/bin/sh\necho 'ERROR: Could not find a version that satisfies the requirement' >&2\nexit 1\n", executable: true)
        let environment = PythonsEnvironment(variables: ["PYTHONS_HOME": "\(folder.path)/home", "HOME": folder.path])
        do {
            _ = try await PyperformancePackage.fetch(environment: environment, runner: ProcessRunner(), pythons: [noPip, offline])
            Issue.record("the fetch should have failed")
        } catch let error as PythonsError {
            #expect(error.kind == .failure)
            #expect(error.message.contains("cannot fetch pyperformance \(PyperformancePackage.version) from PyPI with pip"))
            #expect(error.message.contains("No module named pip") && error.message.contains("Could not find a version"))
        }
        let cache = PyperformancePackage.folder(environment: environment)
        #expect(!FileManager.default.fileExists(atPath: cache))
        #expect(!FileManager.default.fileExists(atPath: cache + ".partial"))
    }

    // MARK: Statistics and rendering

    /// A suite of benchmarks measured on a baseline and one candidate whose
    /// time is the baseline's divided by `speedups[i]`, with small noise.
    static func suite(speedups: [Double], processes: Int = 12, kind: SuiteKind = .pyperformance) -> SuiteRun {
        var generator = SplitMix64(seed: 7)
        let base = BenchFixtures.interpreter("3.13"), candidate = BenchFixtures.interpreter("3.13j")
        let benchmarks = speedups.enumerated().map { index, speedup -> SuiteBenchmark in
            var configurations = [BenchmarkMatrix.configuration(base, settings: .defaults, threads: nil),
                                  BenchmarkMatrix.configuration(candidate, settings: RuntimeSettings(jit: .on), threads: nil)]
            for round in 0..<processes {
                for position in configurations.indices {
                    let time = 0.01 * Double(index + 1) / (position == 0 ? 1 : speedup)
                    configurations[position].processes.append(ProcessSample(
                        round: round, values: (0..<3).map { _ in time * (1 + 0.002 * generator.normal()) }))
                }
            }
            let run = BenchmarkRun(startedAt: Date(timeIntervalSince1970: 1_760_000_000), status: .complete,
                                   commandLine: ["pythons"], machine: BenchFixtures.machine,
                                   workload: .pyperf(file: "b\(index).py", benchmark: "b\(index)", arguments: [], suite: "s"),
                                   options: MeasurementOptions(repeatCount: processes), baseline: configurations[0].label,
                                   configurations: configurations)
            return SuiteBenchmark(name: "b\(index)", status: .measured, run: run)
        }
        return SuiteRun(name: "pyperformance test", kind: kind, startedAt: Date(timeIntervalSince1970: 1_760_000_000),
                        finishedAt: Date(timeIntervalSince1970: 1_760_000_090), status: .complete, commandLine: ["pythons"],
                        machine: BenchFixtures.machine, options: MeasurementOptions(repeatCount: processes), budget: nil,
                        baseline: benchmarks[0].run!.baseline,
                        benchmarks: benchmarks + [SuiteBenchmark(name: "needs_pkg", status: .skipped, message: "needs pkg")])
    }

    @Test("the geometric mean of 2×, 1× and 0.5× is 1, with an interval around it; verdicts count each side")
    func geometricMean() throws {
        let analysis = SuiteAnalysis(Self.suite(speedups: [2, 1, 0.5]), resamples: 500)
        let label = analysis.labels[1]
        let mean = try #require(analysis.geometricMean(for: label))
        #expect(abs(mean.speedup.value - 1) < 0.01)
        #expect(mean.speedup.low < 1 && mean.speedup.high > 1 && mean.speedup.high - mean.speedup.low < 0.05)
        #expect(mean.benchmarks == 3)
        #expect([mean.faster, mean.slower, mean.unchanged] == [Int](repeating: 1, count: 3))
        let cells = analysis.benchmarks.prefix(3).map { $0.cells[1] }
        #expect(cells.map(\.verdict) == [.faster, .unchanged, .slower])
        #expect(abs(cells[0].speedup!.value - 2) < 0.02)
        #expect(analysis.benchmarks.last?.status == .skipped)
    }

    @Test("a benchmark's speedup in the suite table is its run's, as `show` prints it: the ratio of the two medians, the same interval")
    func oneSpeedupPerBenchmark() throws {
        var suite = Self.suite(speedups: [1.3, 0.9])
        // Drift by round and unequal noise, so that the median of per-round
        // ratios and the ratio of medians would differ.
        var generator = SplitMix64(seed: 21)
        for benchmark in suite.benchmarks.indices where suite.benchmarks[benchmark].run != nil {
            for configuration in suite.benchmarks[benchmark].run!.configurations.indices {
                suite.benchmarks[benchmark].run!.configurations[configuration].processes =
                    suite.benchmarks[benchmark].run!.configurations[configuration].processes.map { process in
                        let drift = 1 + 0.1 * sin(Double(process.round)) + 0.05 * generator.normal()
                        return ProcessSample(round: process.round, values: process.values.map { $0 * drift })
                    }
            }
        }
        let analysis = SuiteAnalysis(suite, resamples: 300)
        let table = SuiteRendering(suite: suite, analysis: analysis).speedupTableCells()
        for benchmark in suite.benchmarks {
            guard let run = benchmark.run else { continue }
            let shown = RunRendering(run: run).tableCells()
            let column = try #require(shown.header.firstIndex(of: "SPEEDUP"))
            let runRow = try #require(shown.rows.first { $0[0] == run.configurations[1].label })
            let suiteRow = try #require(table.rows.first { $0[0] == benchmark.name })
            #expect(suiteRow[2] == runRow[column] && suiteRow[3] == runRow[column + 1], "\(benchmark.name): \(suiteRow) vs \(runRow)")
            // And it is the ratio of the medians printed beside it.
            let medians = run.configurations.map { Quantiles.median($0.processValues) }
            #expect(suiteRow[2] == Format.speedup(medians[0] / medians[1]))
            // The data is such that the old figure, the median of per-round ratios, would have differed.
            let perRound = zip(run.configurations[0].processValues, run.configurations[1].processValues).map { $0 / $1 }
            #expect(suiteRow[2] != Format.speedup(Quantiles.median(perRound)), "\(benchmark.name)")
        }
    }

    @Test("a benchmark whose budget left fewer than 6 rounds has its ratio without an interval or verdict, and stays out of the geometric mean")
    func tooFewProcesses() throws {
        var suite = Self.suite(speedups: [2, 1, 0.5])
        // The budget ran out after 2 processes of the third benchmark.
        for index in suite.benchmarks[2].run!.configurations.indices {
            suite.benchmarks[2].run!.configurations[index].processes.removeLast(10)
        }
        let analysis = SuiteAnalysis(suite, resamples: 300)
        let cell = analysis.benchmarks[2].cells[1]
        #expect(cell.verdict == nil)
        let speedup = try #require(cell.speedup)
        #expect(abs(speedup.value - 0.5) < 0.01 && speedup.low == speedup.value && speedup.high == speedup.value)
        let mean = try #require(analysis.geometricMean(for: analysis.labels[1]))
        #expect(mean.benchmarks == 2 && mean.faster + mean.slower + mean.unchanged == 2)
        let table = SuiteRendering(suite: suite, analysis: analysis).speedupTableCells()
        #expect(table.rows.first { $0.first == "b2" }?.suffix(2) == ["-", "too few rounds"])
    }

    @Test("a scaling suite's operation with fewer than 6 rounds has no scaling entry, and its cell says why")
    func scalingTooFewRounds() throws {
        var generator = SplitMix64(seed: 5)
        let interpreter = BenchFixtures.interpreter("3.13t")
        func run(rounds: Int) -> BenchmarkRun {
            var configurations = [1, 2].map { BenchmarkMatrix.configuration(interpreter, settings: RuntimeSettings(gil: .off), threads: $0) }
            for round in 0..<rounds {
                for index in configurations.indices {
                    configurations[index].processes.append(ProcessSample(round: round, values: [0.01 * (1 + 0.01 * generator.normal())]))
                }
            }
            return BenchmarkRun(startedAt: Date(timeIntervalSince1970: 1_760_000_000), status: .complete, commandLine: ["pythons"],
                                machine: BenchFixtures.machine, workload: .scaling(operation: "op"),
                                options: MeasurementOptions(repeatCount: rounds), baseline: configurations[0].label,
                                configurations: configurations)
        }
        let benchmarks = [("enough", 8), ("few", 3)].map { SuiteBenchmark(name: $0.0, status: .measured, run: run(rounds: $0.1)) }
        let suite = SuiteRun(name: "scaling", kind: .scaling, startedAt: Date(timeIntervalSince1970: 1_760_000_000),
                             finishedAt: Date(timeIntervalSince1970: 1_760_000_090), status: .complete, commandLine: ["pythons"],
                             machine: BenchFixtures.machine, options: MeasurementOptions(repeatCount: 8), budget: nil,
                             baseline: benchmarks[0].run!.baseline, benchmarks: benchmarks)
        let analysis = SuiteAnalysis(suite, resamples: 200)
        #expect(analysis.scaling.map(\.operation) == ["enough"])
        let entry = try #require(analysis.scaling.first)
        #expect(abs(entry.speedup.value - 2) < 0.05 && entry.speedup.low < 2 && entry.speedup.high > 2)
        let table = SuiteRendering(suite: suite, analysis: analysis).scalingTableCells()
        #expect(table.rows.first { $0[0] == "few" }?.last == "too few rounds")
    }

    @Test("scaling verdicts: scales, partly, serialises, unclear")
    func scalingVerdicts() {
        func verdict(_ value: Double, _ low: Double, _ high: Double) -> SuiteAnalysis.ScalingVerdict {
            SuiteAnalysis.scaling("op", label: "3.13t", threads: 2, speedup: Estimate(value: value, low: low, high: high),
                                  cores: 2).verdict
        }
        #expect(verdict(1.95, 1.9, 2.0) == .scales)
        #expect(verdict(1.4, 1.3, 1.45) == .partly)
        #expect(verdict(1.0, 0.95, 1.1) == .serialises)
        #expect(verdict(1.4, 0.9, 1.9) == .unclear)
        let four = SuiteAnalysis.scaling("op", label: "3.13t", threads: 4, speedup: Estimate(value: 2, low: 2, high: 2), cores: 2)
        #expect(four.ideal == 2 && four.speedup.value == 2 && four.efficiency.value == 1)
    }

    @Test("text: a row per benchmark, the geometric mean and counts, a sorted chart, skips with reasons")
    func text() throws {
        let suite = Self.suite(speedups: [1.5, 0.8])
        let lines = SuiteRendering(suite: suite, analysis: SuiteAnalysis(suite, resamples: 300)).textLines(glyphs: .ascii)
        #expect(lines[0].hasPrefix("pyperformance test: 2 benchmarks measured on 2 configurations (baseline 3.13), 1 skipped, in 1 min 30 s"))
        #expect(lines.contains { $0.hasPrefix("GEOMETRIC MEAN") && $0.contains("2 benchmarks") })
        #expect(lines.contains { $0.hasPrefix("faster/slower/unchanged") && $0.contains("1/1/0") })
        let chart = lines.filter { $0.contains("|") && $0.contains("(") && !$0.contains("marks 1") }
        #expect(chart.map { String($0.prefix(2)) } == ["b1", "b0", "ge"], "\(chart)")
        #expect(lines.contains("skipped: needs_pkg: needs pkg"))
    }

    @Test("the report's ratio chart: sorted rows, a line at 1, the geometric mean last; the heat table colours by efficiency")
    func charts() throws {
        let suite = Self.suite(speedups: [1.5, 0.8, 1.1])
        let analysis = SuiteAnalysis(suite, resamples: 300)
        let svg = try #require(SuiteRatioChart(analysis: analysis, label: analysis.labels[1]).render(standalone: true))
        let order = ["b1", "b2", "b0", "geometric mean"].map { svg.range(of: "data-benchmark=\"\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(zip(order, order.dropFirst()).allSatisfy { $0! < $1! })
        #expect(svg.contains("class=\"reference\""))
        #expect(SuiteRatioChart(analysis: analysis, label: analysis.baseline).render(standalone: true) == nil)
        let page = SuiteHTMLReport.render(suite, title: "t", generatedAt: Date(timeIntervalSince1970: 0))
        #expect(page.contains("Speedup of 3.13j (JIT on) against 3.13"))
        #expect(page.contains("needs_pkg: needs pkg"))
        #expect(ScalingHeatTable.color(efficiency: 1) == "#82D2B4")
        #expect(ScalingHeatTable.color(efficiency: 0) == "#F0A082")
        #expect(ScalingHeatTable.color(efficiency: 0.5) == "#F5E68C")
        #expect(ScalingHeatTable.html(analysis, cores: 2) == nil)
    }
}
