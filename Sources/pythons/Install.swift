import ArgumentParser
import Foundation
import PythonsCore

extension Pythons {
    struct Install: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Build and install CPython's stock, free-threaded, JIT or tier-2 variant from source.",
            discussion: """
                VERSION is 3.13.5 (stock), 3.13t (free-threaded), 3.13j (JIT), 3.13+tier2 (tier-2 \
                micro-op interpreter), with or without the patch number; without one, the installed \
                build or else the newest release Pythons knows. Each build gets its own prefix under \
                PYTHONS_HOME/installs and appears in `pythons list`. A JIT build needs LLVM (18 for \
                3.13, 19 for 3.14, 21 for 3.15). Installing what is installed does nothing; --force \
                rebuilds. Exit codes: 0 installed or already there, 1 the build or a check failed, 2 bad \
                input, 130 interrupted (nothing installed, the log kept).
                """
        )

        @Argument(help: "What to build: 3.13.5, 3.13t, 3.13j, 3.13+tier2, ...")
        var version: String

        @Option(help: "A CPython source tarball (file or URL) instead of python.org's; the version comes from the tarball.")
        var source: String?

        @Option(help: "The SHA-256 the tarball must have (for releases Pythons does not know).")
        var sha256: String?

        @Option(name: [.short, .long], help: "Parallel compile jobs (default: all cores).")
        var jobs: Int?

        @Flag(help: "Profile-guided optimization (--enable-optimizations; a much longer build).")
        var pgo = false

        @Flag(help: "Link-time optimization (--with-lto; a longer build).")
        var lto = false

        @Option(name: .customLong("configure-arg"), parsing: .unconditionalSingleValue,
                help: "An extra argument for configure (repeatable), e.g. --configure-arg=--without-ensurepip.")
        var configureArguments: [String] = []

        @Option(name: .customLong("llvm-tools"), help: "A folder with clang-N and llvm-readobj-N for JIT builds, searched before PATH.")
        var llvmTools: String?

        @Flag(help: "Rebuild even when this build is already installed.")
        var force = false

        @Flag(help: "Put the seed's name (python3.13, python3.13t, python3.13j) in PYTHONS_BIN (default ~/.local/bin); never replaces a file Pythons did not make.")
        var link = false

        @Flag(name: .customLong("no-ccache"), help: "Do not compile through ccache even when it is installed.")
        var noCcache = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let jobs, !(1...1024).contains(jobs) {
                throw ValidationError("--jobs must be between 1 and 1024, got \(jobs)")
            }
            if let sha256, !ReleaseChecksums.isWellFormed(sha256) {
                throw ValidationError("--sha256 must be 64 hexadecimal digits (as sha256sum prints), got '\(sha256)'")
            }
        }

        func run(_ context: CommandContext) async throws {
            let build = BuildOptions(pgo: pgo, lto: lto, extraConfigureArguments: configureArguments)
            try await context.with(format: output).execute { [version, source, sha256, jobs, llvmTools, force, link, noCcache] in
                try await InstallCommand.run($0, version: version, source: source, sha256: sha256, jobs: jobs, build: build,
                                             llvmToolsFolder: llvmTools, force: force, link: link, useCcache: !noCcache)
            }
        }
    }
}
