import Synchronization
import Testing
@testable import PythonsCore

/// What a live line writes, caught instead of going to stderr.
final class CaughtOutput: Sendable {
    private let text = Mutex("")
    var writer: LiveLine.Writer { { piece in self.text.withLock { $0 += piece } } }
    /// What was written since the last call.
    func take() -> String {
        text.withLock { text in
            defer { text = "" }
            return text
        }
    }
}

/// A clock a test moves by hand.
final class ManualClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var now: @Sendable () -> ContinuousClock.Instant { { self.instant.withLock { $0 } } }
    func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
}

@Suite("The live progress line of bench and install")
struct LiveLineTests {
    static let erase = "\r\u{1B}[K"

    @Test("on a terminal: drawn in place, throttled, erased before other lines, and gone for good after finish")
    func onTerminal() {
        let caught = CaughtOutput()
        let line = LiveLine(isShown: true, minimumInterval: .seconds(3600), write: caught.writer)
        line.update { "one" }
        #expect(caught.take() == "\rone\u{1B}[K")
        line.update { Issue.record("a throttled update made its line"); return "two" }
        #expect(caught.take() == "")
        line.interject { caught.writer("warning: x\n") }
        #expect(caught.take() == Self.erase + "warning: x\n")
        line.update { "three" }
        #expect(caught.take() == "\rthree\u{1B}[K", "the update after a message draws at once")
        line.printAbove("note")
        line.redraw("four")
        #expect(caught.take() == Self.erase + "note\n" + "\rfour\u{1B}[K")
        line.finish()
        #expect(caught.take() == Self.erase)
        line.update { "five" }
        line.redraw("six")
        line.finish()
        #expect(caught.take() == "")
        #expect(ProgressLine.erase == LiveLine.erase && ProgressLine.redraw("x") == LiveLine.redraw("x"))
    }

    @Test("off a terminal: no live line at all, and lines above it are plain lines")
    func offTerminal() {
        let caught = CaughtOutput()
        let line = LiveLine(isShown: false, write: caught.writer)
        line.update { Issue.record("a hidden line was made"); return "x" }
        line.redraw("x")
        line.printAbove("plain")
        line.interject { caught.writer("also plain\n") }
        line.finish()
        #expect(caught.take() == "plain\nalso plain\n")
    }

    @Test("install off a terminal: a plain line as each phase starts and ends, warnings and notes as they come")
    func installPlain() {
        let caught = CaughtOutput()
        let progress = InstallProgress(style: .plain, write: caught.writer)
        progress.handle(.note("building cpython-3.13.5; log: ~/x.log"))
        progress.handle(.started(.configure))
        progress.handle(.finished(.configure, .seconds(5)))
        progress.handle(.started(.compile))
        progress.handle(.progress(.compile, "412 files compiled"))
        progress.handle(.warning("no CPython 3.11 or newer found"))
        progress.handle(.finished(.compile, .seconds(62)))
        progress.stop()
        #expect(caught.take() == """
            building cpython-3.13.5; log: ~/x.log
            configure ...
            configure done in 5 s
            compile ...
            warning: no CPython 3.11 or newer found
            compile done in 1 min 2 s, 412 files compiled

            """)
    }

    @Test("install on a terminal: one coloured line with the phase's time, the count and the total, redrawn under each message")
    func installLive() {
        let caught = CaughtOutput()
        let clock = ManualClock()
        let style = TerminalStyle(usesColor: true, isInteractive: true)
        let progress = InstallProgress(style: style, tick: nil, now: clock.now, write: caught.writer)
        func live(_ text: String) -> String { "\r" + style.paint(text, .cyan) + "\u{1B}[K" }
        clock.advance(.seconds(65))
        progress.handle(.started(.compile))
        #expect(caught.take() == live("compile 0:00  (total 1:05)"))
        clock.advance(.seconds(62))
        progress.handle(.progress(.compile, "412 files compiled"))
        #expect(caught.take() == "", "progress waits for the next tick")
        progress.handle(.note("waiting"))
        #expect(caught.take() == Self.erase + "waiting\n" + live("compile 1:02  412 files compiled  (total 2:07)"))
        progress.handle(.finished(.compile, .seconds(62)))
        #expect(caught.take() == Self.erase + style.paint("compile", .green) + " done in 1 min 2 s, 412 files compiled\n",
                "between phases there is no live line")
        progress.stop()
        #expect(caught.take() == "")
    }
}
