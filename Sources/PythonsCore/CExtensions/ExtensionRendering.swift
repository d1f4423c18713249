import Foundation

/// The text `ext build`, `ext check` and `ext audit` print.
extension ExtensionCheckResult {
    public func text(_ context: TextContext) -> CommandText {
        CommandText(lines: textLines(style: context.style, currentDirectory: context.environment.currentDirectory))
    }

    /// `currentDirectory` shortens the file's path to ./... under it.
    public func textLines(style: TerminalStyle, currentDirectory: String) -> [String] {
        let file = path.map { " (\(Self.relative($0, to: currentDirectory)))" } ?? ""
        var lines = ["\(module)\(file) on \(interpreter.description)"]
        let label = verdict.kind.label
        lines.append(passed ? style.paint(label, .green) : style.paint(label, .red))
        lines += explanation
        return lines
    }

    /// The detail, CPython's warnings and the fix, indented.
    var explanation: [String] {
        var lines: [String] = []
        if let detail = verdict.detail(module: module) { lines.append("  " + detail) }
        if case .reenablesGIL(let warnings) = verdict {
            for warning in warnings { lines.append("  CPython warned: " + warning.text) }
        }
        if let fix = verdict.fix { lines.append("  fix: " + fix) }
        return lines
    }

    static func relative(_ path: String, to folder: String) -> String {
        path.hasPrefix(folder + "/") ? "./" + path.dropFirst(folder.count + 1) : path
    }
}

extension ExtensionAuditReport {
    public func text(_ context: TextContext) -> CommandText {
        CommandText(lines: textLines(style: context.style))
    }

    public func textLines(style: TerminalStyle) -> [String] {
        guard !results.isEmpty else {
            return ["No extension modules in \(folders.joined(separator: ", "))."]
        }
        let byPackage = results.contains { $0.distribution != nil }
        let table = TextTable(
            header: byPackage ? ["PACKAGE", "MODULE", "VERDICT", "DETAIL"] : ["MODULE", "FILE", "VERDICT", "DETAIL"],
            rows: results.map { result in
                let first = byPackage ? result.distribution?.description ?? "-" : result.module
                let second = byPackage ? result.module : result.path.map { ($0 as NSString).lastPathComponent } ?? ""
                return [first, second, result.verdict.kind.label, result.verdict.shortDetail(module: result.module)]
            })
        var lines = table.render(decorateHeader: { style.paint($0, .bold) })

        // What CPython said and what to do, for the modules a fix is known for.
        for result in results where !result.passed && result.verdict.fix != nil && result.verdict.kind != .packageFailsToImport {
            lines.append("")
            lines.append("\(result.module): " + style.paint(result.verdict.kind.label, .red))
            lines += result.explanation
        }
        let failedPackages = Dictionary(grouping: results.compactMap { result -> (String, String)? in
            guard case .packageFailsToImport(let package, let error) = result.verdict else { return nil }
            return (package, error)
        }, by: \.0)
        for (package, failures) in failedPackages.sorted(by: { $0.key < $1.key }) {
            lines.append("")
            lines.append("the package \(package) fails to import, so its \(failures.count) \(failures.count == 1 ? "module was" : "modules were") not checked: \(failures[0].1)")
            lines.append("  fix: " + (ExtensionVerdict.packageFailsToImport(package: package, error: failures[0].1).fix ?? ""))
        }

        if byPackage {
            lines.append("")
            let summary = TextTable(header: ["PACKAGE", "MODULES", "VERDICTS"], rows: distributions.map { summary in
                [summary.distribution?.description ?? "(no distribution)", "\(summary.modules)", Self.countsText(summary.counts)]
            })
            lines += summary.render(decorateHeader: { style.paint($0, .bold) })
        }
        lines.append("")
        let checked = complete ? "" : " checked of \(found) found"
        lines.append("\(results.count) \(results.count == 1 ? "module" : "modules")\(checked): " + Self.countsText(counts))
        return lines
    }

    /// "20 GIL stays off, 1 re-enables the GIL", in the verdicts' order.
    static func countsText(_ counts: [String: Int]) -> String {
        ExtensionVerdict.Kind.allCases.compactMap { kind -> String? in
            let count = counts[kind.rawValue] ?? 0
            return count == 0 ? nil : "\(count) \(kind.label)"
        }.joined(separator: ", ")
    }
}

extension ExtensionBuildResult {
    /// As each build ends: the compiler's own output (errors and warnings,
    /// as printed) on stderr, the result on stdout, a failure on stderr.
    public func text(_ context: TextContext) -> CommandText {
        let folder = context.environment.currentDirectory
        func shown(_ command: [String]) -> String {
            command.map { ShellQuoting.quote(ExtensionCheckResult.relative($0, to: folder)) }.joined(separator: " ")
        }
        var text = CommandText()
        if !compilerOutput.isEmpty { text.pieces.append(.verbatim(compilerOutput)) }
        let build = interpreter.build
        switch status {
        case .built:
            text.pieces.append(.line("built for \(build): \(ExtensionCheckResult.relative(output ?? "", to: folder))"))
            if let command { text.pieces.append(.line("  $ " + shown(command))) }
            if let message { text.pieces.append(.message("note: \(message)")) }
        case .skipped:
            text.pieces.append(.line("skipped \(build): \(message ?? "")"))
        case .failed:
            if let command { text.pieces.append(.message("$ " + shown(command))) }
            text.pieces.append(.message(context.messageStyle.paint("failed for \(build):", .red) + " \(message ?? "")"))
        }
        return text
    }
}

extension ExtensionBuildReport {
    /// Nothing more: each result was printed as its build ended.
    public func text(_ context: TextContext) -> CommandText { CommandText() }
}
