/// A run as `bench` and `show` print it: its `RunDocument` as JSON; as
/// text, the results table (RunRendering) with the medians as bars and, for
/// thread sweeps, the scaling chart, or with `--markdown` a Markdown table.
public typealias RunView = OptionedOutput<RunDocument>

extension OptionedOutput where Value == RunDocument {
    public init(_ document: RunDocument, markdown: Bool = false) { self.init(document, option: markdown) }
}

extension RunDocument: TextWithOption {
    /// - Parameter markdown: a Markdown table, without charts.
    public func text(_ context: TextContext, option markdown: Bool) -> CommandText {
        let rendering = RunRendering(run: run, analysis: analysis)
        if markdown { return CommandText(lines: rendering.markdownLines()) }
        return CommandText(lines: rendering.textLines(style: context.style) + charts(context))
    }

    /// The medians as bars, and thread scaling for sweeps, sized to the
    /// terminal (or COLUMNS); Unicode blocks unless the locale is C.
    func charts(_ context: TextContext) -> [String] {
        let report = RunReport(run: run, analysis: analysis)
        var lines: [String] = []
        let medians = TerminalCharts.medians(report, width: context.width, style: context.style, glyphs: context.glyphs)
        if !medians.isEmpty { lines += [""] + medians }
        let scaling = TerminalCharts.scaling(report, style: context.style, glyphs: context.glyphs)
        if !scaling.isEmpty { lines += [""] + scaling }
        return lines
    }
}

/// As text, a suite reads as SuiteRendering draws it, charts sized to stdout.
extension SuiteDocument: CommandOutput {
    public func text(_ context: TextContext) -> CommandText {
        CommandText(lines: SuiteRendering(suite: suite, analysis: analysis).textLines(
            style: context.style, glyphs: context.glyphs, width: context.width))
    }
}

/// As text, `compare`'s table and verdicts (RunComparison.textLines).
extension RunComparison: CommandOutput {
    public func text(_ context: TextContext) -> CommandText {
        CommandText(lines: textLines(style: context.style))
    }
}
