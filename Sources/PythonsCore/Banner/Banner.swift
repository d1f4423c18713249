/// The banner the seed's benchmark scripts print before every run:
///
///     ======================================================
///     💻 Linux 64bit with 4x CPU cores (x86_64 Little Endian)
///     🐍 CPython 3.12.3 /usr/bin/python3.12
///     Free Threading: unsupported
///     JIT Compiler: unsupported
///     ======================================================
///
/// The rules are as wide as the longest line, counted as Python's len() counts
/// (code points), which is what the seed does.
public struct Banner: Sendable, Equatable, Codable {
    public var platformLine: String
    public var interpreterLine: String
    public var freeThreading: FeatureState
    public var jit: FeatureState

    public init(platformLine: String, interpreterLine: String, freeThreading: FeatureState, jit: FeatureState) {
        self.platformLine = platformLine
        self.interpreterLine = interpreterLine
        self.freeThreading = freeThreading
        self.jit = jit
    }

    /// Built from a probe run with `--banner` under the settings of interest.
    /// Where platform.processor() is empty (Debian's `uname -p` says
    /// "unknown", which Python reports as ""), the machine name is shown, as
    /// the seed's own output shows it on Ubuntu.
    public init(facts: InterpreterFacts) {
        let processor = (facts.processor ?? "").isEmpty ? facts.machine : facts.processor!
        let cores = facts.cpuCount.map(String.init) ?? "None"
        let architecture = facts.architecture ?? "\(facts.pointerBits)bit"
        self.init(
            platformLine: "\u{1F4BB} \(facts.system) \(architecture) with \(cores)x CPU cores (\(processor) \(Banner.title(facts.byteorder)) Endian)",
            interpreterLine: "\u{1F40D} \(facts.implementation) \(facts.version) \(facts.executable)",
            freeThreading: facts.freeThreading,
            jit: facts.jit)
    }

    public static func stateText(_ state: FeatureState) -> String {
        state == .enabled ? "enabled \u{2728}" : state.rawValue
    }

    public var lines: [String] {
        let body = [platformLine, interpreterLine,
                    "Free Threading: \(Banner.stateText(freeThreading))",
                    "JIT Compiler: \(Banner.stateText(jit))"]
        let rule = String(repeating: "=", count: body.map(\.unicodeScalars.count).max() ?? 0)
        return [rule] + body + [rule]
    }

    public var text: String { lines.joined(separator: "\n") }

    /// Python's str.title() for one word: "little" → "Little".
    static func title(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst().lowercased()
    }
}
