public import Foundation
import GRDB

/// An outbox row set aside because the referential can never take it.
public struct QuarantinedOutboxRow: Sendable, Hashable, Codable {
    public let id: Int64
    public let idempotencyKey: String
    public let kind: String
    public let orderingKey: String
    public let sequence: Int64
    /// Size of the stored payload in bytes.
    public let payloadBytes: Int
    public let quarantinedAt: Date
    /// Why (the referential's rejection reason, or the size that no request can carry).
    public let reason: String?

    public init(
        id: Int64, idempotencyKey: String, kind: String, orderingKey: String, sequence: Int64, payloadBytes: Int,
        quarantinedAt: Date, reason: String?
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.orderingKey = orderingKey
        self.sequence = sequence
        self.payloadBytes = payloadBytes
        self.quarantinedAt = quarantinedAt
        self.reason = reason
    }
}

extension Outbox {
    /// Sets rows aside for good: they are kept (for staff and the audit), never sent again, and the rows
    /// behind them in their ordering key go on without them.
    public func quarantine(ids: [Int64], reason: String, now: Date = Date()) throws(StorageError) {
        guard !ids.isEmpty else { return }
        try database.write(doing: "quarantining \(ids.count) outbox rows") { db in
            try Outbox.quarantine(ids: ids, reason: reason, now: now, in: db)
        }
    }

    static func quarantine(ids: [Int64], reason: String, now: Date, in db: Database) throws {
        for id in ids {
            try db.execute(
                sql: """
                    UPDATE outbox SET status = 'quarantined', quarantinedAt = ?, lastError = ?,
                        attemptCount = attemptCount + 1
                    WHERE id = ? AND status = 'pending'
                    """, arguments: [Milliseconds.from(now), reason, id])
        }
    }

    /// The quarantined rows, oldest first (at most `limit`).
    public func quarantined(limit: Int = 50) throws(StorageError) -> [QuarantinedOutboxRow] {
        try database.read(doing: "reading quarantined outbox rows") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, idempotencyKey, kind, orderingKey, sequence, length(CAST(payload AS BLOB)) AS bytes,
                        quarantinedAt, lastError FROM outbox WHERE status = 'quarantined' ORDER BY id LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                let at: Int64 = row["quarantinedAt"] ?? 0
                return QuarantinedOutboxRow(
                    id: row["id"], idempotencyKey: row["idempotencyKey"], kind: row["kind"],
                    orderingKey: row["orderingKey"], sequence: row["sequence"], payloadBytes: row["bytes"],
                    quarantinedAt: Milliseconds.date(at), reason: row["lastError"])
            }
        }
    }
}
