import Foundation

/// A run's notes and flags in words, for every output: the bench and show
/// text, Markdown, the HTML report. Figures in them come from the run's
/// analysis, never from the note.
public enum RunNoteText {
    /// The note as one line; nil when there is nothing to say (sampling that
    /// stopped with every configuration converged after all).
    public static func line(_ note: RunNote, run: BenchmarkRun, analysis: RunAnalysis) -> String? {
        switch note {
        case .samplingStopped(let reason):
            return notConverged(reason, run: run, analysis: analysis)
        case .blocks(let blocks):
            guard blocks.count > 1, let first = blocks.first, let last = blocks.last else { return nil }
            let span = Format.timeLeft(last.finishedAt.timeIntervalSince(first.startedAt))
            let pause = Format.plainNumber(run.options.blockPauseSeconds)
            return "measured as \(blocks.count) runs (--runs): the interleaved design \(blocks.count) times, order rotated, \(pause) s apart, over \(span); intervals across runs come from the spread of their medians, so they take in what moves this machine within \(span), not what moves it over longer times (--block-pause spreads the runs further)"
        case .history(let history):
            return historyLine(history, run: run, analysis: analysis)
        default:
            return standalone(note)
        }
    }

    /// The words of a note that needs no figures (those known before
    /// anything is measured); nil for the others.
    public static func standalone(_ note: RunNote) -> String? {
        switch note {
        case .text(let text):
            return text
        case .newestInterpreterOnly(let interpreter):
            return "no CPython 3.12 or newer found; measuring the newest CPython here, \(interpreter) (`pythons install 3.13t` builds a free-threaded one)"
        case .skippedBuild(let interpreter, let settings):
            return "skipped \(interpreter): it cannot run \(settings.joined(separator: " or "))"
        case .skippedSettings(let interpreter, let settings):
            return "\(interpreter) runs only as it can: \(settings.joined(separator: " and ")) skipped"
        case .threadsBeyondCores(let cores):
            return "this machine has \(cores) core\(cores == 1 ? "" : "s"): beyond \(cores) thread\(cores == 1 ? "" : "s") the run measures the scheduler as much as the interpreter"
        case .failedToStart(let configuration, let reason):
            return "\(configuration) failed to start: \(reason)"
        case .ownerEnded(let pid):
            return "interrupted: the pythons process that measured this run (pid \(pid)) ended before finishing it (killed?); its samples are kept"
        case .sizedWorkload(let n, let interpreter):
            let target = "\(Int((WorkloadSizing.targetSeconds * 1000).rounded())) ms"
            return "-n \(n) chosen for this machine: a call of about \(target) at one thread on \(interpreter), timed once and kept in the cache so later runs measure the same workload; give -n to choose"
        case .samplingStopped, .blocks, .history:
            return nil
        }
    }

    /// Every note of the run that has words.
    public static func lines(_ run: BenchmarkRun, analysis: RunAnalysis) -> [String] {
        run.notes.compactMap { line($0, run: run, analysis: analysis) }
    }

    static func notConverged(_ reason: RunNote.SamplingStop, run: BenchmarkRun, analysis: RunAnalysis) -> String? {
        let unconverged = zip(run.configurations, analysis.configurations).filter { configuration, result in
            configuration.status != .failed && !result.converged
        }
        guard !unconverged.isEmpty else { return nil }
        let details = unconverged.map { configuration, result -> String in
            let count = result.summary?.count ?? 0
            let precision = result.time?.withinRunHalfWidth.map { "±" + Format.percent($0) } ?? "no interval yet"
            return "\(configuration.name) (\(precision) after \(count) process\(count == 1 ? "" : "es"))"
        }
        if let repeatCount = run.options.repeatCount {
            return "fewer than the \(repeatCount) processes asked for because the run was interrupted: " + details.joined(separator: "; ")
        }
        let why = switch reason {
        case .interrupted: "the run was interrupted"
        case .outOfTime: "--max-time \(Format.plainNumber(run.options.maxTime ?? 0)) s ran out"
        case .stopped: "sampling stopped"
        }
        let blocks = run.options.blockCount > 1 ? " in each of its \(run.options.blockCount) runs" : ""
        return "not converged to ±\(Format.percent(run.options.precision)) with at least \(run.options.minimumProcesses) processes\(blocks) because \(why): "
            + details.joined(separator: "; ") + (reason == .outOfTime ? ". " + whatItWouldTake(run, analysis: analysis) : "")
    }

    /// What reaching the precision would cost at the pace and spread seen:
    /// an interval of the median narrows as one over the square root of the
    /// processes, so a half-width h after n processes needs about n·(h/p)²
    /// for ±p, and every configuration runs in every round.
    static func whatItWouldTake(_ run: BenchmarkRun, analysis: RunAnalysis) -> String {
        let target = run.options.precision
        let needs = zip(run.configurations, analysis.configurations).compactMap { configuration, result -> (String, Int, Double)? in
            guard configuration.status != .failed, !result.converged, let count = result.summary?.count, count > 0,
                  let width = result.time?.withinRunHalfWidth, width > target else { return nil }
            return (configuration.name, count, Double(count) * (width / target) * (width / target))
        }
        guard let widest = needs.max(by: { $0.2 < $1.2 }), let finished = run.finishedAt else {
            return "Raise --max-time, or accept a wider --precision."
        }
        let elapsed = finished.timeIntervalSince(run.startedAt)
        let seconds = elapsed * widest.2 / Double(widest.1)
        let processes = Int(widest.2.rounded(.up))
        let precision = Format.percent(target)
        if seconds <= 3600 {
            return "At this spread ±\(precision) needs about \(processes) processes of \(widest.0) (about \(Format.timeLeft(seconds)) at this pace): rerun with --max-time \(Int(seconds.rounded(.up))), or accept a wider --precision."
        }
        let load = run.machine.loadAverage.first.map { ", load \(NumberText.fixed($0, decimals: 2)) on \(run.machine.logicalCores) cores" } ?? ""
        let widestWidth = zip(run.configurations, analysis.configurations).first { $0.0.name == widest.0 }?.1.time?.withinRunHalfWidth ?? target
        return "At this spread ±\(precision) would take about \(processes) processes of \(widest.0), \(Format.timeLeft(seconds)) at this pace: this machine is too noisy for it now\(load). Measure when it is quieter, or accept --precision \(Format.percent(widestWidth, decimals: 0))."
    }

