/// Reads the seed's banner (see `Banner`) of interpreters under runtime
/// settings, by starting each one with probe.py --banner under them. `info`,
/// `repl` and `bench` (for every configuration it measures) read banners
/// through here: each distinct interpreter and settings once, all at once.
public struct BannerProbe: Sendable {
    /// An interpreter and the settings it starts under.
    public struct Target: Sendable, Hashable {
        public var path: String
        public var settings: RuntimeSettings
    }

    public enum Reading: Sendable {
        case banner(Banner, facts: InterpreterFacts)
        /// The interpreter did not start (or did not answer) under the settings.
        case failed(reason: String)
    }

    private let prober: InterpreterProber

    /// - Parameter timeout: how long one interpreter may take to answer.
    public init(runner: ProcessRunner, environment: PythonsEnvironment, timeout: Duration) {
        prober = InterpreterProber(runner: runner, environment: environment, timeout: timeout)
    }

    /// Each target's reading; throws only when the task is cancelled.
    public func read(_ targets: some Sequence<Target>) async throws -> [Target: Reading] {
        let unique = Set(targets)
        let readings = await withTaskGroup(of: (Target, Reading).self) { group in
            for target in unique {
                group.addTask {
                    switch await prober.probe(executable: target.path, settings: target.settings, banner: true) {
                    case .facts(let facts): (target, .banner(Banner(facts: facts), facts: facts))
                    case .failure(let reason): (target, .failed(reason: reason))
                    }
                }
            }
            var collected: [Target: Reading] = [:]
            for await (target, reading) in group { collected[target] = reading }
            return collected
        }
        try Task.checkCancellation()
        return readings
    }
}
