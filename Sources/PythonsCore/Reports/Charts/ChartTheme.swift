import Foundation

/// Colours and the style sheet shared by every chart and the report page.
///
/// Series colours are Okabe and Ito's palette ("Color Universal Design",
/// 2002), which stays distinguishable under the common colour-vision
/// deficiencies; black is left out because it would vanish in the dark theme.
/// Text, axes and grid lines take their colours from CSS variables that
/// follow the reader's `prefers-color-scheme`.
public enum ChartTheme {
    public static let seriesColors: [String] = [
        "#0072B2", // blue
        "#E69F00", // orange
        "#009E73", // bluish green
        "#D55E00", // vermillion
        "#CC79A7", // reddish purple
        "#56B4E9", // sky blue
        "#F0E442", // yellow: last, as thin yellow lines are faint on white
    ]

    public static func color(forSeries index: Int) -> String {
        seriesColors[index % seriesColors.count]
    }

    /// Whether text on a bar of this colour must be white to be read: only
    /// the darkest colour of the palette (blue) needs it; black has the
    /// higher contrast on all the others.
    public static func needsLightText(_ color: String) -> Bool {
        guard color.count == 7, let value = Int(color.dropFirst(), radix: 16) else { return false }
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(value >> 16 & 0xFF) + 0.7152 * linear(value >> 8 & 0xFF) + 0.0722 * linear(value & 0xFF)
        // WCAG contrast against white (1.05 / (L + 0.05)) against black ((L + 0.05) / 0.05).
        return 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05
    }

    /// Chart rules. Inside the HTML report they are part of the page's style
    /// sheet; a standalone SVG file carries them itself.
    public static let css = """
    svg.pythons-chart { --chart-background: #ffffff; --chart-text: #1a1a1a; --chart-muted: #595959; --chart-axis: #6e6e6e; --chart-grid: #e4e4e4; --chart-reference: #404040; --chart-box: #f2f2f2; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; font-size: 12px; }
    @media (prefers-color-scheme: dark) {
      svg.pythons-chart { --chart-background: #16181d; --chart-text: #e6e6e6; --chart-muted: #a6a6a6; --chart-axis: #8c8c8c; --chart-grid: #2e323a; --chart-reference: #c8c8c8; --chart-box: #262a31; }
    }
    svg.pythons-chart text { fill: var(--chart-text); }
    svg.pythons-chart .chart-background { fill: var(--chart-background); }
    svg.pythons-chart .chart-title { font-size: 14px; font-weight: 600; }
    svg.pythons-chart .muted { fill: var(--chart-muted); }
    svg.pythons-chart .axis { stroke: var(--chart-axis); stroke-width: 1; fill: none; }
    svg.pythons-chart .grid { stroke: var(--chart-grid); stroke-width: 1; }
    svg.pythons-chart .reference { stroke: var(--chart-reference); stroke-width: 1.5; stroke-dasharray: 6 4; fill: none; }
    svg.pythons-chart .cores { stroke: var(--chart-muted); stroke-width: 1; stroke-dasharray: 2 3; }
    svg.pythons-chart .whisker { stroke: var(--chart-text); stroke-width: 1.5; fill: none; }
    svg.pythons-chart .box { fill: var(--chart-box); stroke: var(--chart-axis); stroke-width: 1; }
    svg.pythons-chart .median-band { fill: var(--chart-text); fill-opacity: 0.3; }
    svg.pythons-chart .median-line { stroke: var(--chart-text); stroke-width: 2; }
    svg.pythons-chart text.on-bar.light { fill: #ffffff; }
    svg.pythons-chart text.on-bar.dark { fill: #000000; }
    """
}
