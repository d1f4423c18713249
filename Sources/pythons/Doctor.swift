import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Doctor: ContextCommand {
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

        func run(_ context: CommandContext) async throws {
            try await context.with(format: output).execute { [llvmTools] in try await DoctorCommand.run($0, llvmToolsFolder: llvmTools) }
        }
    }
}
