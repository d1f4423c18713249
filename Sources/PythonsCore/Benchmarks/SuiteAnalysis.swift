import Foundation

/// The figures of a suite run, derived from its benchmarks' raw processes
/// (never stored). Every ratio here is "speedup": the baseline's time over
/// this configuration's, above 1 faster. A benchmark's row is its run's
/// figures (`RunAnalysis`: the ratio of the two medians, with the interval
/// `show` and the report print for it), and its verdict reads that interval.
/// The suite's geometric mean is of those same ratios, with the interval of
/// the hierarchical bootstrap (`HierarchicalBootstrap`: benchmarks kept →
/// processes → timings, medians at both lower levels).
public struct SuiteAnalysis: Sendable, Equatable, Codable {
    /// One configuration of one benchmark against the baseline.
    public struct Cell: Sendable, Equatable, Codable {
        public var label: String
        public var threads: Int?
        /// Median of the process values, with its order-statistic interval.
        public var summary: Summary?
        /// Baseline time / this time, with the interval its run shows
        /// (`RunAnalysis`); nil for the baseline itself. Without an interval
        /// (fewer than 6 rounds) low and high are the value.
        public var speedup: Estimate?
        public var verdict: Verdict?
        /// Runs the interval spans when it is across runs (this machine's
        /// history of the benchmark); nil when it is within this run.
        public var acrossRuns: Int?
    }

    public enum Verdict: String, Sendable, Equatable, Codable {
        /// The interval of the speedup lies above 1.
        case faster
        /// The interval lies below 1.
        case slower
        /// The interval contains 1: no difference beyond noise.
        case unchanged
    }

    public struct Benchmark: Sendable, Equatable, Codable {
        public var name: String
        public var status: SuiteBenchmark.Status
        public var message: String?
        public var cells: [Cell]
    }

    /// Across the suite, for one configuration against the baseline.
    public struct GeometricMean: Sendable, Equatable, Codable {
        public var label: String
        /// Geometric mean of the benchmarks' speedups, with the interval of
        /// the hierarchical bootstrap over benchmarks (kept: "this suite") →
        /// processes → timings.
        public var speedup: Estimate
        public var benchmarks: Int
        public var faster: Int
        public var slower: Int
        public var unchanged: Int
    }

    /// Thread scaling of one operation under one configuration.
    public struct Scaling: Sendable, Equatable, Codable {
        public var operation: String
        public var label: String
        public var threads: Int
        /// t1 × N / tN, the operation's run's scaling (`RunAnalysis`), with
        /// its interval.
        public var speedup: Estimate
        /// min(N, cores).
        public var ideal: Double
        /// speedup / ideal, with the interval scaled alike.
        public var efficiency: Estimate
        public var verdict: ScalingVerdict
    }

    public enum ScalingVerdict: String, Sendable, Equatable, Codable {
        /// Efficiency at least 75%, interval included.
        case scales
        /// Between: some parallel speedup, well short of the ideal.
        case partly
        /// Speedup at most 1.2×, interval included: the threads take turns.
        case serialises
        /// The interval spans more than one verdict.
        case unclear
    }

    public var baseline: String
    /// Configuration labels in the run's order (thread counts aside).
    public var labels: [String]
    public var benchmarks: [Benchmark]
    /// One per label other than the baseline (none for a scaling suite).
    public var geometricMeans: [GeometricMean]
    public var scaling: [Scaling]
    public var confidence: Double

    static let scalesEfficiency = 0.75
    static let serialisedSpeedup = 1.2

