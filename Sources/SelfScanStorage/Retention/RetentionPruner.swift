public import Foundation
import GRDB

/// Prunes closed, acknowledged sessions (their events, payments, rescans, alerts) and the audit log's old
/// prefix, in one transaction per pass (docs/privacy.md).
///
/// A session goes only when it is terminal (exited, abandoned, void), unchanged for the policy's period, and
/// no outbox row is left for it (the referential acknowledged every event, the closed basket and the
/// payments). The audit log loses a prefix only: entries older than the period whose session (if any) is
/// acknowledged too; a `retentionCheckpoint` entry is appended to the chain first, and the checkpoint row
/// keeps the last removed entry's hash, so `AuditLog.verify()` still proves the rest of the chain.
public struct RetentionPruner: Sendable {
    public let database: StoreDatabase
    public let policy: RetentionPolicy

    public init(database: StoreDatabase, policy: RetentionPolicy = RetentionPolicy()) {
        self.database = database
        self.policy = policy
    }

    @discardableResult
    public func prune(now: Date = Date()) throws(StorageError) -> RetentionReport {
        let sessionCutoff = Milliseconds.from(now.addingTimeInterval(-policy.closedSessionSeconds))
        let auditCutoff = Milliseconds.from(now.addingTimeInterval(-policy.auditLogSeconds))
        let report = try database.write(doing: "pruning after the retention period") { db -> RetentionReport in
            let sessions = try String.fetchAll(
                db,
                sql: """
                    SELECT s.id FROM basket_session s
                    WHERE s.state IN ('exited', 'abandoned', 'void') AND s.updatedAt < ?
                        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.orderingKey = s.id)
                    """, arguments: [sessionCutoff])
            var events = 0
            var payments = 0
            for id in sessions {
                try db.execute(sql: "DELETE FROM basket_event WHERE sessionID = ?", arguments: [id])
                events += db.changesCount
                try db.execute(sql: "DELETE FROM payment WHERE sessionID = ?", arguments: [id])
                payments += db.changesCount
                try db.execute(sql: "DELETE FROM audit_rescan WHERE sessionID = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM staff_alert WHERE sessionID = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM basket_session WHERE id = ?", arguments: [id])
            }
            let audit = try Self.pruneAuditLog(before: auditCutoff, now: now, in: db)
            return RetentionReport(sessions: sessions.count, events: events, payments: payments, auditEntries: audit)
        }
        if report.sessions + report.auditEntries > 0 { database.checkpointAfterDeletion() }
        return report
    }

    /// Removes the longest prefix of entries older than `cutoff` whose session has nothing left to send.
    static func pruneAuditLog(before cutoff: Int64, now: Date, in db: Database) throws -> Int {
        let start = try Int64.fetchOne(db, sql: "SELECT MIN(sequence) FROM audit_log") ?? 0
        guard start > 0 else { return 0 }
        // The first entry that must stay: too recent, or its session still has outbox rows.
        let blocker = try Int64.fetchOne(
            db,
            sql: """
                SELECT MIN(a.sequence) FROM audit_log a
                WHERE a.recordedAt >= ? OR (a.sessionID IS NOT NULL
                    AND EXISTS (SELECT 1 FROM outbox o WHERE o.orderingKey = a.sessionID))
                """, arguments: [cutoff])
        let maxSequence = try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM audit_log") ?? 0
        let through = (blocker ?? maxSequence + 1) - 1
        guard through >= start else { return 0 }
        guard let hash = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE sequence = ?", arguments: [through])
        else { return 0 }
        let detail = "{\"throughSequence\":\(through),\"throughHash\":\"\(hash)\"}"
        try AuditLog.append(kind: "retentionCheckpoint", actor: "retention", sessionID: nil, detail: detail, at: now, in: db)
        try db.execute(
            sql: """
                INSERT INTO audit_log_checkpoint (id, throughSequence, throughHash, prunedAt) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET throughSequence = excluded.throughSequence,
                    throughHash = excluded.throughHash, prunedAt = excluded.prunedAt
                """, arguments: [through, hash, Milliseconds.from(now)])
        try db.execute(sql: "DELETE FROM audit_log WHERE sequence <= ?", arguments: [through])
        return db.changesCount
    }
}
