public import Foundation
import GRDB

extension Outbox {
    /// Makes every row of `orderingKey` due at `now`, cancelling the backoff of earlier failures (a hand-off:
    /// a shopper waits at a kiosk for this session's rows). Returns how many rows were waiting.
    @discardableResult
    public func expedite(orderingKey: String, now: Date = Date()) throws(StorageError) -> Int {
        try database.write(doing: "expediting the outbox rows of \(orderingKey)") { db in
            try Outbox.expedite(orderingKey: orderingKey, now: now, in: db)
        }
    }

    static func expedite(orderingKey: String, now: Date, in db: Database) throws -> Int {
        try db.execute(
            sql: "UPDATE outbox SET nextAttemptAt = ? WHERE orderingKey = ? AND nextAttemptAt > ?",
            arguments: [Milliseconds.from(now), orderingKey, Milliseconds.from(now)])
        return db.changesCount
    }
}
