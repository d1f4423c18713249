import Foundation

/// The files `pythons bench` writes for other tools: the seed's CSV, pyperf's
/// JSON and a Markdown table.
public enum RunExports {
    // MARK: The seed's CSV

    /// The seed's columns: gil.csv is python,threads,seconds; jit.csv is
    /// python,jit,n,seconds. A user function gets python,function,threads,seconds.
    public static func csvHeader(for workload: Workload) -> [String] {
        switch workload {
        case .gil: ["python", "threads", "seconds"]
        case .jit: ["python", "jit", "n", "seconds"]
        case .function: ["python", "function", "threads", "seconds"]
        case .pyperf: ["python", "jit", "benchmark", "seconds"]
        case .scaling: ["python", "operation", "threads", "seconds"]
        }
    }

    /// One row per measured configuration, with its median time, as the seed
    /// appended one row per run.
    public static func csvRows(_ run: BenchmarkRun, analysis: RunAnalysis) -> [[String]] {
        zip(run.configurations, analysis.configurations).compactMap { configuration, result in
            guard let median = result.summary?.median else { return nil }
            let seconds = "\(median)"
            switch run.workload {
            case .gil:
                return [configuration.pythonLabel, String(configuration.threads ?? 1), seconds]
            case .jit(let n):
                return [configuration.pythonLabel, configuration.jitLabel, String(n), seconds]
            case .function(_, let name, _):
                return [configuration.pythonLabel, name, configuration.threads.map(String.init) ?? "", seconds]
            case .pyperf(let file, let benchmark, _, _):
                return [configuration.pythonLabel, configuration.jitLabel, benchmark ?? file, seconds]
            case .scaling(let operation):
                return [configuration.pythonLabel, operation, String(configuration.threads ?? 1), seconds]
            }
        }
    }

    /// Refuses, before anything is measured, a CSV file that already holds
    /// other columns; returns whether the file has content already.
    @discardableResult
    public static func checkCSV(_ path: String, for workload: Workload) throws(PythonsError) -> String? {
        let header = csvHeader(for: workload)
        guard let existing = try? String(contentsOfFile: path, encoding: .utf8), !existing.isEmpty else { return nil }
        let firstLine = existing.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        guard firstLine.trimmingCharacters(in: .whitespacesAndNewlines) == header.joined(separator: ",") else {
            throw .usage("\(path) has the columns '\(firstLine)', not '\(header.joined(separator: ","))': give another --csv file for \(workload.kind.rawValue) results")
        }
        return existing
    }

