import Foundation
import Testing
@testable import PythonsCore

/// The readable lines that replace DecodingError's and Foundation's own
/// descriptions (issue 15, defect 7), from real decoders and a real file system.
@Suite("hardening: readable error lines")
struct ErrorDescriptionsTests {
    struct Shape: Codable {
        var name: String
        var values: [Double]
    }

    func decodingError(_ json: String) throws -> DecodingError {
        do {
            _ = try JSONDecoder().decode(Shape.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            return error
        }
        throw PythonsError.failure("decoded \(json)")
    }

    @Test("decoding errors say what and where, in one line")
    func decoding() throws {
        #expect(ErrorDescriptions.decoding(try decodingError("{\"values\": []}")) == "missing \"name\"")
        #expect(ErrorDescriptions.decoding(try decodingError("{\"name\": \"a\", \"values\": [1, \"x\"]}")) == "expected a number at values[1]")
        #expect(ErrorDescriptions.decoding(try decodingError("not json")).hasPrefix("not valid JSON"))
        #expect(!ErrorDescriptions.decoding(try decodingError("not json")).contains("\n"))
    }

    @Test("a value JSON cannot hold is named with its place")
    func encoding() {
        do {
            _ = try JSONEncoder().encode([Shape(name: "a", values: [1, .infinity])])
            Issue.record("inf encoded")
        } catch {
            #expect(ErrorDescriptions.anyError(error) == "cannot store inf as JSON at [0].values[1]")
        }
    }

    @Test("file errors are the POSIX reason, not NSCocoaErrorDomain")
    func files() throws {
        let folder = TemporaryFolder()
        do {
            try "x".write(toFile: "\(folder.path)/no/such/file.txt", atomically: true, encoding: .utf8)
            Issue.record("wrote into a missing folder")
        } catch {
            #expect(ErrorDescriptions.file(error) == "no such file or folder" || ErrorDescriptions.file(error) == "No such file or directory")
        }
        do {
            _ = try String(contentsOfFile: "\(folder.path)/missing.json", encoding: .utf8)
            Issue.record("read a missing file")
        } catch {
            #expect(!ErrorDescriptions.anyError(error).contains("NSCocoaErrorDomain"))
        }
    }
}
