import Synchronization

/// `install`'s progress for a person, on stderr. On a terminal: one live line,
/// redrawn every second, with the phase, its elapsed time and the
/// compiled-file count, and warnings and notes above it. Elsewhere (a log, CI):
/// a plain line when each phase starts and ends.
public final class InstallProgress: Sendable {
    private struct State {
        var phase: InstallPhase?
        var phaseStarted: ContinuousClock.Instant
        var detail = ""
    }

    private let style: TerminalStyle
    private let line: LiveLine
    private let now: @Sendable () -> ContinuousClock.Instant
    private let started: ContinuousClock.Instant
    private let state: Mutex<State>
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - tick: how often the live line is redrawn (its clocks move); nil
    ///     redraws only on events.
    ///   - now: the clock behind the elapsed times.
    public init(style: TerminalStyle, tick: Duration? = .seconds(1),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
                write: @escaping LiveLine.Writer = LiveLine.standardError) {
        self.style = style
        line = LiveLine(isShown: style.isInteractive, write: write)
        self.now = now
        started = now()
        state = Mutex(State(phaseStarted: started))
        guard style.isInteractive, let tick else { return }
        ticker.withLock {
            $0 = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: tick)
                    self?.redraw()
                }
            }
        }
    }

    public func handle(_ event: InstallEvent) {
        switch event {
        case .started(let phase):
            let time = now()
            state.withLock {
                $0.phase = phase
                $0.phaseStarted = time
                $0.detail = ""
            }
            if line.isShown { redraw() } else { line.printAbove("\(phase.rawValue) ...") }
        case .progress(_, let detail):
            state.withLock { $0.detail = detail }
        case .finished(let phase, let duration):
            let detail = state.withLock { state in
                defer { state.phase = nil }
                return state.detail
            }
            let suffix = detail.isEmpty || phase != .compile ? "" : ", \(detail)"
            message("\(style.paint(phase.rawValue, .green)) done in \(duration.formattedMinutes)\(suffix)")
        case .warning(let text):
            message(style.paint("warning:", .yellow) + " " + text)
        case .note(let text):
            message(text)
        }
    }

    /// Clears the live line for good.
    public func stop() {
        ticker.withLock { $0?.cancel() }
        line.finish()
    }

    /// "compile 1:02  412 files compiled  (total 1:40)", or nil between phases.
    func status() -> String? {
        let time = now()
        return state.withLock { state in
            guard let phase = state.phase else { return nil }
            let detail = state.detail.isEmpty ? "" : "  \(state.detail)"
            return "\(phase.rawValue) \(Self.clock(time - state.phaseStarted))\(detail)  (total \(Self.clock(time - started)))"
        }
    }

    /// A line above the live one, which is then drawn again.
    private func message(_ text: String) {
        line.printAbove(text)
        redraw()
    }

    private func redraw() {
        if let status = status() { line.redraw(style.paint(status, .cyan)) }
    }

    /// "1:05".
    static func clock(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        return "\(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
    }
}