    /// Appends the rows to FILE, writing the header only when the file is new
    /// or empty. A file with other columns is refused rather than mixed.
    public static func appendCSV(_ run: BenchmarkRun, analysis: RunAnalysis, to path: String) throws(PythonsError) {
        var text = ""
        if let existing = try checkCSV(path, for: run.workload) {
            if !existing.hasSuffix("\n") { text += "\n" }
        } else {
            text += csvLine(csvHeader(for: run.workload))
        }
        for row in csvRows(run, analysis: analysis) { text += csvLine(row) }
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw PythonsError.failure("cannot create \(path)")
                }
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch let error as PythonsError {
            throw error
        } catch {
            throw .failure("cannot write \(path): \(ErrorDescriptions.file(error))")
        }
    }

    static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\n"
    }

    // MARK: pyperf

    /// One pyperf JSON document per measured configuration, keyed by file
    /// name. pyperf requires the runs of one benchmark to agree on the
    /// interpreter and machine, so each configuration is its own file; the
    /// benchmark name depends only on the workload and thread count, so
    /// `pyperf compare_to a.json b.json` pairs the same workload across
    /// configurations.
    public static func pyperfDocuments(_ run: BenchmarkRun, analysis: RunAnalysis? = nil) -> [(fileName: String, document: [String: Any])] {
        var used = Set<String>()
        let analysis = analysis ?? RunAnalysis(run)
        return zip(run.configurations, analysis.configurations).compactMap { configuration, result in
            let processes = exportedProcesses(configuration)
            guard !processes.isEmpty else { return nil }
            var name = slug(configuration.name)
            while !used.insert(name).inserted { name += "-2" }
            var common: [String: Any] = [
                "name": benchmarkName(run.workload, threads: configuration.threads),
                "unit": "second",
                "loops": 1,
                "python_executable": configuration.interpreter.path,
                "python_implementation": configuration.interpreter.implementation.lowercased(),
                "python_version": configuration.interpreter.version,
                "cpu_count": run.machine.logicalCores,
                "hostname": run.machine.hostname,
                "platform": "\(run.machine.operatingSystem) \(run.machine.kernel) \(run.machine.architecture)",
                "cpu_model_name": run.machine.cpuModel,
                "description": "pythons bench: \(configuration.name)",
                "pythons_configuration": configuration.label,
                "pythons_run_id": run.id,
                "date": ISO8601DateFormatter().string(from: run.startedAt),
            ]
            // pyperf keeps unknown metadata as it is: the flag travels with the values.
            if let steadiness = result.steadiness, steadiness.isUnsteady {
                common["pythons_steady_state"] = "unsteady: " + RunNoteText.steadinessText(steadiness)
            }
            if let gil = configuration.settings.gil { common["python_gil"] = gil.rawValue }
            if let jit = configuration.settings.jit { common["python_jit"] = jit.rawValue }
            common = common.filter { !(($0.value as? String)?.isEmpty ?? false) }
            let runs: [[String: Any]] = processes.map { process in
                // pyperf's values are per loop iteration too; its "loops" says how many were timed together.
                var entry: [String: Any] = ["metadata": ["loops": process.loops ?? 1], "values": process.values]
                let warmups = process.warmups.filter { $0 > 0 }
                if !warmups.isEmpty { entry["warmups"] = warmups.map { [1, $0] as [Any] } }
                return entry
            }
            let document: [String: Any] = [
                "version": "1.0",
                "metadata": common,
                "benchmarks": [["metadata": ["name": common["name"]!], "runs": runs] as [String: Any]],
            ]
            return (name + ".json", document)
        }
    }

    /// The processes a pyperf file holds (those with timings, all positive):
    /// the files and the note on their counts read the same ones.
    static func exportedProcesses(_ configuration: ConfigurationRun) -> [ProcessSample] {
        configuration.processes.filter { !$0.values.isEmpty && $0.values.allSatisfy { $0 > 0 } }
    }

    /// What `--pyperf` tells the user: where the files are and, unless both
    /// counts were fixed, that pyperf's compare_to may not test them: its
    /// t-test wants equal numbers of values, and it prints "ERROR when
    /// testing if values are significant" otherwise.
    public static func pyperfMessages(_ run: BenchmarkRun, paths: [String]) -> [String] {
        var lines = ["pyperf files: " + paths.joined(separator: " ")]
        let counts = run.configurations.map { exportedProcesses($0).reduce(0) { $0 + $1.values.count } }.filter { $0 > 0 }
        // A file's count is processes × timings per process. Adaptive
        // sampling chooses the processes; `--values auto` has each process
        // time about 50 ms, so its count follows the machine's speed of the
        // moment (a CI run saw two `--repeat 6` runs of one workload differ).
        // Only `--repeat N` with `--values M` makes counts equal across runs.
        let bothFixed = run.options.repeatCount != nil && run.options.valuesPerProcess != nil
        if Set(counts).count > 1 || (!bothFixed && !counts.isEmpty) {
            let held = Set(counts).count == 1 ? "\(counts[0]) values each" : counts.map(String.init).joined(separator: ", ") + " values"
            lines.append("note: pyperf compare_to's significance test needs the same number of values in the files it compares "
                + "(otherwise it prints an error); these hold \(held), a count that "
                + (run.options.repeatCount == nil ? "adaptive sampling chose" : "--values auto chose from the timings' length")
                + ": measure with the same --repeat N --values M for files to compare with pyperf")
        }
        return lines
    }

    /// Writes the pyperf files into a folder (created if needed); returns
    /// their paths.
    public static func writePyperf(_ run: BenchmarkRun, analysis: RunAnalysis? = nil, to folder: String) throws(PythonsError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try pyperfDocuments(run, analysis: analysis).map { fileName, document in
                let path = "\(folder)/\(fileName)"
                let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
                try data.write(to: URL(fileURLWithPath: path))
                return path
            }
        } catch {
            throw .failure("cannot write pyperf files to \(folder): \(ErrorDescriptions.file(error))")
        }
    }

    static func benchmarkName(_ workload: Workload, threads: Int?) -> String {
        let base: String = switch workload {
        case .gil(let n): "gil_fib\(n)"
        case .jit(let n): "jit_fib_range\(n)"
        case .function(let file, let name, _): "\((file.split(separator: "/").last.map(String.init) ?? file)):\(name)"
        case .pyperf(let file, let benchmark, _, _): benchmark ?? (file.split(separator: "/").last.map(String.init) ?? file)
        case .scaling(let operation): "scaling_\(operation)"
        }
        return threads.map { "\(base)_\($0)threads" } ?? base
    }

    /// "3.13t (GIL off), 2 threads" → "3.13t-gil-off-2-threads".
    static func slug(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "." {
                result.append(character)
            } else if !result.hasSuffix("-") {
                result.append("-")
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "configuration" : result
    }
}
