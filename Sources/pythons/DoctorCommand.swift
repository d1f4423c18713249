import ArgumentParser
import Foundation
import PythonsCore

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Say which CPython builds this machine can make, and what is missing for the others.",
        discussion: """
            Checks the compiler, make, tar/xz, sha256sum, curl, ccache, a Python 3.11+ for the \
            build's scripts, the headers of optional modules (zlib, ssl, ...), disk space, and \
            LLVM 18/19/21 for the JIT of 3.13/3.14/3.15. Exit codes: 0 when at least stock builds \
            are possible, 1 when nothing can be built.
            """
    )

    @Option(name: .customLong("llvm-tools"), help: "A folder with LLVM tools to check before PATH.")
    var llvmTools: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let llvmTools {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: llvmTools, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--llvm-tools \(llvmTools): no such folder")
            }
        }
    }

    func run() async throws {
        let environment = PythonsEnvironment()
        let report = try await Interruption.run { [llvmTools] in
            await Doctor(environment: environment, llvmToolsFolder: llvmTools).run()
        }
        switch output.format {
        case .json:
            try Console.json(report)
        case .text:
            Console.print(lines: textLines(report, style: Console.stdoutStyle, environment: environment))
        }
        if !report.canBuildAnything {
            throw PythonsError.failure("this machine cannot build CPython yet; install what is marked missing above")
        }
    }

    func textLines(_ report: DoctorReport, style: TerminalStyle, environment: PythonsEnvironment) -> [String] {
        let table = TextTable(header: ["STATUS", "CHECK", "FOUND"], rows: report.checks.map { check in
            [check.status.rawValue, check.name, environment.abbreviate(check.detail)]
        })
        var lines = table.render(decorateHeader: { style.paint($0, .bold) }).enumerated().map { index, line in
            guard index > 0 else { return line }
            switch report.checks[index - 1].status {
            case .ok: return line
            case .warning: return style.paint(line, .yellow)
            case .missing: return style.paint(line, .red)
            }
        }
        let fixes = report.checks.filter { $0.status != .ok && $0.fix != nil }
        if !fixes.isEmpty {
            lines.append("")
            lines.append("to do:")
            lines += fixes.map { "  \($0.name): \($0.fix!)" }
        }
        lines.append("")
        let possible = report.capabilities.filter(\.possible).map(\.build)
        lines.append("can build: " + (possible.isEmpty ? "nothing" : possible.joined(separator: ", ")))
        let impossible = report.capabilities.filter { !$0.possible }
        if !impossible.isEmpty {
            lines.append("cannot build: " + impossible.map { "\($0.build) (\($0.reason ?? "unknown"))" }.joined(separator: ", "))
        }
        return lines
    }
}
