import ArgumentParser
import PythonsCore

extension Pythons {
    struct Uninstall: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall",
            abstract: "Remove builds that `pythons install` made, and their links in PYTHONS_BIN.",
            discussion: """
                VERSION names an install as `pythons install` does: 3.13t, 3.13.5j, 3.13+tier2, \
                cpython-3.13.5+freethreaded. A request matching no install, or several, removes \
                nothing and exits 2.
                """
        )

        @Argument(help: "Installs to remove.")
        var versions: [String]

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if versions.isEmpty { throw ValidationError("name what to uninstall, for example `pythons uninstall 3.13t`") }
        }

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output).execute { [versions] in try await UninstallCommand.run($0, versions: versions) }
        }
    }
}
