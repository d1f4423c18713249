/// Where a benchmark stands while it runs: what the progress line shows.
public struct BenchProgress: Sendable, Equatable {
    /// Configurations finished (converged, at their fixed repeat count, or
    /// failed).
    public var configurationsDone: Int
    public var configurationsTotal: Int
    /// Samples taken so far, over all configurations.
    public var samplesTaken: Int
    /// With a fixed `--repeat`: samples the run will take in all.
    public var samplesPlanned: Int?
    /// The widest relative half-width of a median's 95% CI among the
    /// configurations still sampling (0.018 for ±1.8%); nil before there is
    /// one.
    public var currentPrecision: Double?
    /// `--precision` (0.01 for 1%); nil with a fixed `--repeat`.
    public var targetPrecision: Double?
    /// Seconds since the run started.
    public var elapsed: Double
    /// Seconds left by the run's own estimate, if it has one.
    public var estimatedTimeLeft: Double?
    /// `--max-time` in seconds, if any.
    public var timeLimit: Double?
    /// The configuration being measured now.
    public var current: String?

    public init(configurationsDone: Int, configurationsTotal: Int, samplesTaken: Int, samplesPlanned: Int? = nil,
                currentPrecision: Double? = nil, targetPrecision: Double? = nil, elapsed: Double,
                estimatedTimeLeft: Double? = nil, timeLimit: Double? = nil, current: String? = nil) {
        self.configurationsDone = configurationsDone
        self.configurationsTotal = configurationsTotal
        self.samplesTaken = samplesTaken
        self.samplesPlanned = samplesPlanned
        self.currentPrecision = currentPrecision
        self.targetPrecision = targetPrecision
        self.elapsed = elapsed
        self.estimatedTimeLeft = estimatedTimeLeft
        self.timeLimit = timeLimit
        self.current = current
    }

    /// How far along, 0...1: samples against the plan with `--repeat`,
    /// configurations done otherwise.
    public var fractionDone: Double {
        if let planned = samplesPlanned, planned > 0 { return min(Double(samplesTaken) / Double(planned), 1) }
        guard configurationsTotal > 0 else { return 0 }
        return min(Double(configurationsDone) / Double(configurationsTotal), 1)
    }

    /// Time left: the run's estimate, or else a projection for adaptive
    /// sampling, never beyond the time limit; nil when nothing is known.
    ///
    /// The projection uses that a CI's width falls as 1/√n: reaching the
    /// target from the current precision takes (current / target)² times the
    /// samples so far, so about elapsed × ((current / target)² − 1) more.
    public var timeLeft: TimeLeft? {
        let remainingLimit = timeLimit.map { max($0 - elapsed, 0) }
        var estimate = estimatedTimeLeft
        if estimate == nil, let current = currentPrecision, let target = targetPrecision, target > 0, elapsed > 0 {
            let ratio = current / target
            estimate = ratio <= 1 ? 0 : elapsed * (ratio * ratio - 1)
        }
        if estimate == nil, let planned = samplesPlanned, samplesTaken > 0, elapsed > 0 {
            estimate = elapsed * Double(max(planned - samplesTaken, 0)) / Double(samplesTaken)
        }
        switch (estimate, remainingLimit) {
        case let (estimate?, limit?): return TimeLeft(seconds: min(estimate, limit), isOnlyTheLimit: false)
        case let (estimate?, nil): return TimeLeft(seconds: estimate, isOnlyTheLimit: false)
        case let (nil, limit?): return TimeLeft(seconds: limit, isOnlyTheLimit: true)
        case (nil, nil): return nil
        }
    }

    public struct TimeLeft: Sendable, Equatable {
        public var seconds: Double
        /// Nothing but the time limit is known: "at most", not "about".
        public var isOnlyTheLimit: Bool
    }
}

/// Formats the one-line progress display `bench` keeps redrawing on a
/// terminal:
///
///     ▕███▌      ▏ 2/6 configurations · 84 samples · ±1.8% → 1% · ~42 s left · 3.13t (GIL off), 2 threads
public enum ProgressLine {
    /// Whether to show a progress line at all: on a terminal only, and not
    /// with `--quiet`.
    public static func isShown(style: TerminalStyle, quiet: Bool) -> Bool {
        style.isInteractive && !quiet
    }

    /// The line, at most `width` characters (the current label is shortened
    /// first). Colour marks the precision (met or not) where allowed.
    public static func render(_ progress: BenchProgress, width: Int = 100, style: TerminalStyle = .plain,
                              glyphs: ChartGlyphs = .unicode) -> String {
        var parts: [String] = []
        let configurations = "\(progress.configurationsDone)/\(progress.configurationsTotal) configurations"
        parts.append(configurations)
        if let planned = progress.samplesPlanned {
            parts.append("\(progress.samplesTaken)/\(planned) samples")
        } else {
            parts.append("\(progress.samplesTaken) \(progress.samplesTaken == 1 ? "sample" : "samples")")
        }
        if let current = progress.currentPrecision {
            let text = "±" + Format.percent(current)
            if let target = progress.targetPrecision {
                let met = current <= target
                parts.append(style.paint(text, met ? .green : .yellow) + " → " + Format.percent(target))
            } else {
                parts.append(text)
            }
        }
        if let left = progress.timeLeft {
            parts.append((left.isOnlyTheLimit ? "at most " : "~") + Format.timeLeft(left.seconds) + " left")
        }
        let cells = 10
        let filled = glyphs.bar(progress.fractionDone * Double(cells))
        let bar = (glyphs == .ascii ? "[" : "▕") + filled + String(repeating: " ", count: cells - filled.count) + (glyphs == .ascii ? "]" : "▏")
        var line = bar + " " + parts.joined(separator: " · ")
        // Colour codes take no room on screen: measure without them.
        let visible = visibleLength(line)
        if let current = progress.current, visible + 3 + 8 <= width {
            line += " · " + TerminalCharts.clip(current, to: width - visible - 3)
        } else if visible > width {
            // Too narrow for everything: the counts matter most, then the
            // precision; the line never wraps (a wrapped line cannot be redrawn).
            line = bar + " " + parts.prefix(2).joined(separator: " · ")
            if visibleLength(line) > width { line = TerminalCharts.clip(line, to: width) }
        }
        return line
    }

    /// What to write to stderr to replace the previous progress line.
    public static func redraw(_ line: String) -> String { LiveLine.redraw(line) }

    /// Erases the progress line before results are printed.
    public static let erase = LiveLine.erase

    static func visibleLength(_ text: String) -> Int {
        var count = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                count += 1
            }
        }
        return count
    }
}
