import Foundation

/// Unpacks a source tarball only after reading every entry and refusing any
/// that would land outside the tarball's one top folder: absolute names, `..`
/// components, links that point out, device files. The archive is first
/// decompressed to a plain tar file, whose headers are read here in Swift (not
/// by parsing `tar -tv` text); then the system's tar unpacks that same file.
public struct SafeExtraction: Sendable {
    public var runner: ProcessRunner
    public var environment: [String: String]

    public init(runner: ProcessRunner, environment: [String: String]) {
        self.runner = runner
        self.environment = environment
    }

    public enum Compression: String, Sendable, Equatable {
        case xz, gzip, bzip2, uncompressed

        /// Recognises the format by its first bytes, not by the file's name.
        public static func detect(_ path: String) -> Compression? {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            let head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
            if head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
            if head.starts(with: [0x1F, 0x8B]) { return .gzip }
            if head.starts(with: Array("BZh".utf8)) { return .bzip2 }
            if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) { return .uncompressed }
            return nil
        }

        var decompressor: String? {
            switch self {
            case .xz: "xz"
            case .gzip: "gzip"
            case .bzip2: "bzip2"
            case .uncompressed: nil
            }
        }
    }

    /// Decompresses `archive` to `plainTar` (a copy for an uncompressed one).
    public func decompress(_ archive: String, to plainTar: String) async throws {
        guard let compression = Compression.detect(archive) else {
            throw PythonsError.usage("\(archive) is not a tarball (.tar.xz, .tar.gz, .tar.bz2 or .tar)")
        }
        guard let tool = compression.decompressor else {
            try FileManager.default.copyItem(atPath: archive, toPath: plainTar)
            return
        }
        guard let program = Executables.find(tool, in: PythonsEnvironment(variables: environment).searchPath) else {
            throw PythonsError.failure("\(tool) not found on PATH; it is needed to unpack \(archive)")
        }
        let outcome = try await runner.run(
            ProcessRequest(executable: program, arguments: ["-dc", "--", archive], environment: environment, lifelineInput: ""),
            stdout: .write(to: plainTar))
        guard outcome.succeeded else {
            throw PythonsError.failure("cannot decompress \(archive): \(tool) \(outcome.termination)\(outcome.lastErrorLine.map { ": \($0)" } ?? "")")
        }
    }

    /// Unpacks a checked plain tar file into `destination` (an empty folder).
    public func unpack(_ plainTar: String, into destination: String) async throws {
        let outcome = try await runner.run(ProcessRequest(
            executable: Executables.find("tar", in: PythonsEnvironment(variables: environment).searchPath) ?? "/bin/tar",
            arguments: ["-xf", plainTar, "-C", destination, "--no-same-owner"],
            environment: environment, lifelineInput: ""))
        guard outcome.succeeded else {
            throw PythonsError.failure("tar could not unpack the source: \(outcome.termination)\(outcome.lastErrorLine.map { ": \($0)" } ?? "")")
        }
    }
}

