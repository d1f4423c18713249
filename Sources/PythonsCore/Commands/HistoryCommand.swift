/// `pythons history`: the stored runs, newest first.
public enum HistoryCommand {
    public static func run(_ context: CommandContext, limit: Int = 20) async throws {
        let store = try RunStore(environment: context.environment, forWriting: false)
        try context.print(HistoryReport(database: store.path, runs: try store.listing(limit: limit)))
    }
}

/// `pythons show`: a stored run as `bench` printed it.
public enum ShowCommand {
    /// - Parameters:
    ///   - run: a run number, an id prefix, latest, or a `--format json` file.
    ///   - pyperf: `--pyperf`, a folder for one pyperf JSON file per configuration.
    public static func run(_ context: CommandContext, run: String = "latest", markdown: Bool = false, pyperf: String? = nil) async throws {
        let store = try RunStore(environment: context.environment, forWriting: false)
        let document = RunDocument(run: try store.resolve(run))
        try context.print(RunView(document, markdown: markdown))
        if let pyperf {
            let paths = try RunExports.writePyperf(document.run, analysis: document.analysis, to: pyperf)
            RunExports.pyperfMessages(document.run, paths: paths).forEach(context.console.message)
        }
    }
}

/// `pythons compare A B`: regressions and improvements beyond the noise and
/// a threshold; a regression ends it with exit 3.
public enum CompareCommand {
    /// - Parameter thresholdText: as given, 2.5% or 0.025.
    public static func run(_ context: CommandContext, runA: String, runB: String,
                           threshold thresholdText: String = Format.percent(RunComparison.defaultThreshold),
                           noise: RunComparison.NoiseSource = .auto) async throws {
        let threshold = try OptionValues.fraction(thresholdText, option: "--threshold", example: "2", allowsZero: true)
        let store = try RunStore(environment: context.environment, forWriting: false)
        let a = try store.resolve(runA), b = try store.resolve(runB)
        // This database's runs of B's machine count as history too (B may be
        // a file made here); never another machine's.
        let history = (try? store.earlierRuns(like: b)).flatMap { BenchmarkSession.history(for: b, earlier: $0) }
        let comparison = try RunComparison(a, b, threshold: threshold, noise: noise, history: history)
        try context.print(comparison)
        let regressions = comparison.regressions.count
        if regressions > 0 {
            throw PythonsError(.regression, "\(regressions) regression\(regressions == 1 ? "" : "s") beyond \(Format.percent(threshold)) and the run-to-run noise")
        }
    }
}
