import Foundation
@testable import PythonsCore

/// Interpreters and runs made up for tests of the matrix, the store and the
/// exports: values only, nothing is run.
enum BenchFixtures {
    static func interpreter(_ shortName: String, version: String = "3.13.5", path: String? = nil) -> Interpreter {
        var facts = try! JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        facts.version = PythonVersion(version)!
        facts.freeThreadedBuild = shortName.hasSuffix("t")
        facts.gilEnabled = !facts.freeThreadedBuild
        facts.jitBuild = shortName.hasSuffix("j")
        facts.tier2Flags = shortName.hasSuffix("j") ? 1 : shortName.hasSuffix("+tier2") ? 4 : nil
        facts.uopOptimizerActive = facts.tier2Flags == nil ? nil : true
        let executable = path ?? "/opt/\(shortName)/bin/python"
        facts.executable = executable
        return Interpreter(path: executable, resolvedPath: executable, aliases: [], foundIn: [.pythons], facts: facts)
    }

    static let machine = MachineInfo(hostname: "testhost", operatingSystem: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0",
                                     architecture: "x86_64", cpuModel: "Test CPU", logicalCores: 2,
                                     memoryBytes: 8 << 30, loadAverage: [0.5, 0.4, 0.3])

    /// A run of two configurations measured in `rounds` interleaved rounds,
    /// the second `speedup` times faster.
    static func run(workload: Workload = .gil(n: 30), rounds: Int = 12, speedup: Double = 2, threads: Int? = 2,
                    status: RunStatus = .complete, seed: UInt64 = 1) -> BenchmarkRun {
        var generator = SplitMix64(seed: seed)
        let on = BenchmarkMatrix.configuration(interpreter("3.13t"), settings: RuntimeSettings(gil: .on), threads: threads)
        let off = BenchmarkMatrix.configuration(interpreter("3.13t"), settings: RuntimeSettings(gil: .off), threads: threads)
        var configurations = [on, off]
        for round in 0..<rounds {
            for index in configurations.indices {
                let base = index == 0 ? 0.5 : 0.5 / speedup
                let value = base * (1 + 0.01 * generator.normal())
                configurations[index].processes.append(ProcessSample(round: round, values: [value], warmups: [value * 1.1],
                                                                     gilEnabled: index == 0, jitEnabled: nil))
            }
        }
        for index in configurations.indices {
            configurations[index].status = .measured
            configurations[index].banner = Banner(platformLine: "💻 Linux 64bit with 2x CPU cores (x86_64 Little Endian)",
                                                  interpreterLine: "🐍 CPython 3.13.5 /opt/3.13t/bin/python",
                                                  freeThreading: index == 0 ? .disabled : .enabled, jit: .unsupported)
        }
        return BenchmarkRun(startedAt: Date(timeIntervalSince1970: 1_760_000_000), finishedAt: Date(timeIntervalSince1970: 1_760_000_060),
                            status: status, commandLine: ["pythons", "bench", "gil"], machine: machine, workload: workload,
                            options: MeasurementOptions(), baseline: on.label, configurations: configurations)
    }
}
