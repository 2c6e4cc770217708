public import Foundation
import GRDB
public import SelfScanAPI
public import SelfScanCore

/// Payment intents (see `PaymentIntent`) and the paid line shares refunds are capped by.
public struct PaymentIntentStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// Records an intent before the terminal is asked, with (for the payment that completes a basket) what
    /// each line costs after discounts. A key whose earlier attempt was `notCharged` starts its next attempt;
    /// a key that is `open` or `completed` is refused (`constraint`): the caller replays or reconciles it.
    /// - Returns: the stored intent (its `attempt` and `requestID` are the ones to send).
    @discardableResult
    public func begin(
        _ intent: PaymentIntent, lineShares: [LineID: Money]? = nil, now: Date = Date()
    ) throws(StorageError) -> PaymentIntent {
        try database.write(doing: "recording payment intent \(intent.idempotencyKey)") { db in
            try PaymentIntentStore.begin(intent, lineShares: lineShares, now: now, in: db)
        }
    }

    /// `begin` inside the caller's transaction.
    static func begin(
        _ intent: PaymentIntent, lineShares: [LineID: Money]?, now: Date, in db: Database
    ) throws -> PaymentIntent {
        var attempt = 1
        if let existing = try PaymentIntentStore.fetch(key: intent.idempotencyKey, in: db) {
            guard existing.state == .notCharged else {
                throw StorageError(
                    code: .constraint,
                    message: "payment intent \(intent.idempotencyKey) is already \(existing.state.rawValue)")
            }
            attempt = existing.attempt + 1
            try db.execute(sql: "DELETE FROM payment_intent WHERE idempotencyKey = ?", arguments: [intent.idempotencyKey])
        }
        let stored = PaymentIntent(
            idempotencyKey: intent.idempotencyKey, kind: intent.kind, sessionID: intent.sessionID,
            clientReference: intent.clientReference, attempt: attempt, amount: intent.amount,
            originalTransactionID: intent.originalTransactionID, state: .open, createdAt: now)
        try db.execute(
            sql: """
                INSERT INTO payment_intent (idempotencyKey, kind, sessionID, clientReference, requestID, attempt,
                    amountMinor, currency, originalTransactionID, state, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)
                """,
            arguments: [
                stored.idempotencyKey, stored.kind.rawValue, stored.sessionID.uuidString, stored.clientReference,
                stored.requestID, stored.attempt, stored.amount.minor, stored.amount.currency.code,
                stored.originalTransactionID, Milliseconds.from(now),
            ])
        if let lineShares {
            try db.execute(
                sql: "DELETE FROM paid_line_share WHERE sessionID = ?", arguments: [intent.sessionID.uuidString])
            for (lineID, share) in lineShares {
                try db.execute(
                    sql: "INSERT INTO paid_line_share (sessionID, lineID, amountMinor, currency) VALUES (?, ?, ?, ?)",
                    arguments: [intent.sessionID.uuidString, lineID.uuidString, share.minor, share.currency.code])
            }
        }
        return stored
    }

    /// Intents without a recorded answer, oldest first.
    public func openIntents() throws(StorageError) -> [PaymentIntent] {
        try database.read(doing: "reading open payment intents") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payment_intent WHERE state = 'open' ORDER BY createdAt, rowid")
                .map(PaymentIntentStore.intent)
        }
    }

    public func intent(key: String) throws(StorageError) -> PaymentIntent? {
        try database.read(doing: "reading payment intent \(key)") { db in
            try PaymentIntentStore.fetch(key: key, in: db)
        }
    }

    /// The terminal never took this attempt: nothing was charged.
    public func markNotCharged(key: String, now: Date = Date()) throws(StorageError) {
        try database.write(doing: "closing payment intent \(key)") { db in
            try PaymentIntentStore.markNotCharged(key: key, now: now, in: db)
        }
    }

    static func markNotCharged(key: String, now: Date, in db: Database) throws {
        try db.execute(
            sql: "UPDATE payment_intent SET state = 'notCharged', resolvedAt = ? WHERE idempotencyKey = ? AND state = 'open'",
            arguments: [Milliseconds.from(now), key])
    }

    /// Minor units refunded so far against a terminal transaction (refund records whose intent names it).
    public func refundedMinor(againstTransaction transactionID: String) throws(StorageError) -> Int64 {
        try database.read(doing: "summing the refunds of \(transactionID)") { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(p.amountMinor), 0) FROM payment p
                    JOIN payment_intent i ON i.idempotencyKey = p.idempotencyKey
                    WHERE p.outcome = 'refunded' AND i.originalTransactionID = ?
                    """, arguments: [transactionID]) ?? 0
        }
    }

    /// What each item line of a paid session cost after discounts, as recorded with its completing payment
    /// (empty for sessions paid before this was recorded).
    public func lineShares(sessionID: SessionID) throws(StorageError) -> [LineID: Money] {
        try database.read(doing: "reading the paid line shares of \(sessionID)") { db in
            var shares: [LineID: Money] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM paid_line_share WHERE sessionID = ?", arguments: [sessionID.uuidString])
            {
                let lineText: String = row["lineID"]
                let currencyCode: String = row["currency"]
                guard let lineID = LineID(uuidString: lineText) else {
                    throw StorageError(code: .invalidStoredData, message: "paid line share with line '\(lineText)'")
                }
                shares[lineID] = Money(minor: row["amountMinor"], currency: try Currency(code: currencyCode))
            }
            return shares
        }
    }

    static func fetch(key: String, in db: Database) throws -> PaymentIntent? {
        try Row.fetchOne(db, sql: "SELECT * FROM payment_intent WHERE idempotencyKey = ?", arguments: [key])
            .map(intent)
    }

    /// Marks the intent of `key` completed (its payment record is being stored in this transaction).
    static func complete(key: String, in db: Database, now: Date) throws {
        try db.execute(
            sql: "UPDATE payment_intent SET state = 'completed', resolvedAt = ? WHERE idempotencyKey = ? AND state != 'completed'",
            arguments: [Milliseconds.from(now), key])
    }

    static func intent(_ row: Row) throws -> PaymentIntent {
        let sessionText: String = row["sessionID"]
        let kindText: String = row["kind"]
        let stateText: String = row["state"]
        let currencyCode: String = row["currency"]
        guard let sessionID = SessionID(uuidString: sessionText), let kind = PaymentIntent.Kind(rawValue: kindText),
            let state = PaymentIntent.State(rawValue: stateText)
        else {
            throw StorageError(code: .invalidStoredData, message: "payment intent row of session '\(sessionText)'")
        }
        return PaymentIntent(
            idempotencyKey: row["idempotencyKey"], kind: kind, sessionID: sessionID,
            clientReference: row["clientReference"], attempt: row["attempt"],
            amount: Money(minor: row["amountMinor"], currency: try Currency(code: currencyCode)),
            originalTransactionID: row["originalTransactionID"], state: state,
            createdAt: Milliseconds.date(row["createdAt"]))
    }
}
