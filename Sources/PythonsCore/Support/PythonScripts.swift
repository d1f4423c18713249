import Foundation

/// The Python files that run inside interpreters (the probe, the banner, the
/// workloads). They ship as package resources and are real files, tested by
/// running them; this is the one place that knows where they are.
public enum PythonScripts {
    /// Where an installed `pythons` keeps its scripts, relative to the folder
    /// of its binary: the wheel puts the binary in `bin/` (its .data/scripts)
    /// and the scripts in `share/pythons/python` (its .data/data), so pip,
    /// uv and pipx install them side by side in any prefix; it is the usual
    /// Unix layout too (/usr/local/bin, /usr/local/share).
    public static let installedLayout = "../share/pythons/python"

    /// The folder holding the scripts, first found of:
    /// 1. PYTHONS_RESOURCES, for a binary copied away from its scripts;
    /// 2. `installedLayout` beside the binary's real path (symlinks resolved:
    ///    uv and pipx link `~/.local/bin/pythons` to the binary in a tool
    ///    environment);
    /// 3. the resource bundle SwiftPM builds beside the binary (`swift build`,
    ///    `swift run`, `swift test`).
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let override = environment["PYTHONS_RESOURCES"], !override.isEmpty { return override }
        return installedFolder ?? bundledFolder ?? expectedInstalledFolder
    }

    /// Nil when the scripts are where `folder` points; otherwise the one line
    /// that says so. Checked once before a command runs, so that a binary
    /// whose scripts were moved or deleted says what is wrong instead of
    /// failing later with a missing file in the middle of a probe.
    public static func missingScriptsProblem(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let folder = folder(environment: environment)
        guard !FileManager.default.fileExists(atPath: "\(folder)/probe.py") else { return nil }
        if let override = environment["PYTHONS_RESOURCES"], !override.isEmpty {
            return "PYTHONS_RESOURCES is \(override), which holds no probe.py: point it at the `python` folder of Pythons' helper scripts, or unset it"
        }
        return "Pythons' helper scripts are missing: looked in \(expectedInstalledFolder) and in the resource bundle beside the binary; reinstall Pythons (pip/uv/pipx install of its wheel, or `swift build`), or set PYTHONS_RESOURCES to the folder that holds probe.py"
    }

    /// Full path of one script, for example `path("probe.py")`.
    public static func path(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "\(folder(environment: environment))/\(name)"
    }

    /// The installed layout's folder, if this binary has one. Looked up once:
    /// the binary does not move while it runs.
    static let installedFolder: String? = {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        return installedFolder(besideExecutable: executable.path)
    }()

    /// SwiftPM's resource bundle beside the binary, if it is there. Looked for
    /// here rather than through `Bundle.module`, whose accessor stops the
    /// process (fatalError) when the bundle is missing.
    static let bundledFolder: String? = {
        let bundle = Bundle.main.bundleURL.appendingPathComponent("Pythons_PythonsCore.resources")
        let folder = (Bundle(url: bundle)?.resourceURL ?? bundle).appendingPathComponent("python").path
        return FileManager.default.fileExists(atPath: "\(folder)/probe.py") ? folder : nil
    }()

    /// Where an installed binary's scripts should be, for messages.
    static var expectedInstalledFolder: String {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().path ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
            .appendingPathComponent(installedLayout).standardizedFileURL.path
    }

    /// `installedLayout` resolved against a binary's path, if the probe is
    /// there (the one script every command needs).
    static func installedFolder(besideExecutable executable: String) -> String? {
        let candidate = URL(fileURLWithPath: executable)
            .deletingLastPathComponent()
            .appendingPathComponent(installedLayout)
            .standardizedFileURL.path
        return FileManager.default.fileExists(atPath: "\(candidate)/probe.py") ? candidate : nil
    }
}
