import Foundation
import Testing
@testable import PythonsCore

@Suite("The seed's banner")
struct BannerTests {
    @Test("matches the seed's output line for line")
    func seedExample() {
        let banner = Banner(
            platformLine: "\u{1F4BB} Linux 64bit with 4x CPU cores (x86_64 Little Endian)",
            interpreterLine: "\u{1F40D} CPython 3.13.0rc1 /usr/local/bin/python3.13t",
            freeThreading: .enabled, jit: .disabled)
        #expect(banner.lines == [
            "======================================================",
            "💻 Linux 64bit with 4x CPU cores (x86_64 Little Endian)",
            "🐍 CPython 3.13.0rc1 /usr/local/bin/python3.13t",
            "Free Threading: enabled ✨",
            "JIT Compiler: disabled",
            "======================================================",
        ])
    }

    @Test("rules are as wide as the longest line in code points, as Python's len() counts")
    func ruleWidth() {
        let long = "\u{1F40D} CPython 3.13.5 /a/very/long/path/to/an/interpreter/that/is/longer/than/the/platform/line/python3.13"
        let banner = Banner(platformLine: "\u{1F4BB} Linux", interpreterLine: long, freeThreading: .unsupported, jit: .enabled)
        #expect(banner.lines.first == String(repeating: "=", count: long.unicodeScalars.count))
        #expect(banner.lines.last == banner.lines.first)
        #expect(banner.lines[4] == "JIT Compiler: enabled \u{2728}")
    }

    @Test("an empty platform.processor() shows the machine name")
    func emptyProcessor() throws {
        var facts = try JSONDecoder().decode(InterpreterFacts.self, from: Data(ProbeDecodingTests.freeThreaded.utf8))
        facts.processor = ""
        facts.architecture = "64bit"
        #expect(Banner(facts: facts).platformLine == "\u{1F4BB} Linux 64bit with 2x CPU cores (x86_64 Little Endian)")
        facts.processor = "aarch64"
        facts.byteorder = "big"
        #expect(Banner(facts: facts).platformLine == "\u{1F4BB} Linux 64bit with 2x CPU cores (aarch64 Big Endian)")
    }
}
