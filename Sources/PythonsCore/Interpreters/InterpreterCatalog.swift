import Foundation

/// Every interpreter found on the machine, each real executable once, the
/// virtual environments found (each venv once, apart from its base), plus the
/// candidates that could not be used and why.
public struct InterpreterCatalog: Sendable, Codable, Equatable {
    /// Plain interpreters: what version requests and default sets choose from.
    public var interpreters: [Interpreter]
    /// Interpreters inside venvs: chosen by their path (`--python .venv/bin/python`).
    public var venvs: [Interpreter]
    public var problems: [CandidateProblem]
    /// pyenv shims seen on PATH and not run (pyenv's versions are read directly).
    public var skippedShims: [String]

    public init(interpreters: [Interpreter], venvs: [Interpreter] = [], problems: [CandidateProblem], skippedShims: [String]) {
        self.interpreters = interpreters
        self.venvs = venvs
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

        public init(explicitPaths: [String] = [], refresh: Bool = false, probeTimeout: Duration = InterpreterProber.defaultTimeout, parallelism: Int = 8) {
            self.explicitPaths = explicitPaths
            self.refresh = refresh
            self.probeTimeout = probeTimeout
            self.parallelism = parallelism
        }
    }

    /// The key that tells interpreters apart, and keys the probe cache: the
    /// real file, and the venv it runs in.
    public static func identityKey(resolvedPath: String, venvPrefix: String?) -> String {
        venvPrefix.map { "\(resolvedPath) in venv \($0)" } ?? resolvedPath
    }

    /// Candidate paths that run the same file in the same venv, in priority order.
    private struct Group {
        var identity: FileIdentity
        var venv: VirtualEnvironment?
        var paths: [Candidate]
    }

    /// Finds, identifies and probes (in parallel, through the cache) every
    /// candidate interpreter.
    public static func discover(environment: PythonsEnvironment, options: Options = Options(),
                                runner: ProcessRunner) async -> InterpreterCatalog {
        let discovery = InterpreterDiscovery(environment: environment)
        let explicit = options.explicitPaths.map { environment.absolute($0) }
        let candidates = discovery.candidates(explicitPaths: explicit)
        let (groups, initialProblems, shims) = group(candidates, discovery: discovery)

        var problems = initialProblems
        if let active = environment.variables["VIRTUAL_ENV"], !active.isEmpty, !candidates.contains(where: { $0.source == .virtualEnv }) {
            // An activated venv that was deleted since: say so rather than nothing.
            problems.append(CandidateProblem(path: active, foundIn: .virtualEnv, reason: "VIRTUAL_ENV names no folder with an interpreter in its bin folder (the venv was deleted or moved); run `deactivate`, or activate another venv", venv: active))
        }
        var cache = ProbeCache(file: "\(environment.cacheFolder)/probes.json")
        let prober = InterpreterProber(runner: runner, environment: environment, timeout: options.probeTimeout)
        var results: [Int: ProbeCache.Result] = [:]
        var toProbe: [(index: Int, path: String)] = []
        func cacheKey(_ group: Group) -> (key: String, config: FileIdentity?) {
            (identityKey(resolvedPath: FilePaths.resolve(group.paths[0].path), venvPrefix: group.venv?.prefix),
             group.venv.flatMap { FileIdentity.of($0.configFile) })
        }
        for (index, group) in groups.enumerated() {
            let (key, config) = cacheKey(group)
            if !options.refresh, let cached = cache.lookup(key: key, identity: group.identity, configIdentity: config) {
                results[index] = cached
            } else {
                // The path a row shows, so that sys.executable in its facts is that path.
                toProbe.append((index, primaryPath(of: group.paths, inVenv: group.venv != nil)))
            }
        }

        if !toProbe.isEmpty {
            let probed = await probeAll(toProbe, prober: prober, parallelism: max(1, options.parallelism))
            for (index, result) in probed {
                results[index] = result
                let (key, config) = cacheKey(groups[index])
                cache.store(result, key: key, identity: groups[index].identity, configIdentity: config)
            }
            cache.save()
        }

        var interpreters: [Interpreter] = []
        var venvs: [Interpreter] = []
        for (index, group) in groups.enumerated() {
            let first = group.paths[0]
            switch results[index]! {
            case .facts(let facts):
                var sources: [DiscoverySource] = []
                for candidate in group.paths where !sources.contains(candidate.source) { sources.append(candidate.source) }
                let primary = primaryPath(of: group.paths, inVenv: group.venv != nil)
                let interpreter = Interpreter(
                    path: primary, resolvedPath: FilePaths.resolve(primary),
                    aliases: group.paths.map(\.path).filter { $0 != primary },
                    foundIn: sources, facts: facts, venv: group.venv)
                if group.venv == nil { interpreters.append(interpreter) } else { venvs.append(interpreter) }
            case .failure(let reason):
                problems.append(CandidateProblem(path: first.path, foundIn: first.source,
                                                 reason: group.venv?.explainStartFailure(reason) ?? reason, venv: group.venv?.prefix))
            }
        }
        interpreters.sort(by: listingOrder)
        venvs.sort { lhs, rhs in
            let (left, right) = (lhs.foundIn.first ?? .uv, rhs.foundIn.first ?? .uv)
            return left != right ? left < right : lhs.path < rhs.path
        }
        return InterpreterCatalog(interpreters: interpreters, venvs: venvs, problems: problems, skippedShims: shims)
    }

