/// `pythons bench`'s option checks, run while the options are parsed, and
/// the request the checked options make.
extension BenchCommand {
    // Generous bounds: no real run comes near them, and within them every
    // conversion (to Int, to Duration, to JSON) is exact.
    public static let maximumCalls = 1_000_000
    public static let maximumProcesses = 100_000
    public static let maximumN = 1_000_000_000
    /// A week.
    public static let maximumMaxTime: Double = 7 * 86_400
    /// A day.
    public static let maximumTimeout: Double = 86_400
    /// Enough blocks for a t-interval with many degrees of freedom; more
    /// are better spent as separate runs, which history then counts.
    public static let maximumRuns = 100

    /// Every option within its range, and no two that print the results twice.
    public func validate(format: OutputFormat) throws(PythonsError) {
        if warmup != "auto" {
            guard let count = Int(warmup), (0...Self.maximumCalls).contains(count) else {
                throw .usage("--warmup must be auto or a count of 0 or more (at most \(Self.maximumCalls)), got \(warmup)")
            }
        }
        if values != "auto" {
            guard let count = Int(values), (1...Self.maximumCalls).contains(count) else {
                throw .usage("--values must be auto or a count of at least 1 (at most \(Self.maximumCalls)), got \(values)")
            }
        }
        if let repeatCount { try OptionRange.count(repeatCount, 1...Self.maximumProcesses, option: "--repeat") }
        try OptionRange.count(minProcesses, 1...Self.maximumProcesses, option: "--min-processes")
        if let runs {
            guard runs >= 1 else { throw .usage("--runs must be at least 1 (1 is one run, as without --runs), got \(runs)") }
            guard runs <= Self.maximumRuns else { throw .usage("--runs must be at most \(Self.maximumRuns), got \(runs)") }
            if let count = repeatCount, count % runs != 0 {
                let lower = count / runs * runs, upper = (count / runs + 1) * runs
                let choices = lower >= runs ? "--repeat \(lower) or \(upper)" : "--repeat \(upper)"
                throw .usage("--repeat \(count) does not split into \(runs) runs of equal size: give a multiple of \(runs) (\(choices)), or leave --repeat out")
            }
        }
        if let blockPause {
            guard (runs ?? 1) > 1 else {
                throw .usage("--block-pause is the pause between the blocks of --runs K: give --runs 2 or more with it")
            }
            try OptionRange.seconds(blockPause, atMost: Self.maximumTimeout, option: "--block-pause", zeroAllowed: true)
        }
        if let maxTime { try OptionRange.seconds(maxTime, atMost: Self.maximumMaxTime, option: "--max-time") }
        try OptionRange.seconds(timeout, atMost: Self.maximumTimeout, option: "--timeout")
        if let n { try OptionRange.count(n, 0...Self.maximumN, option: "-n") }
        if markdown, format == .json { throw .usage("--markdown and --format json each print the results; choose one") }
    }

    /// The options as one request (the suites replace its workload).
    func makeRequest(_ context: CommandContext, workload given: Workload? = nil) throws -> BenchmarkRequest {
        let workload = try given ?? Workload.parse(self.workload, n: n, arguments: functionArguments + trailingArguments,
                                                   benchmark: benchmark)
        let options = MeasurementOptions(
            warmup: Int(warmup), valuesPerProcess: Int(values), repeatCount: repeatCount, runs: runs.flatMap { $0 > 1 ? $0 : nil },
            blockPause: blockPause,
            precision: try OptionValues.fraction(precision, option: "--precision", example: "1"),
            minimumProcesses: minProcesses, maxTime: maxTime ?? (repeatCount == nil ? 60 : nil), timeout: timeout)
        return BenchmarkRequest(
            workload: workload, pythons: try InterpreterRequest.parseAll(pythons),
            gil: try gil.map { try OptionValues.switches($0, option: "--gil") } ?? [],
            jit: try jit.map { try OptionValues.switches($0, option: "--jit") } ?? [],
            threads: try threads.map { try ThreadCounts.parse($0) },
            options: options, baseline: baseline, commandLine: commandLine,
            workingDirectory: context.environment.currentDirectory)
    }
}
