import Foundation
import GRDB

/// Every `pythons bench` run, in SQLite under PYTHONS_HOME (results.sqlite).
/// The database is in WAL mode with a busy timeout, so several `pythons
/// bench` at once on one machine each wait their turn to write instead of
/// failing or losing rows. Samples are written as they arrive: a run that is
/// interrupted keeps what it measured.
public final class RunStore: Sendable {
    public let path: String
    private let database: any DatabaseWriter

    public static func defaultPath(environment: PythonsEnvironment) -> String {
        "\(environment.pythonsHome)/results.sqlite"
    }

    /// Opens (or creates) the database. `forWriting` (bench): the file is
    /// checked to be sound before anything touches it, and then opened as a
    /// WAL pool, which lets several Pythons write at once. Readers (history,
    /// show) open a single connection, which writes nothing on opening (a
    /// pool does), and get the same one-line message when SQLite finds damage
    /// while reading. Runs left "running" by a Pythons process that is gone
    /// (killed, even by SIGKILL) become interrupted here, with their samples.
    public init(path: String, forWriting: Bool = true) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.foreignKeysEnabled = true
        database = try Self.guarded(path) {
            let reader = try DatabaseQueue(path: path, configuration: configuration)
            guard forWriting else { return reader }
            // Before the pool: opening one writes to the file (GRDB makes
            // sure a WAL file exists by creating and dropping a table).
            try reader.read { db in try Self.checkIntegrity(db, path: path) }
            try Self.switchToWAL(reader, waitingUpTo: .seconds(60))
            try reader.close()
            return try Self.retryingWhileBusy(for: .seconds(60)) {
                try DatabasePool(path: path, configuration: configuration)
            }
        }
        try Self.guarded(path) {
            try Self.createSchema(in: database, path: path)
            try Self.interruptOrphanedRuns(in: database, path: path)
        }
    }

    /// The schema version this code writes (SQLite's user_version).
    /// 2: sample.processSeconds. 3: run.ownerPid and run.ownerStart, the
    /// Pythons process measuring a running run.
    static let schemaVersion = 3

    /// Creates the tables once. GRDB's migrator reads which migrations ran
    /// before it takes the write lock, so two processes opening a new
    /// database at once could both create the tables (seen with four
    /// `pythons bench` at once); here the check and the creation happen in
    /// one IMMEDIATE transaction, which the others wait for.
    private static func createSchema(in database: any DatabaseWriter, path: String) throws {
        try database.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if version > 0, version < schemaVersion { try checkIntegrity(db, path: path) }
                guard version < schemaVersion else {
                    guard version == schemaVersion else {
                        throw PythonsError.failure("the results database was written by a newer Pythons (schema \(version)); update Pythons or use another PYTHONS_HOME")
                    }
                    return .commit
                }
                if version == 0 {
                    try createTables(db)
                } else {
                    try migrate(db, from: version)
                }
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
                return .commit
            }
        }
    }

    /// SQLite's quick check: the file's structure (pages, b-trees, records)
    /// without comparing indexes to tables, a few milliseconds for years of runs.
    private static func checkIntegrity(_ db: Database, path: String) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(1)")
        guard problems == ["ok"] else {
            // "*** in database main ***\nPage 12: btreeInitPage() returns error code 11"
            let first = problems.joined(separator: "\n").split(separator: "\n").first { !$0.hasPrefix("***") }
            throw damaged(path, reason: "SQLite's quick check: \(first.map(String.init) ?? "no answer")")
        }
    }

    /// Marks runs whose Pythons process is gone as interrupted; their
    /// configurations still measuring become measured, as when Ctrl-C stops a
    /// run. A run whose owner is unknown (stored before schema 3) is left
    /// alone: nothing proves it is not being measured.
    private static func interruptOrphanedRuns(in database: any DatabaseWriter, path: String) throws {
        let running = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, ownerPid, ownerStart, notes FROM run WHERE status = ? AND ownerPid IS NOT NULL",
                             arguments: [RunStatus.running.rawValue])
        }
        let orphaned = running.filter { row in
            !ProcessIdentity.isAlive(pid: row["ownerPid"], start: row["ownerStart"])
        }
        guard !orphaned.isEmpty else { return }
        try database.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try checkIntegrity(db, path: path)
                for row in orphaned {
                    let id: Int64 = row["id"]
                    let pid: Int32 = row["ownerPid"]
                    // Only if still running: another Pythons may have done this
                    // first. The notes so far are kept; unreadable ones (a
                    // newer Pythons' kinds) stay as they are rather than lost.
                    if var notes = try? JSONDecoder().decode([RunNote].self, from: Data((row["notes"] as String? ?? "[]").utf8)) {
                        notes.append(.ownerEnded(pid: Int(pid)))
                        try db.execute(sql: "UPDATE run SET status = ?, notes = ? WHERE id = ? AND status = ?",
                                       arguments: [RunStatus.interrupted.rawValue, try json(notes), id, RunStatus.running.rawValue])
                    } else {
                        try db.execute(sql: "UPDATE run SET status = ? WHERE id = ? AND status = ?",
                                       arguments: [RunStatus.interrupted.rawValue, id, RunStatus.running.rawValue])
                    }
                    try db.execute(sql: "UPDATE configuration SET status = ? WHERE runId = ? AND status = ?",
                                   arguments: [ConfigurationStatus.measured.rawValue, id, ConfigurationStatus.measuring.rawValue])
                }
                return .commit
            }
        }
    }

    /// The one line for a damaged file: where it is and how to go on.
    static func damaged(_ path: String, reason: String) -> PythonsError {
        .failure("the results database \(path) is damaged (\(reason)); nothing was written to it. Move it aside (with its -wal and -shm files, if any) and Pythons starts a new one")
    }

    /// Puts a new database in WAL mode. SQLite answers "database is locked"
    /// at once, without calling the busy handler, when another connection
    /// switches the same file at the same moment (four `pythons bench` at once
    /// on a new PYTHONS_HOME failed so in CI); so this retries until the mode
    /// is set, which is in the file's header from then on.
    private static func switchToWAL(_ queue: DatabaseQueue, waitingUpTo limit: Duration) throws {
        try retryingWhileBusy(for: limit) {
            try queue.writeWithoutTransaction { db in
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() != "wal" else { return }
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                // SQLite returns the old mode, not an error, when it could not switch.
                guard mode?.lowercased() == "wal" else { throw DatabaseError(resultCode: .SQLITE_BUSY) }
            }
        }
    }

    /// Runs `body` again, after a short and growing pause, while SQLite says
    /// the database is busy, for up to `limit`; then lets the error through.
    static func retryingWhileBusy<Value>(for limit: Duration, _ body: () throws -> Value) throws -> Value {
        let deadline = ContinuousClock.now + limit
        var pause = Duration.milliseconds(5)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: pause.seconds)
                pause = min(pause * 2, .milliseconds(200))
            }
        }
    }

    /// Runs a database access, turning SQLite's "this file is damaged" or
    /// "not a database" (and a stored value that no longer decodes) into the
    /// one line of `damaged`, whatever the command.
    static func guarded<Value>(_ path: String, _ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw damaged(path, reason: "SQLite: \(error.message ?? "\(error.resultCode)")")
        } catch let error as DecodingError {
            throw damaged(path, reason: "a stored value does not decode: \(ErrorDescriptions.decoding(error))")
        }
    }

    public convenience init(environment: PythonsEnvironment, forWriting: Bool = true) throws {
        try self.init(path: Self.defaultPath(environment: environment), forWriting: forWriting)
    }

    // MARK: Writing a run as it is measured

    /// Where a run being measured is stored: its number and the row of each
    /// configuration, in order.
    public struct Handle: Sendable {
        public var runNumber: Int
        public var configurationIDs: [Int64]
    }

    /// Stores a run with its configurations (and any samples it already has);
    /// returns its number and configuration rows.
    @discardableResult
    public func insert(_ run: BenchmarkRun) throws -> Handle {
        try Self.guarded(path) { try database.write { db in
            let machineID = try Self.machineID(for: run.machine, db: db)
            var runRecord = RunRecord(run: run, machineID: machineID)
            try runRecord.insert(db)
            let runID = runRecord.id!
            var configurationIDs: [Int64] = []
            for (position, configuration) in run.configurations.enumerated() {
                var record = ConfigurationRecord(configuration, runID: runID, position: position)
                try record.insert(db)
                configurationIDs.append(record.id!)
                for sample in configuration.processes {
                    var sampleRecord = SampleRecord(sample, configurationID: record.id!)
                    try sampleRecord.insert(db)
                }
            }
            return Handle(runNumber: Int(runID), configurationIDs: configurationIDs)
        } }
    }

    public func append(_ sample: ProcessSample, configurationID: Int64) throws {
        try Self.guarded(path) { try database.write { db in
            var record = SampleRecord(sample, configurationID: configurationID)
            try record.insert(db)
        } }
    }

    public func markFailed(configurationID: Int64, message: String) throws {
        try Self.guarded(path) { try database.write { db in
            try db.execute(sql: "UPDATE configuration SET status = ?, error = ? WHERE id = ?",
                           arguments: [ConfigurationStatus.failed.rawValue, message, configurationID])
        } }
    }

    /// Records how a run ended: its status, end time, the final state of each
    /// configuration, and its notes.
    public func finish(_ run: BenchmarkRun, handle: Handle) throws {
        try Self.guarded(path) { try database.write { db in
            try db.execute(sql: "UPDATE run SET status = ?, finishedAt = ?, notes = ? WHERE id = ?",
                           arguments: [run.status.rawValue, run.finishedAt, try Self.json(run.notes), handle.runNumber])
            for (configuration, id) in zip(run.configurations, handle.configurationIDs) {
                try db.execute(sql: "UPDATE configuration SET status = ?, error = ? WHERE id = ?",
                               arguments: [configuration.status.rawValue, configuration.error, id])
            }
        } }
    }

    // MARK: Reading

    /// One line of `pythons history`.
    public struct RunListing: Sendable, Codable, Equatable {
        public var number: Int
        public var id: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var status: RunStatus
        public var workload: Workload
        public var configurations: [String]
        public var processes: Int
        public var hostname: String
        public var commandLine: [String]
    }

    /// The newest runs first.
    public func listing(limit: Int) throws -> [RunListing] {
        try Self.guarded(path) { try database.read { db in
            let runs = try RunRecord.order(Column("id").desc).limit(limit).fetchAll(db)
            return try runs.map { run in
                let configurations = try ConfigurationRecord.filter(Column("runId") == run.id!)
                    .order(Column("position")).fetchAll(db)
                let processes = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM sample JOIN configuration ON sample.configurationId = configuration.id
                    WHERE configuration.runId = ?
                    """, arguments: [run.id!]) ?? 0
                let hostname = try String.fetchOne(db, sql: "SELECT hostname FROM machine WHERE id = ?", arguments: [run.machineId]) ?? ""
                return RunListing(number: Int(run.id!), id: run.uuid, startedAt: run.startedAt, finishedAt: run.finishedAt,
                                  status: RunStatus(rawValue: run.status) ?? .running, workload: run.workload,
                                  configurations: configurations.map { configuration in
                                      configuration.threads.map { "\(configuration.label) ×\($0)" } ?? configuration.label
                                  },
                                  processes: processes, hostname: hostname, commandLine: run.commandLine)
            }
        } }
    }

    /// A run by its number, by a prefix of its id (at least 4 characters), or
    /// "latest"; nil when none matches.
    public func run(_ reference: String) throws -> BenchmarkRun? {
        try Self.guarded(path) { try database.read { db in
            let record: RunRecord?
            if reference == "latest" || reference == "last" {
                record = try RunRecord.order(Column("id").desc).fetchOne(db)
            } else if let number = Int(reference) {
                record = try RunRecord.fetchOne(db, key: number)
            } else if reference.count >= 4 {
                let matches = try RunRecord.filter(Column("uuid").like("\(reference.lowercased())%")).limit(2).fetchAll(db)
                guard matches.count <= 1 else {
                    throw PythonsError.usage("run id '\(reference)' is ambiguous: give more of it, or the run number from `pythons history`")
                }
                record = matches.first
            } else {
                record = nil
            }
            guard let record else { return nil }
            return try Self.load(record, db: db)
        } }
    }

    /// Earlier runs of the same workload on the same machine, newest first,
    /// at most `limit`; the run itself and runs still measuring are left out.
    public func earlierRuns(like run: BenchmarkRun, limit: Int = 10) throws -> [BenchmarkRun] {
        try Self.guarded(path) { try database.read { db in
            let fingerprint = MachineRecord.fingerprint(run.machine)
            guard let machine = try MachineRecord.filter(Column("fingerprint") == fingerprint).fetchOne(db) else { return [] }
            // The workload is compared decoded: its JSON text need not be
            // byte-identical between versions.
            let candidates = try RunRecord
                .filter(Column("machineId") == machine.id! && Column("uuid") != run.id && Column("status") != RunStatus.running.rawValue)
                .order(Column("id").desc).limit(200).fetchAll(db)
            return try candidates.filter { $0.workload == run.workload }.prefix(limit).map { try Self.load($0, db: db) }
        } }
    }

    public func runCount() throws -> Int {
        try database.read { db in try RunRecord.fetchCount(db) }
    }

    public func sampleCount() throws -> Int {
        try database.read { db in try SampleRecord.fetchCount(db) }
    }

    private static func load(_ record: RunRecord, db: Database) throws -> BenchmarkRun {
        guard let machine = try MachineRecord.fetchOne(db, key: record.machineId) else {
            throw PythonsError.failure("run \(record.id!) has no machine record; the database is damaged")
        }
        let configurationRecords = try ConfigurationRecord.filter(Column("runId") == record.id!).order(Column("position")).fetchAll(db)
        let configurations = try configurationRecords.map { configuration in
            let samples = try SampleRecord.filter(Column("configurationId") == configuration.id!).order(Column("id")).fetchAll(db)
            return ConfigurationRun(
                label: configuration.label, pythonLabel: configuration.pythonLabel, jitLabel: configuration.jitLabel,
                threads: configuration.threads, interpreter: configuration.interpreter, settings: configuration.settings,
                banner: configuration.banner, status: ConfigurationStatus(rawValue: configuration.status) ?? .measuring,
                error: configuration.error, processes: samples.map(\.sample))
        }
        return BenchmarkRun(
            id: record.uuid, number: Int(record.id!), startedAt: record.startedAt, finishedAt: record.finishedAt,
            status: RunStatus(rawValue: record.status) ?? .running, commandLine: record.commandLine,
            machine: machine.info(loadAverage: record.loadAverage), workload: record.workload, options: record.options,
            baseline: record.baseline, configurations: configurations, notes: record.notes)
    }

    private static func machineID(for machine: MachineInfo, db: Database) throws -> Int64 {
        let fingerprint = MachineRecord.fingerprint(machine)
        if let existing = try MachineRecord.filter(Column("fingerprint") == fingerprint).fetchOne(db) {
            return existing.id!
        }
        var record = MachineRecord(machine, fingerprint: fingerprint)
        try record.insert(db)
        return record.id!
    }

    private static func json<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func createTables(_ db: Database) throws {
        try db.create(table: "machine") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("fingerprint", .text).notNull().unique()
            table.column("hostname", .text).notNull()
            table.column("operatingSystem", .text).notNull()
            table.column("kernel", .text).notNull()
            table.column("architecture", .text).notNull()
            table.column("cpuModel", .text).notNull()
            table.column("logicalCores", .integer).notNull()
            table.column("memoryBytes", .integer).notNull()
        }
        try db.create(table: "run") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("uuid", .text).notNull().unique()
            table.column("machineId", .integer).notNull().references("machine")
            table.column("startedAt", .datetime).notNull()
            table.column("finishedAt", .datetime)
            table.column("status", .text).notNull()
            table.column("commandLine", .jsonText).notNull()
            table.column("workload", .jsonText).notNull()
            table.column("options", .jsonText).notNull()
            table.column("baseline", .text).notNull()
            table.column("notes", .jsonText).notNull()
            table.column("loadAverage", .jsonText).notNull()
            table.column("ownerPid", .integer)
            table.column("ownerStart", .text)
        }
        try db.create(table: "configuration") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("runId", .integer).notNull().indexed().references("run", onDelete: .cascade)
            table.column("position", .integer).notNull()
            table.column("label", .text).notNull()
            table.column("pythonLabel", .text).notNull()
            table.column("jitLabel", .text).notNull()
            table.column("threads", .integer)
            table.column("interpreter", .jsonText).notNull()
            table.column("settings", .jsonText).notNull()
            table.column("banner", .jsonText)
            table.column("status", .text).notNull()
            table.column("error", .text)
        }
        try db.create(table: "sample") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("configurationId", .integer).notNull().indexed().references("configuration", onDelete: .cascade)
            table.column("round", .integer).notNull()
            table.column("sequence", .integer)
            table.column("values", .jsonText).notNull()
            table.column("warmups", .jsonText).notNull()
            table.column("loops", .integer)
            table.column("gilEnabled", .boolean)
            table.column("jitEnabled", .boolean)
            table.column("processSeconds", .double)
        }
    }

    /// Brings an older database up to this schema, keeping its runs.
    private static func migrate(_ db: Database, from version: Int) throws {
        // Each step checks what is there, so a database a development build
        // already changed is not altered twice.
        if version < 2, try !db.columns(in: "sample").contains(where: { $0.name == "processSeconds" }) {
            try db.alter(table: "sample") { table in table.add(column: "processSeconds", .double) }
        }
        // Runs stored before have no owner: left as they are (see
        // interruptOrphanedRuns).
        if version < 3, try !db.columns(in: "run").contains(where: { $0.name == "ownerPid" }) {
            try db.alter(table: "run") { table in
                table.add(column: "ownerPid", .integer)
                table.add(column: "ownerStart", .text)
            }
        }
    }
}

// MARK: Rows

private struct MachineRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "machine"
    var id: Int64?
    var fingerprint: String
    var hostname: String
    var operatingSystem: String
    var kernel: String
    var architecture: String
    var cpuModel: String
    var logicalCores: Int
    var memoryBytes: Int64

    init(_ machine: MachineInfo, fingerprint: String) {
        self.fingerprint = fingerprint
        hostname = machine.hostname
        operatingSystem = machine.operatingSystem
        kernel = machine.kernel
        architecture = machine.architecture
        cpuModel = machine.cpuModel
        logicalCores = machine.logicalCores
        memoryBytes = Int64(clamping: machine.memoryBytes)
    }

    /// One row per distinct machine description.
    static func fingerprint(_ machine: MachineInfo) -> String {
        [machine.hostname, machine.operatingSystem, machine.kernel, machine.architecture, machine.cpuModel,
         String(machine.logicalCores), String(machine.memoryBytes)].joined(separator: "|")
    }

    func info(loadAverage: [Double]) -> MachineInfo {
        MachineInfo(hostname: hostname, operatingSystem: operatingSystem, kernel: kernel, architecture: architecture,
                    cpuModel: cpuModel, logicalCores: logicalCores, memoryBytes: UInt64(max(0, memoryBytes)),
                    loadAverage: loadAverage)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

private struct RunRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"
    var id: Int64?
    var uuid: String
    var machineId: Int64
    var startedAt: Date
    var finishedAt: Date?
    var status: String
    var commandLine: [String]
    var workload: Workload
    var options: MeasurementOptions
    var baseline: String
    var notes: [RunNote]
    var loadAverage: [Double]
    /// The Pythons process storing the run (see ProcessIdentity).
    var ownerPid: Int32?
    var ownerStart: String?

    init(run: BenchmarkRun, machineID: Int64) {
        uuid = run.id
        machineId = machineID
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        status = run.status.rawValue
        commandLine = run.commandLine
        workload = run.workload
        options = run.options
        baseline = run.baseline
        notes = run.notes
        loadAverage = run.machine.loadAverage
        ownerPid = getpid()
        ownerStart = ProcessIdentity.currentStart
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

private struct ConfigurationRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "configuration"
    var id: Int64?
    var runId: Int64
    var position: Int
    var label: String
    var pythonLabel: String
    var jitLabel: String
    var threads: Int?
    var interpreter: InterpreterSnapshot
    var settings: RuntimeSettings
    var banner: Banner?
    var status: String
    var error: String?

    init(_ configuration: ConfigurationRun, runID: Int64, position: Int) {
        runId = runID
        self.position = position
        label = configuration.label
        pythonLabel = configuration.pythonLabel
        jitLabel = configuration.jitLabel
        threads = configuration.threads
        interpreter = configuration.interpreter
        settings = configuration.settings
        banner = configuration.banner
        status = configuration.status.rawValue
        error = configuration.error
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

private struct SampleRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "sample"
    var id: Int64?
    var configurationId: Int64
    var round: Int
    var sequence: Int?
    var values: [Double]
    var warmups: [Double]
    var loops: Int?
    var gilEnabled: Bool?
    var jitEnabled: Bool?
    var processSeconds: Double?

    init(_ sample: ProcessSample, configurationID: Int64) {
        configurationId = configurationID
        round = sample.round
        sequence = sample.sequence
        values = sample.values
        warmups = sample.warmups
        loops = sample.loops
        gilEnabled = sample.gilEnabled
        jitEnabled = sample.jitEnabled
        processSeconds = sample.processSeconds
    }

    var sample: ProcessSample {
        ProcessSample(round: round, sequence: sequence, values: values, warmups: warmups, loops: loops, gilEnabled: gilEnabled,
                      jitEnabled: jitEnabled, processSeconds: processSeconds)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
