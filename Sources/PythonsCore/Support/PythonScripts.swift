import Foundation

/// The Python files that run inside interpreters (the probe, the banner, the
/// workloads). They ship as package resources and are real files, tested by
/// running them; this is the one place that knows where they are.
public enum PythonScripts {
    /// The folder holding the scripts. PYTHONS_RESOURCES overrides it, for a
    /// `pythons` binary copied away from its resource bundle.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let override = environment["PYTHONS_RESOURCES"], !override.isEmpty { return override }
        return Bundle.module.resourceURL!.appendingPathComponent("python").path
    }

    /// Full path of one script, for example `path("probe.py")`.
    public static func path(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "\(folder(environment: environment))/\(name)"
    }
}
