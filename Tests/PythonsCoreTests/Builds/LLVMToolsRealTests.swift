import Foundation
import Testing
@testable import PythonsCore

/// The LLVM that 3.14's and 3.15's JIT builds need, checked against Debian's
/// real LLVM 19 (bookworm) and 21 (sid) tools, which scripts/provide-llvm.sh
/// unpacks and scripts/test.sh names in PYTHONS_TEST_LLVM19_TOOLS and
/// PYTHONS_TEST_LLVM21_TOOLS, and against their absence.
@Suite("LLVM 19 and 21 for CPython 3.14 and 3.15 JIT builds", .tags(.endToEnd))
struct LLVMToolsRealTests {
    @Test("3.14 needs LLVM 19: Debian's LLVM 19 tools are found for it, and not for 3.15") func realTools14() async throws { try await realTools(minor: 14, major: 19) }
    @Test("3.15 needs LLVM 21: Debian's LLVM 21 tools are found for it, and not for 3.14") func realTools15() async throws { try await realTools(minor: 15, major: 21) }
    @Test("LLVM 19's clang and llvm-readobj do what the JIT build does: compile C to an object and read it back") func toolsWork14() async throws { try await toolsWork(minor: 14, major: 19) }
    @Test("LLVM 21's clang and llvm-readobj do what the JIT build does: compile C to an object and read it back") func toolsWork15() async throws { try await toolsWork(minor: 15, major: 21) }
    @Test("install 3.14j without LLVM 19 (none, or LLVM 21) stops before any work, naming clang-19 and llvm-readobj-19") func absent14() async throws { try await absent(minor: 14, major: 19) }
    @Test("install 3.15j without LLVM 21 (none, or LLVM 19) stops before any work, naming clang-21 and llvm-readobj-21") func absent15() async throws { try await absent(minor: 15, major: 21) }
    @Test("install 3.14j with LLVM 19: configure runs with those tools first on PATH, and no LLVM variables") func configureGetsTools14() async throws { try await configureGetsTools(minor: 14, major: 19) }
    @Test("install 3.15j with LLVM 21: configure gets LLVM_VERSION=21 and an LLVM_TOOLS_INSTALL_DIR prefix of those tools") func configureGetsTools15() async throws { try await configureGetsTools(minor: 15, major: 21) }

    @Test("doctor: --llvm-tools with LLVM 19 makes 3.14j buildable, and LLVM_TOOLS_INSTALL_DIR naming an LLVM 21 prefix makes 3.15j buildable")
    func doctor() async throws {
        let llvm19 = try Self.tools(19)
        let llvm21 = try Self.tools(21)
        let scratch = TemporaryFolder()
        func report(_ arguments: [String], _ environment: [String: String?]) async throws -> DoctorReport {
            var overrides = environment
            overrides["PYTHONS_HOME"] = scratch.path
            let outcome = try await PythonsBinary.run(["doctor", "--format", "json"] + arguments, environment: overrides)
            return try JSONOutput.decoder().decode(DoctorReport.self, from: Data(outcome.standardOutput.utf8))
        }
        let with19 = try await report(["--llvm-tools", llvm19], ["LLVM_VERSION": nil, "LLVM_TOOLS_INSTALL_DIR": nil])
        let line19 = try #require(with19.checks.first { $0.name == "LLVM 19 (3.14 JIT)" })
        #expect(line19.status == .ok)
        #expect(line19.detail.hasPrefix("\(llvm19)/clang-19, \(llvm19)/llvm-readobj-19"), "\(line19.detail)")
        #expect(with19.capabilities.first { $0.build == "3.14j" }?.possible == true)

        // 3.15 takes an LLVM prefix (tools in its bin/, plain names), as its configure does.
        let prefix = "\(scratch.path)/llvm-21"
        try FileManager.default.createDirectory(atPath: "\(prefix)/bin", withIntermediateDirectories: true)
        for tool in ["clang", "llvm-readobj"] {
            try FileManager.default.createSymbolicLink(atPath: "\(prefix)/bin/\(tool)", withDestinationPath: "\(llvm21)/\(tool)-21")
        }
        let with21 = try await report([], ["LLVM_VERSION": nil, "LLVM_TOOLS_INSTALL_DIR": prefix])
        let line21 = try #require(with21.checks.first { $0.name == "LLVM 21 (3.15 JIT)" })
        #expect(line21.status == .ok, "\(line21.detail)")
        #expect(line21.detail.hasPrefix("\(prefix)/bin/clang, \(prefix)/bin/llvm-readobj"), "\(line21.detail)")
        #expect(line21.detail.contains("optional"), "the missing llvm-objdump-21 and llvm-dwarfdump-21 are named: \(line21.detail)")
        #expect(with21.capabilities.first { $0.build == "3.15j" }?.possible == true)
    }

