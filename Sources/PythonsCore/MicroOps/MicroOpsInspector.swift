import Foundation

/// Runs uops.py in an interpreter and turns its report into a `MicroOpsReport`.
public enum MicroOpsInspector {
    /// The interpreter `pythons uops` uses when none is named: the newest JIT
    /// build (one whose JIT is on by default first), else the newest tier-2
    /// interpreter build. Free-threaded builds never qualify.
    public static func defaultInterpreter(in catalog: InterpreterCatalog) throws(PythonsError) -> Interpreter {
        let candidates = catalog.interpreters.filter {
            $0.isCPython && !$0.facts.freeThreadedBuild && $0.facts.tier2 == .present
        }
        func rank(_ interpreter: Interpreter) -> (Int, Int, PythonVersion, Int) {
            (interpreter.facts.jitBuild ? 1 : 0, interpreter.facts.tier2Active ? 1 : 0,
             interpreter.version, interpreter.isManaged ? 1 : 0)
        }
        guard let best = candidates.max(by: { rank($0) < rank($1) }) else {
            throw .usage("no JIT or tier-2 build found, and only those create executors; build one with `pythons install 3.13j`, or name an interpreter with --python",
                         details: catalog.availableSummary(hint: VersionRequest(major: 3, minor: 13, variants: [.jit])))
        }
        return best
    }

    /// Loads the file in the interpreter, calls until the function is hot or a
    /// limit is reached, and reports its executors or why there are none.
    public static func inspect(_ request: MicroOpsRequest, interpreter: Interpreter,
                               environment: PythonsEnvironment,
                               runner: ProcessRunner) async throws -> MicroOpsReport {
        try request.validate()
        let file = environment.absolute(request.target.file)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), !isFolder.boolValue else {
            throw PythonsError.usage("no such file: \(request.target.file)")
        }
        guard interpreter.version.major == 3, interpreter.version.minor >= 6 else {
            throw PythonsError.usage("\(interpreter.displayName) is too old for `pythons uops` (it needs Python 3.6 or newer, and executors need a 3.13j)")
        }
        var absolute = request
        absolute.target.file = file
        let processRequest = absolute.processRequest(
            interpreter: interpreter, environment: environment,
            workingDirectory: (file as NSString).deletingLastPathComponent)
        let outcome = try await runner.run(processRequest)
        try Task.checkCancellation()
        guard outcome.succeeded, let line = outcome.standardOutput.split(separator: "\n").last else {
            throw PythonsError.failure("\(interpreter.displayName) \(outcome.termination) while running \(request.target)",
                                       details: outcome.standardError.split(separator: "\n").suffix(10).map(String.init))
        }
        let helper: HelperReport
        do {
            helper = try JSONDecoder().decode(HelperReport.self, from: Data(line.utf8))
        } catch {
            throw PythonsError.failure("could not read the report of uops.py from \(interpreter.displayName): \(error)")
        }
        if let loadError = helper.loadError {
            // A file that does not compile is broken input (failure); a missing
            // function or a bad --call is a wrong argument (usage).
            throw loadError.kind == "syntax" || loadError.kind == "file"
                ? PythonsError.failure(loadError.message)
                : PythonsError.usage(loadError.message)
        }
        return report(from: helper, request: request, interpreter: interpreter)
    }

    static func report(from helper: HelperReport, request: MicroOpsRequest, interpreter: Interpreter) -> MicroOpsReport {
        let executors = helper.executors.map { executor in
            ExecutorReport(
                codeName: executor.codeName, offset: executor.offset, line: executor.line,
                replacedOpcode: executor.replacedOpcode, loopStartOffset: executor.loopStartOffset,
                loopStartLine: executor.loopStartLine, valid: executor.valid,
                machineCodeBytes: executor.machineCodeBytes, machineCodeNote: executor.machineCodeNote,
                microOps: executor.uops.map { MicroOp(name: $0.name, oparg: $0.oparg, target: $0.target, operand: $0.operand) })
        }
        let stoppedBy = MicroOpsReport.StopCause(rawValue: (helper.stoppedBy ?? "").replacingOccurrences(of: "_", with: "-")) ?? .unavailable
        let reason = executors.isEmpty ? decideReason(helper: helper, stoppedBy: stoppedBy, request: request, interpreter: interpreter) : nil
        return MicroOpsReport(
            schemaVersion: MicroOpsReport.currentSchemaVersion, interpreter: InterpreterReference(interpreter),
            settings: request.settings, file: request.target.file, function: request.target.function,
            calls: request.effectiveCalls, callsMade: helper.callsMade, seconds: helper.seconds,
            stoppedBy: stoppedBy, threshold: helper.threshold, executors: executors, reason: reason)
    }

    /// The first reason that applies, most fundamental first: an error hides
    /// everything else; then what the build can do; then how it was started;
    /// then how much it was called.
    static func decideReason(helper: HelperReport, stoppedBy: MicroOpsReport.StopCause,
                             request: MicroOpsRequest, interpreter: Interpreter) -> NoExecutorsReason {
        let build = interpreter.displayName
        if let error = helper.error {
            return .expressionRaised(RaisedError(type: error.type, line: error.line, fileLine: error.fileLine,
                                                 traceback: error.traceback, whileLoading: stoppedBy == .load))
        }
        if interpreter.facts.freeThreadedBuild { return .freeThreadedBuild(build: build) }
        if !helper.executorsSupported || interpreter.facts.tier2 == .absent {
            return .noTier2(build: build, version: interpreter.version)
        }
        // Without _testinternalcapi (some distributions leave it out) the
        // interpreter cannot say; then the build's default and PYTHON_JIT decide,
        // as they do in CPython (flag 2: off unless PYTHON_JIT turns it on).
        let onByDefault = (interpreter.facts.tier2Flags ?? 0) & 2 == 0
        let active = helper.optimizerActive ?? request.settings.jit.map { $0 == .on } ?? onByDefault
        if !active {
            if request.settings.jit == .off, let source = request.jitSource {
                return .jitTurnedOff(build: build, source: source)
            }
            return .jitOffByDefault(build: build)
        }
        let limitIsTime = stoppedBy == .maxSeconds
        return .neverHot(.init(
            function: request.target.function, calls: helper.callsMade, seconds: helper.seconds,
            limit: limitIsTime ? "max-seconds" : "max-calls",
            limitValue: limitIsTime ? request.maxSeconds : Double(request.maxCalls),
            threshold: helper.threshold, version: interpreter.version.featureVersion,
            functionHasLoop: helper.hasLoop ?? true))
    }
}

