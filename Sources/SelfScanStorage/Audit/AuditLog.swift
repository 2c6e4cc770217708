import Crypto
import SelfScanCore
public import Foundation
public import SelfScanAPI
public import GRDB

/// One audit log entry as stored.
public struct AuditEntry: Sendable, Hashable {
    /// 1, 2, 3… without gaps.
    public let sequence: Int64
    public let recordedAt: Date
    /// What happened (`ageApproval`, `lineVoided`, `auditCompleted`, `catalogApplied`, `unrecognisedCode`…).
    public let kind: String
    /// Who did it: a staff id, a device id, or `system`.
    public let actor: String
    public let sessionID: String?
    /// Details as JSON text.
    public let detail: String
    /// The previous entry's hash (64 zeros for the first).
    public let previousHash: String
    /// SHA-256 of `previousHash` and this entry's fields.
    public let hash: String
}

/// The result of `AuditLog.verify()`.
public enum AuditLogVerification: Sendable, Hashable {
    /// Every entry's hash matches its content and its predecessor: `count` entries checked.
    case intact(count: Int)
    /// The first entry whose stored hash, link or sequence does not match: tampering or damage.
    case broken(atSequence: Int64, reason: String)
}

/// Append-only, hash-chained log of sensitive actions (approvals, voids, audits, staff overrides).
/// SQL triggers refuse UPDATE and DELETE; `verify()` detects any edit made around them.
public struct AuditLog: Sendable {
    public let database: StoreDatabase
    static let genesisHash = String(repeating: "0", count: 64)

    public init(database: StoreDatabase) { self.database = database }

    /// Appends an entry in its own transaction.
    @discardableResult
    public func append(
        kind: String, actor: String, sessionID: String? = nil, detail: String = "{}", at date: Date = Date()
    ) throws(StorageError) -> AuditEntry {
        try database.write(doing: "appending to the audit log") { db in
            try AuditLog.append(kind: kind, actor: actor, sessionID: sessionID, detail: detail, at: date, in: db)
        }
    }

    /// Appends an entry inside the caller's transaction (with the state change it records).
    @discardableResult
    public static func append(
        kind: String, actor: String, sessionID: String?, detail: String, at date: Date, in db: Database
    ) throws -> AuditEntry {
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1")
        let sequence: Int64 = (last?["sequence"] ?? 0) + 1
        let previousHash: String = last?["hash"] ?? genesisHash
        let recordedAt = Milliseconds.from(date)
        let hash = entryHash(
            sequence: sequence, recordedAt: recordedAt, kind: kind, actor: actor, sessionID: sessionID,
            detail: detail, previousHash: previousHash)
        try db.execute(
            sql: """
                INSERT INTO audit_log (sequence, recordedAt, kind, actor, sessionID, detail, previousHash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [sequence, recordedAt, kind, actor, sessionID, detail, previousHash, hash])
        return AuditEntry(
            sequence: sequence, recordedAt: Milliseconds.date(recordedAt), kind: kind, actor: actor,
            sessionID: sessionID, detail: detail, previousHash: previousHash, hash: hash)
    }

    /// Entries in order, from `sequence` on.
    public func entries(from sequence: Int64 = 1, limit: Int = 1000) throws(StorageError) -> [AuditEntry] {
        try database.read(doing: "reading the audit log") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log WHERE sequence >= ? ORDER BY sequence LIMIT ?",
                arguments: [sequence, limit]
            ).map(AuditLog.entry)
        }
    }

    /// Recomputes the whole chain (streaming) and reports the first broken link.
    public func verify() throws(StorageError) -> AuditLogVerification {
        try database.read(doing: "verifying the audit log") { db in
            // After retention pruning the chain starts after the checkpoint (RetentionPruner).
            let checkpoint = try Row.fetchOne(
                db, sql: "SELECT throughSequence, throughHash FROM audit_log_checkpoint WHERE id = 1")
            var checkpointSequence: Int64 = 0
            var checkpointHash = AuditLog.genesisHash
            if let checkpoint {
                checkpointSequence = checkpoint["throughSequence"]
                checkpointHash = checkpoint["throughHash"]
            }
            var expectedSequence = checkpointSequence + 1
            var previousHash = checkpointHash
            let first = expectedSequence
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY sequence")
            while let row = try cursor.next() {
                let entry = AuditLog.entry(row)
                guard entry.sequence == expectedSequence else {
                    return .broken(atSequence: entry.sequence, reason: "expected entry \(expectedSequence): a gap")
                }
                guard entry.previousHash == previousHash else {
                    return .broken(atSequence: entry.sequence, reason: "its link does not match the previous hash")
                }
                let recomputed = AuditLog.entryHash(
                    sequence: entry.sequence, recordedAt: row["recordedAt"], kind: entry.kind, actor: entry.actor,
                    sessionID: entry.sessionID, detail: entry.detail, previousHash: entry.previousHash)
                guard recomputed == entry.hash else {
                    return .broken(atSequence: entry.sequence, reason: "its content does not match its hash")
                }
                previousHash = entry.hash
                expectedSequence += 1
            }
            if let checkpoint {
                // The checkpoint must be the one the chain itself recorded when pruning.
                let through: Int64 = checkpoint["throughSequence"]
                let hash: String = checkpoint["throughHash"]
                let recorded = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM audit_log WHERE kind = 'retentionCheckpoint' AND detail = ?",
                    arguments: ["{\"throughSequence\":\(through),\"throughHash\":\"\(hash)\"}"]) ?? 0
                guard recorded > 0 else {
                    return .broken(atSequence: first, reason: "the retention checkpoint is not recorded in the chain")
                }
            }
            return .intact(count: Int(expectedSequence - first))
        }
    }

    /// SHA-256 over the previous hash and the fields, each length-prefixed so no two entries encode alike.
    static func entryHash(
        sequence: Int64, recordedAt: Int64, kind: String, actor: String, sessionID: String?, detail: String,
        previousHash: String
    ) -> String {
        var hasher = SHA256()
        for field in [previousHash, String(sequence), String(recordedAt), kind, actor, sessionID ?? "\u{0}", detail] {
            let bytes = Array(field.utf8)
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        return Hex.lowercase(hasher.finalize())
    }

    private static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(
            sequence: row["sequence"], recordedAt: Milliseconds.date(row["recordedAt"]), kind: row["kind"],
            actor: row["actor"], sessionID: row["sessionID"], detail: row["detail"],
            previousHash: row["previousHash"], hash: row["hash"])
    }
}
