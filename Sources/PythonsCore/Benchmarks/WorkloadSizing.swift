import Foundation

/// Sizes the seed's workloads for this machine when `-n` is not given: the
/// seed's defaults (fib(35) per thread, fib() 10,000 times) take seconds a
/// call, so a one-minute run on 2 cores holds a dozen processes and ends with
/// intervals of ±5% that answer nothing. A call of about `targetSeconds` lets
/// a minute hold a hundred processes of each configuration.
///
/// One short worker on the baseline interpreter times a small size, and the
/// size is scaled from it by how the workload grows: recursive fib(n) by the
/// golden ratio per step, the iterative fib over range(n) by n². The choice is
/// kept per machine and interpreter in the cache, so later runs of the same
/// command measure the same workload (history and `compare` match runs by
/// it) until the cache is deleted or `-n` is given.
public struct WorkloadSizing: Sendable {
    /// About the length of one call the sizing aims at, at one thread.
    public static let targetSeconds = 0.02

    public struct Size: Sendable, Equatable, Codable {
        public var n: Int
        /// The measured call at the probe size, scaled to `n`: what one call
        /// is expected to take.
        public var expectedSeconds: Double
        /// The interpreter the probe ran on.
        public var interpreter: String
    }

    public var environment: PythonsEnvironment
    public var runner: ProcessRunner
    public var timeout: Duration

    public init(environment: PythonsEnvironment, runner: ProcessRunner = ProcessRunner(), timeout: Duration = .seconds(60)) {
        self.environment = environment
        self.runner = runner
        self.timeout = timeout
    }

    /// The probe size for each workload: a call of a millisecond or two on
    /// CPython 3.11 to 3.15 here, long enough that the clock's resolution
    /// and a stray preemption do not decide the scale.
    static func probeN(_ kind: Workload.Kind) -> Int? {
        switch kind {
        case .gil: 20
        case .jit: 300
        default: nil
        }
    }

    /// The size for a call of `targetSeconds`, from one call at `probe`
    /// that took `seconds`; clamped to sizes that finish and mean something.
    public static func scaled(_ kind: Workload.Kind, probe: Int, seconds: Double, target: Double = targetSeconds) -> Int? {
        guard seconds > 0, seconds.isFinite else { return nil }
        switch kind {
        case .gil:
            // fib(n) makes fib(n-1) + fib(n-2) + 1 calls: φ times more per step.
            let golden = (1 + 5.0.squareRoot()) / 2
            let steps = (log(target / seconds) / log(golden)).rounded()
            return min(40, max(15, probe + Int(steps)))
        case .jit:
            // fib(i) for i in range(n) is n²/2 additions; two significant
            // digits, so that a little noise in the probe does not move it.
            let n = Double(probe) * (target / seconds).squareRoot()
            let magnitude = pow(10, (log10(max(n, 1))).rounded(.down) - 1)
            return min(100_000, max(100, Int((n / magnitude).rounded() * magnitude)))
        default:
            return nil
        }
    }

    /// The size for `kind` on `interpreter` under `settings`: from the cache,
    /// else measured (one worker process) and cached. Nil for a workload that
    /// is not sized; a failing probe throws its worker's one-line reason.
    public func size(_ kind: Workload.Kind, interpreter: String, settings: RuntimeSettings) async throws -> Size? {
        guard let probe = Self.probeN(kind) else { return nil }
        let key = "\(kind.rawValue)|\(interpreter)|\(settings.gil?.rawValue ?? "-")|\(settings.jit?.rawValue ?? "-")"
        var cache = readCache()
        if let cached = cache[key] { return cached }
        let workload: Workload = kind == .gil ? .gil(n: probe) : .jit(n: probe)
        let spec = WorkerSpec(workload: workload, threads: kind == .gil ? 1 : nil, warmup: nil, values: 5)
        let token = WorkerSpec.newToken()
        let request = try spec.request(interpreter: interpreter, settings: settings, environment: environment,
                                       timeout: timeout, workingDirectory: nil, token: token)
        let outcome = try await runner.run(request)
        switch WorkerResult.interpret(outcome, token: token) {
        case .failure(let failure):
            throw PythonsError.failure("cannot size the \(kind.rawValue) workload on \(interpreter): \(failure.message) (give -n to skip sizing)")
        case .success(let result):
            let seconds = Quantiles.median(result.valuesNs) / 1e9
            guard let n = Self.scaled(kind, probe: probe, seconds: seconds) else { return nil }
            let growth = kind == .gil ? pow((1 + 5.0.squareRoot()) / 2, Double(n - probe)) : pow(Double(n) / Double(probe), 2)
            let size = Size(n: n, expectedSeconds: seconds * growth, interpreter: interpreter)
            cache[key] = size
            writeCache(cache)
            return size
        }
    }

    /// The planned run of a seed workload given without `-n`, sized on its
    /// baseline configuration (the interpreter and settings every other is
    /// compared with) at its fewest threads, with a note naming the choice.
    /// Other workloads come back unchanged.
    public func sized(_ run: BenchmarkRun) async throws -> BenchmarkRun {
        let kind: Workload.Kind
        switch run.workload {
        case .gil: kind = .gil
        case .jit: kind = .jit
        default: return run
        }
        let candidates = run.configurations.filter { $0.status != .failed }
        let baseline = candidates.filter { $0.label == run.baseline }.min { ($0.threads ?? 1) < ($1.threads ?? 1) } ?? candidates.first
        guard let baseline,
              let size = try await size(kind, interpreter: baseline.interpreter.path, settings: baseline.settings) else { return run }
        var sized = run
        sized.workload = kind == .gil ? .gil(n: size.n) : .jit(n: size.n)
        sized.notes.append(.sizedWorkload(n: size.n, interpreter: baseline.label))
        return sized
    }

    var cachePath: String { "\(environment.cacheFolder)/workload-sizes.json" }

    func readCache() -> [String: Size] {
        guard let data = FileManager.default.contents(atPath: cachePath) else { return [:] }
        return (try? JSONDecoder().decode([String: Size].self, from: data)) ?? [:]
    }

    /// A cache: losing a write only means sizing again next time.
    func writeCache(_ cache: [String: Size]) {
        guard let data = try? JSONEncoder().encode(cache) else { return }
        try? FileManager.default.createDirectory(atPath: environment.cacheFolder, withIntermediateDirectories: true)
        let partial = cachePath + ".\(getpid())"
        guard FileManager.default.createFile(atPath: partial, contents: data) else { return }
        if rename(partial, cachePath) != 0 { try? FileManager.default.removeItem(atPath: partial) }
    }
}
