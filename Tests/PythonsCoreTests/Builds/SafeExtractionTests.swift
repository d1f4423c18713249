import Foundation
import Testing
@testable import PythonsCore

@Suite("Safe extraction of source tarballs", .tags(.interpreters))
struct SafeExtractionTests {
    typealias Entry = TarballMaker.Entry

    /// Decompresses and lists a tarball the way `pythons install` does.
    func listing(_ tarball: String, scratch: TemporaryFolder) async throws -> TarListing {
        let plain = "\(scratch.path)/plain-\(UUID().uuidString).tar"
        try await SafeExtraction(runner: ProcessRunner(), environment: ProcessInfo.processInfo.environment).decompress(tarball, to: plain)
        return try TarListing.read(plain)
    }

    func refusal(_ entries: [Entry], format: String = "pax") async throws -> TarListing.Refusal? {
        let scratch = TemporaryFolder()
        let tarball = "\(scratch.path)/evil.tar.xz"
        try await TarballMaker.make(entries, at: tarball, format: format)
        do {
            _ = try await listing(tarball, scratch: scratch).checkedTopFolder()
            return nil
        } catch let refusal as TarListing.Refusal {
            return refusal
        }
    }

    static let top = [Entry(name: "Python-3.13.5", kind: "dir"), Entry(name: "Python-3.13.5/README.rst", payload: "hello")]

    @Test("a well-formed tarball is accepted, with long names in pax and GNU form read back exactly")
    func accepted() async throws {
        let long = "Python-3.13.5/" + String(repeating: "very-long-folder-name/", count: 8) + "file.txt"
        for format in ["pax", "gnu"] {
            let scratch = TemporaryFolder()
            let tarball = "\(scratch.path)/good.tar.xz"
            try await TarballMaker.make(Self.top + [
                Entry(name: long, payload: "deep"),
                Entry(name: "Python-3.13.5/link", kind: "symlink", payload: "README.rst"),
                Entry(name: "Python-3.13.5/sub", kind: "dir"),
                Entry(name: "Python-3.13.5/sub/up", kind: "symlink", payload: "../README.rst"),
                Entry(name: "Python-3.13.5/hard", kind: "hardlink", payload: "Python-3.13.5/README.rst"),
            ], at: tarball, format: format)
            let listing = try await listing(tarball, scratch: scratch)
            #expect(try listing.checkedTopFolder() == "Python-3.13.5")
            #expect(listing.entries.contains { $0.name == long }, "format \(format)")
            #expect(listing.entries.contains { $0.name == "Python-3.13.5/sub/up" && $0.kind == .symlink(target: "../README.rst") })
            let plain = "\(scratch.path)/again.tar"
            try await SafeExtraction(runner: ProcessRunner(), environment: ProcessInfo.processInfo.environment).decompress(tarball, to: plain)
            #expect(try listing.contents(of: long, in: plain) == Data("deep".utf8))
        }
    }

    @Test("an entry climbing out with ../ is refused")
    func dotDot() async throws {
        let refusal = try await refusal(Self.top + [Entry(name: "Python-3.13.5/../../evil.sh", payload: "rm -rf ~")])
        #expect(refusal?.reason == "climbs out of its folder with '..'")
        #expect(refusal?.entry == "Python-3.13.5/../../evil.sh")
    }

    @Test("an absolute entry is refused")
    func absolute() async throws {
        let refusal = try await refusal(Self.top + [Entry(name: "/tmp/pythons-evil-absolute", payload: "x")])
        #expect(refusal?.reason == "has an absolute path")
    }

    @Test("a link pointing outside the top folder, absolute or relative, is refused")
    func outwardLinks() async throws {
        let relative = try await refusal(Self.top + [Entry(name: "Python-3.13.5/escape", kind: "symlink", payload: "../../etc/passwd")])
        #expect(relative?.reason == "is a link that points outside the archive's folder (../../etc/passwd)")
        let sibling = try await refusal(Self.top + [Entry(name: "Python-3.13.5/escape", kind: "symlink", payload: "../other")])
        #expect(sibling != nil)
        let absolute = try await refusal(Self.top + [Entry(name: "Python-3.13.5/etc", kind: "symlink", payload: "/etc")])
        #expect(absolute?.reason == "is a link to an absolute path (/etc)")
        let hard = try await refusal(Self.top + [Entry(name: "Python-3.13.5/shadow", kind: "hardlink", payload: "/etc/shadow")])
        #expect(hard?.reason.hasPrefix("is a hard link to a file outside") == true)
    }

    @Test("device files and a second top folder are refused", arguments: ["pax", "gnu"])
    func devicesAndTops(format: String) async throws {
        let device = try await refusal(Self.top + [Entry(name: "Python-3.13.5/null", kind: "chardev")], format: format)
        #expect(device?.reason == "is a device file")
        let second = try await refusal(Self.top + [Entry(name: "Other/file", payload: "x")], format: format)
        #expect(second?.reason == "is outside the archive's top folder 'Python-3.13.5'")
    }

    @Test("install refuses a hostile tarball end to end: exit 1, one clear line, nothing unpacked anywhere", .tags(.endToEnd))
    func installRefuses() async throws {
        let scratch = TemporaryFolder()
        let home = "\(scratch.path)/home"
        let tarball = "\(scratch.path)/Python-3.13.5-evil.tar.xz"
        let victim = "\(scratch.path)/victim.txt"
        try await TarballMaker.make(Self.top + [Entry(name: "Python-3.13.5/../victim.txt", payload: "overwritten")], at: tarball)
        try "original".write(toFile: victim, atomically: true, encoding: .utf8)
        let outcome = try await PythonsBinary.run(["install", "3.13t", "--source", tarball], environment: ["PYTHONS_HOME": home])
        #expect(outcome.termination == .exited(1))
        #expect(outcome.standardError.contains("refusing to unpack: entry 'Python-3.13.5/../victim.txt' climbs out of its folder with '..'; nothing was unpacked"))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "original")
        let sources = (try? FileManager.default.contentsOfDirectory(atPath: "\(home)/sources")) ?? []
        #expect(sources.isEmpty, "left behind: \(sources)")
        #expect(!FileManager.default.fileExists(atPath: "\(home)/installs"))
    }
}
