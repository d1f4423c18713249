import Foundation

/// `pythons report`: stored runs (or a suite) as one self-contained HTML page.
public enum ReportCommand {
    public static let defaultTitle = "Pythons benchmark report"

    /// - Parameters:
    ///   - runs: runs as `show` names them, or one suite (`suite:ID`, a
    ///     suite's JSON); none is the latest run.
    ///   - output: where the page goes.
    ///   - open: hand the page to the desktop's opener once written.
    public static func run(_ context: CommandContext, runs: [String] = [], output: String = "report.html",
                           title: String = defaultTitle, open: Bool = false) async throws {
        let environment = context.environment
        let store = try RunStore(environment: environment, forWriting: false)
        let references = runs.isEmpty ? ["latest"] : runs
        let path = environment.absolute(output)
        let summary: ReportSummary
        if let suite = try Self.suite(references, environment: environment, store: store) {
            let pageTitle = title == Self.defaultTitle ? "Pythons: \(suite.name)" : title
            do {
                try SuiteHTMLReport.render(suite, title: pageTitle, generatedAt: context.clock.now())
                    .write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw PythonsError.failure("cannot write \(output): \(error.localizedDescription)")
            }
            summary = ReportSummary(path: path, runs: suite.measuredRuns.compactMap { $0.run.number.map(String.init) ?? $0.run.id },
                                    machines: 1, suiteName: suite.name)
        } else {
            var reports: [RunReport] = []
            for reference in references {
                reports.append(RunReport(run: try store.resolve(reference)))
            }
            let document = ReportDocument(title: title, generatedAt: context.clock.now(), runs: reports)
            do {
                try HTMLReport.render(document).write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw PythonsError.failure("cannot write \(output): \(ErrorDescriptions.file(error))")
            }
            summary = ReportSummary(path: path, runs: reports.map(\.id), machines: document.machineGroups.count)
        }
        try context.print(summary)
        if open { Self.openInBrowser(path, console: context.console) }
    }

    /// The suite a report names: `suite:ID` (a suite kept under
    /// PYTHONS_HOME/suites, `suite:latest` for the newest) or a JSON file
    /// written by `pythons bench pyperformance|scaling --format json`; nil
    /// when the references are runs. A suite is reported on its own page.
    static func suite(_ references: [String], environment: PythonsEnvironment, store: RunStore) throws -> SuiteRun? {
        guard let first = references.first else { return nil }
        let named: SuiteRun?
        if first.hasPrefix("suite:") {
            named = try SuiteStore(environment: environment).load(String(first.dropFirst("suite:".count)), runs: store)
        } else if first.hasSuffix(".json"), let data = FileManager.default.contents(atPath: first),
                  let text = String(data: data.prefix(4096), encoding: .utf8), text.contains("\"suite\"") {
            named = try SuiteDocument.read(path: first).suite
        } else {
            named = nil
        }
        guard let named else { return nil }
        guard references.count == 1 else {
            throw PythonsError.usage("a suite is reported on its own page: give `pythons report \(first)` alone")
        }
        return named
    }

    /// Hands the page to the desktop's opener, detached: unlike Pythons' own
    /// children (stopped with their process group when they end), the browser
    /// it starts must outlive this command. A machine without an opener gets
    /// a message, not a failure, since the page is written either way.
    static func openInBrowser(_ path: String, console: Console) {
        let opener = ["/usr/bin/xdg-open", "/usr/bin/open"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else {
            console.warning("no xdg-open or open on this machine: open \(path) in a browser")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [path]
        do {
            try process.run()
        } catch {
            console.warning("\(opener) could not start (\(error.localizedDescription)): open \(path) in a browser")
        }
    }
}

/// `pythons report --format json`; as text, where the page went and what
/// it holds.
public struct ReportSummary: CommandOutput, Codable, Equatable {
    public var schemaVersion = 1
    public var path: String
    public var runs: [String]
    public var machines: Int
    /// The suite the page shows, if it shows one (text only).
    public var suiteName: String?

    private enum CodingKeys: String, CodingKey { case schemaVersion, path, runs, machines }

    public init(path: String, runs: [String], machines: Int, suiteName: String? = nil) {
        self.path = path
        self.runs = runs
        self.machines = machines
        self.suiteName = suiteName
    }

    public func text(_ context: TextContext) -> CommandText {
        let contents = suiteName.map { "\($0), \(runs.count) benchmark\(runs.count == 1 ? "" : "s")" }
            ?? "\(runs.count) run\(runs.count == 1 ? "" : "s") on \(machines) machine\(machines == 1 ? "" : "s")"
        return CommandText(lines: ["wrote \(context.environment.abbreviate(path)): \(contents)"])
    }
}