    static func tools(_ major: Int) throws -> String {
        let variable = "PYTHONS_TEST_LLVM\(major)_TOOLS"
        guard let folder = ProcessInfo.processInfo.environment[variable], !folder.isEmpty else {
            try Test.cancel("\(variable) is not set; scripts/test.sh sets it to the folder `scripts/provide-llvm.sh \(major)` prints")
        }
        return folder
    }

    static let cases: [(minor: Int, major: Int)] = [(14, 19), (15, 21)]

    func realTools(minor: Int, major: Int) async throws {
        let folder = try Self.tools(major)
        let variables = ProcessInfo.processInfo.environment
        let requirement = try #require(LLVMRequirement.forCPython(PythonVersion(3, minor, 0), environment: [:]))
        #expect(requirement.major == major)
        let check = await LLVMToolLocator(extraFolder: folder, searchPath: [], environment: variables, runner: ProcessRunner()).check(requirement)
        #expect(check.isComplete, "\(check.missing)")
        #expect(check.found["clang"] == "\(folder)/clang-\(major)")
        #expect(check.found["llvm-readobj"] == "\(folder)/llvm-readobj-\(major)")
        #expect(check.found["llvm-objdump"] == "\(folder)/llvm-objdump-\(major)")
        if minor >= 15 { #expect(check.found["llvm-dwarfdump"] == "\(folder)/llvm-dwarfdump-\(major)") }
        for other in Self.cases where other.major != major {
            let wrong = await LLVMToolLocator(extraFolder: folder, searchPath: [], environment: variables, runner: ProcessRunner())
                .check(LLVMRequirement.forCPython(PythonVersion(3, other.minor, 0))!)
            #expect(wrong.missing.map(\.tool) == ["clang", "llvm-readobj"], "LLVM \(major) must not pass for 3.\(other.minor)")
        }
    }

    func toolsWork(minor: Int, major: Int) async throws {
        let folder = try Self.tools(major)
        let scratch = TemporaryFolder()
        let source = try scratch.write("stencil.c", "#include <stdint.h>\nint64_t add(int64_t a, int64_t b) { return a + b; }\n")
        let runner = ProcessRunner()
        let environment = ProcessInfo.processInfo.environment
        let compiled = try await runner.run(ProcessRequest(executable: "\(folder)/clang-\(major)",
                                                           arguments: ["-c", "-O3", "-fno-pic", source, "-o", "\(scratch.path)/stencil.o"],
                                                           environment: environment, timeout: .seconds(120)))
        #expect(compiled.succeeded, "\(compiled.standardError)")
        let read = try await runner.run(ProcessRequest(executable: "\(folder)/llvm-readobj-\(major)",
                                                       arguments: ["--elf-output-style=JSON", "--sections", "--symbols", "\(scratch.path)/stencil.o"],
                                                       environment: environment, timeout: .seconds(120)))
        #expect(read.succeeded, "\(read.standardError)")
        #expect(read.standardOutput.contains("\"add\""), "\(read.standardOutput.prefix(400))")
    }

    func absent(minor: Int, major: Int) async throws {
        let release = try #require(ReleaseChecksums.newestRelease(major: 3, minor: minor))
        let scratch = TemporaryFolder()
        let home = "\(scratch.path)/home"
        let emptyTools = "\(scratch.path)/tools"
        try FileManager.default.createDirectory(atPath: emptyTools, withIntermediateDirectories: true)
        // The other version's LLVM, when there is one, is just as absent for this one.
        let other = Self.cases.first { $0.major != major }!
        let given = (try? Self.tools(other.major)) ?? emptyTools
        for tools in [emptyTools, given] {
            let outcome = try await PythonsBinary.run(["install", "\(release)j", "--llvm-tools", tools],
                                                      environment: ["PYTHONS_HOME": home, "PATH": emptyTools, "LLVM_VERSION": nil,
                                                                    "LLVM_TOOLS_INSTALL_DIR": nil])
            #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
            #expect(outcome.standardError == "pythons: error: a JIT build of CPython 3.\(minor) needs LLVM \(major): clang-\(major) and llvm-readobj-\(major) not found on PATH; install LLVM \(major) or pass --llvm-tools DIR\n")
            #expect(!FileManager.default.fileExists(atPath: "\(home)/sources"))
            #expect(!FileManager.default.fileExists(atPath: "\(home)/build"))
        }
    }

    func configureGetsTools(minor: Int, major: Int) async throws {
        let folder = try Self.tools(major)
        let scratch = TemporaryFolder()
        let record = "\(scratch.path)/configure.txt"
        let tarball = "\(scratch.path)/Python-3.\(minor).77.tar.xz"
        // A configure that writes down how it was started and what the tools it
        // was given say, then fails: nothing is built, and the install says so.
        try await TarballMaker.fakeCPython(version: "3.\(minor).77", configureBody: """
            {
              printf 'arg %s\\n' "$@"
              printf 'PATH %s\\n' "$PATH"
              for a in "$@"; do
                case $a in LLVM_TOOLS_INSTALL_DIR=*) d=${a#*=}; "$d/bin/clang" --version | head -1 | sed 's/^/prefix-clang /'; "$d/bin/llvm-readobj" --version | grep -i 'llvm version' | sed 's/^/prefix-readobj /';; esac
              done
              clang-\(major) --version | head -1 | sed 's/^/path-clang /'
            } > \(record) 2>&1
            exit 1
            """, at: tarball)
        let home = "\(scratch.path)/home"
        let outcome = try await PythonsBinary.run(["install", "3.\(minor)j", "--source", tarball, "--llvm-tools", folder, "--no-ccache"],
                                                  environment: ["PYTHONS_HOME": home, "LLVM_VERSION": nil, "LLVM_TOOLS_INSTALL_DIR": nil])
        #expect(outcome.termination == .exited(1), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("configure exited with status 1"), "\(outcome.standardError)")
        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.contains("arg --enable-experimental-jit"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("PATH \(folder):") }, "the LLVM folder leads PATH: \(lines)")
        #expect(lines.contains { $0.hasPrefix("path-clang ") && $0.contains("clang version \(major).") }, "\(lines)")
        let buildFolder = "\(home)/build/cpython-3.\(minor).77+jit"
        if minor >= 15 {
            #expect(lines.contains("arg LLVM_VERSION=\(major)"))
            #expect(lines.contains("arg LLVM_TOOLS_INSTALL_DIR=\(buildFolder)/pythons-llvm"))
            #expect(lines.contains { $0.hasPrefix("prefix-clang ") && $0.contains("clang version \(major).") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("prefix-readobj ") && $0.contains("LLVM version \(major).") }, "\(lines)")
        } else {
            #expect(!lines.contains { $0.hasPrefix("arg LLVM_") }, "3.14's configure takes no LLVM variables: \(lines)")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(home)/installs")) ?? []).isEmpty)
    }
}
