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
        var failure: String?
        var freeThreading: FeatureState = .unsupported
        var jit: FeatureState = .unsupported
    }

    static func run(id: String, workload: String, detail: String?, machine: MachineDescription,
                    commandLine: [String], plans: [Plan], seed: UInt64, status: RunStatus = .complete,
                    targetPrecision: Double? = 0.01) -> RunReport {
        RunReport(run: benchmarkRun(id: id, workload: workload, machine: machine, commandLine: commandLine, plans: plans,
                                    seed: seed, status: status, targetPrecision: targetPrecision))
    }

    /// The raw run the report is made from: processes interleaved round by
    /// round, as `pythons bench` measures them, so that every figure comes
    /// from `RunAnalysis` as it does for a real run.
    static func benchmarkRun(id: String, workload: String, machine: MachineDescription, commandLine: [String], plans: [Plan],
                             seed: UInt64, status: RunStatus = .complete, targetPrecision: Double? = 0.01) -> BenchmarkRun {
        var random = SplitMix64(seed: seed)
        var configurations: [ConfigurationRun] = []
        for plan in plans {
            var processes: [ProcessSample] = []
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
                    processes.append(ProcessSample(round: process, values: samples))
                }
            }
            let path = "/opt/pythons/installs/\(plan.interpreter)/bin/python\(plan.interpreter.hasSuffix("t") ? "3.13t" : "3")"
            let version = plan.interpreter.filter { $0.isNumber || $0 == "." } + ".5"
            let banner = Banner(
                platformLine: "\u{1F4BB} Linux 64bit with \(machine.logicalCores)x CPU cores (\(machine.architecture) Little Endian)",
                interpreterLine: "\u{1F40D} CPython \(version) \(path)",
                freeThreading: plan.freeThreading, jit: plan.jit)
            let snapshot = InterpreterSnapshot(path: path, implementation: "CPython", version: version, shortName: plan.interpreter,
                                               sysVersion: version, freeThreadedBuild: plan.interpreter.hasSuffix("t"),
                                               jitBuild: plan.interpreter.hasSuffix("j"), tier2Flags: nil, configArgs: nil)
            let jitLabel = plan.jit == .unsupported ? "unsupported" : (plan.jit == .enabled ? "on" : "off")
            configurations.append(ConfigurationRun(
                label: plan.label, pythonLabel: plan.label, jitLabel: jitLabel, threads: plan.threads, interpreter: snapshot,
                settings: plan.settings, banner: banner, status: plan.failure == nil ? .measured : .failed, error: plan.failure,
                processes: processes))
        }
        let baseline = configurations.first { !$0.processes.isEmpty }?.label ?? ""
        var notes: [RunNote] = [.text("Test fixture: generated data, not a measurement.")]
        if let most = plans.compactMap(\.threads).max(), most > machine.logicalCores {
            notes.append(.threadsBeyondCores(cores: machine.logicalCores))
        }
        let options = targetPrecision.map { MeasurementOptions(precision: $0) }
            ?? MeasurementOptions(repeatCount: plans.map(\.processes).max() ?? 0)
        var run = BenchmarkRun(
            number: Int(id), startedAt: fixedDate, finishedAt: fixedDate, status: status, commandLine: commandLine,
            machine: MachineInfo(hostname: machine.hostname, operatingSystem: machine.operatingSystem, kernel: "6.1.0",
                                 architecture: machine.architecture, cpuModel: machine.cpuModel, logicalCores: machine.logicalCores,
                                 memoryBytes: 8 << 30, loadAverage: [0.5, 0.4, 0.3]),
            workload: Self.workload(workload), options: options, baseline: baseline, configurations: configurations, notes: notes)
        let analysis = RunAnalysis(run)
        if zip(configurations, analysis.configurations).contains(where: { $0.status != .failed && !$1.converged }) {
            run.notes.append(.samplingStopped(status == .interrupted ? .interrupted : .outOfTime))
        }
        return run
    }

    static func workload(_ name: String) -> Workload {
        switch name {
        case "gil": .gil(n: 35)
        case "jit": .jit(n: 10000)
        default: .function(file: String(name.split(separator: ":")[0]), name: String(name.split(separator: ":")[1]), arguments: [])
        }
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
                // Noisy enough not to converge to ±1% in 20 processes.
                Plan(label: "3.13j (JIT on)", interpreter: "3.13j", settings: RuntimeSettings(jit: .on), seconds: 5.27,
                     processNoise: 0.06, outlierEvery: 23, jit: .enabled),
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
                   commandLine: ["pythons", "bench", "gil", "--threads", "1,2", "--repeat", "6"], plans: plans, seed: 1,
                   targetPrecision: nil)
    }

    static func document() -> ReportDocument {
        ReportDocument(generatedAt: fixedDate, runs: [gilRun(), jitRun(), failedRun()])
    }
}
