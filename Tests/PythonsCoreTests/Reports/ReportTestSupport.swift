import Foundation
import Testing
@testable import PythonsCore

extension Tag {
    /// Opens pages in headless Chromium.
    @Tag static var browser: Tag
}

/// Paths in the package checkout, found from this file's own location.
enum PackageFolders {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Reports
        .deletingLastPathComponent() // PythonsCoreTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent().path

    static let testsRoot = "\(root)/Tests/PythonsCoreTests"
    static let reportTests = "\(root)/Tests/PythonsCoreTests/Reports"

    /// Where tests leave files for people and CI to look at: under the build
    /// folder, which git ignores.
    static func artifacts() throws -> String {
        let folder = "\(root)/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// A program on PATH, or the test is skipped with the reason and the fix.
enum TestTools {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func require(_ name: String, package: String) throws -> String {
        guard let found = find(name) else {
            try Test.cancel("\(name) is not installed; scripts/install-test-tools.sh installs Debian's \(package)")
        }
        return found
    }
}

/// libxml2's xmllint, the XML parser the well-formedness tests trust.
enum XMLLint {
    /// nil when the text is well-formed XML, else xmllint's complaint.
    static func problems(in text: String, named name: String) async throws -> String? {
        let xmllint = try TestTools.require("xmllint", package: "libxml2-utils")
        let folder = TemporaryFolder("pythons-xmllint")
        let file = try folder.write(name, text)
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: xmllint, arguments: ["--noout", "--nonet", file],
            environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"], timeout: .seconds(60)))
        return outcome.succeeded ? nil : "\(outcome.termination): \(outcome.standardError)"
    }
}

/// Headless Chromium, run the way the report test needs it: a private
/// profile folder, a time limit, and its whole process group stopped after
/// (ProcessRunner does that).
enum HeadlessChromium {
    static func executable() throws -> String {
        if let found = TestTools.find("chromium") ?? TestTools.find("chromium-browser") { return found }
        try Test.cancel("chromium is not installed; scripts/install-test-tools.sh installs Debian's chromium")
    }

    /// Runs Chromium on a page with extra flags and returns its outcome.
    static func run(_ flags: [String], page: String, profile: TemporaryFolder) async throws -> ProcessOutcome {
        var arguments = [
            "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--user-data-dir=\(profile.path)/profile",
        ]
        // Chromium refuses to start its sandbox as root (CI runs as root).
        if geteuid() == 0 { arguments.append("--no-sandbox") }
        arguments += flags
        arguments.append(URL(fileURLWithPath: page).absoluteString)
        let environment = [
            "PATH": "/usr/bin:/bin", "HOME": profile.path, "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": "\(profile.path)/config", "XDG_CACHE_HOME": "\(profile.path)/cache",
        ]
        return try await ProcessRunner().run(ProcessRequest(
            executable: try executable(), arguments: arguments, environment: environment,
            workingDirectory: profile.path, timeout: .seconds(120), outputLimit: 64 << 20))
    }
}

/// What Tools/png_stats.py says about a PNG.
struct PNGStatistics: Decodable {
    var width: Int
    var height: Int
    var distinctColors: Int
    var background: [Int]
    var nonBackgroundFraction: Double
    var meanLuminance: Double
    var colorCounts: [String: Int]
    var colorfulPixels: Int

    enum CodingKeys: String, CodingKey {
        case width, height, background
        case distinctColors = "distinct_colors"
        case nonBackgroundFraction = "non_background_fraction"
        case meanLuminance = "mean_luminance"
        case colorCounts = "color_counts"
        case colorfulPixels = "colorful_pixels"
    }

    /// Decodes `png` with Python's zlib (no imaging library needed) and
    /// counts pixels of the given "#RRGGBB" colours.
    static func of(_ png: String, counting colors: [String]) async throws -> PNGStatistics {
        let python = try await RealInterpreters.anyCPython3()
        let outcome = try await ProcessRunner().run(ProcessRequest(
            executable: python.path, arguments: ["\(PackageFolders.reportTests)/Tools/png_stats.py", png] + colors,
            environment: RuntimeSettings.defaults.childEnvironment(from: ProcessInfo.processInfo.environment),
            timeout: .seconds(120)))
        guard outcome.succeeded else {
            throw PythonsError.failure("png_stats.py failed: \(outcome.termination) \(outcome.standardError)")
        }
        return try JSONDecoder().decode(PNGStatistics.self, from: Data(outcome.standardOutput.utf8))
    }
}
