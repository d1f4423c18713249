/// One label (interpreter and settings) measured at several thread counts:
/// how time and speedup change as threads are added.
///
/// Each of the N threads does the same work, so with perfect scaling the time
/// stays flat and the speedup, t1 × N / tN, equals N, up to the number of
/// cores: the ideal is min(N, cores).
public struct ThreadSweep: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var threads: Int
        public var configurationID: String
        /// The median time with its 95% CI.
        public var time: Estimate
        /// t1 × N / tN with an interval; nil when the sweep has no 1-thread
        /// configuration.
        public var speedup: Estimate?
        /// min(N, cores).
        public var idealSpeedup: Double

        /// Speedup as a fraction of the ideal.
        public var efficiency: Double? { speedup.map { $0.value / idealSpeedup } }
    }

    public var label: String
    public var interpreterPath: String
    /// Sorted by thread count, one point per count.
    public var points: [Point]
    public var logicalCores: Int

    public var threadCounts: [Int] { points.map(\.threads) }
    public var hasSpeedup: Bool { points.contains { $0.speedup != nil } }

    public static func idealSpeedup(threads: Int, cores: Int) -> Double {
        Double(min(threads, max(cores, 1)))
    }

    /// The sweeps in a run, in order of each label's first configuration.
    /// Failed configurations are left out; a label needs results at two or
    /// more thread counts to form a sweep.
    ///
    /// Where the run gives no speedup, it is derived from the medians, and its
    /// interval from the ends of the two medians' intervals
    /// ([N·t1.low/tN.high, N·t1.high/tN.low]): wider than a joint interval
    /// would be, so it never claims more certainty than the data carry.
    public static func sweeps(in run: RunReport) -> [ThreadSweep] {
        struct Key: Hashable { var label: String; var path: String }
        var order: [Key] = []
        var grouped: [Key: [ConfigurationResult]] = [:]
        for configuration in run.configurations where configuration.threads != nil && configuration.hasResult {
            let key = Key(label: configuration.label, path: configuration.interpreterPath)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(configuration)
        }
        let cores = run.machine.logicalCores
        return order.compactMap { key in
            var byThreads: [Int: ConfigurationResult] = [:]
            for configuration in grouped[key]! where byThreads[configuration.threads!] == nil {
                byThreads[configuration.threads!] = configuration
            }
            guard byThreads.count >= 2 else { return nil }
            let single = byThreads[1]
            let points = byThreads.keys.sorted().map { threads -> Point in
                let configuration = byThreads[threads]!
                let speedup = configuration.speedup ?? single.map { derivedSpeedup(single: $0.medianTime, at: threads, time: configuration.medianTime) }
                return Point(threads: threads, configurationID: configuration.id, time: configuration.medianTime,
                             speedup: speedup, idealSpeedup: idealSpeedup(threads: threads, cores: cores))
            }
            return ThreadSweep(label: key.label, interpreterPath: key.path, points: points, logicalCores: cores)
        }
    }

    static func derivedSpeedup(single: Estimate, at threads: Int, time: Estimate) -> Estimate {
        let n = Double(threads)
        if threads == 1 { return Estimate(value: 1, low: 1, high: 1) }
        return Estimate(value: n * single.value / time.value,
                        low: n * single.low / time.high,
                        high: n * single.high / time.low)
    }
}
