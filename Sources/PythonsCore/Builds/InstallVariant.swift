/// The four CPython builds `pythons install` makes, each into its own prefix
/// (installing two variants into one prefix overwrites python3.13).
public enum InstallVariant: String, Sendable, Codable, CaseIterable, Comparable {
    case stock, freethreaded, jit, tier2

    /// The variant a request names: `3.13` stock, `3.13t`, `3.13j`, `3.13+tier2`.
    /// The request grammar already refuses combinations.
    public init(_ variants: Set<BuildVariant>) {
        if variants.contains(.freethreaded) { self = .freethreaded }
        else if variants.contains(.jit) { self = .jit }
        else if variants.contains(.tier2) { self = .tier2 }
        else { self = .stock }
    }

    public var buildVariants: Set<BuildVariant> {
        switch self {
        case .stock: []
        case .freethreaded: [.freethreaded]
        case .jit: [.jit]
        case .tier2: [.tier2]
        }
    }

    /// configure flags, as in cpython-facts.md.
    public var configureFlags: [String] {
        switch self {
        case .stock: []
        case .freethreaded: ["--disable-gil"]
        case .jit: ["--enable-experimental-jit"]
        case .tier2: ["--enable-experimental-jit=interpreter"]
        }
    }

    /// "+freethreaded" in "cpython-3.13.5+freethreaded"; empty for stock.
    public var nameSuffix: String { self == .stock ? "" : "+\(rawValue)" }

    /// The executable `make install` creates in the prefix's bin folder.
    public func executableName(_ version: PythonVersion) -> String {
        "python\(version.featureVersion)\(self == .freethreaded ? "t" : "")"
    }

    /// The name the seed gives this build, which `--link` puts on PATH;
    /// the seed has none for the tier-2 interpreter.
    public func seedName(_ version: PythonVersion) -> String? {
        switch self {
        case .stock: "python\(version.featureVersion)"
        case .freethreaded: "python\(version.featureVersion)t"
        case .jit: "python\(version.featureVersion)j"
        case .tier2: nil
        }
    }

    /// "3.13.5t", "3.13.5j", "3.13.5+tier2": the request that names this build.
    public func requestSpelling(_ version: PythonVersion) -> String {
        VersionRequest(major: version.major, minor: version.minor, patch: version.patch,
                       prerelease: version.prerelease, variants: buildVariants).description
    }

    public static func < (lhs: InstallVariant, rhs: InstallVariant) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One build: which CPython, which variant. Its name is the install folder's.
public struct InstallTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    public var version: PythonVersion
    public var variant: InstallVariant

    public init(version: PythonVersion, variant: InstallVariant) {
        self.version = version
        self.variant = variant
    }

    /// "cpython-3.13.5+freethreaded": the folder under PYTHONS_HOME/installs.
    public var name: String { "cpython-\(version)\(variant.nameSuffix)" }

    public var description: String { name }

    /// Why a freshly built interpreter is not what was asked for, or nil when
    /// it is: the version, and the free-threading / JIT / tier-2 states it
    /// starts with by default. `jitOffByDefault` is for a JIT build configured
    /// with `--enable-experimental-jit=yes-off`.
    public func verificationProblem(_ facts: InterpreterFacts, jitOffByDefault: Bool = false) -> String? {
        guard facts.implementation == "CPython", facts.version == version else {
            return "it reports \(facts.implementation) \(facts.version), expected CPython \(version)"
        }
        let states = "free threading \(facts.freeThreading.rawValue), JIT \(facts.jit.rawValue), tier 2 \(facts.tier2.rawValue)"
        switch variant {
        case .stock:
            if facts.freeThreadedBuild || facts.jitBuild || facts.tier2 == .present {
                return "a stock build should have no free threading, JIT or tier 2, but it reports \(states)"
            }
        case .freethreaded:
            if facts.freeThreading != .enabled || facts.jitBuild {
                return "a free-threaded build should start with free threading enabled, but it reports \(states)"
            }
        case .jit:
            let expected: FeatureState = jitOffByDefault ? .disabled : .enabled
            if facts.jit != expected || facts.freeThreadedBuild {
                return "a JIT build should start with the JIT \(expected.rawValue), but it reports \(states)"
            }
        case .tier2:
            if !facts.isTier2InterpreterBuild || !facts.tier2Active {
                return "a tier-2 build should start with the micro-op interpreter on and no JIT, but it reports \(states)"
            }
        }
        return nil
    }
}
