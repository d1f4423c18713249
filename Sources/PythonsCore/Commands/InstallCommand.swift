import Foundation

/// `pythons install`: builds and installs a CPython variant from source,
/// with its progress on stderr.
public enum InstallCommand {
    /// - Parameters:
    ///   - version: what to build, as given: 3.13.5, 3.13t, 3.13j, 3.13+tier2, ...
    ///   - jobs: nil for every core; the rest as `InstallOptions` has them.
    public static func run(_ context: CommandContext, version: String, source: String? = nil, sha256: String? = nil,
                           jobs: Int? = nil, build: BuildOptions = BuildOptions(), llvmToolsFolder: String? = nil,
                           force: Bool = false, link: Bool = false, useCcache: Bool = true) async throws {
        let request: VersionRequest
        switch try InterpreterRequest.parseAll([version]).first {
        case .version(let parsed)?: request = parsed
        default: throw PythonsError.usage("install takes a version such as 3.13t, 3.13j or 3.13.5, not a path: \(version)")
        }
        let options = InstallOptions(
            request: request, source: source, sha256: sha256, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            build: build, llvmToolsFolder: llvmToolsFolder, force: force, link: link, useCcache: useCcache)
        let progress = InstallProgress(style: context.console.stderrStyle, now: context.clock.instant,
                                       write: context.console.standardErrorWriter)
        let installer = Installer(environment: context.environment, runner: context.runner, events: { progress.handle($0) })
        let report: InstallReport
        do {
            report = try await installer.install(options)
            progress.stop()
        } catch {
            progress.stop()
            throw error
        }
        try context.print(report)
    }
}

extension InstallReport {
    public func text(_ context: TextContext) -> CommandText {
        let spelling = manifest.variant.requestSpelling(manifest.version)
        var lines: [String]
        switch status {
        case .installed: lines = ["installed \(name) (\(spelling)) in \(Duration.seconds(seconds).formattedMinutes)"]
        case .alreadyInstalled: lines = ["\(name) (\(spelling)) is already installed; --force rebuilds it"]
        }
        lines.append("  \(executable)")
        lines += links.map { "  linked \(context.environment.abbreviate($0))" }
        return CommandText(lines: lines)
    }
}

/// `pythons uninstall`: removes installs `pythons install` made, and their links.
public enum UninstallCommand {
    /// - Parameter versions: installs named as `pythons install` names them.
    public static func run(_ context: CommandContext, versions: [String]) async throws {
        try context.print(try Uninstaller(environment: context.environment).uninstall(versions))
    }
}

extension UninstallReport {
    public func text(_ context: TextContext) -> CommandText {
        CommandText(lines: removed.map { "removed \($0.name) (\(context.environment.abbreviate($0.folder)))" }
            + unlinked.map { "removed link \(context.environment.abbreviate($0))" })
    }
}
