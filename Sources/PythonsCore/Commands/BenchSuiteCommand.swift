import Foundation

/// A pyperf script that registers several benchmarks and none was picked:
/// measured as a suite of them, from the listing already made.
struct SeveralPyperfBenchmarks: Error {
    var listing: PyperfScriptListing
}

extension BenchCommand {
    /// Lists the script's benchmarks on the first configuration that starts
    /// and sets the one to measure: the one asked for (a usage error when the
    /// script does not register it) or the only one.
    static func checkPyperfBenchmark(_ planned: BenchmarkRun, session: BenchmarkSession,
                                     workingDirectory: String?) async throws -> BenchmarkRun {
        guard case .pyperf(let file, let asked, let arguments, let suite) = planned.workload,
              let lister = planned.configurations.first(where: { $0.status != .failed }) else { return planned }
        let request = try PyperfScriptListing.request(
            file: file, arguments: arguments, interpreter: lister.interpreter.path, settings: lister.settings,
            environment: session.environment, timeout: .seconds(120), workingDirectory: workingDirectory)
        let listing: PyperfScriptListing
        switch PyperfScriptListing.interpret(try await session.runner.run(request), script: file) {
        case .success(let listed): listing = listed
        case .failure(let failure) where failure.isUsage: throw PythonsError.usage(failure.message)
        case .failure(let failure): throw PythonsError.failure("\(file) on \(lister.name): \(failure.message)")
        }
        var run = planned
        if let asked {
            _ = try listing.choose(asked, script: file)
            return run
        }
        guard listing.benchmarks.count == 1 else { throw SeveralPyperfBenchmarks(listing: listing) }
        run.workload = .pyperf(file: file, benchmark: listing.benchmarks[0].name, arguments: arguments, suite: suite)
        return run
    }

    func runSuite(_ suite: SuiteRequest, _ context: CommandContext) async throws {
        if suite.kind == .script {
            do {
                return try await runSingle(try makeRequest(context), context)
            } catch let several as SeveralPyperfBenchmarks {
                return try await runScriptSuite(several.listing, context)
            }
        }
        let maxTime = maxTime
        try await measureSuite(context) { planner, request, catalog, machine in
            switch suite.kind {
            case .pyperformance:
                let environment = planner.session.environment
                let package = try await PyperformancePackage.fetch(
                    environment: environment, runner: planner.session.runner,
                    pythons: Self.pipCandidates(catalog, requested: request.pythons, environment: environment)) {
                    context.console.message("fetching \(PyperformancePackage.suiteName) from PyPI into \(environment.abbreviate(PyperformancePackage.folder(environment: environment)))")
                }
                return try await planner.pyperformance(suite, bench: request, package: package, catalog: catalog,
                                                       machine: machine, budget: maxTime)
            case .scaling:
                return try await planner.scaling(suite, bench: request, catalog: catalog, machine: machine, budget: maxTime)
            case .script:
                throw PythonsError.usage("a script suite is planned from its listing")
            }
        }
    }

    /// Every benchmark a pyperf script registers, one run each.
    func runScriptSuite(_ listing: PyperfScriptListing, _ context: CommandContext) async throws {
        let maxTime = maxTime
        try await measureSuite(context) { planner, request, catalog, machine in
            let template = try await planner.session.plan(request, catalog: catalog, machine: machine)
            guard case .pyperf(let file, _, let arguments, _) = request.workload else {
                throw PythonsError.usage("not a pyperf script: \(request.workload)")
            }
            var plan = planner.script(file: file, arguments: arguments, template: template, budget: maxTime)
            plan.scripts = []
            plan.members = listing.benchmarks.map {
                SuiteMember(name: $0.name, workload: .pyperf(file: file, benchmark: $0.name, arguments: arguments, suite: nil))
            }
            if maxTime == nil, request.options.repeatCount == nil {
                plan.budget = SuitePlanner.defaultSecondsPerBenchmark * Double(plan.members.count)
            }
            return plan
        }
    }

    /// The bench request a suite plans its configurations from: the options
    /// as given, with a workload the planner replaces.
    func makeSuiteRequest(_ context: CommandContext) throws -> BenchmarkRequest {
        if SuiteRequest.isSuiteName(workload) {
            guard functionArguments.isEmpty, trailingArguments.isEmpty, n == nil, benchmark == nil else {
                throw PythonsError.usage("--args, -n and --benchmark are not for suites: name benchmarks after a colon, such as pyperformance:nbody,float")
            }
            return try makeRequest(context, workload: .gil(n: 1))
        }
        return try makeRequest(context)
    }

    /// Interpreters that may run pip to fetch pyperformance: those asked
    /// for first, then every CPython 3 found (pip goes into a folder of its
    /// own, so which one runs it does not matter).
    static func pipCandidates(_ catalog: InterpreterCatalog, requested: [InterpreterRequest],
                              environment: PythonsEnvironment) -> [String] {
        let asked = (try? catalog.select(requested, environment: environment)) ?? []
        let others = catalog.interpreters.filter { $0.isCPython && $0.version.major == 3 }
        var paths: [String] = []
        for interpreter in asked + others where !paths.contains(interpreter.path) { paths.append(interpreter.path) }
        return paths
    }
}

extension SuiteRequest {
    static func isSuiteName(_ text: String) -> Bool {
        ((try? parse(text)) ?? nil) != nil
    }
}
