import ArgumentParser
import Foundation
import PythonsCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Pythons {
    struct Repl: ContextCommand {
        static let configuration = CommandConfiguration(
            commandName: "repl",
            abstract: "Start an interactive interpreter with the seed's banner and reveal_code(function).",
            discussion: """
                The seed's micro-ops session: the banner, then Python's own interactive prompt with \
                reveal_code(function) defined, which prints the micro-ops of the function's \
                executors, one a line, or "Micro-ops unavailable". Pythons replaces itself with the \
                interpreter, so Ctrl-C, Ctrl-D and the terminal behave as in Python.
                """
        )

        @Argument(help: "The interpreter (3.13j, 3.13t, a path, ...). Default: the newest JIT build, else a tier-2 build.")
        var python: String?

        @Option(help: "Run with the GIL on or off (PYTHON_GIL); off needs a free-threaded build.")
        var gil: RuntimeSettings.Switch?

        @Option(help: "Run with the JIT on or off (PYTHON_JIT); needs a JIT or tier-2 build.")
        var jit: RuntimeSettings.Switch?

        @OptionGroup var discovery: DiscoveryOptions

        func run(_ context: CommandContext) async throws {
            let launch = try await context.with(discovery: discovery).execute { [python, gil, jit] in
                try await ReplCommand.run($0, python: python, gil: gil, jit: jit)
            }
            try Self.replaceProcess(with: launch)
        }

        /// execve: the interpreter takes over this process, its terminal and its
        /// signals, as `exec python` would. Signal dispositions and the mask that
        /// Pythons changed are restored first, since both survive exec (an ignored
        /// SIGINT would leave Python without KeyboardInterrupt).
        static func replaceProcess(with request: ProcessRequest) throws -> Never {
            for signalNumber in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT] { signal(signalNumber, SIG_DFL) }
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            sigprocmask(SIG_SETMASK, &noSignals, nil)

            let argv = ([request.executable] + request.arguments).map { strdup($0) } + [nil]
            let envp = request.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            execve(request.executable, argv, envp)
            let reason = String(cString: strerror(errno))
            throw PythonsError.failure("cannot start \(request.executable): \(reason)")
        }
    }
}
