import ArgumentParser
import PythonsCore

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every Python interpreter on this machine and what it supports.",
        discussion: """
            Looks in PATH, pyenv's versions folder (PYENV_ROOT), uv's managed folder \
            (UV_PYTHON_INSTALL_DIR), Pythons' own installs (PYTHONS_HOME) and any --python \
            path. States are as each interpreter starts by default. Results are cached per \
            executable; a changed executable is probed again.
            """
    )

    @Option(name: .customLong("python"), help: "Also probe this interpreter path (repeatable).")
    var pythons: [String] = []

    @OptionGroup var discovery: DiscoveryOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let environment = PythonsEnvironment()
        let catalog = try await Interruption.run { [discovery, pythons] in
            await InterpreterCatalog.discover(environment: environment, options: discovery.catalogOptions(explicitPaths: pythons))
        }
        switch output.format {
        case .json: try Console.json(ListReport(catalog: catalog))
        case .text: Console.print(lines: catalog.textLines(style: Console.stdoutStyle, environment: environment))
        }
    }
}
