import GRDB

/// One receipt waiting for (or done with) the printer.
public struct PrintJob: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case pending, printed }

    public let id: Int64
    public let sessionID: String
    /// The receipt as the outbox carries it (the daemon's `Receipt` JSON).
    public let receiptJSON: String
    public let state: State
    /// Unix milliseconds.
    public let createdAt: Int64
    /// Times it was sent to the printer (a paper-out mid-receipt makes it 2 when reprinted).
    public let attempts: Int
    public let lastError: String?
    public let printedAt: Int64?
}

/// The durable receipt print queue (`print_job`). A job is printed in full, and marked printed only once the
/// printer took every byte and then reported no fault; until then it stays pending, across restarts. Writes
/// suspend the caller (the print service's task) while the writer's queue commits them.
public struct PrintQueue: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// Whether paid baskets' receipts are queued for printing on this device (the print service turns it on).
    public func setEnabled(_ enabled: Bool) async throws(StorageError) {
        try await database.writeSuspending(doing: "switching receipt printing \(enabled ? "on" : "off")") { db in
            try db.execute(sql: "UPDATE print_setting SET enabled = ? WHERE id = 1", arguments: [enabled ? 1 : 0])
        }
    }

    /// The oldest pending job.
    public func nextPending() throws(StorageError) -> PrintJob? {
        try database.read(doing: "reading the next receipt to print") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM print_job WHERE state = 'pending' ORDER BY id LIMIT 1").map(Self.job)
        }
    }

    /// How many receipts wait for the printer.
    public func pendingCount() throws(StorageError) -> Int {
        try database.read(doing: "counting the receipts to print") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM print_job WHERE state = 'pending'") ?? 0
        }
    }

    /// The job of a session, whatever its state.
    public func job(sessionID: String) throws(StorageError) -> PrintJob? {
        try database.read(doing: "reading the print job of a session") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM print_job WHERE sessionID = ?", arguments: [sessionID]).map(Self.job)
        }
    }

    /// Counts an attempt before the document is sent (so a crash mid-print still shows it was tried).
    public func startAttempt(id: Int64) async throws(StorageError) {
        try await database.writeSuspending(doing: "counting a print attempt") { db in
            try db.execute(sql: "UPDATE print_job SET attempts = attempts + 1 WHERE id = ?", arguments: [id])
        }
    }

    /// The printer took the whole document and then reported no fault.
    public func markPrinted(id: Int64, at unixMillis: Int64) async throws(StorageError) {
        try await database.writeSuspending(doing: "marking a receipt printed") { db in
            try db.execute(
                sql: "UPDATE print_job SET state = 'printed', printedAt = ?, lastError = NULL WHERE id = ?",
                arguments: [unixMillis, id])
        }
    }

    /// The attempt failed (paper out, cover open, unplugged…): the job stays pending, printed again in full.
    public func recordFailure(id: Int64, error: String) async throws(StorageError) {
        try await database.writeSuspending(doing: "recording a print failure") { db in
            try db.execute(sql: "UPDATE print_job SET lastError = ? WHERE id = ?", arguments: [error, id])
        }
    }

    /// Forgets receipts printed before `unixMillis` (what was printed is on paper and in the outbox's history).
    @discardableResult
    public func deletePrinted(before unixMillis: Int64) async throws(StorageError) -> Int {
        try await database.writeSuspending(doing: "pruning printed receipts") { db in
            try db.execute(sql: "DELETE FROM print_job WHERE state = 'printed' AND printedAt < ?", arguments: [unixMillis])
            return db.changesCount
        }
    }

    static func job(_ row: Row) -> PrintJob {
        PrintJob(
            id: row["id"], sessionID: row["sessionID"], receiptJSON: row["receipt"],
            state: PrintJob.State(rawValue: row["state"]) ?? .pending, createdAt: row["createdAt"],
            attempts: row["attempts"], lastError: row["lastError"], printedAt: row["printedAt"])
    }
}
