import Foundation
import PythonsCore
import Synchronization

/// Shows an install's progress on stderr. On a terminal: one line, redrawn
/// every second, with the phase, its elapsed time and the compiled-file count.
/// Otherwise (a log, CI): a plain line when each phase starts and ends.
final class InstallProgressDisplay: Sendable {
    private struct State {
        var phase: InstallPhase?
        var phaseStarted = ContinuousClock.now
        var detail = ""
        var lineShown = false
        var stopped = false
    }

    private let style: TerminalStyle
    private let environment: PythonsEnvironment
    private let state = Mutex(State())
    private let started = ContinuousClock.now
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    init(style: TerminalStyle, environment: PythonsEnvironment) {
        self.style = style
        self.environment = environment
        if style.isInteractive {
            ticker.withLock {
                $0 = Task { [weak self] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        self?.redraw()
                    }
                }
            }
        }
    }

    func handle(_ event: InstallEvent) {
        switch event {
        case .started(let phase):
            state.withLock {
                $0.phase = phase
                $0.phaseStarted = .now
                $0.detail = ""
            }
            if style.isInteractive { redraw() } else { write("\(phase.rawValue) ...") }
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
    func stop() {
        ticker.withLock { $0?.cancel() }
        let shown = state.withLock { state in
            defer { state.stopped = true; state.lineShown = false }
            return state.lineShown
        }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    /// A line above the live one.
    private func message(_ text: String) {
        if style.isInteractive {
            let shown = state.withLock { state in
                defer { state.lineShown = false }
                return state.lineShown
            }
            write((shown ? "\r\u{1B}[2K" : "") + text)
            redraw()
        } else {
            write(text)
        }
    }

    private func redraw() {
        let line: String? = state.withLock { state in
            guard !state.stopped, let phase = state.phase else { return nil }
            state.lineShown = true
            let phaseTime = Self.clock(ContinuousClock.now - state.phaseStarted)
            let total = Self.clock(ContinuousClock.now - started)
            let detail = state.detail.isEmpty ? "" : "  \(state.detail)"
            return "\(phase.rawValue) \(phaseTime)\(detail)  (total \(total))"
        }
        guard let line else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + style.paint(line, .cyan)).utf8))
    }

    private func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// "1:05".
    static func clock(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        return "\(seconds / 60):" + String(format: "%02d", seconds % 60)
    }
}
