import Foundation
import Testing
@testable import PythonsCore

/// The charts of a fixed small run, compared byte for byte with the SVG files
/// under Reports/Snapshots, so that any change to a chart's layout shows up
/// as a diff in review.
///
/// To accept a deliberate change, record the files again and review the diff
/// (open the .svg files in a browser to see them):
///
///     PYTHONS_RECORD_SNAPSHOTS=1 swift test --filter ChartSnapshotTests
///     git diff Tests/PythonsCoreTests/Reports/Snapshots
///
/// Recording fails each test on purpose, so a recording run is never taken
/// for a passing one.
@Suite("Chart snapshots")
struct ChartSnapshotTests {
    static let recording = !(ProcessInfo.processInfo.environment["PYTHONS_RECORD_SNAPSHOTS"] ?? "").isEmpty

    static func charts() -> [(name: String, svg: String?)] {
        let run = ReportFixtures.snapshotRun()
        return [
            ("comparison", ReportCharts.comparison(run)),
            ("thread-scaling", ReportCharts.threadScaling(run)),
            ("scaling", ReportCharts.scaling(run)),
            ("distribution", ReportCharts.distribution(run)),
        ]
    }

    @Test("each chart matches its stored SVG", arguments: ["comparison", "thread-scaling", "scaling", "distribution"])
    func chartMatchesSnapshot(name: String) throws {
        let svg = try #require(Self.charts().first { $0.name == name }?.svg, "the snapshot run has no \(name) chart")
        let path = "\(PackageFolders.reportTests)/Snapshots/\(name).svg"
        if Self.recording {
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(path); review the diff, then run again without PYTHONS_RECORD_SNAPSHOTS")
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no snapshot at \(path); record it with PYTHONS_RECORD_SNAPSHOTS=1 swift test --filter ChartSnapshotTests")
            return
        }
        if svg != expected {
            // Keep what was drawn beside the build, to open or diff.
            let actual = try PackageFolders.artifacts() + "/snapshot-\(name).actual.svg"
            try svg.write(toFile: actual, atomically: true, encoding: .utf8)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = svg.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(expectedLines.count, actualLines.count)
            let expectedLine = first < expectedLines.count ? String(expectedLines[first]) : "(end of file)"
            let actualLine = first < actualLines.count ? String(actualLines[first]) : "(end of file)"
            Issue.record("""
                \(name) chart differs from \(path) at line \(first + 1):
                  expected: \(expectedLine)
                  actual:   \(actualLine)
                drawn chart kept at \(actual); if the change is meant, record again (see ChartSnapshotTests)
                """)
        }
    }

    @Test("the stored snapshots are well-formed SVG")
    func snapshotsAreWellFormed() async throws {
        for name in ["comparison", "thread-scaling", "scaling", "distribution"] {
            let path = "\(PackageFolders.reportTests)/Snapshots/\(name).svg"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(try await XMLLint.problems(in: text, named: "\(name).svg") == nil)
        }
    }
}
