import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine a run was made on, stored with every run: results are only
/// comparable on the same machine, and a loaded machine explains noise.
public struct MachineInfo: Sendable, Equatable, Codable {
    public var hostname: String
    /// "Debian GNU/Linux 12 (bookworm)" (PRETTY_NAME of /etc/os-release).
    public var operatingSystem: String
    /// Kernel release ("6.1.0-18-amd64").
    public var kernel: String
    /// "x86_64", "aarch64".
    public var architecture: String
    /// "AMD EPYC 7B13" (the first "model name" of /proc/cpuinfo), or "unknown".
    public var cpuModel: String
    /// Logical cores the OS offers to this process.
    public var logicalCores: Int
    public var memoryBytes: UInt64
    /// 1, 5 and 15 minute load averages as the run started.
    public var loadAverage: [Double]

    public init(hostname: String, operatingSystem: String, kernel: String, architecture: String, cpuModel: String,
                logicalCores: Int, memoryBytes: UInt64, loadAverage: [Double]) {
        self.hostname = hostname
        self.operatingSystem = operatingSystem
        self.kernel = kernel
        self.architecture = architecture
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.memoryBytes = memoryBytes
        self.loadAverage = loadAverage
    }

    /// Reads this machine now.
    public static func current() -> MachineInfo {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var loads = [0.0, 0.0, 0.0]
        if getloadavg(&loads, 3) != 3 { loads = [] }
        return MachineInfo(
            hostname: ProcessInfo.processInfo.hostName,
            operatingSystem: osRelease() ?? "\(field(names.sysname)) \(field(names.release))",
            kernel: field(names.release),
            architecture: field(names.machine),
            cpuModel: cpuModelName() ?? "unknown",
            logicalCores: ProcessInfo.processInfo.activeProcessorCount,
            memoryBytes: ProcessInfo.processInfo.physicalMemory,
            loadAverage: loads)
    }

    /// "AMD EPYC 7B13, 2 cores, Debian GNU/Linux 12 (bookworm), load 0.52":
    /// the line printed under every result.
    public var summaryLine: String {
        let load = loadAverage.first.map { String(format: ", load %.2f", $0) } ?? ""
        return "\(cpuModel), \(logicalCores) core\(logicalCores == 1 ? "" : "s"), \(operatingSystem), \(hostname)\(load)"
    }

    static func osRelease() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    static func cpuModelName() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
