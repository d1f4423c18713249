import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Report: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write stored benchmark runs as one self-contained HTML page with charts.",
            discussion: """
                RUN is a run number from `pythons history`, a prefix of a run id, latest, or a JSON \
                file written by `pythons bench --format json` (also on another machine). Runs are \
                grouped by machine. A suite (`suite:ID` or `suite:latest`, or the JSON of `pythons bench \
                pyperformance|scaling --format json`) gets its own page: speedup per benchmark with the \
                geometric mean, or the scaling heat table. The page needs nothing from the network: \
                charts are inline SVG.
                """
        )

        @Argument(help: "The runs to include (default: latest).")
        var runs: [String] = []

        @Option(name: [.short, .customLong("output")], help: "Where to write the page.")
        var output = "report.html"

        @Option(help: "The page's title.")
        var title = ReportCommand.defaultTitle

        @Flag(help: "Open the page in the default browser (xdg-open or open) once written.")
        var open = false

        @OptionGroup var format: OutputOptions

        func validate() throws {
            guard !output.isEmpty, !output.hasSuffix("/") else {
                throw ValidationError("-o needs a file name, such as report.html")
            }
            // The page is written beside the target and renamed over it: over a
            // folder that fails late, over /dev/null (as root) it would replace
            // the device with a file.
            var status = stat()
            if stat(output, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                throw ValidationError("-o \(output) is not a regular file: give a file name, such as report.html")
            }
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: format).execute { [runs, output, title, open] in
                try await ReportCommand.run($0, runs: runs, output: output, title: title, open: open)
            }
        }
    }
}
