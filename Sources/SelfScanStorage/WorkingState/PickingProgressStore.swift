public import Foundation
import GRDB

/// How far this store's staff got picking one click & collect order.
public struct PickingProgress: Sendable, Hashable {
    /// Units scanned so far.
    public let picked: Int64
    /// Every unit is scanned but the referential has not confirmed the `picked` mark yet.
    public let awaitingReferential: Bool

    public init(picked: Int64, awaitingReferential: Bool) {
        self.picked = picked
        self.awaitingReferential = awaitingReferential
    }
}

/// The units scanned per click & collect order being picked here, kept in SQLite so a daemon restarted
/// (or killed) mid-picking resumes the count. Each scan is one small transaction (an upsert).
public struct PickingProgressStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// Every order with progress recorded.
    public func all() throws(StorageError) -> [UUID: PickingProgress] {
        try database.read(doing: "reading the picking progress") { db in
            var progress: [UUID: PickingProgress] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT reservationID, picked, awaitingReferential FROM picking_progress") {
                guard let id = UUID(uuidString: row["reservationID"] as String) else { continue }
                progress[id] = PickingProgress(picked: row["picked"], awaitingReferential: row["awaitingReferential"])
            }
            return progress
        }
    }

    /// Records the progress of `reservation` (replacing what was there).
    public func record(_ progress: PickingProgress, reservation: UUID) throws(StorageError) {
        try database.write(doing: "recording the picking of \(reservation)") { db in
            try PickingProgressStore.record(progress, reservation: reservation, in: db)
        }
    }

    static func record(_ progress: PickingProgress, reservation: UUID, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO picking_progress (reservationID, picked, awaitingReferential) VALUES (?, ?, ?)
                ON CONFLICT (reservationID) DO UPDATE SET picked = excluded.picked,
                    awaitingReferential = excluded.awaitingReferential
                """, arguments: [reservation.uuidString, progress.picked, progress.awaitingReferential])
    }

    /// Forgets `reservation` (the referential confirmed it picked: its status says it all from then on).
    public func clear(reservation: UUID) throws(StorageError) {
        try database.write(doing: "clearing the picking of \(reservation)") { db in
            try PickingProgressStore.clear(reservation: reservation, in: db)
        }
    }

    static func clear(reservation: UUID, in db: Database) throws {
        try db.execute(sql: "DELETE FROM picking_progress WHERE reservationID = ?", arguments: [reservation.uuidString])
    }
}
