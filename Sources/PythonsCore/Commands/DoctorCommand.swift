/// `pythons doctor`: which CPython builds this machine can make, and what is
/// missing for the others.
public enum DoctorCommand {
    /// - Parameter llvmToolsFolder: `--llvm-tools`, a folder checked before PATH.
    public static func run(_ context: CommandContext, llvmToolsFolder: String? = nil) async throws {
        let report = await Doctor(environment: context.environment, runner: context.runner, llvmToolsFolder: llvmToolsFolder).run()
        try context.print(report)
        if !report.canBuildAnything {
            throw PythonsError.failure("this machine cannot build CPython yet; install what is marked missing above")
        }
    }
}
