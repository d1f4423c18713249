/// One label (interpreter and settings) measured at several thread counts:
/// how time and scaling change as threads are added.
///
/// Each of the N threads does the same work, so with perfect scaling the time
/// stays flat and the scaling, t1 × N / tN, equals N, up to the number of
/// cores: the ideal is min(N, cores). Both figures, with their intervals,
/// are the run analysis's.
public struct ThreadSweep: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var threads: Int
        public var configurationID: String
        /// The median time with its shown interval.
        public var time: Estimate
        /// t1 × N / tN with its shown interval: exactly 1 at 1 thread; nil
        /// when the sweep has no 1-thread configuration.
        public var scaling: Estimate?
        /// min(N, cores).
        public var idealScaling: Double
        /// Scaling as a fraction of the ideal.
        public var efficiency: Double?
    }

    public var label: String
    public var interpreterPath: String
    /// Sorted by thread count, one point per count.
    public var points: [Point]
    public var logicalCores: Int

    public var threadCounts: [Int] { points.map(\.threads) }
    public var hasScaling: Bool { points.contains { $0.scaling != nil } }

    public static func idealScaling(threads: Int, cores: Int) -> Double {
        Double(min(threads, max(cores, 1)))
    }

    /// The sweeps in a run, in order of each label's first configuration.
    /// Failed configurations are left out; a label needs results at two or
    /// more thread counts to form a sweep.
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
            let hasSingle = byThreads[1] != nil
            let points = byThreads.keys.sorted().map { threads -> Point in
                let configuration = byThreads[threads]!
                let scaling: Estimate? = threads == 1 ? Estimate(value: 1, low: 1, high: 1)
                    : (hasSingle ? configuration.scaling.map(Estimate.init) : nil)
                let efficiency = threads == 1 ? 1 : configuration.scaling?.efficiency
                return Point(threads: threads, configurationID: configuration.id, time: configuration.medianTime,
                             scaling: scaling, idealScaling: idealScaling(threads: threads, cores: cores),
                             efficiency: hasSingle ? efficiency : nil)
            }
            return ThreadSweep(label: key.label, interpreterPath: key.path, points: points, logicalCores: cores)
        }
    }
}
