import ArgumentParser
import Foundation
import PythonsCore

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a stored benchmark run as `pythons bench` printed it.",
        discussion: "RUN is a run number from `pythons history`, a prefix of a run id, latest, or a JSON file written by `pythons bench --format json`."
    )

    @Argument(help: "The run to show.")
    var run: String = "latest"

    @Flag(help: "Print the results as a Markdown table.")
    var markdown = false

    @Option(help: "Write one pyperf JSON file per configuration into this folder.")
    var pyperf: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if markdown, output.format == .json { throw ValidationError("--markdown and --format json each print the results; choose one") }
    }

    func run() async throws {
        let store = try RunStore(environment: PythonsEnvironment())
        let run = try store.resolve(self.run)
        let document = RunDocument(run: run)
        switch output.format {
        case .json: try Console.json(document)
        case .text where markdown: Console.print(lines: RunRendering(run: run, analysis: document.analysis).markdownLines())
        case .text: Console.print(lines: RunRendering(run: run, analysis: document.analysis).textLines(style: Console.stdoutStyle))
        }
        if let pyperf {
            Console.message("pyperf files: " + (try RunExports.writePyperf(run, to: pyperf)).joined(separator: " "))
        }
    }
}
