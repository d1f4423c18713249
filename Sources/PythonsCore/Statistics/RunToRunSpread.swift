import Foundation

/// How far the same configurations' medians moved across earlier runs of one
/// workload on one machine: what no interval computed inside a single run can
/// show. On a shared machine runs minutes apart differ by more than one run's
/// 95% interval (bench/README.md: such intervals covered the median of ten
/// runs 4 to 7 times in 10), so a user comparing runs needs this spread, not
/// the interval.
public struct RunToRunSpread: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The configuration's name ("3.11", "3.13t (GIL off), 2 threads").
        public var name: String
        /// Its median in each earlier run that measured it, newest first.
        public var earlierMedians: [Double]
        public var currentMedian: Double
        /// Half the range of all medians (earlier and current) over their
        /// median: 0.02 means the runs spread over ±2%.
        public var relativeSpread: Double
    }

    /// Earlier runs that measured at least one of these configurations.
    public var earlierRuns: Int
    /// Configurations measured in at least `minimumEarlierRuns` earlier runs.
    public var entries: [Entry]

    /// Two earlier runs at least: with one, a difference is a single pair.
    public static let minimumEarlierRuns = 2
    /// A configuration's median counts from a run only when that run had an
    /// interval for it (6 processes or more).
    static let minimumProcesses = 6

    /// nil when no configuration was measured often enough before. A
    /// configuration is the same when its label, thread count, settings and
    /// interpreter path are.
    public init?(current: BenchmarkRun, earlier: [BenchmarkRun]) {
        var entries: [Entry] = []
        var contributing = Set<String>()
        for configuration in current.configurations where configuration.status != .failed {
            guard let currentSummary = Summary(configuration.processValues),
                  currentSummary.count >= Self.minimumProcesses else { continue }
            var medians: [Double] = []
            for run in earlier {
                guard let match = run.configurations.first(where: { Self.same($0, configuration) }),
                      match.status != .failed,
                      let summary = Summary(match.processValues), summary.count >= Self.minimumProcesses else { continue }
                medians.append(summary.median)
                contributing.insert(run.id)
            }
            guard medians.count >= Self.minimumEarlierRuns else { continue }
            let all = medians + [currentSummary.median]
            let center = Quantiles.median(all)
            guard center > 0 else { continue }
            let spread = (all.max()! - all.min()!) / 2 / center
            entries.append(Entry(name: configuration.name, earlierMedians: medians, currentMedian: currentSummary.median,
                                 relativeSpread: spread))
        }
        guard !entries.isEmpty else { return nil }
        self.entries = entries
        earlierRuns = contributing.count
    }

    static func same(_ a: ConfigurationRun, _ b: ConfigurationRun) -> Bool {
        a.label == b.label && a.threads == b.threads && a.settings == b.settings && a.interpreter.path == b.interpreter.path
    }

    /// The configuration whose medians moved most.
    public var widest: Entry { entries.max { $0.relativeSpread < $1.relativeSpread }! }

    /// A note for the run when its runs spread wider than its own widest
    /// interval reaches (`precision`, relative half-width); nil otherwise,
    /// since then the intervals already say enough.
    public func note(workload: Workload, precision: Double?) -> String? {
        let widest = self.widest
        if let precision, widest.relativeSpread <= precision { return nil }
        let all = widest.earlierMedians + [widest.currentMedian]
        let range = Format.secondsRange(all.min()!, all.max()!)
        // Two decimals: a spread just above the intervals must not read as equal to them.
        let within = precision.map { ", more than this run's intervals (up to ±\(Format.percent($0, decimals: 2)))" } ?? ""
        return "this machine's last \(earlierRuns + 1) runs of `\(workload)` spread up to ±\(Format.percent(widest.relativeSpread, decimals: 2)) "
            + "(\(widest.name): medians \(range), this run \(Format.seconds(widest.currentMedian)))\(within): "
            + "across runs, smaller differences are noise here"
    }
}
