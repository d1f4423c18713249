import Foundation

/// What to install when an interpreter's Python.h is missing.
public enum HeadersHint {
    /// One sentence naming the package or install step that provides Python.h
    /// for this interpreter. `osRelease` is /etc/os-release as key/value pairs.
    public static func missingPythonH(interpreter: Interpreter, includeDirs: [String],
                                      osRelease: [String: String]) -> String {
        let version = interpreter.version.featureVersion
        let name = "python\(version)\(interpreter.facts.freeThreadedBuild ? "t" : "")"
        let place = includeDirs.first.map { "Python.h is not in \($0)" } ?? "this interpreter names no include folder"
        let sources = interpreter.foundIn
        if sources.contains(.pythons) {
            return "\(place): this Pythons install has lost its headers; build it again with `pythons install \(interpreter.facts.shortName)`"
        }
        if sources.contains(.pyenv) {
            return "\(place): this pyenv install lacks its headers; reinstall it with `pyenv install --force \(interpreter.version)`"
        }
        if sources.contains(.uv) {
            return "\(place): this uv install lacks its headers; reinstall it with `uv python install --reinstall \(interpreter.version)`"
        }
        let isSystem = interpreter.path.hasPrefix("/usr/bin/") || interpreter.resolvedPath.hasPrefix("/usr/bin/")
        let family = ((osRelease["ID"] ?? "") + " " + (osRelease["ID_LIKE"] ?? "")).lowercased()
        if isSystem, !interpreter.facts.freeThreadedBuild {
            if family.contains("debian") || family.contains("ubuntu") {
                return "\(place): install the headers with `sudo apt-get install \(name)-dev`"
            }
            if family.contains("fedora") || family.contains("rhel") || family.contains("centos") {
                return "\(place): install the headers with `sudo dnf install \(name)-devel`"
            }
            if family.contains("alpine") {
                return "\(place): install the headers with `apk add python3-dev`"
            }
        }
        return "\(place): install the development headers for \(name) (the package or install that provides Python.h), or build the interpreter with `pythons install \(interpreter.facts.shortName)`, which includes them"
    }

    /// /etc/os-release parsed into key/value pairs (quotes removed).
    public static func readOSRelease(path: String = "/etc/os-release") -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            var value = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }
}
