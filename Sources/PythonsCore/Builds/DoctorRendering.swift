/// The text `pythons doctor` prints: the checks as a table (missing ones
/// red, warnings yellow), what to do about each, and which builds are
/// possible.
extension DoctorReport {
    public func text(_ context: TextContext) -> CommandText {
        let style = context.style
        let table = TextTable(header: ["STATUS", "CHECK", "FOUND"], rows: checks.map { check in
            [check.status.rawValue, check.name, context.environment.abbreviate(check.detail)]
        })
        var lines = table.render(decorateHeader: { style.paint($0, .bold) }).enumerated().map { index, line in
            guard index > 0 else { return line }
            switch checks[index - 1].status {
            case .ok: return line
            case .warning: return style.paint(line, .yellow)
            case .missing: return style.paint(line, .red)
            }
        }
        let fixes = checks.filter { $0.status != .ok && $0.fix != nil }
        if !fixes.isEmpty {
            lines.append("")
            lines.append("to do:")
            lines += fixes.map { "  \($0.name): \($0.fix!)" }
        }
        lines.append("")
        let possible = capabilities.filter(\.possible).map(\.build)
        lines.append("can build: " + (possible.isEmpty ? "nothing" : possible.joined(separator: ", ")))
        let impossible = capabilities.filter { !$0.possible }
        if !impossible.isEmpty {
            lines.append("cannot build: " + impossible.map { "\($0.build) (\($0.reason ?? "unknown"))" }.joined(separator: ", "))
        }
        return CommandText(lines: lines)
    }
}
