import Foundation
import Synchronization

/// The warnings an install gives: shown as they happen and listed in its
/// report.
final class InstallWarnings: Sendable {
    private let events: @Sendable (InstallEvent) -> Void
    private let texts = Mutex<[String]>([])

    init(events: @escaping @Sendable (InstallEvent) -> Void) {
        self.events = events
    }

    func add(_ text: String) {
        texts.withLock { $0.append(text) }
        events(.warning(text))
    }

    var all: [String] { texts.withLock { $0 } }
}

/// The no-op step: whether the build asked for is installed already, decided
/// from manifests alone, so it is quick.
struct ExistingInstalls: Sendable {
    var environment: PythonsEnvironment

    var registry: InstallRegistry { InstallRegistry(environment: environment) }

    /// Before anything is fetched: an install from the same --source file,
    /// or, without --source, of the same release.
    func matching(_ identity: SourceResolution.Identity, options: InstallOptions) -> InstallRegistry.Install? {
        let variant = InstallVariant(options.request.variants)
        if let tarball = identity.localTarball { return matching(sha256: tarball.sha256, variant: variant) }
        guard options.source == nil, let version = identity.version else { return nil }
        return registry.installs().last { $0.manifest.version == version && $0.manifest.variant == variant }
    }

    /// An install of this variant built from the tarball with this sum.
    func matching(sha256: String, variant: InstallVariant) -> InstallRegistry.Install? {
        registry.installs().last { $0.manifest.source.sha256 == sha256 && $0.manifest.variant == variant }
    }

    /// The report of an install that is there already, with its link made
    /// when asked; other build options than its own need --force.
    func report(_ existing: InstallRegistry.Install, options: InstallOptions, started: ContinuousClock.Instant) throws -> InstallReport {
        guard existing.manifest.options == options.build else {
            throw PythonsError.usage("\(existing.manifest.name) is installed with \(existing.manifest.options.commandLineText), not \(options.build.commandLineText); add --force to rebuild it")
        }
        var links: [String] = []
        if options.link {
            let linker = InstallLinks(environment: environment)
            let link = try linker.plan(for: existing.manifest.target)
            try linker.create(link)
            links.append(link.path)
        }
        return InstallReport(schemaVersion: InstallReport.currentSchemaVersion, status: .alreadyInstalled,
                             name: existing.manifest.name, folder: existing.folder, executable: existing.executable,
                             manifest: existing.manifest, log: nil, links: links, warnings: [],
                             seconds: (ContinuousClock.now - started).seconds)
    }
}
