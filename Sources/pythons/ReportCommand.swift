import ArgumentParser
import Foundation
import PythonsCore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write stored benchmark runs as one self-contained HTML page with charts.",
        discussion: """
            RUN is a run number from `pythons history`, a prefix of a run id, latest, or a JSON \
            file written by `pythons bench --format json` (also on another machine). Runs are \
            grouped by machine. The page needs nothing from the network: charts are inline SVG.
            """
    )

    @Argument(help: "The runs to include (default: latest).")
    var runs: [String] = []

    @Option(name: [.short, .customLong("output")], help: "Where to write the page.")
    var output = "report.html"

    @Option(help: "The page's title.")
    var title = "Pythons benchmark report"

    @Flag(help: "Open the page in the default browser (xdg-open or open) once written.")
    var open = false

    @OptionGroup var format: OutputOptions

    func validate() throws {
        guard !output.isEmpty, !output.hasSuffix("/") else {
            throw ValidationError("-o needs a file name, such as report.html")
        }
    }

    func run() async throws {
        let environment = PythonsEnvironment()
        let store = try RunStore(environment: environment)
        let references = runs.isEmpty ? ["latest"] : runs
        var reports: [RunReport] = []
        for reference in references {
            reports.append(RunReport(run: try store.resolve(reference)))
        }
        let document = ReportDocument(title: title, generatedAt: Date(), runs: reports)
        let path = FilePaths.absolute(output, home: environment.userHome)
        do {
            try HTMLReport.render(document).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw PythonsError.failure("cannot write \(output): \(error.localizedDescription)")
        }
        let machines = document.machineGroups.count
        switch format.format {
        case .json:
            try Console.json(ReportSummary(path: path, runs: reports.map(\.id), machines: machines))
        case .text:
            Console.print("wrote \(environment.abbreviate(path)): \(reports.count) run\(reports.count == 1 ? "" : "s") on \(machines) machine\(machines == 1 ? "" : "s")")
        }
        if open { try await Self.openInBrowser(path) }
    }

    /// Hands the page to the desktop's opener, detached: unlike Pythons' own
    /// children (stopped with their process group when they end), the browser
    /// it starts must outlive this command. A machine without an opener gets
    /// a message, not a failure, since the page is written either way.
    static func openInBrowser(_ path: String) async throws {
        let opener = ["/usr/bin/xdg-open", "/usr/bin/open"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else {
            Console.warning("no xdg-open or open on this machine: open \(path) in a browser")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [path]
        do {
            try process.run()
        } catch {
            Console.warning("\(opener) could not start (\(error.localizedDescription)): open \(path) in a browser")
        }
    }
}

/// `pythons report --format json`.
struct ReportSummary: Codable {
    var schemaVersion = 1
    var path: String
    var runs: [String]
    var machines: Int
}
