import Foundation
import Testing
@testable import PythonsCore

/// The installer's pipeline in-process, on a small tarball whose configure
/// writes a Makefile: `make` prints two compiler lines, `make install` puts a
/// link to a real interpreter (the test home's stock 3.13 build) where the
/// built one would be, so verification probes a real CPython of the version
/// the tarball claims. Everything else (hashing, unpacking, locks, the log,
/// staging, the commit) is the real thing.
@Suite("The install pipeline, in-process", .tags(.interpreters))
struct InstallPipelineTests {
    /// A tarball of `version` whose build "installs" `interpreter` as
    /// `name` (python3.13, or python3.13t for a free-threaded build).
    static func fakeBuild(version: String, interpreter: String, name: String = "python3.13", at path: String) async throws {
        try await TarballMaker.fakeCPython(version: version, configureBody: """
            for a in "$@"; do case "$a" in --prefix=*) prefix="${a#--prefix=}";; esac; done
            echo "configure for $prefix"
            printf 'all:\\n\\t@echo "gcc -c -o Objects/a.o ../Objects/a.c"\\n\\t@echo "gcc -c -o Objects/b.o ../Objects/b.c"\\n' > Makefile
            printf 'install:\\n\\tmkdir -p $(DESTDIR)%s/bin\\n\\tln -s %s $(DESTDIR)%s/bin/\(name)\\n' "$prefix" '\(interpreter)' "$prefix" >> Makefile
            """, at: path)
    }

    /// The tarball of a build that "installs" the test home's stock 3.13 as
    /// `name`, and its sum. It claims a release Pythons knows, under another
    /// sum: --sha256 with this sum vouches for it.
    static func stockBuild(in scratch: InstallScratch, name: String = "python3.13") async throws
        -> (stock: InstallRegistry.Install, tarball: String, sha256: String) {
        let stock = try BuildsUnderTest.requireInstall(.stock)
        let tarball = "\(scratch.folder.path)/Python-\(stock.manifest.version).tar.xz"
        try await fakeBuild(version: stock.manifest.version.description, interpreter: stock.executable, name: name, at: tarball)
        return (stock, tarball, try await SourceFetcher(runner: ProcessRunner(), environment: scratch.environment).sha256(of: tarball))
    }

    @Test("a whole install: the steps' events in order, a manifest and the log in the install, nothing left in staging; again, a no-op")
    func wholeInstall() async throws {
        let scratch = InstallScratch()
        let (stock, tarball, sum) = try await Self.stockBuild(in: scratch)
        let version = stock.manifest.version.description
        let events = CaughtEvents()
        let installer = Installer(environment: scratch.environment, runner: ProcessRunner(), events: events.handler)
        let options = InstallOptions(request: try versionRequest(version), source: tarball, sha256: sum, jobs: 2, link: true)
        let report = try await installer.install(options)

        let target = InstallTarget(version: stock.manifest.version, variant: .stock)
        #expect(report.status == .installed && report.folder == scratch.folders.install(target))
        #expect(report.links == ["\(scratch.folder.path)/bin/python3.13"])
        let phases = events.all.compactMap { event -> String? in
            switch event {
            case .started(let phase): "start \(phase.rawValue)"
            case .finished(let phase, _): "end \(phase.rawValue)"
            default: nil
            }
        }
        #expect(phases == ["start extract", "end extract", "start configure", "end configure", "start compile", "end compile",
                           "start install", "end install", "start verify", "end verify"])
        let manifest = try #require(InstallManifest.read(installFolder: report.folder))
        #expect(manifest.compiledFiles == 2 && manifest.source.sha256 == sum && manifest.source.verifiedRelease)
        #expect(Set(manifest.phaseSeconds?.keys.map { $0 } ?? []) == ["configure", "compile", "install", "verify"])
        let log = try String(contentsOfFile: "\(report.folder)/pythons-build.log", encoding: .utf8)
        #expect(log.contains("configure for \(report.folder)") && log.contains("verified: 3.13"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folders.staging).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.folders.build(target)))

        let again = try await installer.install(options)
        #expect(again.status == .alreadyInstalled && again.folder == report.folder && again.manifest.source == manifest.source)
    }

    @Test("preflight once: a JIT build whose version is learnt from the tarball is checked once, before unpacking")
    func preflightOnce() async throws {
        let scratch = InstallScratch()
        let tarball = "\(scratch.folder.path)/Python-3.99.1.tar.xz"
        try await TarballMaker.fakeCPython(version: "3.99.1", configureBody: "echo 'configure: error: not really' >&2; exit 1", at: tarball)
        let events = CaughtEvents()
        let installer = Installer(environment: scratch.environment, runner: ProcessRunner(), events: events.handler)
        let error = await #expect(throws: PythonsError.self) {
            _ = try await installer.install(InstallOptions(request: try versionRequest("3.99j"), source: tarball, jobs: 1))
        }
        #expect(error?.message.hasPrefix("configure exited with status 1; log: ") == true, "\(String(describing: error))")
        #expect(events.warnings.filter { $0.contains("which LLVM") } == ["Pythons does not know which LLVM CPython 3.99's JIT needs; configure will check"])
        let llvm = events.all.firstIndex(of: .warning("Pythons does not know which LLVM CPython 3.99's JIT needs; configure will check"))
        let unpacked = events.all.firstIndex { if case .finished(.extract, _) = $0 { true } else { false } }
        #expect(llvm != nil && unpacked != nil && llvm! < unpacked!, "checked before the tree was unpacked")
    }

    @Test("verification: the staged interpreter must be the build asked for, else nothing is installed")
    func buildPhases() async throws {
        let scratch = InstallScratch()
        let (stock, tarball, sum) = try await Self.stockBuild(in: scratch, name: "python3.13t")
        let version = stock.manifest.version.description
        // Asked for the free-threaded variant, the stock interpreter is refused.
        let error = await #expect(throws: PythonsError.self) {
            _ = try await Installer(environment: scratch.environment, runner: ProcessRunner())
                .install(InstallOptions(request: try versionRequest(version + "t"), source: tarball, sha256: sum, jobs: 1))
        }
        #expect(error?.message.contains("the new interpreter is not a \(version)t build") == true, "\(String(describing: error))")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.folders.installs)) ?? []).isEmpty)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: scratch.folders.staging)) ?? []).isEmpty)
    }
}
