import Foundation
import Testing
@testable import PythonsCore

@Suite("pythons doctor", .tags(.endToEnd))
struct DoctorTests {
    func doctor(_ arguments: [String] = [], environment: [String: String?] = [:]) async throws -> (ProcessOutcome, DoctorReport) {
        let scratch = TemporaryFolder()
        var overrides = environment
        overrides["PYTHONS_HOME"] = scratch.path
        let outcome = try await PythonsBinary.run(["doctor", "--format", "json"] + arguments, environment: overrides)
        let report = try JSONOutput.decoder().decode(DoctorReport.self, from: Data(outcome.standardOutput.utf8))
        return (outcome, report)
    }

    @Test("on this machine: the compiler it reports is the one on PATH, and stock builds are possible when it is there")
    func thisMachine() async throws {
        let (outcome, report) = try await doctor()
        let path = PythonsEnvironment().searchPath
        let compiler = report.checks.first { $0.name == "C compiler" }
        if Executables.find("gcc", in: path) != nil {
            #expect(compiler?.status == .ok)
            #expect(compiler?.detail.hasPrefix("gcc: gcc") == true)
            #expect(outcome.termination == .exited(0))
            #expect(report.capabilities.contains { $0.build == "3.13t" && $0.possible })
        }
        // Every check that is not ok says what to do.
        for check in report.checks where check.status != .ok { #expect(check.fix != nil, "\(check.name)") }
        #expect(Set(report.capabilities.map(\.build)).isSuperset(of: ["3.13", "3.13t", "3.13j", "3.13+tier2", "3.14j", "3.15j"]))
    }

    @Test("with nothing on PATH: compiler and make missing, nothing buildable, exit 1")
    func emptyPath() async throws {
        let empty = TemporaryFolder()
        let (outcome, report) = try await doctor(environment: ["PATH": empty.path, "CC": nil])
        #expect(outcome.termination == .exited(1))
        #expect(report.checks.first { $0.name == "C compiler and make" }?.status == .missing)
        #expect(!report.canBuildAnything)
        #expect(outcome.standardError.contains("this machine cannot build CPython yet"))
    }

    @Test("--llvm-tools with LLVM 18 makes 3.13j buildable", .tags(.builds))
    func llvmFolder() async throws {
        guard let tools = ProcessInfo.processInfo.environment["PYTHONS_TEST_LLVM_TOOLS"], !tools.isEmpty else {
            try Test.cancel("PYTHONS_TEST_LLVM_TOOLS is not set; scripts/test.sh sets it to scripts/provide-llvm18.sh's folder")
        }
        let (_, report) = try await doctor(["--llvm-tools", tools])
        #expect(report.checks.first { $0.name == "LLVM 18 (3.13 JIT)" }?.status == .ok)
        #expect(report.capabilities.first { $0.build == "3.13j" }?.possible == true)
    }
}
