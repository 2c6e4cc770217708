import GRDB
public import SelfScanCore

/// The items an auditor has rescanned so far, per session under audit: kept in SQLite so a daemon killed
/// mid-audit resumes the count where it was. Each rescan is one small transaction (an upsert).
public struct AuditRescanStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// Counts one more `product` for `session`; returns the session's counts after it.
    @discardableResult
    public func count(_ product: ProductID, session: SessionID) throws(StorageError) -> [ProductID: Int] {
        try database.write(doing: "counting an audit rescan of session \(session)") { db in
            try AuditRescanStore.count(product, session: session, in: db)
        }
    }

    static func count(_ product: ProductID, session: SessionID, in db: Database) throws -> [ProductID: Int] {
        try db.execute(
            sql: """
                INSERT INTO audit_rescan (sessionID, productID, count) VALUES (?, ?, 1)
                ON CONFLICT (sessionID, productID) DO UPDATE SET count = count + 1
                """, arguments: [session.uuidString, product.rawValue])
        return try AuditRescanStore.counts(session: session, in: db)
    }

    /// The counts of `session` (empty when nothing was rescanned).
    public func counts(session: SessionID) throws(StorageError) -> [ProductID: Int] {
        try database.read(doing: "reading the audit rescans of session \(session)") { db in
            try AuditRescanStore.counts(session: session, in: db)
        }
    }

    /// Forgets the counts of `session` (audit started afresh, completed, or the session voided).
    public func clear(session: SessionID) throws(StorageError) {
        try database.write(doing: "clearing the audit rescans of session \(session)") { db in
            try AuditRescanStore.clear(session: session, in: db)
        }
    }

    static func clear(session: SessionID, in db: Database) throws {
        try db.execute(sql: "DELETE FROM audit_rescan WHERE sessionID = ?", arguments: [session.uuidString])
    }

    static func counts(session: SessionID, in db: Database) throws -> [ProductID: Int] {
        var counts: [ProductID: Int] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT productID, count FROM audit_rescan WHERE sessionID = ?", arguments: [session.uuidString])
        for row in rows {
            let product: String = row["productID"]
            counts[ProductID(product)] = row["count"]
        }
        return counts
    }
}
