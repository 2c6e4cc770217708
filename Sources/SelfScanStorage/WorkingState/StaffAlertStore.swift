public import Foundation
import GRDB
public import SelfScanAPI

/// A staff alert as stored (the daemon's open alerts survive a restart).
public struct StoredStaffAlert: Sendable, Hashable {
    public let id: String
    public let kind: String
    public let sessionID: String?
    public let device: String
    /// Unix milliseconds.
    public let raisedAt: Int64
    public let message: String
    public let code: String?
    /// The item the alert is about (`nil` when it names none).
    public let item: Item?

    /// The product an alert is about: the contract's type, stored as is (one mapping for wire and row).
    public typealias Item = StaffAlert.AlertItem

    public init(
        id: String, kind: String, sessionID: String?, device: String, raisedAt: Int64, message: String, code: String?,
        item: Item? = nil
    ) {
        self.id = id
        self.kind = kind
        self.sessionID = sessionID
        self.device = device
        self.raisedAt = raisedAt
        self.message = message
        self.code = code
        self.item = item
    }
}

/// The daemon's open staff alerts, in SQLite: what `GET /v1/staff/alerts` lists is still there after kill -9.
public struct StaffAlertStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// Writes `upserted` and deletes `removed` ids, in one transaction.
    public func apply(upserted: [StoredStaffAlert], removed: [String]) throws(StorageError) {
        guard !upserted.isEmpty || !removed.isEmpty else { return }
        try database.write(doing: "saving \(upserted.count) staff alerts, removing \(removed.count)") { db in
            try StaffAlertStore.apply(upserted: upserted, removed: removed, in: db)
        }
    }

    static func apply(upserted: [StoredStaffAlert], removed: [String], in db: Database) throws {
        for id in removed {
            try db.execute(sql: "DELETE FROM staff_alert WHERE id = ?", arguments: [id])
        }
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO staff_alert (id, kind, sessionID, device, raisedAt, message, code, itemName,
                    itemMinimumAge, itemProductID)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, sessionID = excluded.sessionID,
                    device = excluded.device, raisedAt = excluded.raisedAt, message = excluded.message,
                    code = excluded.code, itemName = excluded.itemName, itemMinimumAge = excluded.itemMinimumAge,
                    itemProductID = excluded.itemProductID
                """)
        for alert in upserted {
            try upsert.execute(arguments: [
                alert.id, alert.kind, alert.sessionID, alert.device, alert.raisedAt, alert.message, alert.code,
                alert.item?.name, alert.item?.minimumAge, alert.item?.productID,
            ])
        }
    }

    /// Every open alert, oldest first.
    public func all() throws(StorageError) -> [StoredStaffAlert] {
        try database.read(doing: "reading the staff alerts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM staff_alert ORDER BY raisedAt, id").map { row in
                StoredStaffAlert(
                    id: row["id"], kind: row["kind"], sessionID: row["sessionID"], device: row["device"],
                    raisedAt: row["raisedAt"], message: row["message"], code: row["code"],
                    item: (row["itemName"] as String?).map { name in
                        StoredStaffAlert.Item(
                            name: name, minimumAge: row["itemMinimumAge"], productID: row["itemProductID"])
                    })
            }
        }
    }
}