    static func historyLine(_ history: RunHistory, run: BenchmarkRun, analysis: RunAnalysis) -> String? {
        let fromHistory = zip(run.configurations, analysis.configurations).compactMap { configuration, result -> (String, AcrossRunsInterval)? in
            guard let across = result.time?.acrossHistory else { return nil }
            return (configuration.name, across)
        }
        let numbers = history.runs.compactMap(\.number).sorted()
        let named = numbers.isEmpty ? "" : " (run\(numbers.count == 1 ? "" : "s") \(numbers.map(String.init).joined(separator: ", ")))"
        guard let widest = fromHistory.max(by: { $0.1.standardError < $1.1.standardError }) else {
            return "\(history.runs.count) earlier run\(history.runs.count == 1 ? "" : "s") of `\(run.workload)` on this machine\(named): too few of the same configurations for an interval across runs (\(AcrossRunsInterval.minimumEarlierRuns) needed)"
        }
        return "this machine's last \(widest.1.units) runs of `\(run.workload)` (this one and \(widest.1.units - 1) earlier\(named)): one run's median moves by about ±\(Format.percent(widest.1.standardError)) (standard deviation; widest: \(widest.0)), so intervals across runs include that spread"
    }

    /// Flags a configuration's row carries, short: "not converged",
    /// "unsteady", "2 outliers", "GIL was on in some workers".
    public static func rowFlags(_ configuration: ConfigurationRun, _ result: ConfigurationAnalysis) -> [String] {
        if configuration.status == .failed { return ["failed"] }
        var flags: [String] = []
        if result.summary != nil, !result.converged { flags.append("not converged") }
        if result.isUnsteady { flags.append("unsteady") }
        if result.summary != nil, result.time?.shownInterval == nil { flags.append("no CI (< 6 processes)") }
        if let outliers = result.summary?.outliers.count, outliers > 0 {
            flags.append("\(outliers) outlier\(outliers == 1 ? "" : "s")")
        }
        // What the workers saw at the end of the workload, against the label:
        // an extension module that does not declare free-threading support
        // turns the GIL back on when imported.
        if configuration.interpreter.freeThreadedBuild {
            let gilOn = configuration.pythonLabel.contains("(GIL on)")
            if configuration.processes.contains(where: { $0.gilEnabled.map { $0 != gilOn } ?? false }) {
                flags.append("GIL was \(gilOn ? "off" : "on") in some workers")
            }
        }
        if configuration.jitLabel != "unsupported" {
            let jitOn = configuration.jitLabel == "on"
            if configuration.processes.contains(where: { $0.jitEnabled.map { $0 != jitOn } ?? false }) {
                flags.append("JIT was \(jitOn ? "off" : "on") in some workers")
            }
        }
        return flags
    }

    /// One line per configuration whose processes were not steady: how many
    /// did what, with the modes' levels.
    public static func steadinessLines(_ run: BenchmarkRun, analysis: RunAnalysis) -> [String] {
        // Preempted timings make a second level too, on a machine with more
        // work than cores: say so, as the likelier cause there.
        let load = run.machine.loadAverage.first ?? 0
        let busy = load > Double(run.machine.logicalCores)
            ? " The machine was busy (load \(NumberText.fixed(load, decimals: 1)) on \(run.machine.logicalCores) cores): preempted calls also make such levels." : ""
        let show = "`pythons show\(run.number.map { " \($0)" } ?? "") --format json`"
        return zip(run.configurations, analysis.configurations).compactMap { configuration, result in
            guard let steadiness = result.steadiness, steadiness.isUnsteady else { return nil }
            return "unsteady: \(configuration.name): " + steadinessText(steadiness)
                + ": its median is not one steady quantity.\(busy) The timings: \(show)."
        }
    }

    /// "2 of 6 processes flipped between 3.701 and 7.702 ms, 1 warmed up late, 3 steady".
    public static func steadinessText(_ steadiness: Steadiness) -> String {
        var parts: [String] = []
        if steadiness.flipped > 0 {
            var part = "\(steadiness.flipped) of \(steadiness.checked) processes flipped between modes"
            if let modes = steadiness.modes, modes.count == 2 { part += " (\(Format.seconds(modes[0])) and \(Format.seconds(modes[1])))" }
            parts.append(part)
        }
        if steadiness.warmedUpLate > 0 { parts.append("\(steadiness.warmedUpLate) of \(steadiness.checked) warmed up late") }
        if steadiness.slowedDown > 0 { parts.append("\(steadiness.slowedDown) of \(steadiness.checked) slowed down") }
        parts.append("\(steadiness.steady) steady")
        if steadiness.tooFewTimings > 0 { parts.append("\(steadiness.tooFewTimings) with too few timings to tell") }
        return parts.joined(separator: ", ")
    }
}
