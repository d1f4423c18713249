import Foundation

/// Every interpreter found on the machine, each real executable once, plus the
/// candidates that could not be used and why.
public struct InterpreterCatalog: Sendable, Codable, Equatable {
    public var interpreters: [Interpreter]
    public var problems: [CandidateProblem]
    /// pyenv shims seen on PATH and not run (pyenv's versions are read directly).
    public var skippedShims: [String]

    public init(interpreters: [Interpreter], problems: [CandidateProblem], skippedShims: [String]) {
        self.interpreters = interpreters
        self.problems = problems
        self.skippedShims = skippedShims
    }

    public struct Options: Sendable {
        public var explicitPaths: [String]
        /// Probe every candidate again, ignoring the cache.
        public var refresh: Bool
        public var probeTimeout: Duration
        /// How many probes run at once.
        public var parallelism: Int

        public init(explicitPaths: [String] = [], refresh: Bool = false, probeTimeout: Duration = .seconds(5), parallelism: Int = 8) {
            self.explicitPaths = explicitPaths
            self.refresh = refresh
            self.probeTimeout = probeTimeout
            self.parallelism = parallelism
        }
    }

    /// Finds, identifies and probes (in parallel, through the cache) every
    /// candidate interpreter.
    public static func discover(environment: PythonsEnvironment, options: Options = Options(),
                                runner: ProcessRunner = ProcessRunner()) async -> InterpreterCatalog {
        let discovery = InterpreterDiscovery(environment: environment)
        let explicit = options.explicitPaths.map { FilePaths.absolute($0, home: environment.userHome) }

        // Group candidate paths by the real file behind them, in priority order.
        var groups: [(identity: FileIdentity, paths: [Candidate])] = []
        var groupIndex: [String: Int] = [:]
        var problems: [CandidateProblem] = []
        var shims: [String] = []
        for candidate in discovery.candidates(explicitPaths: explicit) {
            if candidate.source != .explicit, discovery.isPyenvShim(candidate.path) {
                shims.append(candidate.path)
                continue
            }
            guard let identity = FileIdentity.of(candidate.path) else {
                problems.append(CandidateProblem(path: candidate.path, foundIn: candidate.source,
                                                 reason: FileManager.default.fileExists(atPath: candidate.path) || isSymlink(candidate.path) ? "a link to a file that does not exist" : "no such file"))
                continue
            }
            if let index = groupIndex[identity.fileKey] {
                groups[index].paths.append(candidate)
            } else {
                groupIndex[identity.fileKey] = groups.count
                groups.append((identity, [candidate]))
            }
        }

        var cache = ProbeCache(file: "\(environment.cacheFolder)/probes.json")
        let prober = InterpreterProber(runner: runner, environment: environment, timeout: options.probeTimeout)
        var results: [Int: ProbeCache.Result] = [:]
        var toProbe: [(index: Int, path: String)] = []
        for (index, group) in groups.enumerated() {
            let resolved = FilePaths.resolve(group.paths[0].path)
            if !options.refresh, let cached = cache.lookup(resolvedPath: resolved, identity: group.identity) {
                results[index] = cached
            } else {
                // The path a row shows, so that sys.executable in its facts is that path.
                toProbe.append((index, primaryPath(of: group.paths)))
            }
        }

        if !toProbe.isEmpty {
            let probed = await probeAll(toProbe, prober: prober, parallelism: max(1, options.parallelism))
            for (index, result) in probed {
                results[index] = result
                cache.store(result, resolvedPath: FilePaths.resolve(groups[index].paths[0].path), identity: groups[index].identity)
            }
            cache.save()
        }

        var interpreters: [Interpreter] = []
        for (index, group) in groups.enumerated() {
            let first = group.paths[0]
            switch results[index]! {
            case .facts(let facts):
                var sources: [DiscoverySource] = []
                for candidate in group.paths where !sources.contains(candidate.source) { sources.append(candidate.source) }
                let primary = primaryPath(of: group.paths)
                interpreters.append(Interpreter(
                    path: primary, resolvedPath: FilePaths.resolve(primary),
                    aliases: group.paths.map(\.path).filter { $0 != primary },
                    foundIn: sources, facts: facts))
            case .failure(let reason):
                problems.append(CandidateProblem(path: first.path, foundIn: first.source, reason: reason))
            }
        }
        interpreters.sort(by: listingOrder)
        return InterpreterCatalog(interpreters: interpreters, problems: problems, skippedShims: shims)
    }

