import Foundation

/// Builds one SVG image as text. Coordinates are printed with at most two
/// decimals, so the same data always gives the same bytes (the snapshot test
/// relies on it) and files stay small.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var elements: [String] = []
    private var depth = 1

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func append(_ element: String) {
        elements.append(String(repeating: "  ", count: depth) + element)
    }

    mutating func openGroup(_ attributes: [(String, String)]) {
        append("<g\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func closeGroup() {
        depth -= 1
        append("</g>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: [(String, String)] = []) {
        append("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"\(Self.attributes(attributes))/>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, _ attributes: [(String, String)] = []) {
        append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\"\(Self.attributes(attributes))/>")
    }

    mutating func circle(cx: Double, cy: Double, r: Double, _ attributes: [(String, String)] = []) {
        append("<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\"\(Self.attributes(attributes))/>")
    }

    mutating func path(_ data: String, _ attributes: [(String, String)] = []) {
        append("<path d=\"\(data)\"\(Self.attributes(attributes))/>")
    }

    mutating func polyline(_ points: [(Double, Double)], _ attributes: [(String, String)] = []) {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        append("<polyline points=\"\(list)\"\(Self.attributes(attributes))/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start,
                       _ attributes: [(String, String)] = []) {
        var all: [(String, String)] = [("x", n(x)), ("y", n(y))]
        if anchor != .start { all.append(("text-anchor", anchor.rawValue)) }
        append("<text\(Self.attributes(all + attributes))>\(XMLText.escape(content))</text>")
    }

    /// Text turned 90° anticlockwise about its anchor: a y-axis title.
    mutating func verticalText(_ content: String, x: Double, y: Double, _ attributes: [(String, String)] = []) {
        append("<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\" transform=\"rotate(-90 \(n(x)) \(n(y)))\"\(Self.attributes(attributes))>\(XMLText.escape(content))</text>")
    }

    /// A series marker; shapes differ by series so that colour is never the
    /// only way to tell series apart.
    mutating func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double = 4.5, color: String) {
        let s = size
        switch shape {
        case .circle:
            circle(cx: x, cy: y, r: s, [("fill", color)])
        case .square:
            rect(x: x - s * 0.9, y: y - s * 0.9, width: s * 1.8, height: s * 1.8, [("fill", color)])
        case .triangleUp:
            path("M\(n(x)) \(n(y - s * 1.1))L\(n(x + s * 1.05)) \(n(y + s * 0.8))L\(n(x - s * 1.05)) \(n(y + s * 0.8))Z", [("fill", color)])
        case .diamond:
            path("M\(n(x)) \(n(y - s * 1.2))L\(n(x + s * 1.2)) \(n(y))L\(n(x)) \(n(y + s * 1.2))L\(n(x - s * 1.2)) \(n(y))Z", [("fill", color)])
        case .triangleDown:
            path("M\(n(x)) \(n(y + s * 1.1))L\(n(x + s * 1.05)) \(n(y - s * 0.8))L\(n(x - s * 1.05)) \(n(y - s * 0.8))Z", [("fill", color)])
        case .ring:
            circle(cx: x, cy: y, r: s * 0.85, [("fill", "none"), ("stroke", color), ("stroke-width", "2")])
        case .cross:
            path("M\(n(x - s)) \(n(y - s))L\(n(x + s)) \(n(y + s))M\(n(x - s)) \(n(y + s))L\(n(x + s)) \(n(y - s))",
                 [("stroke", color), ("stroke-width", "2.2"), ("fill", "none")])
        }
    }

    /// The finished image. `standalone` adds the XML namespace declaration's
    /// companion style sheet, so the file renders the same when opened on its
    /// own; inside the HTML report the page's style sheet covers every chart.
    func render(kind: String, title: String, description: String, standalone: Bool) -> String {
        var lines: [String] = []
        lines.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pythons-chart chart-\(kind)\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(XMLText.escape(title))\">")
        lines.append("  <title>\(XMLText.escape(title))</title>")
        lines.append("  <desc>\(XMLText.escape(description))</desc>")
        if standalone {
            lines.append("  <style>")
            lines.append(contentsOf: ChartTheme.css.split(separator: "\n").map { "    " + $0 })
            lines.append("  </style>")
        }
        lines.append("  <rect class=\"chart-background\" x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\"/>")
        lines.append(contentsOf: elements)
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined()
    }
}

private func n(_ value: Double) -> String { svgNumber(value) }

/// A coordinate as SVG text: two decimals at most, no trailing zeros.
func svgNumber(_ value: Double) -> String {
    var text = NumberText.fixed(value, decimals: 2)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
}

enum MarkerShape: CaseIterable {
    case circle, square, triangleUp, diamond, triangleDown, ring, cross

    static func forSeries(_ index: Int) -> MarkerShape { allCases[index % allCases.count] }
}

/// Escaping for XML text and attribute values (SVG and the XHTML-compatible
/// report page share it).
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            // XML 1.0 forbids most control characters even as references:
            // a stray escape code from a traceback must not break the file.
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

/// A rough width of text in the charts' sans-serif font, for layout: labels
/// must not run into the plot. It errs wide (0.56 em a character; digits and
/// most letters are narrower).
enum TextMetrics {
    static func width(_ text: String, fontSize: Double = 12) -> Double {
        Double(text.count) * fontSize * 0.56
    }

    /// `text`, shortened with "…" to fit `width` (the full text stays in the
    /// chart's description and the statistics table).
    static func fit(_ text: String, width: Double, fontSize: Double = 12) -> String {
        guard Self.width(text, fontSize: fontSize) > width else { return text }
        let characters = max(Int(width / (fontSize * 0.56)) - 1, 1)
        return String(text.prefix(characters)) + "…"
    }
}
