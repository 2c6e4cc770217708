import Foundation
public import GRDB
public import SelfScanAPI

/// The daemon's one SQLite file: catalog cache, baskets and their events, payments, outbox, audit log.
///
/// A `Sendable` value holding `any DatabaseWriter` (a `DatabasePool` on a file): GRDB serialises writes and
/// lets readers run concurrently in WAL mode, so this type is not wrapped in an actor. Repositories
/// (`CatalogCache`, `BasketStore`, `Outbox`, `PaymentStore`, `AuditLog`) are small values built from it.
///
/// Durability (chosen here, for every connection):
/// - `journal_mode = WAL`: readers never block the writer and never see a half-applied transaction; a crash
///   (kill -9) at any point leaves either the whole transaction or none of it.
/// - `synchronous = FULL`: in WAL mode SQLite fsyncs the WAL at every commit. With `NORMAL` a commit survives
///   a process crash but the last transactions can be lost on **power loss** (the WAL is only synced at
///   checkpoints); a paid basket or an acknowledged scan must survive a power cut, so we pay one fsync per
///   commit. Bulk work (catalog import) is one transaction, so it pays one fsync, not one per row.
/// - `foreign_keys = ON` (GRDB default) and a busy timeout, so a second process (the CLI next to a running
///   daemon) waits for the lock instead of failing at once.
public struct StoreDatabase: Sendable {
    /// Options for opening the file. The defaults are the production settings.
    public struct Options: Sendable, Hashable {
        /// How long a write waits for another process's lock before `StorageError.Code.busy`.
        public var busyTimeoutSeconds: Double = 5
        /// Caps the file at this many pages (`PRAGMA max_page_count`): writes beyond it fail as a full disk
        /// would. `nil` in production; tests use it to exercise the disk-full path for real.
        public var maxPageCount: Int?
        /// Outbox depth at which `OutboxStatus.alarm` is raised.
        public var outboxAlarmDepth: Int = 100_000

        public init() {}
    }

    /// The GRDB writer (a `DatabasePool`). Repositories use it; callers normally don't need it.
    public let writer: any DatabaseWriter
    /// The database file.
    public let path: String
    /// The options it was opened with.
    public let options: Options
    /// Hot-path caches shared by every copy of this value.
    let caches: StoreDatabaseCaches
    /// Group commit of concurrent basket appends (one transaction, one fsync for those that arrive together).
    let groupCommit: GroupCommitWriter

    /// `PRAGMA application_id` of SelfScan databases ("SSCN"): refuses other applications' SQLite files.
    public static let applicationID: Int32 = 0x5353_434E

    /// Opens (creating if needed) the database at `path`, migrates it to this build's schema, and checks it.
    ///
    /// - Throws: `StorageError` with code `corruptDatabase` (not a database / damaged: the file is left as is),
    ///   `newerSchema` (written by a newer SelfScan), `ioError`, `busy`, `diskFull`.
    public static func open(atPath path: String, options: Options = Options()) throws(StorageError) -> StoreDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeoutSeconds)
        configuration.label = "SelfScanStorage"
        let maxPageCount = options.maxPageCount
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Deleted rows are overwritten with zeros, not left in free pages (erasure, retention, card
            // hashes replacing cards: docs/privacy.md).
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Keep the WAL from staying at the size of the largest transaction (a 1M-product import).
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            if let maxPageCount { try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)") }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB turns WAL on for the writer *after* `prepareDatabase` and sets `synchronous = NORMAL` there
            // (GRDB's Database.setUpWALMode), so without this the connection that commits never fsynced a
            // commit. FULL again on the writer (the only connection that writes; readers keep the setting above).
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw StorageError.wrapping(error, doing: "opening the database", path: path)
        }
        let database = StoreDatabase(writer: pool, path: path, options: options)
        try database.checkIdentityAndMigrate()
        return database
    }

    private init(writer: any DatabaseWriter, path: String, options: Options) {
        self.writer = writer
        self.path = path
        self.options = options
        caches = StoreDatabaseCaches(path: path, busyTimeoutSeconds: options.busyTimeoutSeconds)
        groupCommit = GroupCommitWriter(writer: writer, path: path)
    }

    private func checkIdentityAndMigrate() throws(StorageError) {
        let migrator = StoreDatabase.migrator
        do {
            try writer.write { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID != 0 && applicationID != StoreDatabase.applicationID {
                    throw StorageError(
                        code: .corruptDatabase,
                        message: "the file is a SQLite database of another application "
                            + "(application_id \(applicationID)); refusing to touch it", path: path)
                }
                if try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
                    throw StorageError(
                        code: .newerSchema,
                        message: "the database was written by a newer SelfScan (unknown migrations: "
                            + "\(unknown.joined(separator: ", "))); upgrade this program, or use another file",
                        path: path)
                }
            }
            try migrator.migrate(writer)
        } catch {
            throw StorageError.wrapping(error, doing: "checking and migrating the database", path: path)
        }
    }

    /// Runs `PRAGMA integrity_check` and returns its lines (`["ok"]` when the file is sound).
    public func integrityCheck() throws(StorageError) -> [String] {
        do {
            return try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        } catch {
            throw StorageError.wrapping(error, doing: "checking the database integrity", path: path)
        }
    }

    /// The migrations applied to this file, in order (for status reporting and tests).
    public func appliedMigrations() throws(StorageError) -> [String] {
        do {
            return try writer.read { db in try StoreDatabase.migrator.appliedMigrations(db) }
        } catch {
            throw StorageError.wrapping(error, doing: "reading the applied migrations", path: path)
        }
    }

    /// Runs `body` in one write transaction, mapping every failure to `StorageError` (rolled back whole).
    func write<T>(doing action: String, _ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StorageError.wrapping(error, doing: action, path: path)
        }
    }

    /// Runs `body` on a read-only snapshot, mapping every failure to `StorageError`.
    func read<T>(doing action: String, _ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StorageError.wrapping(error, doing: action, path: path)
        }
    }
}
