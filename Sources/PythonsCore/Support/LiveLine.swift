import Foundation
import Synchronization

/// The one line Pythons keeps redrawing on stderr while it works: `bench`'s
/// progress and `install`'s phase. Other messages go above it through
/// `interject` or `printAbove`, which erase it first so that nothing lands in
/// the middle of it; redraws can be throttled (a fast workload records
/// hundreds of samples a second). Off a terminal (`isShown` false) it draws
/// nothing and lines printed above it are plain lines.
public final class LiveLine: Sendable {
    public typealias Writer = @Sendable (String) -> Void

    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var visible = false
        var finished = false
    }

    public let isShown: Bool
    private let minimumInterval: Duration
    private let write: Writer
    private let state = Mutex(State())

    /// - Parameters:
    ///   - minimumInterval: `update` draws at most this often.
    ///   - write: where the text goes; stderr unless a test catches it.
    public init(isShown: Bool, minimumInterval: Duration = .zero, write: @escaping Writer = LiveLine.standardError) {
        self.isShown = isShown
        self.minimumInterval = minimumInterval
        self.write = write
    }

    public static let standardError: Writer = { FileHandle.standardError.write(Data($0.utf8)) }

    /// What replaces the previous line: back to its start, the line, the rest
    /// of the old one cleared.
    public static func redraw(_ line: String) -> String { "\r" + line + "\u{1B}[K" }

    /// Erases the line.
    public static let erase = "\r\u{1B}[K"

    /// Draws `line` (made only when it is drawn) unless the last draw was
    /// less than `minimumInterval` ago.
    public func update(_ line: () -> String) {
        guard isShown else { return }
        state.withLock { state in
            let now = ContinuousClock.now
            guard !state.finished else { return }
            if let last = state.lastDraw, now - last < minimumInterval { return }
            state.lastDraw = now
            state.visible = true
            write(Self.redraw(line()))
        }
    }

    /// Draws `line` now, whenever the last draw was.
    public func redraw(_ line: String) {
        guard isShown else { return }
        state.withLock { state in
            guard !state.finished else { return }
            state.lastDraw = .now
            state.visible = true
            write(Self.redraw(line))
        }
    }

    /// Erases the line, lets `body` print, and lets the next update draw at
    /// once. `body` must not use this line.
    public func interject(_ body: () -> Void) {
        state.withLock { state in
            if state.visible { write(Self.erase) }
            state.visible = false
            state.lastDraw = nil
            body()
        }
    }

    /// A line of text above the live one (the live line is drawn again by
    /// the next update or redraw).
    public func printAbove(_ text: String) {
        interject { write(text + "\n") }
    }

    /// Erases the line for good, before results are printed; later updates
    /// draw nothing.
    public func finish() {
        state.withLock { state in
            if state.visible { write(Self.erase) }
            state.visible = false
            state.finished = true
        }
    }
}
