import Foundation
import Testing
@testable import PythonsCore

/// What the build tests need from the machine, found through variables that
/// scripts/test.sh sets (a test skips with the reason when one is missing):
/// - PYTHONS_TEST_HOME: a PYTHONS_HOME holding `pythons install` builds of
///   3.13.5, 3.13t and 3.13j (and 3.13+tier2);
/// - PYTHONS_TEST_CPYTHON_SOURCE: the verified Python-3.13.5.tar.xz.
enum BuildsUnderTest {
    static let sourceTarball: String? = ProcessInfo.processInfo.environment["PYTHONS_TEST_CPYTHON_SOURCE"]
        .flatMap { $0.isEmpty || !FileManager.default.fileExists(atPath: $0) ? nil : $0 }

    static func requireHome() throws -> String {
        guard let home = RealInterpreters.testHome else {
            try Test.cancel("PYTHONS_TEST_HOME is not set; scripts/test.sh sets it and builds 3.13.5, 3.13t and 3.13j there")
        }
        return home
    }

    /// The install of a variant in the test home, or the test is skipped.
    static func requireInstall(_ variant: InstallVariant) throws -> InstallRegistry.Install {
        let home = try requireHome()
        let registry = InstallRegistry(environment: PythonsEnvironment(variables: ["PYTHONS_HOME": home, "HOME": NSHomeDirectory()]))
        guard let install = registry.installs().last(where: { $0.manifest.variant == variant && $0.manifest.version.featureVersion == "3.13" }) else {
            try Test.cancel("no 3.13 \(variant.rawValue) install in \(home); scripts/test.sh builds it with `pythons install`")
        }
        return install
    }

    static func requireSource() throws -> String {
        guard let sourceTarball else {
            try Test.cancel("PYTHONS_TEST_CPYTHON_SOURCE is not set; scripts/test.sh sets it to scripts/fetch-cpython-source.sh's tarball")
        }
        return sourceTarball
    }
}

/// Writes tarballs with Python's tarfile module, so that the archives under
/// test are real ones made by another implementation, including the hostile
/// entries (`../`, absolute names, outward links) that GNU tar would refuse to
/// create.
enum TarballMaker {
    /// Each entry: (name, kind, payload) where kind is "file", "dir",
    /// "symlink", "hardlink" or "chardev"; payload is the file's text or the
    /// link's target. `format` is "pax" or "gnu"; `compression` "xz", "gz" or "".
    struct Entry {
        var name: String
        var kind: String = "file"
        var payload: String = ""
    }

    static func make(_ entries: [Entry], at path: String, format: String = "pax", compression: String = "xz") async throws {
        let python = try await RealInterpreters.anyCPython3()
        let spec = try JSONSerialization.data(withJSONObject: entries.map { ["name": $0.name, "kind": $0.kind, "payload": $0.payload] })
        let specPath = path + ".json"
        try spec.write(to: URL(fileURLWithPath: specPath))
        defer { try? FileManager.default.removeItem(atPath: specPath) }
        let code = """
            import io, json, sys, tarfile
            spec = json.load(open(sys.argv[1]))
            fmt = tarfile.GNU_FORMAT if sys.argv[3] == "gnu" else tarfile.PAX_FORMAT
            mode = "w:" + sys.argv[4] if sys.argv[4] else "w"
            with tarfile.open(sys.argv[2], mode, format=fmt) as tar:
                for e in spec:
                    info = tarfile.TarInfo(e["name"])
                    data = None
                    if e["kind"] == "file":
                        data = e["payload"].encode()
                        info.size = len(data)
                        info.mode = 0o755 if e["name"].endswith("configure") else 0o644
                    elif e["kind"] == "dir":
                        info.type = tarfile.DIRTYPE
                        info.mode = 0o755
                    elif e["kind"] == "symlink":
                        info.type = tarfile.SYMTYPE
                        info.linkname = e["payload"]
                    elif e["kind"] == "hardlink":
                        info.type = tarfile.LNKTYPE
                        info.linkname = e["payload"]
                    elif e["kind"] == "chardev":
                        info.type = tarfile.CHRTYPE
                        info.devmajor, info.devminor = 1, 3
                    tar.addfile(info, io.BytesIO(data) if data is not None else None)
            """
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: python.path, arguments: ["-c", code, specPath, path, format, compression],
            environment: RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment),
            timeout: .seconds(60)))
        guard outcome.succeeded else {
            throw PythonsError.failure("making \(path) failed: \(outcome.standardError)")
        }
    }

    /// A small tarball that looks like a CPython source tree of `version`
    /// (Include/patchlevel.h) whose configure script runs `configureBody`.
    static func fakeCPython(version: String, configureBody: String, at path: String) async throws {
        let top = "Python-\(version)"
        try await make([
            Entry(name: top, kind: "dir"),
            Entry(name: "\(top)/Include", kind: "dir"),
            Entry(name: "\(top)/Include/patchlevel.h", payload: "/* test */\n#define PY_VERSION              \"\(version)\"\n"),
            Entry(name: "\(top)/configure", payload: "#!/bin/sh\n\(configureBody)\n"),
        ], at: path)
    }
}

/// Processes still alive whose command line or working folder mentions a
/// path: what a torn-down build must not leave behind.
enum ProcessScan {
    static func processes(mentioning needle: String) -> [String] {
        let manager = FileManager.default
        let ids = ((try? manager.contentsOfDirectory(atPath: "/proc")) ?? []).filter { $0.allSatisfy(\.isNumber) }
        var found: [String] = []
        for id in ids {
            let commandLine = (manager.contents(atPath: "/proc/\(id)/cmdline") ?? Data())
                .map { $0 == 0 ? UInt8(ascii: " ") : $0 }
            let text = String(decoding: commandLine, as: UTF8.self)
            let folder = (try? manager.destinationOfSymbolicLink(atPath: "/proc/\(id)/cwd")) ?? ""
            let state = (try? String(contentsOfFile: "/proc/\(id)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first ?? ""
            if state == "Z" { continue }   // a zombie holds no resources and runs nothing
            if text.contains(needle) || folder.hasPrefix(needle) { found.append("\(id): \(text.prefix(160))") }
        }
        return found
    }
}

/// A `pythons` process started in the background, for sending it signals.
final class BackgroundPythons: @unchecked Sendable {
    let process = Process()
    let outputPath: String
    let errorPath: String

    init(_ arguments: [String], environment overrides: [String: String], scratch: String) throws {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in overrides { environment[key] = value }
        outputPath = "\(scratch)/stdout.txt"
        errorPath = "\(scratch)/stderr.txt"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: PythonsBinary.path)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
    }

    var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Waits for the process to end; nil when it is still running at the deadline.
    func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return process.terminationStatus
    }

    /// Polls until `condition` holds, or the deadline passes.
    static func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return true
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
