/// What an interpreter says about itself: the decoded output of probe.py.
/// Field names follow the probe's JSON (snake_case there, camelCase here).
public struct InterpreterFacts: Sendable, Equatable, Codable {
    public var probeVersion: Int
    public var implementation: String
    public var version: PythonVersion
    public var sysVersion: String
    public var executable: String
    public var prefix: String
    public var basePrefix: String
    /// sys._base_executable: inside a venv, the interpreter it was made from.
    public var baseExecutable: String?
    public var abiflags: String
    public var extSuffix: String?
    public var soabi: String?
    /// Built with --disable-gil (Py_GIL_DISABLED).
    public var freeThreadedBuild: Bool
    /// sys._is_gil_enabled() as the probe ran (always true without free threading).
    public var gilEnabled: Bool
    /// Built with the JIT compiler (-D_Py_JIT in PY_CORE_CFLAGS).
    public var jitBuild: Bool
    /// The -D_Py_TIER2 bitmask: 1 JIT, 2 off by default, 4 micro-op interpreter.
    public var tier2Flags: Int?
    /// Whether the tier-2 optimizer (JIT or micro-op interpreter) ran as the
    /// probe ran; nil when the interpreter has no way to tell.
    public var uopOptimizerActive: Bool?
    public var configArgs: String?
    public var compiler: String
    public var includeDir: String?
    public var sitePackages: [String]
    public var pointerBits: Int
    public var system: String
    public var machine: String
    public var cpuCount: Int?
    public var byteorder: String
    /// PYTHON_GIL and PYTHON_JIT as the probe saw them.
    public var environment: [String: String?]
    /// platform.architecture()[0]; only with `probe.py --banner`.
    public var architecture: String?
    /// platform.processor(); only with `probe.py --banner`.
    public var processor: String?

    enum CodingKeys: String, CodingKey {
        case probeVersion = "probe_version", implementation, version, sysVersion = "sys_version"
        case executable, prefix, basePrefix = "base_prefix", baseExecutable = "base_executable", abiflags, extSuffix = "ext_suffix", soabi
        case freeThreadedBuild = "free_threaded_build", gilEnabled = "gil_enabled", jitBuild = "jit_build"
        case tier2Flags = "tier2_flags", uopOptimizerActive = "uop_optimizer_active", configArgs = "config_args"
        case compiler, includeDir = "include_dir", sitePackages = "site_packages", pointerBits = "pointer_bits"
        case system, machine, cpuCount = "cpu_count", byteorder, environment, architecture, processor
    }

    /// The version of probe.py this code reads; a cached report written by
    /// another version is probed again.
    public static let currentProbeVersion = 2
}

/// A three-way state as the seed's banner prints it.
public enum FeatureState: String, Sendable, Codable, Equatable {
    case unsupported, disabled, enabled
}

/// Whether the build creates tier-2 micro-op executors.
public enum Tier2State: String, Sendable, Codable, Equatable {
    case absent, present
}

extension InterpreterFacts {
    public var freeThreading: FeatureState {
        guard freeThreadedBuild else { return .unsupported }
        return gilEnabled ? .disabled : .enabled
    }

    public var jit: FeatureState {
        guard jitBuild else { return .unsupported }
        return tier2Active ? .enabled : .disabled
    }

    public var tier2: Tier2State { tier2Flags == nil ? .absent : .present }

    /// Built with the tier-2 micro-op interpreter but without the JIT.
    public var isTier2InterpreterBuild: Bool { tier2 == .present && !jitBuild }

    /// Whether micro-op executors are created now. When the interpreter cannot
    /// say, this follows PYTHON_JIT and the build's default as CPython does:
    /// a non-empty value other than "0" turns it on.
    public var tier2Active: Bool {
        guard let flags = tier2Flags else { return false }
        if let active = uopOptimizerActive { return active }
        if let setting = environment["PYTHON_JIT"] ?? nil, !setting.isEmpty {
            return setting != "0"
        }
        return flags & 2 == 0
    }

    /// The name the seed uses for this build: "3.13t" (free-threaded), "3.13j"
    /// (JIT), "3.13+tier2" (micro-op interpreter) or "3.13".
    public var shortName: String {
        let base = version.featureVersion
        if freeThreadedBuild { return base + "t" }
        if jitBuild { return base + "j" }
        if tier2 == .present { return base + "+tier2" }
        return base
    }
}
