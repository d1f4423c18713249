import Foundation
import Testing
@testable import PythonsCore

@Suite("Links in PYTHONS_BIN and the install registry")
struct InstallLinksTests {
    let target = InstallTarget(version: PythonVersion(3, 13, 5), variant: .freethreaded)

    func environment(_ scratch: TemporaryFolder) -> PythonsEnvironment {
        PythonsEnvironment(variables: ["PYTHONS_HOME": "\(scratch.path)/home", "PYTHONS_BIN": "\(scratch.path)/bin", "HOME": scratch.path])
    }

    @Test("a free name gets a link into the install; a link Pythons made is re-pointed")
    func createsAndReplacesOwnLinks() throws {
        let scratch = TemporaryFolder()
        let links = InstallLinks(environment: environment(scratch))
        let link = try links.plan(for: target)
        #expect(link.path == "\(scratch.path)/bin/python3.13t")
        #expect(link.target == "\(scratch.path)/home/installs/cpython-3.13.5+freethreaded/bin/python3.13t")
        try links.create(link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == link.target)

        // A link of ours to another install (an older patch) is replaced.
        try FileManager.default.removeItem(atPath: link.path)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "\(scratch.path)/home/installs/cpython-3.13.4+freethreaded/bin/python3.13t")
        let again = try links.plan(for: target)
        try links.create(again)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == link.target)
    }

    @Test("a file or a foreign link under that name is never touched")
    func refusesForeignFiles() throws {
        let scratch = TemporaryFolder()
        let links = InstallLinks(environment: environment(scratch))
        let path = try scratch.write("bin/python3.13t", "#!/bin/sh\necho mine\n", executable: true)
        #expect(throws: PythonsError.self) { try links.plan(for: target) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "#!/bin/sh\necho mine\n")

        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/usr/bin/python3")
        do {
            _ = try links.plan(for: target)
            Issue.record("a foreign link was accepted")
        } catch {
            #expect(error.message == "--link: \(path) already exists and points to /usr/bin/python3, which Pythons did not make; remove it yourself or drop --link")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path) == "/usr/bin/python3")
    }

    @Test("tier-2 builds have no seed name, so --link is refused up front")
    func tier2HasNoName() {
        let scratch = TemporaryFolder()
        #expect(throws: PythonsError.self) {
            try InstallLinks(environment: environment(scratch)).plan(for: InstallTarget(version: PythonVersion(3, 13, 5), variant: .tier2))
        }
    }

    @Test("removing an install's links leaves other links and files alone")
    func removesOnlyLinksIntoTheInstall() throws {
        let scratch = TemporaryFolder()
        let environment = environment(scratch)
        let links = InstallLinks(environment: environment)
        try links.create(try links.plan(for: target))
        try links.create(try links.plan(for: InstallTarget(version: PythonVersion(3, 13, 5), variant: .jit)))
        try scratch.write("bin/tool", "x")
        let removed = links.removeLinks(into: "\(scratch.path)/home/installs/cpython-3.13.5+freethreaded")
        #expect(removed == ["\(scratch.path)/bin/python3.13t"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "\(scratch.path)/bin")) == ["python3.13j", "tool"])
    }

    func manifest(_ target: InstallTarget, sha: String = String(repeating: "a", count: 64)) -> InstallManifest {
        InstallManifest(schemaVersion: 1, name: target.name, version: target.version, variant: target.variant,
                        executable: "bin/\(target.variant.executableName(target.version))", options: BuildOptions(),
                        configureArguments: ["--prefix=/x"] + target.variant.configureFlags,
                        source: .init(origin: "/x.tar.xz", sha256: sha, verifiedRelease: false), compiler: "gcc",
                        pythonForRegen: nil, llvmTools: nil, jobs: 2, compiledFiles: 354, phaseSeconds: ["configure": 20, "compile": 90, "install": 10, "verify": 0.1], buildSeconds: 120,
                        builtAt: Date(timeIntervalSince1970: 1_700_000_000), pythonsVersion: "0.1.0")
    }

    @Test("the registry reads manifests and matches requests to the exact variant")
    func registryMatching() throws {
        let scratch = TemporaryFolder()
        let environment = environment(scratch)
        let registry = InstallRegistry(environment: environment)
        let targets = [InstallTarget(version: PythonVersion(3, 13, 5), variant: .stock),
                       InstallTarget(version: PythonVersion(3, 13, 5), variant: .jit),
                       InstallTarget(version: PythonVersion(3, 13, 4), variant: .freethreaded),
                       InstallTarget(version: PythonVersion(3, 13, 5), variant: .freethreaded)]
        for target in targets {
            let folder = registry.folder(for: target)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try manifest(target).write(installFolder: folder)
        }
        // A folder without a manifest is not an install Pythons finished.
        try FileManager.default.createDirectory(atPath: "\(registry.installsFolder)/cpython-3.13.6", withIntermediateDirectories: true)

        #expect(registry.installs().map(\.manifest.name) == ["cpython-3.13.4+freethreaded", "cpython-3.13.5", "cpython-3.13.5+freethreaded", "cpython-3.13.5+jit"])
        func names(_ text: String) throws -> [String] {
            guard case .version(let request) = try InterpreterRequest.parse(text) else { return [] }
            return registry.installs(matching: request).map(\.manifest.name)
        }
        #expect(try names("3.13") == ["cpython-3.13.5"])
        #expect(try names("3.13j") == ["cpython-3.13.5+jit"])
        #expect(try names("3.13t") == ["cpython-3.13.4+freethreaded", "cpython-3.13.5+freethreaded"])
        #expect(try names("3.13.4t") == ["cpython-3.13.4+freethreaded"])
        #expect(try names("3.13+tier2") == [])
        let read = try #require(InstallManifest.read(installFolder: registry.folder(for: targets[1])))
        #expect(read == manifest(targets[1]))
    }

    @Test("uninstall: an ambiguous or unknown request removes nothing; an exact one removes the folder and its links")
    func uninstall() throws {
        let scratch = TemporaryFolder()
        let environment = environment(scratch)
        let registry = InstallRegistry(environment: environment)
        for target in [target, InstallTarget(version: PythonVersion(3, 13, 4), variant: .freethreaded)] {
            let folder = registry.folder(for: target)
            try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
            try manifest(target).write(installFolder: folder)
        }
        try InstallLinks(environment: environment).create(try InstallLinks(environment: environment).plan(for: target))
        let uninstaller = Uninstaller(environment: environment)
        do {
            _ = try uninstaller.uninstall(["3.13t"])
            Issue.record("an ambiguous request removed something")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("matches several installs (cpython-3.13.4+freethreaded, cpython-3.13.5+freethreaded)"))
        }
        #expect(throws: PythonsError.self) { try uninstaller.uninstall(["3.13.5t", "3.13j"]) }
        #expect(registry.installs().count == 2)

        let report = try uninstaller.uninstall(["cpython-3.13.5+freethreaded"])
        #expect(report.removed.map(\.name) == ["cpython-3.13.5+freethreaded"])
        #expect(report.unlinked == ["\(scratch.path)/bin/python3.13t"])
        #expect(registry.installs().map(\.manifest.name) == ["cpython-3.13.4+freethreaded"])
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/bin/python3.13t"))
    }
}
