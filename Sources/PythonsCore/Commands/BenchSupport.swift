import Foundation

/// The progress line `bench` redraws on stderr while it measures, on a
/// terminal only and not with --quiet (see `LiveLine`, `ProgressLine`): at
/// most ten times a second, since a fast workload records hundreds of
/// samples a second.
final class BenchProgressDisplay: Sendable {
    private let line: LiveLine
    private let console: Console

    init(console: Console, quiet: Bool) {
        self.console = console
        line = LiveLine(isShown: ProgressLine.isShown(style: console.stderrStyle, quiet: quiet),
                        minimumInterval: .milliseconds(100), write: console.standardErrorWriter)
    }

    func show(_ progress: BenchProgress) {
        line.update {
            ProgressLine.render(progress, width: console.columns(of: .standardError) - 1, style: console.stderrStyle,
                                glyphs: console.glyphs)
        }
    }

    /// Erases the line, lets `write` print, and lets the next update redraw.
    func interject(_ write: () -> Void) { line.interject(write) }

    /// Erases the line for good, before the results are printed.
    func finish() { line.finish() }
}

/// Where `bench` keeps and writes its results: the database, --csv and --pyperf.
enum BenchExports {
    static func openStore(_ environment: PythonsEnvironment) throws -> RunStore {
        do {
            return try RunStore(environment: environment, forWriting: true)
        } catch let error as PythonsError {
            throw error
        } catch {
            throw PythonsError.failure("cannot open the results database \(RunStore.defaultPath(environment: environment)): \(error)")
        }
    }

    /// --csv and --pyperf, after the run is stored. A write that fails says
    /// where the run is: the measurements are safe in the database, and this
    /// line may be the last the user sees.
    static func export(_ run: BenchmarkRun, analysis: RunAnalysis, csv: String?, pyperf: String?, console: Console) throws {
        do {
            if let csv { try RunExports.appendCSV(run, analysis: analysis, to: csv) }
            if let pyperf {
                let paths = try RunExports.writePyperf(run, analysis: analysis, to: pyperf)
                RunExports.pyperfMessages(run, paths: paths).forEach(console.message)
            }
        } catch {
            guard let number = run.number else { throw error }
            throw PythonsError(error.kind, error.message + "; the run is stored as run \(number)"
                + (pyperf.map { " (`pythons show \(number) --pyperf \($0)` writes the pyperf files again)" } ?? ""))
        }
    }

    /// Refuses, before anything is measured, export paths that cannot be
    /// written: a --csv in a folder that does not exist or that is a folder,
    /// a --pyperf that is a file.
    static func checkOutputPaths(csv: String?, pyperf: String?) throws {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        if let csv {
            if csv.isEmpty { throw PythonsError.usage("--csv needs a file name, such as results.csv") }
            if files.fileExists(atPath: csv, isDirectory: &isFolder), isFolder.boolValue {
                throw PythonsError.usage("--csv \(csv) is a folder: give a file name, such as \(csv)/results.csv")
            }
            // Not NSString's deletingLastPathComponent: on Linux it traps for
            // "-" and "~" (found by the randomized option test).
            let folder = csv.lastIndex(of: "/").map { String(csv[..<$0]) } ?? ""
            if !folder.isEmpty, !(files.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue) {
                throw PythonsError.usage("--csv \(csv): no folder \(folder); create it first")
            }
        }
        if let pyperf {
            if pyperf.isEmpty { throw PythonsError.usage("--pyperf needs a folder name, such as pyperf-results") }
            if files.fileExists(atPath: pyperf, isDirectory: &isFolder), !isFolder.boolValue {
                throw PythonsError.usage("--pyperf \(pyperf) is a file: give a folder (created if missing)")
            }
        }
    }
}

/// What `bench` says as it starts, and how it ends.
enum BenchMessages {
    static func start(_ run: BenchmarkRun) -> String {
        let count = run.configurations.filter { $0.status != .failed }.count
        let goal: String
        let blocks = run.options.blockCount
        if let repeatCount = run.options.repeatCount {
            goal = "\(repeatCount) process\(repeatCount == 1 ? "" : "es") each" + (blocks > 1 ? ", \(repeatCount / blocks) in each run" : "")
        } else {
            goal = "until each median is known to ±\(Format.percent(run.options.precision)) (at least \(run.options.minimumProcesses) processes each\(blocks > 1 ? " in each run" : ""))"
                + (run.options.maxTime.map { " or \(Format.plainNumber($0)) s pass" } ?? "")
        }
        let runs = blocks > 1 ? " as \(blocks) runs, \(Format.plainNumber(run.options.blockPauseSeconds)) s apart," : ""
        return "measuring \(count) configuration\(count == 1 ? "" : "s") of `\(run.workload)`, interleaved,\(runs) \(goal)"
    }

    /// The free-threading workload measured with the GIL everywhere answers
    /// only half the question: the last line names the command that adds a
    /// build without it.
    static func freeThreadingAdvice(_ run: BenchmarkRun) -> String? {
        guard case .gil = run.workload, !run.configurations.contains(where: \.interpreter.freeThreadedBuild) else { return nil }
        return "no free-threaded build was measured, so every thread above ran under the GIL: `pythons install 3.13t` builds one (about 5 minutes on 2 cores, plus the download), then run this again"
    }

    /// Default sets leave venvs out, so a workload that imports what only
    /// the active venv (or ./.venv) has fails everywhere: the hint names the
    /// option that measures the venv.
    static func venvAdvice(_ run: BenchmarkRun, interpretersGiven: Bool, environment: PythonsEnvironment) -> String? {
        guard !interpretersGiven,
              run.configurations.contains(where: { $0.status == .failed && ($0.error ?? "").contains("ModuleNotFoundError") }) else { return nil }
        if let active = environment.variables["VIRTUAL_ENV"], !active.isEmpty {
            return "the active venv is not among the default interpreters (venvs are chosen by path): measure it with --python \(environment.abbreviate(environment.absolute(active)))/bin/python"
        }
        let local = environment.currentDirectory + "/.venv"
        guard FileManager.default.fileExists(atPath: local + "/pyvenv.cfg") else { return nil }
        return "./.venv is not among the default interpreters (venvs are chosen by path): measure it with --python .venv/bin/python"
    }

    /// 1 when a configuration failed, 130 when interrupted (after the results
    /// were printed and stored).
    static func exitStatus(_ run: BenchmarkRun) throws {
        switch run.status {
        case .interrupted:
            let samples = run.configurations.reduce(0) { $0 + $1.processes.count }
            throw PythonsError(.interrupted, "interrupted: \(samples) sample\(samples == 1 ? "" : "s") kept\(run.number.map { " in run \($0)" } ?? "")")
        case .failed:
            let failed = run.configurations.filter { $0.status == .failed }
            throw PythonsError.failure("\(failed.count) configuration\(failed.count == 1 ? "" : "s") failed: "
                + failed.map { "\($0.name): \($0.error ?? "unknown error")" }.joined(separator: "; "))
        case .complete, .running:
            break
        }
    }

    /// 1 when a benchmark failed, 130 when interrupted (after printing).
    static func exitStatus(_ suite: SuiteRun) throws {
        switch suite.status {
        case .interrupted:
            throw PythonsError(.interrupted, "interrupted: the benchmarks measured so far are kept")
        case .failed:
            let failed = suite.failures
            throw PythonsError.failure("\(failed.count) benchmark\(failed.count == 1 ? "" : "s") failed: " + failed.map(\.name).joined(separator: ", "))
        case .complete, .running:
            break
        }
    }
}
