import Foundation
@testable import PythonsCore

/// Report data for tests, generated from a fixed seed so that every run of
/// the tests draws the same charts. The figures follow the seed's published
/// results (3.13 at 4 threads: 7.51 s; 3.13t GIL off: 3.25 s; JIT on 5.27 s
/// against 5.68 s) and the noise seen on this project's machine (about ±1%
/// between processes, outliers now and then). They are made up, and say so
/// in the run notes: a report of a real run needs `pythons bench`.
enum ReportFixtures {
    static let developmentMachine = MachineDescription(
        hostname: "pythons-dev", cpuModel: "Intel(R) Xeon(R) CPU @ 2.20GHz", logicalCores: 2,
        operatingSystem: "Debian GNU/Linux 12 (bookworm)", architecture: "x86_64")

    static let laptop = MachineDescription(
        hostname: "laptop", cpuModel: "AMD Ryzen 7 PRO 7840U", logicalCores: 8,
        operatingSystem: "Ubuntu 24.04 LTS", architecture: "x86_64")

    static let fixedDate = Date(timeIntervalSince1970: 1_750_000_000) // 2025-06-15 15:06:40 UTC

    /// One configuration to generate: the true time at which its processes
    /// centre, and how noisy they are.
    struct Plan {
        var label: String
        var interpreter: String
        var settings: RuntimeSettings = .defaults
        var threads: Int?
        var seconds: Double
        var processes: Int = 20
        var samplesPerProcess: Int = 5
        /// Relative spread between processes and within one.
        var processNoise: Double = 0.008
        var sampleNoise: Double = 0.004
        /// Every this-many-th sample is 6% slow (a context switch, a page
        /// fault storm); 0 for none.
        var outlierEvery: Int = 0
        /// Half the processes run this much slower: a bimodal run.
        var bimodalShift: Double = 0
        var converged = true
        var failure: String?
        var freeThreading: FeatureState = .unsupported
        var jit: FeatureState = .unsupported
    }

    static func run(id: String, workload: String, detail: String?, machine: MachineDescription,
                    commandLine: [String], plans: [Plan], seed: UInt64, status: RunStatus = .complete,
                    targetPrecision: Double? = 0.01) -> RunReport {
        var random = SplitMix64(seed: seed)
        var configurations: [ConfigurationResult] = []
        for (index, plan) in plans.enumerated() {
            var processes: [[Double]] = []
            if !(plan.failure != nil && plan.processes == 0) {
                for process in 0..<plan.processes {
                    var centre = plan.seconds * (1 + plan.processNoise * random.normal())
                    if plan.bimodalShift != 0, process % 2 == 1 { centre *= 1 + plan.bimodalShift }
                    var samples: [Double] = []
                    for sample in 0..<plan.samplesPerProcess {
                        var value = centre * (1 + plan.sampleNoise * random.normal())
                        if plan.outlierEvery > 0, (process * plan.samplesPerProcess + sample + 1) % plan.outlierEvery == 0 {
                            value *= 1.06
                        }
                        samples.append(value)
                    }
                    processes.append(samples)
                }
            }
            let path = "/opt/pythons/installs/\(plan.interpreter)/bin/python\(plan.interpreter.hasSuffix("t") ? "3.13t" : "3")"
            let banner = Banner(
                platformLine: "\u{1F4BB} Linux 64bit with \(machine.logicalCores)x CPU cores (\(machine.architecture) Little Endian)",
                interpreterLine: "\u{1F40D} CPython \(plan.interpreter.filter { $0.isNumber || $0 == "." }).5 \(path)",
                freeThreading: plan.freeThreading, jit: plan.jit)
            configurations.append(ConfigurationResult(
                id: "c\(index + 1)", label: plan.label, interpreter: plan.interpreter, interpreterPath: path,
                settings: plan.settings, threads: plan.threads, banner: banner, processSamples: processes,
                median: processes.isEmpty ? nil : medianOfProcessMedians(processes),
                converged: plan.converged, failure: plan.failure))
        }
        // Ratios against the first configuration's label at the same thread
        // count, as `pythons bench` compares. A real run takes them from
        // interleaved rounds; here the interval is simply the widest the two
        // medians' intervals allow.
        let baselineLabel = configurations.first(where: \.hasResult)?.label
        for index in configurations.indices where configurations[index].label != baselineLabel && configurations[index].hasResult {
            guard let baseline = configurations.first(where: { $0.label == baselineLabel && $0.threads == configurations[index].threads && $0.hasResult })
            else { continue }
            let median = configurations[index].median!, base = baseline.median!
            configurations[index].ratioToBaseline = Estimate(
                value: median.value / base.value, low: median.low / base.high, high: median.high / base.low)
        }
        return RunReport(
            id: id, workload: workload, workloadDetail: detail, commandLine: ShellQuoting.join(commandLine),
            startedAt: fixedDate, status: status, machine: machine, targetPrecision: targetPrecision,
            baselineLabel: baselineLabel, configurations: configurations,
            notes: ["Test fixture: generated data, not a measurement."])
    }

