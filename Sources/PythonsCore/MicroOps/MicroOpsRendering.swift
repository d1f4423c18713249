extension MicroOpsReport {
    /// The report for people. Micro-ops are listed one a line, as the seed's
    /// reveal_code() prints them; `verbose` adds oparg, target and operand.
    public func textLines(verbose: Bool, style: TerminalStyle = .plain) -> [String] {
        var lines = ["\(function) in \(file), on \(interpreter.description)" + (settings.description.isEmpty ? "" : " (\(settings))")]
        let callList = calls.joined(separator: ", ")
        let took = NoExecutorsReason.format(seconds)
        switch stoppedBy {
        case .executors:
            let version = PythonVersion(interpreter.version)?.featureVersion ?? interpreter.version
            let threshold = threshold.map { " (\(NoExecutorsReason.thresholdNote($0, featureVersion: version)))" } ?? ""
            lines.append("called \(callList): \(callsMade) \(callsMade == 1 ? "call" : "calls") in \(took) until an executor appeared\(threshold)")
        default:
            lines.append("called \(callList): \(callsMade) \(callsMade == 1 ? "call" : "calls") in \(took)")
        }
        if let reason {
            lines.append(style.paint("Micro-ops unavailable", .yellow) + ": " + reason.message)
            if case .expressionRaised(let error) = reason {
                lines.append("")
                lines += error.traceback.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            }
            return lines
        }
        for (index, executor) in executors.enumerated() {
            lines.append("")
            lines.append(style.paint("executor \(index + 1) of \(executors.count)", .bold) + ": " + executor.summary(function: function))
            if verbose {
                let table = TextTable(
                    header: ["MICRO-OP", "OPARG", "TARGET", "OPERAND"],
                    rows: executor.microOps.map { [$0.name, String($0.oparg), String($0.target), String($0.operand)] },
                    alignments: [.left, .right, .right, .right])
                lines += table.render().map { "  " + $0 }
            } else {
                lines += executor.microOps.map { "  " + $0.name }
            }
        }
        return lines
    }
}

extension ExecutorReport {
    /// "the loop at line 3 (offset 32), entered from JUMP_BACKWARD at line 4
    /// (offset 48); 20 micro-ops; 4096 bytes of machine code".
    func summary(function: String) -> String {
        var parts: [String] = []
        let inside = codeName == function || codeName.hasSuffix(".\(function)") ? "" : " of \(codeName)"
        let at = "\(replacedOpcode) at line \(line.map(String.init) ?? "?") (offset \(offset))"
        if let loopStartOffset {
            parts.append("the loop\(inside) at line \(loopStartLine.map(String.init) ?? "?") (offset \(loopStartOffset)), entered from \(at)")
        } else {
            parts.append("starts at \(at)\(inside)")
        }
        parts.append("\(microOps.count) micro-ops")
        if let machineCodeBytes {
            parts.append("\(machineCodeBytes) bytes of machine code")
        } else {
            parts.append("no machine code" + (machineCodeNote.map { " (\($0.trimmingCharacters(in: .init(charactersIn: "."))))" } ?? ""))
        }
        if valid == false { parts.append("invalidated") }
        return parts.joined(separator: "; ")
    }
}

/// `pythons uops`' result: the report as JSON, or as text with `--verbose`'s
/// columns when asked.
public typealias MicroOpsView = OptionedOutput<MicroOpsReport>

extension MicroOpsReport: TextWithOption {
    public func text(_ context: TextContext, option verbose: Bool) -> CommandText {
        CommandText(lines: textLines(verbose: verbose, style: context.style))
    }
}
