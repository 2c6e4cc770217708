public import Foundation
public import GRDB

/// The transactional outbox: what must reach the referential, durable before it is acknowledged locally.
///
/// Writers call `enqueue(_:in:)` inside their own transaction (so the state change and its outbox row commit
/// together). The pusher calls `dueBatch(limit:now:)`, sends, then `markDelivered` or `markFailed`.
/// Per `orderingKey`, rows go out in write order: a row is due only when every earlier row of its key has
/// been delivered, and a failed head holds back the rows behind it until its retry time.
public struct Outbox: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// Adds messages in the caller's transaction. Throws `constraint` when an idempotency key is already queued.
    public static func enqueue(_ messages: [OutboxMessage], in db: Database, now: Date) throws {
        let created = Milliseconds.from(now)
        // Cached statements: every scan queues a row, and preparing (parsing, authorising) them each time cost
        // more than running them (perf, 2026-12-04).
        let bump = try db.cachedStatement(
            sql: """
                INSERT INTO outbox_sequence (orderingKey, lastSequence) VALUES (?, 1)
                ON CONFLICT (orderingKey) DO UPDATE SET lastSequence = lastSequence + 1
                """)
        let read = try db.cachedStatement(sql: "SELECT lastSequence FROM outbox_sequence WHERE orderingKey = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (idempotencyKey, kind, orderingKey, sequence, payload, createdAt, nextAttemptAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for message in messages {
            try bump.execute(arguments: [message.orderingKey])
            let sequence = try Int64.fetchOne(read, arguments: [message.orderingKey]) ?? 1
            try insert.execute(
                arguments: [
                    message.idempotencyKey, message.kind, message.orderingKey, sequence,
                    String(decoding: message.payload, as: UTF8.self), created, created,
                ])
        }
    }

    /// Adds messages in a transaction of their own.
    public func enqueue(_ messages: [OutboxMessage], now: Date = Date()) throws(StorageError) {
        try database.write(doing: "queueing \(messages.count) outbox messages") { db in
            try Outbox.enqueue(messages, in: db, now: now)
        }
    }

    /// Up to `limit` rows that may be sent now, grouped by ordering key in sequence order. A key contributes
    /// only if its first undelivered row is due; then its following rows come too (they go after it).
    public func dueBatch(limit: Int, now: Date = Date()) throws(StorageError) -> [OutboxEntry] {
        try database.read(doing: "reading due outbox rows") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    WITH head AS (
                        SELECT orderingKey, MIN(sequence) AS sequence FROM outbox WHERE status = 'pending'
                        GROUP BY orderingKey
                    ), ready AS (
                        SELECT o.orderingKey, o.id AS headID FROM outbox o
                        JOIN head h ON h.orderingKey = o.orderingKey AND h.sequence = o.sequence
                        WHERE o.nextAttemptAt <= ?
                    )
                    SELECT o.* FROM outbox o JOIN ready r ON r.orderingKey = o.orderingKey
                    WHERE o.status = 'pending'
                    ORDER BY r.headID, o.sequence
                    LIMIT ?
                    """, arguments: [Milliseconds.from(now), limit])
            return rows.map(Outbox.entry)
        }
    }

    /// Delivered (or refused as a duplicate by the referential, which is the same): the rows are removed.
    public func markDelivered(ids: [Int64]) throws(StorageError) {
        guard !ids.isEmpty else { return }
        try database.write(doing: "marking \(ids.count) outbox rows delivered") { db in
            try Outbox.markDelivered(ids: ids, in: db)
        }
    }

    static func markDelivered(ids: [Int64], in db: Database) throws {
        try markDelivered(.id, ids, in: db)
    }

    /// A failed attempt: counts it, records the error, and holds the rows until `nextAttempt`.
    public func markFailed(ids: [Int64], error: String, nextAttempt: Date) throws(StorageError) {
        guard !ids.isEmpty else { return }
        try database.write(doing: "recording a failed outbox delivery") { db in
            try Outbox.markFailed(ids: ids, error: error, nextAttempt: nextAttempt, in: db)
        }
    }

    static func markFailed(ids: [Int64], error: String, nextAttempt: Date, in db: Database) throws {
        try markFailed(.id, ids, error: error, nextAttempt: nextAttempt, in: db)
    }

    /// `markDelivered(ids:)` by idempotency keys (the event, basket or payment UUIDs the referential echoes).
    public func markDelivered(idempotencyKeys keys: [String]) throws(StorageError) {
        guard !keys.isEmpty else { return }
        try database.write(doing: "marking \(keys.count) outbox rows delivered") { db in
            try Outbox.markDelivered(.idempotencyKey, keys, in: db)
        }
    }

    /// `markFailed(ids:error:nextAttempt:)` by idempotency keys.
    public func markFailed(idempotencyKeys keys: [String], error: String, nextAttempt: Date) throws(StorageError) {
        guard !keys.isEmpty else { return }
        try database.write(doing: "recording a failed outbox delivery") { db in
            try Outbox.markFailed(.idempotencyKey, keys, error: error, nextAttempt: nextAttempt, in: db)
        }
    }

    /// How the rows of a `mark…` call are named: by row id or by idempotency key.
    enum RowKey: String {
        case id, idempotencyKey
    }

    private static func markDelivered(
        _ key: RowKey, _ values: [some DatabaseValueConvertible], in db: Database
    ) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM outbox WHERE \(key.rawValue) = ?")
        for value in values { try delete.execute(arguments: [value]) }
    }

    private static func markFailed(
        _ key: RowKey, _ values: [some DatabaseValueConvertible], error: String, nextAttempt: Date, in db: Database
    ) throws {
        let update = try db.cachedStatement(
            sql: """
                UPDATE outbox SET attemptCount = attemptCount + 1, lastError = ?, nextAttemptAt = ?
                WHERE \(key.rawValue) = ?
                """)
        for value in values { try update.execute(arguments: [error, Milliseconds.from(nextAttempt), value]) }
    }

    /// Depth, oldest unsent row and the alarm flag.
    public func status() throws(StorageError) -> OutboxStatus {
        let alarmDepth = database.options.outboxAlarmDepth
        return try database.read(doing: "reading the outbox status") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(status = 'pending'), 0) AS depth,
                           MIN(CASE WHEN status = 'pending' THEN createdAt END) AS oldest,
                           COALESCE(SUM(status = 'pending' AND attemptCount > 0), 0) AS failing,
                           COALESCE(SUM(status = 'quarantined'), 0) AS quarantined FROM outbox
                    """)
            let depth: Int = row?["depth"] ?? 0
            let oldest: Int64? = row?["oldest"]
            let failing: Int = row?["failing"] ?? 0
            let quarantined: Int = row?["quarantined"] ?? 0
            return OutboxStatus(
                depth: depth, oldestUnsentAt: oldest.map(Milliseconds.date), failingCount: failing,
                alarmDepth: alarmDepth, quarantinedCount: quarantined)
        }
    }

    private static func entry(_ row: Row) -> OutboxEntry {
        let payload: String = row["payload"]
        return OutboxEntry(
            id: row["id"],
            message: OutboxMessage(
                idempotencyKey: row["idempotencyKey"], kind: row["kind"], orderingKey: row["orderingKey"],
                payload: Data(payload.utf8)),
            sequence: row["sequence"],
            createdAt: Milliseconds.date(row["createdAt"]),
            attemptCount: row["attemptCount"],
            nextAttemptAt: Milliseconds.date(row["nextAttemptAt"]),
            lastError: row["lastError"])
    }
}
