import Foundation

/// Where the CPython source of a build comes from.
public enum SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The official release tarball of a version on python.org.
    case release(PythonVersion)
    /// A tarball given with --source as a URL.
    case url(String)
    /// A tarball given with --source as a file.
    case file(String)

    /// A --source value: a URL when it has a scheme (https://, file://), else a path.
    public static func parse(_ text: String, home: String) -> SourceLocation {
        if let scheme = text.range(of: "://"), text[..<scheme.lowerBound].allSatisfy({ $0.isLetter }) {
            return .url(text)
        }
        return .file(FilePaths.absolute(text, home: home))
    }

    /// python.org's address for a release; a pre-release lives in the folder of
    /// its final version (3.14.5/Python-3.14.5rc1.tar.xz).
    public static func releaseURL(_ version: PythonVersion) -> String {
        "https://www.python.org/ftp/python/\(version.major).\(version.minor).\(version.patch)/Python-\(version).tar.xz"
    }

    public var description: String {
        switch self {
        case .release(let version): Self.releaseURL(version)
        case .url(let url): url
        case .file(let path): path
        }
    }
}

/// A tarball on disk and its SHA-256 sum.
public struct SourceTarball: Sendable, Equatable {
    public var path: String
    public var sha256: String
    /// The release this sum belongs to in the shipped table, if any.
    public var knownRelease: PythonVersion?
    /// Whether Pythons downloaded this file (and so may delete it).
    public var downloaded: Bool
}

/// Downloads and verifies source tarballs.
public struct SourceFetcher: Sendable {
    public var runner: ProcessRunner
    public var environment: PythonsEnvironment

    /// The SHA-256 sum of a file, through sha256sum (or shasum -a 256).
    public func sha256(of path: String) async throws -> String {
        let search = environment.searchPath + ["/usr/bin", "/bin"]
        let request: ProcessRequest
        if let tool = Executables.find("sha256sum", in: search) {
            request = ProcessRequest(executable: tool, arguments: ["--", path], environment: environment.variables)
        } else if let tool = Executables.find("shasum", in: search) {
            request = ProcessRequest(executable: tool, arguments: ["-a", "256", "--", path], environment: environment.variables)
        } else {
            throw PythonsError.failure("neither sha256sum nor shasum is on PATH; install coreutils")
        }
        let outcome = try await runner.run(request)
        guard outcome.succeeded, let sum = outcome.standardOutput.split(separator: " ").first.map(String.init),
              ReleaseChecksums.isWellFormed(sum) else {
            throw PythonsError.failure("cannot compute the sha256 of \(path): \(outcome.lastErrorLine ?? "\(outcome.termination)")")
        }
        return sum.lowercased()
    }

    /// Downloads `url` to `destination` through a partial file that is removed
    /// on failure or Ctrl-C. `onProgress` gets the bytes received so far.
    public func download(_ url: String, to destination: String, isOfficialRelease: Bool,
                         onProgress: @escaping @Sendable (Int64) -> Void) async throws {
        guard let curl = Executables.find("curl", in: environment.searchPath) else {
            throw PythonsError.failure("curl is not on PATH, so \(url) cannot be downloaded; install curl, or download the tarball yourself and pass --source FILE")
        }
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let request = ProcessRequest(
            executable: curl,
            arguments: ["--fail", "--location", "--silent", "--show-error", "--connect-timeout", "20",
                        "--retry", "2", "--output", partial, "--", url],
            // Tied to Pythons: a killed install leaves no download running.
            environment: environment.variables, lifelineInput: "")
        let outcome = try await withPolling(every: .milliseconds(500), poll: {
            if let size = (try? FileManager.default.attributesOfItem(atPath: partial))?[.size] as? NSNumber {
                onProgress(size.int64Value)
            }
        }) {
            try await runner.run(request)
        }
        guard outcome.succeeded else {
            let detail = outcome.lastErrorLine.map { ": \($0)" } ?? ""
            // curl exits 22 for an HTTP error (404) and 37 for a missing file:// path.
            if case .exited(let code) = outcome.termination, code == 22 || code == 37 {
                throw PythonsError.usage("cannot download \(url)\(detail); \(isOfficialRelease ? "check the version, or " : "")pass --source FILE")
            }
            throw PythonsError.failure("cannot download \(url)\(detail); pass --source FILE with a tarball you have")
        }
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.moveItem(atPath: partial, toPath: destination)
    }
}

/// Runs `work` while calling `poll` at an interval (for progress), stopping
/// the poller when the work ends.
func withPolling<Result: Sendable>(every interval: Duration, poll: @escaping @Sendable () -> Void,
                                   _ work: () async throws -> Result) async rethrows -> Result {
    let poller = Task {
        while !Task.isCancelled {
            poll()
            try? await Task.sleep(for: interval)
        }
    }
    defer { poller.cancel() }
    return try await work()
}