    /// Groups candidates by the file they run and the venv they run it in,
    /// setting aside pyenv shims and what cannot run (one problem per venv).
    private static func group(_ candidates: [Candidate], discovery: InterpreterDiscovery)
        -> (groups: [Group], problems: [CandidateProblem], shims: [String]) {
        var groups: [Group] = []
        var groupIndex: [String: Int] = [:]
        var problems: [CandidateProblem] = []
        var shims: [String] = []
        var brokenVenvs = Set<String>()
        for candidate in candidates {
            if candidate.source != .explicit, discovery.isPyenvShim(candidate.path) {
                shims.append(candidate.path)
                continue
            }
            if let reason = folderReason(candidate.path) {
                problems.append(CandidateProblem(path: candidate.path, foundIn: candidate.source, reason: reason))
                continue
            }
            let lookup = VirtualEnvironment.lookup(forExecutable: candidate.path)
            if let prefix = lookup.prefix, brokenVenvs.contains(prefix) { continue }
            var venv: VirtualEnvironment?
            switch lookup {
            case .none: break
            case .venv(let found): venv = found
            case .broken(let prefix, let reason):
                brokenVenvs.insert(prefix)
                problems.append(CandidateProblem(path: candidate.path, foundIn: candidate.source, reason: reason, venv: prefix))
                continue
            }
            guard let identity = FileIdentity.of(candidate.path) else {
                if let venv, let reason = venv.missingBaseReason(executable: candidate.path) {
                    brokenVenvs.insert(venv.prefix)
                    problems.append(CandidateProblem(path: candidate.path, foundIn: candidate.source, reason: reason, venv: venv.prefix))
                } else {
                    problems.append(CandidateProblem(path: candidate.path, foundIn: candidate.source,
                                                     reason: FileManager.default.fileExists(atPath: candidate.path) || isSymlink(candidate.path) ? "a link to a file that does not exist" : "no such file"))
                }
                continue
            }
            let key = identity.fileKey + (venv.map { " in venv " + $0.prefix } ?? "")
            if let index = groupIndex[key] {
                groups[index].paths.append(candidate)
            } else {
                groupIndex[key] = groups.count
                groups.append(Group(identity: identity, venv: venv, paths: [candidate]))
            }
        }
        return (groups, problems, shims)
    }

    /// A folder given where an interpreter belongs: what to give instead,
    /// its bin/python when it is a venv or an installation.
    static func folderReason(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        let python = (path as NSString).appendingPathComponent("bin/python")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: (path as NSString).appendingPathComponent("bin")))?
            .filter(InterpreterDiscovery.isInterpreterName).sorted { ($0.count, $0) < ($1.count, $1) } ?? []
        let kind = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("pyvenv.cfg")) ? "a venv's folder" : "a folder"
        guard let name = names.first else { return "\(kind), not an interpreter: give the path of its python" }
        return "\(kind), not an interpreter: give its python, \(names.contains("python") ? python : (path as NSString).appendingPathComponent("bin/" + name))"
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
    /// python3.6m rather than python3.6); in a venv, whose names are all
    /// links, the most specific link; else the first path found (a path
    /// given with --python is run as given).
    static func primaryPath(of paths: [Candidate], inVenv: Bool = false) -> String {
        let best = paths.filter { $0.source == paths[0].source }
        let realNames = best.filter { !isSymlink($0.path) }
        // In a venv every name is a link to the base: the most specific one then.
        let names = inVenv && realNames.isEmpty && best[0].source != .explicit ? best : realNames
        let specific = names.max { lhs, rhs in
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
    /// Versions name plain interpreters only; a venv's is chosen by its path.
    /// Paths are matched by the real file behind them and the venv they run in.
    public func select(_ request: InterpreterRequest, environment: PythonsEnvironment) throws(PythonsError) -> Interpreter {
        switch request {
        case .path(let path):
            let absolute = environment.absolute(path)
            let venvPrefix = VirtualEnvironment.lookup(forExecutable: absolute).prefix
            if let venvPrefix, let problem = problems.first(where: { $0.venv == venvPrefix }) {
                throw .usage("\(path) is not a usable interpreter: \(problem.reason)")
            }
            if let reason = Self.folderReason(absolute) { throw .usage("\(path) is not a usable interpreter: \(reason)") }
            guard let identity = FileIdentity.of(absolute) else {
                throw .usage("no interpreter at \(path): no such file")
            }
            // The same file in another venv, or outside any, is another interpreter.
            func isRequested(_ candidatePath: String, venv: String?) -> Bool {
                venv == venvPrefix && FileIdentity.of(candidatePath)?.fileKey == identity.fileKey
            }
            if let found = (interpreters + venvs).first(where: { isRequested($0.path, venv: $0.venv?.prefix) }) {
                return found
            }
            let reason = problems.first { isRequested($0.path, venv: $0.venv) }?.reason ?? "it was not probed"
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
            if !chosen.contains(where: { $0.identityKey == interpreter.identityKey }) { chosen.append(interpreter) }
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
