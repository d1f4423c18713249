import Foundation

/// Readable lines for errors whose own descriptions are for programmers
/// (`DecodingError.dataCorrupted(Context(codingPath: ...))`,
/// `The operation could not be completed. (NSCocoaErrorDomain error 512.)`).
public enum ErrorDescriptions {
    /// Where in the document and what was wrong: "at runs[0].status: ...".
    public static func decoding(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "expected \(typeName(type))\(place(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "missing \(typeName(type))\(place(context.codingPath))"
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"\(place(context.codingPath))"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let what = context.codingPath.isEmpty ? "not valid JSON" : "a wrong value"
            return "\(what)\(place(context.codingPath))\(underlying.map { " (\($0))" } ?? "")"
        @unknown default:
            return "cannot be decoded"
        }
    }

    /// A file system error as the POSIX reason it stands for ("no such file
    /// or folder", "permission denied"), else Foundation's sentence.
    public static func file(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteFileExists: return "a file of that name is in the way"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileReadCorruptFile: return "the file is damaged"
        case .fileReadInapplicableStringEncoding: return "not UTF-8 text"
        default: break
        }
        if nsError.domain == NSCocoaErrorDomain {
            // 512 and 256, "unknown" write and read errors: usually a missing
            // folder on the way, or a folder where a file was expected.
            return nsError.code >= 512 ? "cannot write there (does the folder exist, and is the path not a folder?)"
                : "cannot read it"
        }
        return nsError.localizedDescription
    }

    /// Any error as one line: decoding, encoding (a value JSON cannot hold,
    /// such as inf) and file errors readable, others as they describe
    /// themselves.
    public static func anyError(_ error: any Error) -> String {
        switch error {
        case let error as PythonsError: return error.message
        case let error as DecodingError: return "cannot decode: " + decoding(error)
        case let error as EncodingError:
            if case .invalidValue(let value, let context) = error {
                return "cannot store \(value) as JSON\(place(context.codingPath))"
            }
            return "cannot encode the result as JSON"
        case let error as CocoaError: return file(error)
        default:
            let nsError = error as NSError
            return nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain ? file(error) : "\(error)"
        }
    }

    /// " at runs[0].status", or nothing for the top level.
    static func place(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "" }
        let text = path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
        return " at " + (text.hasPrefix(".") ? String(text.dropFirst()) : text)
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a " + String(describing: type)
        }
    }
}
