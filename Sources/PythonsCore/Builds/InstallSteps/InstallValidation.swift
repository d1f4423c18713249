import Foundation

/// What can be said about an install's options before anything is touched:
/// every problem is a usage error (exit 2).
extension InstallOptions {
    func validate(userHome: String) throws(PythonsError) {
        guard request.implementation == .cpython else {
            throw .usage("pythons install builds CPython; \(request) is not CPython")
        }
        guard let minor = request.minor else {
            throw .usage("give a feature version to install, such as 3.13, 3.13t or 3.13.5")
        }
        guard request.major == 3, minor >= 13 else {
            throw .usage("pythons install builds CPython 3.13 and newer (where free threading and the JIT start); \(request) is older")
        }
        if let sum = sha256, !ReleaseChecksums.isWellFormed(sum) {
            throw .usage("--sha256 must be 64 hexadecimal digits, got '\(sum)'")
        }
        guard jobs >= 1 else { throw .usage("--jobs must be at least 1, got \(jobs)") }
        if let folder = llvmToolsFolder, !Self.isFolder(folder) {
            throw .usage("--llvm-tools \(folder): no such folder")
        }
        if let source, case .file(let path) = SourceLocation.parse(source, home: userHome) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw .usage("--source \(source): no such file")
            }
            if Self.isFolder(path) {
                throw .usage("--source \(source) is a folder; give a CPython source tarball (Python-X.Y.Z.tar.xz)")
            }
        }
    }

    /// The sum given with --sha256, as sha256sum prints it.
    var expectedSHA256: String? { sha256?.lowercased() }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

extension VersionRequest {
    /// Whether a tarball of `version` can serve this request: the version
    /// asked for, and one `pythons install` builds.
    func checkTarball(_ version: PythonVersion) throws(PythonsError) {
        guard matchesVersion(version) else {
            throw .usage("the source tarball is CPython \(version), not the \(self) asked for; ask for \(InstallVariant(variants).requestSpelling(version)) or give another --source")
        }
        guard version >= PythonVersion(3, 13, 0, prerelease: "a0") else {
            throw .usage("the source tarball is CPython \(version); pythons install builds CPython 3.13 and newer")
        }
    }
}
