import Foundation

/// Turns `pythons bench pyperformance[:NAMES]`, `scaling[:OPERATIONS]` or a
/// pyperf script with several benchmarks into a `SuiteSession.Plan`: the
/// configurations (planned once, as for any `bench`), what to list and
/// measure, and what is skipped and why. Usage errors come from here, before
/// anything is timed.
public struct SuitePlanner: Sendable {
    public var session: BenchmarkSession

    public init(session: BenchmarkSession) { self.session = session }

    /// Budget per benchmark when --max-time is not given: what the whole
    /// suite may take is this times the number of benchmarks.
    public static let defaultSecondsPerBenchmark = 30.0

    /// The pyperformance suite. `package` is the fetched package.
    public func pyperformance(_ suite: SuiteRequest, bench: BenchmarkRequest, package: PyperformancePackage,
                              catalog: InterpreterCatalog, machine: MachineInfo,
                              budget: Double?) async throws -> SuiteSession.Plan {
        let pyperformance = try PyperformanceCatalog(package: package)
        let selection = pyperformance.select(suite.names)
        var benchmarks = selection.unknown.map {
            SuiteBenchmark(name: $0, status: .failed, message: pyperformance.unknownNameMessage($0))
        }
        guard !selection.entries.isEmpty else {
            throw PythonsError.usage(benchmarks.map { $0.message ?? "" }.joined(separator: "; "), details: [pyperformance.validNames])
        }
        if suite.names.isEmpty {
            for entry in pyperformance.entries {
                if let reason = entry.skipReason { benchmarks.append(SuiteBenchmark(name: entry.name, status: .skipped, message: reason)) }
            }
        }
        var request = bench
        request.workload = .pyperf(file: selection.entries[0].script, benchmark: nil, arguments: [],
                                   suite: PyperformancePackage.suiteName)
        var template = try await session.plan(request, catalog: catalog, machine: machine)
        if !selection.unknown.isEmpty { template.notes.append(.text(pyperformance.validNames)) }
        let oldest = template.configurations.compactMap { PythonVersion($0.interpreter.version) }.min()
        var scripts: [(name: String, file: String, arguments: [String])] = []
        for entry in selection.entries {
            // Named on purpose, a third-party benchmark is tried: its listing
            // says which module is missing where.
            if entry.timesCommands, let reason = entry.skipReason {
                benchmarks.append(SuiteBenchmark(name: entry.name, status: suite.names.isEmpty ? .skipped : .failed, message: reason))
                continue
            }
            if let minimum = entry.minimumPython, let oldest, oldest < minimum {
                benchmarks.append(SuiteBenchmark(name: entry.name, status: suite.names.isEmpty ? .skipped : .failed,
                                                 message: "needs Python \(minimum.featureVersion) or newer; \(oldest.featureVersion) is in this run"))
                continue
            }
            scripts.append((entry.name, entry.script, entry.arguments))
        }
        let count = max(scripts.count, 1)
        return SuiteSession.Plan(name: PyperformancePackage.suiteName, kind: .pyperformance, template: template,
                                 scripts: scripts, members: [], benchmarks: benchmarks,
                                 budget: budget ?? (bench.options.repeatCount == nil ? Self.defaultSecondsPerBenchmark * Double(count) : nil))
    }

    /// The thread-scaling suite: each operation of workloads/scaling.py at
    /// every thread count (1 and the number of cores unless --threads says).
    public func scaling(_ suite: SuiteRequest, bench: BenchmarkRequest, catalog: InterpreterCatalog,
                        machine: MachineInfo, budget: Double?) async throws -> SuiteSession.Plan {
        var request = bench
        let threads = bench.threads ?? [1, max(machine.logicalCores, 2)]
        guard threads.contains(1) else {
            throw PythonsError.usage("--threads \(threads.map(String.init).joined(separator: ",")): the scaling suite needs 1 among the thread counts, since speedup is against one thread")
        }
        request.threads = threads
        request.workload = .scaling(operation: "pymethod")
        let template = try await session.plan(request, catalog: catalog, machine: machine)
        guard let lister = template.configurations.first(where: { $0.status != .failed }) else {
            throw PythonsError.failure("no configuration of this run starts", details: template.notes.compactMap(RunNoteText.standalone))
        }
        let operations = try await scalingOperations(interpreter: lister.interpreter.path)
        var names = operations.map(\.name)
        var benchmarks: [SuiteBenchmark] = []
        if !suite.names.isEmpty {
            let unknown = suite.names.filter { !names.contains($0) }
            benchmarks = unknown.map {
                SuiteBenchmark(name: $0, status: .failed,
                               message: "no scaling operation named '\($0)'; operations: " + names.joined(separator: ", "))
            }
            names = suite.names.filter { names.contains($0) }
            guard !names.isEmpty else { throw PythonsError.usage(benchmarks.map { $0.message ?? "" }.joined(separator: "\n")) }
        }
        return SuiteSession.Plan(name: "scaling", kind: .scaling, template: template, scripts: [],
                                 members: names.map { SuiteMember(name: $0, workload: .scaling(operation: $0)) },
                                 benchmarks: benchmarks,
                                 budget: budget ?? (bench.options.repeatCount == nil ? Self.defaultSecondsPerBenchmark * Double(names.count) : nil))
    }

    /// A pyperf script measured as a suite of the benchmarks it registers
    /// (when it registers more than one and --benchmark picks none).
    public func script(file: String, arguments: [String], template: BenchmarkRun, budget: Double?) -> SuiteSession.Plan {
        SuiteSession.Plan(name: file, kind: .script, template: template,
                          scripts: [((file as NSString).lastPathComponent, file, arguments)], members: [], benchmarks: [],
                          budget: budget ?? template.options.maxTime)
    }

    public struct ScalingOperation: Sendable, Equatable {
        public var name: String
        public var summary: String
    }

    /// The operations scaling.py defines, as it lists them.
    public func scalingOperations(interpreter: String) async throws -> [ScalingOperation] {
        let request = ProcessRequest(
            executable: interpreter,
            arguments: ["-S", "-s", PythonScripts.path("workloads/scaling.py", environment: session.environment.variables)],
            environment: RuntimeSettings.defaults.childEnvironment(from: session.environment.variables),
            timeout: .seconds(60))
        let outcome = try await session.runner.run(request)
        guard outcome.succeeded else {
            throw PythonsError.failure("\(interpreter) could not list the scaling operations: \(outcome.lastErrorLine ?? "\(outcome.termination)")")
        }
        return outcome.standardOutput.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return fields.count == 2 ? ScalingOperation(name: fields[0], summary: fields[1]) : nil
        }
    }
}
