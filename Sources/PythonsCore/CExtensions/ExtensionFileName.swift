/// What an extension module's file name says: its module name and the ABI
/// it was built for, from the tag CPython puts in EXT_SUFFIX
/// (`greeter.cpython-313t-x86_64-linux-gnu.so`).
public struct ExtensionFileName: Sendable, Equatable {
    public enum ABITag: Sendable, Equatable {
        /// `cpython-313t-x86_64-linux-gnu`: one CPython version and build.
        case cpython(major: Int, minor: Int, freeThreaded: Bool, platform: String)
        /// `abi3`: the stable ABI of builds with the GIL.
        case stableABI
        /// `abi3t`: the free-threaded stable ABI (CPython 3.15+, PEP 803).
        case freeThreadedStableABI
        /// No tag (`greeter.so`): any interpreter tries to load it.
        case none
        /// A tag Pythons does not know (PyPy's `pypy310-pp73-...`, ...).
        case other(String)
    }

    public var moduleName: String
    /// Everything from the first dot: `.cpython-313t-x86_64-linux-gnu.so`.
    public var suffix: String
    public var tag: ABITag

    /// Extensions end in .so (Linux, macOS) or .pyd (Windows).
    public static let fileExtensions = [".so", ".pyd"]

    public init?(_ fileName: String) {
        guard let fileExtension = Self.fileExtensions.first(where: { fileName.hasSuffix($0) }),
              let firstDot = fileName.firstIndex(of: "."), firstDot != fileName.startIndex else { return nil }
        moduleName = String(fileName[..<firstDot])
        suffix = String(fileName[firstDot...])
        let middle = suffix.dropFirst().dropLast(fileExtension.count)
        tag = Self.parseTag(String(middle))
    }

    static func parseTag(_ text: String) -> ABITag {
        if text.isEmpty { return .none }
        if text == "abi3" { return .stableABI }
        if text == "abi3t" { return .freeThreadedStableABI }
        // cpython-313t-x86_64-linux-gnu, cpython-313-darwin
        let parts = text.split(separator: "-", maxSplits: 2).map(String.init)
        if parts.count >= 2, parts[0] == "cpython" {
            var digits = parts[1]
            let freeThreaded = digits.hasSuffix("t")
            if freeThreaded { digits.removeLast() }
            // Debug builds add "d" (cpython-313d); Pythons reports them as other.
            if digits.count >= 2, digits.allSatisfy(\.isNumber), let major = Int(digits.prefix(1)), let minor = Int(digits.dropFirst()) {
                return .cpython(major: major, minor: minor, freeThreaded: freeThreaded, platform: parts.count > 2 ? parts[2] : "")
            }
        }
        return .other(text)
    }

    /// "CPython 3.13 with the GIL", "free-threaded CPython 3.13", ...
    public var builtFor: String {
        switch tag {
        case .cpython(let major, let minor, let freeThreaded, let platform):
            let build = freeThreaded ? "free-threaded CPython \(major).\(minor)" : "CPython \(major).\(minor) with the GIL"
            return platform.isEmpty ? build : "\(build) (\(platform))"
        case .stableABI: return "the stable ABI (abi3) of CPython builds with the GIL"
        case .freeThreadedStableABI: return "the free-threaded stable ABI (abi3t)"
        case .none: return "no particular interpreter (no ABI tag)"
        case .other(let text): return "'\(text)'"
        }
    }

    /// Why an interpreter cannot load this file, or nil when the name does
    /// not rule it out. `extSuffix` is the interpreter's EXT_SUFFIX.
    public func mismatch(extSuffix: String, freeThreaded: Bool, version: PythonVersion) -> String? {
        if suffix == extSuffix { return nil }
        switch tag {
        case .none:
            return nil
        case .stableABI:
            // Free-threaded headers refuse Py_LIMITED_API, so an abi3 file was
            // built against a GIL build's object layout.
            return freeThreaded ? "it is built for \(builtFor), which free-threaded builds cannot load safely" : nil
        case .freeThreadedStableABI:
            return freeThreaded && (version.major, version.minor) >= (3, 15) ? nil : "it is built for \(builtFor), which needs a free-threaded CPython 3.15 or newer"
        case .cpython, .other:
            return "it is built for \(builtFor), and this interpreter loads \(extSuffix)"
        }
    }
}
