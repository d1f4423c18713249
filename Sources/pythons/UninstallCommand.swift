import ArgumentParser
import PythonsCore

struct UninstallCommand: AsyncParsableCommand {
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

    func run() async throws {
        let environment = PythonsEnvironment()
        let report = try Uninstaller(environment: environment).uninstall(versions)
        switch output.format {
        case .json:
            try Console.json(report)
        case .text:
            for removed in report.removed {
                Console.print("removed \(removed.name) (\(environment.abbreviate(removed.folder)))")
            }
            for link in report.unlinked { Console.print("removed link \(environment.abbreviate(link))") }
        }
    }
}
