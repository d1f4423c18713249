import Foundation
import PythonsCore
import Synchronization

/// The one progress line `bench` redraws on stderr while it measures, on a
/// terminal only. Redraws are throttled (a fast workload records hundreds of
/// samples a second), and other messages erase it first so they never land
/// in the middle of it.
final class ProgressDisplay: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var visible = false
    }

    private let shown: Bool
    private let state = Mutex(State())
    private static let interval = Duration.milliseconds(100)

    init(shown: Bool) {
        self.shown = shown
    }

    func show(_ progress: BenchProgress) {
        guard shown else { return }
        state.withLock { state in
            let now = ContinuousClock.now
            if let last = state.lastDraw, now - last < Self.interval { return }
            state.lastDraw = now
            state.visible = true
            let environment = ProcessInfo.processInfo.environment
            let line = ProgressLine.render(progress, width: TerminalWidth.columns(fileDescriptor: 2, environment: environment) - 1,
                                           style: Console.stderrStyle, glyphs: ChartGlyphs.forEnvironment(environment))
            FileHandle.standardError.write(Data(ProgressLine.redraw(line).utf8))
        }
    }

    /// Erases the line, lets `write` print, and lets the next update redraw.
    func interject(_ write: () -> Void) {
        state.withLock { state in
            if state.visible { FileHandle.standardError.write(Data(ProgressLine.erase.utf8)) }
            state.visible = false
            state.lastDraw = nil
        }
        write()
    }

    /// Erases the line for good, before the results are printed.
    func finish() {
        state.withLock { state in
            if state.visible { FileHandle.standardError.write(Data(ProgressLine.erase.utf8)) }
            state.visible = false
        }
    }
}