    public init(_ suite: SuiteRun, resamples: Int = 2_000) {
        baseline = suite.baseline
        confidence = suite.options.confidence
        let bootstrap = HierarchicalBootstrap(levels: [.init(.withReplacement, .median), .init(.withReplacement, .median)],
                                              resamples: resamples, confidence: suite.options.confidence)
        var labels: [String] = []
        for (_, run) in suite.measuredRuns {
            for configuration in run.configurations where !labels.contains(configuration.label) { labels.append(configuration.label) }
        }
        self.labels = labels
        var pairs: [String: [(numerator: MeasurementTree, denominator: MeasurementTree)]] = [:]
        var verdicts: [String: [Verdict]] = [:]
        var rows: [Benchmark] = []
        var scaling: [Scaling] = []
        for benchmark in suite.benchmarks {
            guard let run = benchmark.run else {
                rows.append(Benchmark(name: benchmark.name, status: benchmark.status, message: benchmark.message, cells: []))
                continue
            }
            // A benchmark's figures are its run's (`RunAnalysis`), so the
            // suite table, `show` and the report print one number for each.
            let analysis = RunAnalysis(run)
            var cells: [Cell] = []
            for (configuration, figures) in zip(run.configurations, analysis.configurations) {
                var cell = Cell(label: configuration.label, threads: configuration.threads, summary: figures.summary)
                if suite.kind != .scaling, let speedup = figures.speedup, speedup.baseline == suite.baseline,
                   let reference = run.configurations.first(where: { $0.label == suite.baseline && $0.threads == configuration.threads }) {
                    cell.speedup = Estimate(speedup)
                    if let interval = speedup.shownInterval {
                        cell.verdict = Self.verdict(interval)
                        cell.acrossRuns = speedup.acrossRuns?.units
                    }
                    // The geometric mean resamples each benchmark's processes,
                    // so it takes only those with enough rounds for an interval
                    // within the run: a resample of one process is that
                    // process, and its "interval" would be a point. (A history
                    // can give an interval to a benchmark whose budget ran out;
                    // it is judged in its row, and left out of the mean.)
                    if speedup.withinRun != nil, let verdict = cell.verdict {
                        pairs[configuration.label, default: []].append((numerator: Self.tree(reference), denominator: Self.tree(configuration)))
                        verdicts[configuration.label, default: []].append(verdict)
                    }
                }
                if suite.kind == .scaling, let threadScaling = figures.scaling, threadScaling.shownInterval != nil {
                    scaling.append(Self.scaling(benchmark.name, label: configuration.label, threads: threadScaling.threads,
                                                speedup: Estimate(threadScaling), cores: suite.machine.logicalCores))
                }
                cells.append(cell)
            }
            rows.append(Benchmark(name: benchmark.name, status: benchmark.status, message: benchmark.message, cells: cells))
        }
        benchmarks = rows
        self.scaling = scaling
        geometricMeans = labels.compactMap { label in
            guard let benchmarkPairs = pairs[label], let result = bootstrap.suiteRatio(benchmarkPairs) else { return nil }
            let counted = verdicts[label] ?? []
            return GeometricMean(label: label, speedup: Estimate(result), benchmarks: benchmarkPairs.count,
                                 faster: counted.filter { $0 == .faster }.count, slower: counted.filter { $0 == .slower }.count,
                                 unchanged: counted.filter { $0 == .unchanged }.count)
        }
    }

    /// A configuration's processes as a tree of their timings.
    static func tree(_ configuration: ConfigurationRun) -> MeasurementTree {
        .units(configuration.processes.map(\.values))
    }

    static func verdict(_ interval: ConfidenceInterval) -> Verdict {
        interval.lower > 1 ? .faster : interval.upper < 1 ? .slower : .unchanged
    }

    /// The verdict on a scaling N × t1 / tN and its interval.
    static func scaling(_ operation: String, label: String, threads: Int, speedup: Estimate, cores: Int) -> Scaling {
        let ideal = Double(min(threads, max(cores, 1)))
        let efficiency = Estimate(value: speedup.value / ideal, low: speedup.low / ideal, high: speedup.high / ideal)
        let verdict: ScalingVerdict
        if efficiency.low >= scalesEfficiency {
            verdict = .scales
        } else if speedup.high <= serialisedSpeedup {
            verdict = .serialises
        } else if efficiency.high < scalesEfficiency, speedup.low > serialisedSpeedup {
            verdict = .partly
        } else {
            verdict = .unclear
        }
        return Scaling(operation: operation, label: label, threads: threads, speedup: speedup, ideal: ideal,
                       efficiency: efficiency, verdict: verdict)
    }

    /// The geometric mean for a label, if it has one.
    public func geometricMean(for label: String) -> GeometricMean? {
        geometricMeans.first { $0.label == label }
    }
}

extension Estimate {
    init(_ result: HierarchicalBootstrap.Result) {
        self.init(value: result.estimate, low: result.interval.lower, high: result.interval.upper)
    }
}

/// `pythons bench pyperformance|scaling --format json`: the suite with every
/// benchmark's run (raw samples included) and the figures derived from them.
public struct SuiteDocument: Sendable, Equatable, Codable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var suite: SuiteRun
    public var analysis: SuiteAnalysis

    public init(suite: SuiteRun) {
        schemaVersion = Self.currentSchemaVersion
        self.suite = suite
        analysis = SuiteAnalysis(suite)
    }

    /// Reads a file written by `--format json`, recomputing the analysis.
    public static func read(path: String) throws(PythonsError) -> SuiteDocument {
        guard let data = FileManager.default.contents(atPath: path) else { throw .usage("cannot read \(path)") }
        do {
            let document = try JSONOutput.decoder().decode(SuiteDocument.self, from: data)
            guard document.schemaVersion <= currentSchemaVersion else {
                throw PythonsError.usage("\(path) was written by a newer Pythons (suite schema \(document.schemaVersion)); update Pythons to read it")
            }
            return SuiteDocument(suite: document.suite)
        } catch let error as PythonsError {
            throw error
        } catch {
            throw .usage("\(path) is not a suite written by `pythons bench pyperformance --format json`: \(error)")
        }
    }
}
