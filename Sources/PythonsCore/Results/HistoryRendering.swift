import Foundation

/// The text `pythons history` prints: one row a run, newest first; with no
/// runs, a line on stderr saying how to make one.
extension HistoryReport {
    public func text(_ context: TextContext) -> CommandText {
        guard !runs.isEmpty else {
            return CommandText([.message("no runs stored in \(context.environment.abbreviate(database)) yet: `pythons bench gil` makes one")])
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let table = TextTable(
            header: ["RUN", "STARTED", "STATUS", "WORKLOAD", "SAMPLES", "HOST", "CONFIGURATIONS"],
            rows: runs.map { run in
                [String(run.number), formatter.string(from: run.startedAt), run.status.rawValue, run.workload.description,
                 String(run.processes), run.hostname, run.configurations.joined(separator: ", ")]
            },
            alignments: [.right, .left, .left, .left, .right, .left, .left])
        return CommandText(lines: table.render { context.style.paint($0, .bold) })
    }
}
