public import Foundation
public import GRDB
public import SelfScanAPI
public import SelfScanCore

/// Payments, each written with its outbox row in one transaction (payments are never dropped).
public struct PaymentStore: Sendable {
    public let database: StoreDatabase

    public init(database: StoreDatabase) { self.database = database }

    /// The result of `record`.
    public enum RecordResult: Sendable, Hashable {
        /// Stored now.
        case stored
        /// The same idempotency key was already stored with the same content: nothing changed.
        case duplicate
    }

    /// Stores a payment and its outbox rows in one transaction. Replaying the same payment is a no-op
    /// (`duplicate`); the same key with different content is a `constraint` error.
    @discardableResult
    public func record(
        _ payment: PaymentRecord, outbox messages: [OutboxMessage], now: Date = Date()
    ) throws(StorageError) -> RecordResult {
        try database.write(doing: "recording payment \(payment.idempotencyKey)") { db in
            try PaymentStore.record(payment, outbox: messages, in: db, now: now)
        }
    }

    /// `record` inside the caller's transaction (e.g. with the `paid` basket event). Completes the payment's
    /// intent (same key) in that transaction.
    public static func record(
        _ payment: PaymentRecord, outbox messages: [OutboxMessage], in db: Database, now: Date
    ) throws -> RecordResult {
        if let existing = try fetch(idempotencyKey: payment.idempotencyKey, in: db) {
            guard existing.hasSameContent(as: payment) else {
                throw StorageError(
                    code: .constraint,
                    message: "payment \(payment.idempotencyKey) is already stored with different content")
            }
            return .duplicate
        }
        try db.execute(
            sql: """
                INSERT INTO payment (idempotencyKey, sessionID, amountMinor, currency, outcome, scheme, last4,
                                     authCode, terminalTransactionID, recordedAt, ticket)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                payment.idempotencyKey, payment.sessionID.uuidString, payment.amount.minor,
                payment.amount.currency.code, payment.outcome.rawValue, payment.scheme, payment.last4,
                payment.authCode, payment.terminalTransactionID, Milliseconds.from(payment.recordedAt),
                payment.ticket,
            ])
        try Outbox.enqueue(messages, in: db, now: now)
        // Its intent (if any) is answered in the same transaction: no approval stays unrecorded.
        try PaymentIntentStore.complete(key: payment.idempotencyKey, in: db, now: now)
        return .stored
    }

    /// The payments of a session, oldest first.
    public func payments(sessionID: SessionID) throws(StorageError) -> [PaymentRecord] {
        // Read for every session view (each scan): one cached statement on the dedicated read connection.
        try database.singleStatementRead(doing: "reading the payments of \(sessionID)") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM payment WHERE sessionID = ? ORDER BY rowid"),
                arguments: [sessionID.uuidString]
            ).map(PaymentStore.payment)
        }
    }

    /// Every payment of this device, oldest first (reconciliation and tests: one read instead of one per session).
    public func allPayments() throws(StorageError) -> [PaymentRecord] {
        try database.read(doing: "reading every payment") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payment ORDER BY rowid").map(PaymentStore.payment)
        }
    }

    /// One payment by its idempotency key.
    public func payment(idempotencyKey: String) throws(StorageError) -> PaymentRecord? {
        try database.read(doing: "reading payment \(idempotencyKey)") { db in
            try PaymentStore.fetch(idempotencyKey: idempotencyKey, in: db)
        }
    }

    static func fetch(idempotencyKey: String, in db: Database) throws -> PaymentRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM payment WHERE idempotencyKey = ?", arguments: [idempotencyKey])
            .map(payment)
    }

    private static func payment(_ row: Row) throws -> PaymentRecord {
        let sessionText: String = row["sessionID"]
        let outcomeText: String = row["outcome"]
        let currencyCode: String = row["currency"]
        guard let sessionID = SessionID(uuidString: sessionText), let outcome = PaymentOutcome(rawValue: outcomeText)
        else {
            throw StorageError(code: .invalidStoredData, message: "payment row with session '\(sessionText)'")
        }
        let currency = try Currency(code: currencyCode)
        return try PaymentRecord(
            idempotencyKey: row["idempotencyKey"], sessionID: sessionID,
            amount: Money(minor: row["amountMinor"], currency: currency), outcome: outcome, scheme: row["scheme"],
            last4: row["last4"], authCode: row["authCode"], terminalTransactionID: row["terminalTransactionID"],
            recordedAt: Milliseconds.date(row["recordedAt"]), ticket: row["ticket"])
    }
}