    /// The median of per-process medians with the exact order-statistic 95%
    /// interval (the binomial one, valid for any continuous distribution).
    static func medianOfProcessMedians(_ processes: [[Double]]) -> Estimate {
        let medians = processes.map { SampleSummary.quantile(sorted: $0.sorted(), 0.5) }.sorted()
        let m = medians.count
        let median = SampleSummary.quantile(sorted: medians, 0.5)
        guard m >= 6 else { return Estimate(value: median, low: medians.first!, high: medians.last!) }
        // Largest k with P(Binomial(m, 1/2) < k) ≤ 2.5%: [x(k), x(m-k+1)].
        var cumulative = 0.0
        var k = 0
        var coefficient = 1.0
        let scale = pow(0.5, Double(m))
        while k < m {
            let next = cumulative + coefficient * scale
            if next > 0.025 { break }
            cumulative = next
            coefficient = coefficient * Double(m - k) / Double(k + 1)
            k += 1
        }
        let lower = max(k, 1)
        return Estimate(value: median, low: medians[lower - 1], high: medians[m - lower])
    }

    /// The seed's GIL benchmark on the development machine: 3.13, 3.13t with
    /// the GIL on and off, at 1, 2 and 4 threads.
    static func gilRun(processes: Int = 20, samplesPerProcess: Int = 5) -> RunReport {
        func plans(_ label: String, _ interpreter: String, _ settings: RuntimeSettings, _ times: [Double],
                   freeThreading: FeatureState) -> [Plan] {
            zip([1, 2, 4], times).map { threads, seconds in
                Plan(label: label, interpreter: interpreter, settings: settings, threads: threads, seconds: seconds,
                     processes: processes, samplesPerProcess: samplesPerProcess, outlierEvery: threads == 2 ? 37 : 0,
                     freeThreading: freeThreading)
            }
        }
        let all = plans("3.13", "3.13", .defaults, [1.88, 3.77, 7.51], freeThreading: .unsupported)
            + plans("3.13t (GIL on)", "3.13t", RuntimeSettings(gil: .on), [2.31, 4.63, 9.27], freeThreading: .disabled)
            + plans("3.13t (GIL off)", "3.13t", RuntimeSettings(gil: .off), [2.30, 2.41, 4.79], freeThreading: .enabled)
        return run(id: "7", workload: "gil", detail: "fib(35) in each thread", machine: developmentMachine,
                   commandLine: ["pythons", "bench", "gil", "--python", "3.13", "--python", "3.13t", "--gil", "on,off", "--threads", "1,2,4"],
                   plans: all, seed: 7)
    }

    /// The seed's JIT benchmark on another machine, with a bimodal and an
    /// unconverged configuration.
    static func jitRun() -> RunReport {
        run(id: "3", workload: "jit", detail: "fib(i) for i in range(10000)", machine: laptop,
            commandLine: ["pythons", "bench", "jit", "-n", "10000", "--python", "3.12", "--python", "3.13", "--python", "3.13j", "--jit", "on,off"],
            plans: [
                Plan(label: "3.12", interpreter: "3.12", seconds: 6.06),
                Plan(label: "3.13", interpreter: "3.13", seconds: 5.68),
                Plan(label: "3.13j (JIT off)", interpreter: "3.13j", settings: RuntimeSettings(jit: .off), seconds: 5.70,
                     bimodalShift: 0.02, jit: .disabled),
                Plan(label: "3.13j (JIT on)", interpreter: "3.13j", settings: RuntimeSettings(jit: .on), seconds: 5.27,
                     processNoise: 0.02, outlierEvery: 23, converged: false, jit: .enabled),
            ], seed: 3)
    }

    /// An interrupted run with a configuration that failed at once.
    static func failedRun() -> RunReport {
        run(id: "8", workload: "bench_me.py:work", detail: nil, machine: developmentMachine,
            commandLine: ["pythons", "bench", "bench_me.py:work", "--python", "3.13", "--python", "3.12"],
            plans: [
                Plan(label: "3.13", interpreter: "3.13", seconds: 0.0112, processes: 8, samplesPerProcess: 10),
                Plan(label: "3.12", interpreter: "3.12", seconds: 0, processes: 0,
                     failure: "ModuleNotFoundError: No module named 'numpy'"),
            ], seed: 8, status: .interrupted)
    }

    /// Small data for the snapshot: few samples keep the stored SVG short.
    static func snapshotRun() -> RunReport {
        let plans: [Plan] = [
            Plan(label: "3.13", interpreter: "3.13", threads: 1, seconds: 1.88, processes: 6, samplesPerProcess: 2),
            Plan(label: "3.13", interpreter: "3.13", threads: 2, seconds: 3.77, processes: 6, samplesPerProcess: 2),
            Plan(label: "3.13t (GIL off)", interpreter: "3.13t", settings: RuntimeSettings(gil: .off), threads: 1,
                 seconds: 2.30, processes: 6, samplesPerProcess: 2, outlierEvery: 5, freeThreading: .enabled),
            Plan(label: "3.13t (GIL off)", interpreter: "3.13t", settings: RuntimeSettings(gil: .off), threads: 2,
                 seconds: 2.41, processes: 6, samplesPerProcess: 2, freeThreading: .enabled),
        ]
        return run(id: "1", workload: "gil", detail: "fib(35) in each thread", machine: developmentMachine,
                   commandLine: ["pythons", "bench", "gil", "--threads", "1,2"], plans: plans, seed: 1)
    }

    static func document() -> ReportDocument {
        ReportDocument(generatedAt: fixedDate, runs: [gilRun(), jitRun(), failedRun()])
    }
}
