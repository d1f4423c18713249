/// Aligns rows of cells into columns for terminal output. Widths count
/// Unicode scalars, which matches what a terminal shows for the text Pythons
/// prints in tables (no wide or combining characters there).
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var header: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]

    public init(header: [String], rows: [[String]] = [], alignments: [Alignment]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments ?? Array(repeating: .left, count: header.count)
    }

    /// The table as lines, with two spaces between columns and no trailing
    /// spaces. `decorate` styles a header cell after padding (for colour).
    public func render(decorateHeader: (String) -> String = { $0 }) -> [String] {
        let columnCount = ([header.count] + rows.map(\.count)).max() ?? 0
        var widths = Array(repeating: 0, count: columnCount)
        for row in [header] + rows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.unicodeScalars.count)
            }
        }
        func line(_ cells: [String], decorate: (String) -> String) -> String {
            var parts: [String] = []
            for index in 0..<columnCount {
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
                let alignment = index < alignments.count ? alignments[index] : .left
                parts.append(decorate(alignment == .left ? cell + padding : padding + cell))
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        return [line(header, decorate: decorateHeader)] + rows.map { line($0, decorate: { $0 }) }
    }
}
