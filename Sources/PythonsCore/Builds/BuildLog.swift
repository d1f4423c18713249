import Foundation

/// The log of one build: every command Pythons ran and everything it printed,
/// kept on disk so a failed or interrupted build can be read afterwards.
public struct BuildLog: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// Creates the log (and its folder) empty.
    public static func create(at path: String) throws -> BuildLog {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return BuildLog(path: path)
    }

    /// Appends lines written by Pythons itself (the commands it runs, in a
    /// form a person can paste into a shell).
    public func note(_ text: String) {
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(("\n### pythons: " + text + "\n").utf8))
    }

    public func noteCommand(_ request: ProcessRequest) {
        let words = [request.executable] + request.arguments
        note("(cd \(ShellQuoting.quote(request.workingDirectory ?? ".")) && \(ShellQuoting.join(words)))")
    }

    /// The last `count` lines, for an error message.
    public func tail(_ count: Int = 30) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = 64 * 1024
        try? handle.seek(toOffset: size > window ? size - window : 0)
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if size > window, !lines.isEmpty { lines.removeFirst() }   // probably cut in the middle
        return Array(lines.suffix(count))
    }

    /// The optional modules CPython's build could not make for lack of
    /// headers ("The necessary bits to build these optional modules were not
    /// found:" followed by names), so the user hears about a missing ssl or
    /// zlib now and not at the first `pip install`.
    public static func missingOptionalModules(inLog text: String) -> [String] {
        let marker = "The necessary bits to build these optional modules were not found:"
        guard let range = text.range(of: marker, options: .backwards) else { return [] }
        var modules: [String] = []
        for line in text[range.upperBound...].split(separator: "\n").prefix(20) {
            if line.hasPrefix("To find the necessary bits") { break }
            modules += line.split(separator: " ").map(String.init)
        }
        return modules
    }
}

/// Counts compiled files in make's output as it grows: every line that names
/// an object file after `-o` (CPython's make prints each compiler command).
public struct CompileCounter: Sendable {
    public private(set) var count = 0
    private var partialLine = ""

    public init() {}

    public mutating func consume(_ text: String) {
        let combined = partialLine + text
        var lines = combined.split(separator: "\n", omittingEmptySubsequences: false)
        partialLine = lines.isEmpty ? "" : String(lines.removeLast())
        for line in lines where Self.isCompileLine(line) { count += 1 }
    }

    /// Whether a line is a compiler command that writes an object file:
    /// `gcc -c ... -o Objects/listobject.o ../Objects/listobject.c`.
    public static func isCompileLine<Line: StringProtocol>(_ line: Line) -> Bool {
        guard let range = line.range(of: " -o ") else { return false }
        let after = line[range.upperBound...].drop { $0 == " " }
        let target = after.prefix { $0 != " " && $0 != "\t" }
        return target.hasSuffix(".o")
    }
}

/// Follows a growing log file from where it was last read.
final class LogFollower: @unchecked Sendable {
    private let path: String
    private var offset: UInt64
    private var counter = CompileCounter()
    private let lock = NSLock()

    init(path: String) {
        self.path = path
        self.offset = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// Reads what was appended and returns the compiled-file count so far.
    func poll() -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard let handle = FileHandle(forReadingAtPath: path) else { return counter.count }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return counter.count }
        offset += UInt64(data.count)
        counter.consume(String(decoding: data, as: UTF8.self))
        return counter.count
    }
}