/// The JSON uops.py prints.
struct HelperReport: Decodable {
    struct LoadError: Decodable {
        var kind: String
        var message: String
    }

    struct ErrorReport: Decodable {
        var type: String
        var line: String
        var traceback: String
        var fileLine: Int?

        enum CodingKeys: String, CodingKey {
            case type, line, traceback, fileLine = "file_line"
        }
    }

    struct Executor: Decodable {
        struct UOp: Decodable {
            var name: String
            var oparg: Int
            var target: Int
            var operand: UInt64
        }

        var codeName: String
        var offset: Int
        var line: Int?
        var replacedOpcode: String
        var loopStartOffset: Int?
        var loopStartLine: Int?
        var valid: Bool?
        var machineCodeBytes: Int?
        var machineCodeNote: String?
        var uops: [UOp]

        enum CodingKeys: String, CodingKey {
            case codeName = "code_name", offset, line, replacedOpcode = "replaced_opcode"
            case loopStartOffset = "loop_start_offset", loopStartLine = "loop_start_line", valid
            case machineCodeBytes = "machine_code_bytes", machineCodeNote = "machine_code_note", uops
        }
    }

    var executorsSupported: Bool
    var optimizerActive: Bool?
    var threshold: Int?
    var callsMade: Int
    var seconds: Double
    var stoppedBy: String?
    var error: ErrorReport?
    var loadError: LoadError?
    var hasLoop: Bool?
    var executors: [Executor]

    enum CodingKeys: String, CodingKey {
        case executorsSupported = "executors_supported", optimizerActive = "optimizer_active", threshold
        case callsMade = "calls_made", seconds, stoppedBy = "stopped_by", error, loadError = "load_error"
        case hasLoop = "has_loop", executors
    }
}
