/// The text `pythons list` prints.
extension InterpreterCatalog {
    public func textLines(style: TerminalStyle, environment: PythonsEnvironment) -> [String] {
        func state(_ text: String, good: Bool) -> String { good ? style.paint(text, .green) : text }
        var table = TextTable(header: ["VERSION", "IMPLEMENTATION", "BUILD", "ABI", "FREE THREADING", "JIT", "TIER 2", "FOUND IN", "PATH"])
        for interpreter in interpreters {
            let facts = interpreter.facts
            var path = environment.abbreviate(interpreter.path)
            if interpreter.resolvedPath != interpreter.path {
                path += " -> " + environment.abbreviate(interpreter.resolvedPath)
            }
            table.rows.append([
                facts.version.description, facts.implementation, facts.shortName,
                facts.abiflags.isEmpty ? "-" : facts.abiflags,
                facts.freeThreading.rawValue, facts.jit.rawValue, facts.tier2.rawValue,
                interpreter.foundIn.map(\.rawValue).joined(separator: ", "), path,
            ])
        }
        var lines: [String] = []
        if interpreters.isEmpty {
            lines.append("No Python interpreters found (looked in PATH, \(environment.abbreviate(environment.pyenvRoot))/versions, \(environment.abbreviate(environment.uvPythonFolder)) and \(environment.abbreviate(environment.installsFolder))).")
        } else {
            // Colour is applied after alignment so escape codes do not skew widths.
            lines += table.render(decorateHeader: { style.paint($0, .bold) }).enumerated().map { index, line in
                guard index > 0, style.usesColor else { return line }
                return line.replacingOccurrences(of: " enabled ", with: " " + state("enabled", good: true) + " ")
                    .replacingOccurrences(of: " present ", with: " " + state("present", good: true) + " ")
            }
        }
        if !venvs.isEmpty {
            lines.append("")
            lines.append(venvs.count == 1 ? "1 virtual environment (choose it with --python PATH):" : "\(venvs.count) virtual environments (choose one with --python PATH):")
            var venvTable = TextTable(header: ["VERSION", "BUILD", "FREE THREADING", "JIT", "FOUND IN", "PATH", "BASE"])
            for venv in venvs {
                venvTable.rows.append([
                    venv.facts.version.description, venv.facts.shortName, venv.facts.freeThreading.rawValue, venv.facts.jit.rawValue,
                    venv.foundIn.map(\.rawValue).joined(separator: ", "), environment.abbreviate(venv.path),
                    venv.basePath.map(environment.abbreviate) ?? "-",
                ])
            }
            lines += venvTable.render(decorateHeader: { style.paint($0, .bold) })
        }
        if !problems.isEmpty {
            lines.append("")
            lines.append(problems.count == 1 ? "1 candidate could not be used:" : "\(problems.count) candidates could not be used:")
            for problem in problems {
                lines.append("  \(environment.abbreviate(problem.path)) (\(problem.foundIn.rawValue)): \(problem.reason)")
            }
        }
        if !skippedShims.isEmpty {
            lines.append("")
            let folder = environment.abbreviate(environment.pyenvRoot)
            lines.append("Skipped \(skippedShims.count) pyenv shim\(skippedShims.count == 1 ? "" : "s") on PATH: pyenv's versions are read directly from \(folder)/versions.")
        }
        return lines
    }
}

extension ListReport {
    public func text(_ context: TextContext) -> CommandText {
        let catalog = InterpreterCatalog(interpreters: interpreters, venvs: venvs, problems: problems, skippedShims: skippedShims)
        return CommandText(lines: catalog.textLines(style: context.style, environment: context.environment))
    }
}