/// What a tar file holds, read from its headers without unpacking anything.
public struct TarListing: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file, directory, symlink(target: String), hardlink(target: String), device, fifo, other(UInt8)
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var kind: Kind
        /// Where the entry's data starts in the tar file, and its size.
        public var dataOffset: UInt64
        public var size: UInt64
    }

    public var entries: [Entry]

    /// Why an archive is refused.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var entry: String
        public var reason: String
        public var description: String { "refusing to unpack: entry '\(entry)' \(reason)" }
    }

    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads every header. Handles POSIX ustar (prefix field), pax extended
    /// headers (path, linkpath, size) and GNU long names and link names.
    public static func read(_ path: String) throws -> TarListing {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FormatError(description: "cannot open \(path)")
        }
        defer { try? handle.close() }
        var reader = HeaderReader(handle: handle)
        var entries: [Entry] = []
        while let block = try reader.nextBlock() {
            if let entry = try reader.entry(block) { entries.append(entry) }
        }
        return TarListing(entries: entries)
    }

    /// Walks a tar file header by header, keeping what metadata entries (pax
    /// 'x', GNU 'L' and 'K') say about the entry after them.
    private struct HeaderReader {
        let handle: FileHandle
        var offset: UInt64 = 0
        var pax: [String: String] = [:]
        var longName: String?
        var longLink: String?

        struct Block {
            var header: [UInt8]
            var dataOffset: UInt64
            var size: UInt64
        }

        /// The next header, checksum verified, or nil at the end of the archive.
        mutating func nextBlock() throws -> Block? {
            try handle.seek(toOffset: offset)
            guard let data = try handle.read(upToCount: 512), data.count == 512 else {
                throw FormatError(description: "the tar file ends in the middle of a header")
            }
            let header = [UInt8](data)
            if header.allSatisfy({ $0 == 0 }) { return nil }
            guard verifyChecksum(header) else {
                throw FormatError(description: "a tar header at byte \(offset) is corrupt (bad checksum)")
            }
            let block = Block(header: header, dataOffset: offset + 512, size: try number(header[124..<136]))
            offset = Self.end(of: block.dataOffset, size: block.size)
            return block
        }

        static func end(of dataOffset: UInt64, size: UInt64) -> UInt64 { dataOffset + (size + 511) / 512 * 512 }

        /// The entry a header describes, or nil for a metadata entry (whose
        /// contents apply to the next one).
        mutating func entry(_ block: Block) throws -> Entry? {
            switch block.header[156] {
            case UInt8(ascii: "x"): pax.merge(parsePax(try data(of: block))) { $1 }
            case UInt8(ascii: "g"): break
            case UInt8(ascii: "L"): longName = cString(try data(of: block))
            case UInt8(ascii: "K"): longLink = cString(try data(of: block))
            default: return namedEntry(block)
            }
            return nil
        }

        private mutating func namedEntry(_ block: Block) -> Entry {
            let header = block.header
            var name = cString(Data(header[0..<100]))
            if Array(header[257..<263]) == Array("ustar\0".utf8) {
                let prefix = cString(Data(header[345..<500]))
                if !prefix.isEmpty { name = prefix + "/" + name }
            }
            var link = cString(Data(header[157..<257]))
            var size = block.size
            if let longName { name = longName }
            if let longLink { link = longLink }
            if let path = pax["path"] { name = path }
            if let linkPath = pax["linkpath"] { link = linkPath }
            if let paxSize = pax["size"], let value = UInt64(paxSize) {
                size = value
                offset = Self.end(of: block.dataOffset, size: size)
            }
            (pax, longName, longLink) = ([:], nil, nil)
            return Entry(name: name, kind: Self.kind(header[156], name: name, link: link), dataOffset: block.dataOffset, size: size)
        }

        static func kind(_ type: UInt8, name: String, link: String) -> Kind {
            switch type {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): name.hasSuffix("/") ? .directory : .file
            case UInt8(ascii: "1"): .hardlink(target: link)
            case UInt8(ascii: "2"): .symlink(target: link)
            case UInt8(ascii: "3"), UInt8(ascii: "4"): .device
            case UInt8(ascii: "5"): .directory
            case UInt8(ascii: "6"): .fifo
            default: .other(type)
            }
        }

        private func data(of block: Block) throws -> Data {
            guard block.size < 1 << 20 else { throw FormatError(description: "a tar metadata entry is implausibly large") }
            try handle.seek(toOffset: block.dataOffset)
            return try handle.read(upToCount: Int(block.size)) ?? Data()
        }
    }

    /// The archive's single top folder ("Python-3.13.5"), once every entry is
    /// checked: none may be absolute, contain `..`, be a device or FIFO, or be
    /// a link that points outside that folder.
    public func checkedTopFolder() throws(Refusal) -> String {
        var top: String?
        for entry in entries {
            if entry.name.hasPrefix("/") { throw Refusal(entry: entry.name, reason: "has an absolute path") }
            let parts = Self.components(entry.name)
            if parts.contains("..") { throw Refusal(entry: entry.name, reason: "climbs out of its folder with '..'") }
            guard let first = parts.first else { throw Refusal(entry: entry.name, reason: "has an empty name") }
            if let top, top != first {
                throw Refusal(entry: entry.name, reason: "is outside the archive's top folder '\(top)'")
            }
            top = first
            if parts.count == 1, entry.kind != .directory {
                throw Refusal(entry: entry.name, reason: "is not a folder, and an archive's top entry must be one")
            }
            switch entry.kind {
            case .file, .directory:
                break
            case .symlink(let target):
                if target.hasPrefix("/") { throw Refusal(entry: entry.name, reason: "is a link to an absolute path (\(target))") }
                var resolved = Array(parts.dropLast())
                for part in Self.components(target) {
                    if part == ".." {
                        if resolved.count <= 1 { throw Refusal(entry: entry.name, reason: "is a link that points outside the archive's folder (\(target))") }
                        resolved.removeLast()
                    } else {
                        resolved.append(part)
                    }
                }
            case .hardlink(let target):
                let targetParts = Self.components(target)
                if target.hasPrefix("/") || targetParts.contains("..") || targetParts.first != first {
                    throw Refusal(entry: entry.name, reason: "is a hard link to a file outside the archive's folder (\(target))")
                }
            case .device:
                throw Refusal(entry: entry.name, reason: "is a device file")
            case .fifo:
                throw Refusal(entry: entry.name, reason: "is a FIFO")
            case .other(let type):
                throw Refusal(entry: entry.name, reason: "has a tar entry type this reader does not accept ('\(Character(Unicode.Scalar(type)))')")
            }
        }
        guard let top else { throw Refusal(entry: "", reason: "is missing: the archive is empty") }
        return top
    }

    /// The contents of a regular file in the archive, for example
    /// Include/patchlevel.h to learn the version before unpacking.
    public func contents(of name: String, in path: String) throws -> Data? {
        guard let entry = entries.first(where: { Self.components($0.name) == Self.components(name) && $0.kind == .file }),
              entry.size < 1 << 24,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        try handle.seek(toOffset: entry.dataOffset)
        return try handle.read(upToCount: Int(entry.size))
    }

    /// Path components without empty and "." parts: "./a//b/" → ["a", "b"].
    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    }

    static func cString(_ data: Data) -> String {
        let bytes = data.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An octal number field, or GNU's base-256 form for large values.
    static func number(_ field: ArraySlice<UInt8>) throws -> UInt64 {
        if let first = field.first, first & 0x80 != 0 {
            var value: UInt64 = UInt64(first & 0x7F)
            for byte in field.dropFirst() { value = value << 8 | UInt64(byte) }
            return value
        }
        let text = String(decoding: field.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        guard let value = UInt64(text, radix: 8) else {
            throw FormatError(description: "a tar header has a malformed number field '\(text)'")
        }
        return value
    }

    static func verifyChecksum(_ header: [UInt8]) -> Bool {
        guard let stored = try? number(header[148..<156]) else { return false }
        var sum: UInt64 = 0
        for (index, byte) in header.enumerated() {
            sum += (148..<156).contains(index) ? 32 : UInt64(byte)
        }
        return sum == stored
    }

    /// pax records: "LENGTH key=value\n" each.
    static func parsePax(_ data: Data) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(String(decoding: data, as: UTF8.self))
        while let space = rest.firstIndex(of: " "), let length = Int(rest[rest.startIndex..<space]), length > 0 {
            let recordEnd = rest.utf8.index(rest.startIndex, offsetBy: length, limitedBy: rest.endIndex) ?? rest.endIndex
            let record = rest[rest.index(after: space)..<recordEnd]
            if let equals = record.firstIndex(of: "=") {
                var value = record[record.index(after: equals)...]
                if value.hasSuffix("\n") { value = value.dropLast() }
                result[String(record[..<equals])] = String(value)
            }
            rest = rest[recordEnd...]
        }
        return result
    }
}
