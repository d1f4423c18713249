import Foundation

/// Step 4 of an install: configure, make and make install into the staging
/// folder, each with its output appended to the build log, then the staged
/// interpreter's verification. Any failure, or Ctrl-C, becomes one error that
/// names the phase and the log.
struct BuildPhases: Sendable {
    var runner: ProcessRunner
    var events: @Sendable (InstallEvent) -> Void
    var verification: BuildVerification

    /// What the build did, for the manifest.
    struct Record: Sendable, Equatable {
        var compiledFiles = 0
        /// Wall time per phase: configure, compile, install, verify.
        var phaseSeconds: [String: Double] = [:]
    }

    func run(_ plan: BuildPlan, log: BuildLog) async throws -> Record {
        var record = Record()
        var phase = InstallPhase.configure
        do {
            try? FileManager.default.removeItem(atPath: plan.buildFolder)
            try FileManager.default.createDirectory(atPath: plan.buildFolder, withIntermediateDirectories: true)
            try plan.prepareBuildFolder()
            record.phaseSeconds["configure"] = try await step(.configure, plan.configure.request(environment: plan.environment),
                                                              log: log, name: "configure").seconds
            phase = .compile
            let compiled = try await step(.compile, plan.compile.request(environment: plan.environment), log: log, name: "make")
            record.compiledFiles = compiled.files
            record.phaseSeconds["compile"] = compiled.seconds
            phase = .install
            record.phaseSeconds["install"] = try await step(.install, plan.install.request(environment: plan.environment),
                                                            log: log, name: "make install").seconds
            phase = .verify
            record.phaseSeconds["verify"] = try await verify(plan, log: log)
        } catch {
            throw Self.failure(error, during: phase, of: plan, log: log)
        }
        return record
    }

    /// A phase's error as the user sees it.
    static func failure(_ error: any Error, during phase: InstallPhase, of plan: BuildPlan, log: BuildLog) -> PythonsError {
        if error is CancellationError || Task.isCancelled {
            log.note("interrupted during \(phase.rawValue)")
            return PythonsError(.interrupted, "interrupted during \(phase.rawValue): nothing was installed; log: \(log.path); build folder kept: \(plan.buildFolder)")
        }
        if let error = error as? PythonsError { return error }
        return PythonsError.failure("\(phase.rawValue) of \(plan.target.name) could not run: \(error); log: \(log.path)")
    }

    /// Runs configure or make with output to the log; a failure becomes an
    /// error with the log's last 30 lines. Returns the compiled-file count
    /// and the step's wall time.
    func step(_ phase: InstallPhase, _ request: ProcessRequest, log: BuildLog, name: String) async throws -> (files: Int, seconds: Double) {
        events(.started(phase))
        log.noteCommand(request)
        let began = ContinuousClock.now
        let follower = LogFollower(path: log.path)
        let events = self.events
        let termination = try await withPolling(every: .milliseconds(500), poll: {
            let count = follower.poll()
            if phase == .compile { events(.progress(phase, count == 1 ? "1 file compiled" : "\(count) files compiled")) }
        }) {
            try await runner.run(request, stdout: .append(to: log.path), stderr: .mergeIntoOutput).termination
        }
        let count = follower.poll()
        guard termination == .exited(0) else {
            let tail = log.tail(30)
            log.note("\(name) \(termination)")
            throw PythonsError.failure("\(name) \(termination); log: \(log.path)",
                                       details: ["last lines of the log:"] + tail.map { "  " + $0 })
        }
        let elapsed = ContinuousClock.now - began
        events(.finished(phase, elapsed))
        return (count, elapsed.seconds)
    }

    private func verify(_ plan: BuildPlan, log: BuildLog) async throws -> Double {
        events(.started(.verify))
        let began = ContinuousClock.now
        try await verification.verify(plan, log: log)
        events(.finished(.verify, ContinuousClock.now - began))
        return (ContinuousClock.now - began).seconds
    }
}

/// Step 5 of an install: the staged interpreter starts, and is the build
/// asked for (version, free threading, JIT, tier 2).
struct BuildVerification: Sendable {
    var environment: PythonsEnvironment
    var runner: ProcessRunner

    func verify(_ plan: BuildPlan, log: BuildLog) async throws {
        let prober = InterpreterProber(runner: runner, environment: environment, timeout: .seconds(60))
        switch await prober.probe(executable: plan.stagedExecutable) {
        case .failure(let reason):
            log.note("verification failed: \(plan.stagedExecutable) \(reason)")
            throw PythonsError.failure("the new interpreter does not start: \(reason); nothing was installed; log: \(log.path)")
        case .facts(let facts):
            try Task.checkCancellation()
            log.note("verified: \(facts.sysVersion.split(separator: "\n").joined(separator: " ")); free threading \(facts.freeThreading.rawValue), JIT \(facts.jit.rawValue), tier 2 \(facts.tier2.rawValue)")
            if let problem = plan.target.verificationProblem(facts, jitOffByDefault: plan.configure.jitOffByDefault) {
                throw PythonsError.failure("the new interpreter is not a \(plan.target.variant.requestSpelling(plan.target.version)) build: \(problem); nothing was installed; log: \(log.path)")
            }
        }
    }
}