    private static func probeAll(_ work: [(index: Int, path: String)], prober: InterpreterProber,
                                 parallelism: Int) async -> [(Int, ProbeCache.Result)] {
        await withTaskGroup(of: (Int, ProbeCache.Result).self) { group in
            var pending = work[...]
            var finished: [(Int, ProbeCache.Result)] = []
            func startNext() {
                guard let next = pending.popFirst() else { return }
                group.addTask { (next.index, await prober.probe(executable: next.path)) }
            }
            for _ in 0..<parallelism { startNext() }
            while let result = await group.next() {
                finished.append(result)
                startNext()
            }
            return finished
        }
    }

    /// The path a row shows and commands run: among the paths of the
    /// highest-priority source, a name of the real file itself rather than a
    /// symlink (python3.13 rather than python or python3), and of hard links
    /// to it the most specific name (python3.13t rather than python3.13,
    /// python3.6m rather than python3.6); else the first path found.
    static func primaryPath(of paths: [Candidate]) -> String {
        let best = paths[0].source
        let realNames = paths.filter { $0.source == best && !isSymlink($0.path) }
        let specific = realNames.max { lhs, rhs in
            let (left, right) = ((lhs.path as NSString).lastPathComponent, (rhs.path as NSString).lastPathComponent)
            return (left.count, right) < (right.count, left)
        }
        return specific?.path ?? paths[0].path
    }

    private static func isSymlink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }

    /// Newest version first; at one version CPython before others, the plain
    /// build before its variants, then discovery priority.
    static func listingOrder(_ lhs: Interpreter, _ rhs: Interpreter) -> Bool {
        if lhs.version != rhs.version { return lhs.version > rhs.version }
        if lhs.isCPython != rhs.isCPython { return lhs.isCPython }
        if lhs.facts.shortName != rhs.facts.shortName { return lhs.facts.shortName < rhs.facts.shortName }
        return (lhs.foundIn.first ?? .uv) < (rhs.foundIn.first ?? .uv)
    }
}

extension InterpreterCatalog {
    /// The interpreter a request names. A version without a patch picks the
    /// newest patch; a plain version prefers a stock build to a JIT or tier-2
    /// one; at equal versions Pythons' own installs come first, then PATH order.
    /// Paths are matched by the real file behind them.
    public func select(_ request: InterpreterRequest, environment: PythonsEnvironment) throws(PythonsError) -> Interpreter {
        switch request {
        case .path(let path):
            let absolute = FilePaths.absolute(path, home: environment.userHome)
            guard let identity = FileIdentity.of(absolute) else {
                throw .usage("no interpreter at \(path): no such file")
            }
            if let found = interpreters.first(where: { FileIdentity.of($0.path)?.fileKey == identity.fileKey }) {
                return found
            }
            let reason = problems.first { FileIdentity.of($0.path)?.fileKey == identity.fileKey }?.reason ?? "it was not probed"
            throw .usage("\(path) is not a usable interpreter: \(reason)")
        case .version(let wanted):
            let matching = interpreters.filter { wanted.matches($0.facts) }
            guard !matching.isEmpty else {
                throw .usage("no interpreter matches '\(wanted)'", details: availableSummary(hint: wanted))
            }
            return matching.min { lhs, rhs in
                if lhs.version != rhs.version { return lhs.version > rhs.version }
                let lhsStock = !lhs.facts.jitBuild && lhs.facts.tier2 == .absent
                let rhsStock = !rhs.facts.jitBuild && rhs.facts.tier2 == .absent
                if wanted.variants.isEmpty, lhsStock != rhsStock { return lhsStock }
                if lhs.isManaged != rhs.isManaged { return lhs.isManaged }
                return (lhs.foundIn.first ?? .uv) < (rhs.foundIn.first ?? .uv)
            }!
        }
    }

    /// Resolves several requests, keeping their order and dropping repeats.
    public func select(_ requests: [InterpreterRequest], environment: PythonsEnvironment) throws(PythonsError) -> [Interpreter] {
        var chosen: [Interpreter] = []
        for request in requests {
            let interpreter = try select(request, environment: environment)
            if !chosen.contains(where: { $0.resolvedPath == interpreter.resolvedPath }) { chosen.append(interpreter) }
        }
        return chosen
    }

    /// Lines listing what exists, for the message of a request that matched
    /// nothing or could not be read.
    public func availableSummary(hint wanted: VersionRequest? = nil) -> [String] {
        var lines = ["available:"]
        if interpreters.isEmpty {
            lines.append("  (no interpreters found)")
        }
        let table = TextTable(header: ["BUILD", "IMPLEMENTATION", "VERSION", "PATH"], rows: interpreters.map {
            [$0.facts.shortName, $0.facts.implementation, $0.version.description, $0.path]
        })
        lines += interpreters.isEmpty ? [] : table.render().map { "  " + $0 }
        if let wanted, wanted.implementation == .cpython, wanted.major == 3, let minor = wanted.minor, minor >= 13 {
            lines.append("`pythons install \(wanted)` builds it")
        }
        return lines
    }
}
