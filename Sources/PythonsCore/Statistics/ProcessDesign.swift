import Foundation

/// How many timed calls each worker process should make, chosen from where a
/// configuration's noise is.
///
/// A process's value (the median of its timed calls) varies for two reasons:
/// the process itself (memory layout, hash seed, CPU placement: shared by all
/// of its calls) and call-to-call noise inside it. More calls per process
/// average out only the second, and every process costs its start-up and
/// warm-up before the first timed call. With between-process variance B,
/// within-process variance W, a process overhead c0 and a value cost c1, the
/// time to reach an interval of a given width is proportional to
/// (B + v(k) W)(c0 + k c1), where v(k) is the variance of a median of k values
/// in units of one's (1/k for a mean, about π/2k for a median); the k that
/// makes it smallest is near sqrt(c0 W / (c1 B)).
///
/// The pilot (a configuration's first `pilotProcesses` processes, with the
/// worker's automatic count of about 50 ms of calls) measures B, W, c0 and c1;
/// the remaining processes of an adaptive run make k calls. The choice moves
/// only how fast the interval narrows: every process still gives one value,
/// and the interval is still over processes. Scales are robust (median
/// absolute deviations), as the interval of a median depends on the spread
/// near the median, not on a few preempted outliers.
public struct ProcessDesign: Sendable, Equatable, Codable {
    /// How many of a configuration's first processes the choice is made from.
    public static let pilotProcesses = 6
    /// The most timed calls a process makes (worker.py's AUTO_MAX_VALUES).
    public static let maximumValues = 20

    /// Timed calls per process after the pilot.
    public var valuesPerProcess: Int
    /// Relative standard deviation of what a whole process measures, beyond
    /// its call-to-call noise (0.04: processes differ by about 4%).
    public var betweenProcesses: Double
    /// Relative standard deviation of one call's time within one process.
    public var withinProcess: Double
    /// Seconds a process costs before its first timed call (start-up,
    /// imports, warm-up, loop calibration), as Pythons saw it.
    public var processOverhead: Double
    /// Seconds one timed value costs (a call, or a calibrated loop of calls).
    public var valueCost: Double

    public init(valuesPerProcess: Int, betweenProcesses: Double, withinProcess: Double,
                processOverhead: Double, valueCost: Double) {
        self.valuesPerProcess = valuesPerProcess
        self.betweenProcesses = betweenProcesses
        self.withinProcess = withinProcess
        self.processOverhead = processOverhead
        self.valueCost = valueCost
    }

    /// The design from a configuration's processes, or nil while the pilot is
    /// incomplete or cannot tell: fewer than `pilotProcesses` processes, a
    /// pilot process without its wall time (runs stored before it was kept),
    /// or with a single timed call (a long workload, which the worker already
    /// times once per process).
    public static func choose(from processes: [ProcessSample]) -> ProcessDesign? {
        guard processes.count >= pilotProcesses else { return nil }
        return estimate(from: processes.prefix(pilotProcesses))
    }

    /// The design from exactly these processes (a pilot, or in tests many).
    static func estimate<Processes: Collection<ProcessSample>>(from pilot: Processes) -> ProcessDesign? {
        guard !pilot.isEmpty, pilot.allSatisfy({ $0.values.count >= 2 && $0.processSeconds != nil }) else { return nil }
        let processMedians = pilot.map(\.value)
        let center = Quantiles.median(processMedians)
        guard center > 0 else { return nil }

        // Within: from the differences between calls of the same process
        // (each difference has twice a call's variance and no centre to
        // estimate, which a median of a few calls would bias), each process
        // weighing the same however many values it timed.
        var differences: [(value: Double, weight: Double)] = []
        for process in pilot {
            let values = process.values
            let pairs = Double(values.count * (values.count - 1) / 2)
            for first in values.indices {
                for second in values.indices where second > first {
                    differences.append((abs(values[first] - values[second]) / center, 1 / pairs))
                }
            }
        }
        let within = 1.4826 * WeightedMedian.of(differences) / 2.0.squareRoot()
        // Between: the spread of process medians, less the part their own
        // calls' noise explains (a median of m calls keeps
        // medianVariance(m) of one call's variance).
        let medianSpread = RobustScale.standardDeviation(processMedians.map { $0 / center })
        let explained = pilot.map { medianVariance(of: $0.values.count) }.reduce(0, +) / Double(pilot.count)
        let between = max(0, medianSpread * medianSpread - within * within * explained).squareRoot()

        let valueCosts = pilot.map { Double($0.loops ?? 1) * $0.values.reduce(0, +) / Double($0.values.count) }
        let valueCost = valueCosts.reduce(0, +) / Double(valueCosts.count)
        let overheads = pilot.map { process in
            max(0, process.processSeconds! - Double(process.loops ?? 1) * process.values.reduce(0, +))
        }
        let overhead = Quantiles.median(overheads)

        // The count with the least time to a given interval width:
        // (B + W medianVariance(k)) (c0 + k c1), the first of equals (so no
        // noise at all costs one value, not twenty).
        func cost(_ k: Int) -> Double {
            (between * between + within * within * medianVariance(of: k)) * (overhead + Double(k) * valueCost)
        }
        var best = 1
        for k in 2...maximumValues where cost(k) < cost(best) { best = k }
        return ProcessDesign(valuesPerProcess: best, betweenProcesses: between, withinProcess: within,
                             processOverhead: overhead, valueCost: valueCost)
    }

    /// The variance of the median of m independent normal values, in units
    /// of one value's variance: exact for m ≤ 7 (1, 0.5, 0.449, 0.298, ...;
    /// a median of 2 is their mean), then the large-m limit π / (2m).
    static func medianVariance(of m: Int) -> Double {
        let exact = [1, 0.5, 0.4487, 0.2982, 0.2868, 0.2147, 0.2104]
        return m <= exact.count ? exact[max(m, 1) - 1] : Double.pi / (2 * Double(m))
    }
}

enum WeightedMedian {
    /// The smallest value at which the cumulative weight reaches half the total.
    static func of(_ items: [(value: Double, weight: Double)]) -> Double {
        let sorted = items.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return 0 }
        var cumulative = 0.0
        for item in sorted {
            cumulative += item.weight
            if cumulative >= total / 2 { return item.value }
        }
        return sorted.last?.value ?? 0
    }
}

enum RobustScale {
    /// 1.4826 × the median absolute deviation from the median: the standard
    /// deviation for normal data, barely moved by a few outliers.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let center = Quantiles.median(values)
        return 1.4826 * Quantiles.median(values.map { abs($0 - center) })
    }
}
