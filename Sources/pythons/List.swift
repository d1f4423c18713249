import ArgumentParser
import PythonsCore

extension Pythons {
    struct List: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every Python interpreter on this machine and what it supports.",
            discussion: """
                Looks in PATH, pyenv's versions folder (PYENV_ROOT), uv's managed folder \
                (UV_PYTHON_INSTALL_DIR), Pythons' own installs (PYTHONS_HOME), the active venv \
                (VIRTUAL_ENV), .venv in the current folder and any --python path. A venv's python \
                is listed apart from its base, with the venv's own sys.prefix and site-packages; \
                choose it with --python PATH. States are as each interpreter starts by default. \
                Results are cached per executable and venv; a changed executable or pyvenv.cfg is \
                probed again.
                """
        )

        @Option(name: .customLong("python"), help: "Also probe this interpreter path (repeatable).")
        var pythons: [String] = []

        @OptionGroup var discovery: DiscoveryOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if pythons.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw ValidationError("--python needs an interpreter path, got an empty one (an unset shell variable?)")
            }
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output, discovery: discovery).execute { [pythons] in try await ListCommand.run($0, paths: pythons) }
        }
    }
}
