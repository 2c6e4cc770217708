public import Foundation
import GRDB
public import SelfScanCore

// The repositories' writes for callers on the cooperative pool (actors, route handlers): the caller suspends
// while the write is group-committed (`GroupCommitWriter`: one transaction and fsync for the writes that
// arrive together) and resumes once it is committed and fsynced, so "durable before acknowledged" holds as with
// the synchronous variants, which block their thread for the fsync. A write here may run twice (its batch
// rolled back because another write of the batch failed, then alone): the bodies touch nothing but `db`.

extension StoreDatabase {
    /// `write`, group-committed off the caller's thread.
    func writeGroupCommitted<T: Sendable>(
        doing action: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        try await groupCommit.write(doing: action, body)
    }
}

extension PaymentStore {
    /// `record(_:outbox:now:)`, group-committed.
    @discardableResult
    public func recordGroupCommitted(
        _ payment: PaymentRecord, outbox messages: [OutboxMessage], now: Date = Date()
    ) async throws(StorageError) -> RecordResult {
        try await database.writeGroupCommitted(doing: "recording payment \(payment.idempotencyKey)") { db in
            try PaymentStore.record(payment, outbox: messages, in: db, now: now)
        }
    }
}

extension PaymentIntentStore {
    /// `begin(_:lineShares:now:)`, group-committed: the intent is durable when this returns.
    @discardableResult
    public func beginGroupCommitted(
        _ intent: PaymentIntent, lineShares: [LineID: Money]? = nil, now: Date = Date()
    ) async throws(StorageError) -> PaymentIntent {
        try await database.writeGroupCommitted(doing: "recording payment intent \(intent.idempotencyKey)") { db in
            try PaymentIntentStore.begin(intent, lineShares: lineShares, now: now, in: db)
        }
    }

    /// `markNotCharged(key:now:)`, group-committed.
    public func markNotChargedGroupCommitted(key: String, now: Date = Date()) async throws(StorageError) {
        try await database.writeGroupCommitted(doing: "closing payment intent \(key)") { db in
            try PaymentIntentStore.markNotCharged(key: key, now: now, in: db)
        }
    }
}

extension AuditRescanStore {
    /// `count(_:session:)`, group-committed.
    @discardableResult
    public func countGroupCommitted(_ product: ProductID, session: SessionID) async throws(StorageError) -> [ProductID: Int] {
        try await database.writeGroupCommitted(doing: "counting an audit rescan of session \(session)") { db in
            try AuditRescanStore.count(product, session: session, in: db)
        }
    }

    /// `clear(session:)`, group-committed.
    public func clearGroupCommitted(session: SessionID) async throws(StorageError) {
        try await database.writeGroupCommitted(doing: "clearing the audit rescans of session \(session)") { db in
            try AuditRescanStore.clear(session: session, in: db)
        }
    }
}

extension StaffAlertStore {
    /// `apply(upserted:removed:)`, group-committed.
    public func applyGroupCommitted(upserted: [StoredStaffAlert], removed: [String]) async throws(StorageError) {
        guard !upserted.isEmpty || !removed.isEmpty else { return }
        try await database.writeGroupCommitted(
            doing: "saving \(upserted.count) staff alerts, removing \(removed.count)"
        ) { db in
            try StaffAlertStore.apply(upserted: upserted, removed: removed, in: db)
        }
    }
}

extension Outbox {
    /// `expedite(orderingKey:now:)`, group-committed.
    @discardableResult
    public func expediteGroupCommitted(orderingKey: String, now: Date = Date()) async throws(StorageError) -> Int {
        try await database.writeGroupCommitted(doing: "expediting the outbox rows of \(orderingKey)") { db in
            try Outbox.expedite(orderingKey: orderingKey, now: now, in: db)
        }
    }

    /// `markDelivered(ids:)`, group-committed.
    public func markDeliveredGroupCommitted(ids: [Int64]) async throws(StorageError) {
        guard !ids.isEmpty else { return }
        try await database.writeGroupCommitted(doing: "marking \(ids.count) outbox rows delivered") { db in
            try Outbox.markDelivered(ids: ids, in: db)
        }
    }

    /// `markFailed(ids:error:nextAttempt:)`, group-committed.
    public func markFailedGroupCommitted(ids: [Int64], error: String, nextAttempt: Date) async throws(StorageError) {
        guard !ids.isEmpty else { return }
        try await database.writeGroupCommitted(doing: "recording a failed outbox delivery") { db in
            try Outbox.markFailed(ids: ids, error: error, nextAttempt: nextAttempt, in: db)
        }
    }

    /// `quarantine(ids:reason:now:)`, group-committed.
    public func quarantineGroupCommitted(ids: [Int64], reason: String, now: Date = Date()) async throws(StorageError) {
        guard !ids.isEmpty else { return }
        try await database.writeGroupCommitted(doing: "quarantining \(ids.count) outbox rows") { db in
            try Outbox.quarantine(ids: ids, reason: reason, now: now, in: db)
        }
    }

    /// `enqueue(_:now:)`, group-committed.
    public func enqueueGroupCommitted(_ messages: [OutboxMessage], now: Date = Date()) async throws(StorageError) {
        try await database.writeGroupCommitted(doing: "queueing \(messages.count) outbox messages") { db in
            try Outbox.enqueue(messages, in: db, now: now)
        }
    }
}

extension PickingProgressStore {
    /// `record(_:reservation:)`, group-committed.
    public func recordGroupCommitted(_ progress: PickingProgress, reservation: UUID) async throws(StorageError) {
        try await database.writeGroupCommitted(doing: "recording the picking of \(reservation)") { db in
            try PickingProgressStore.record(progress, reservation: reservation, in: db)
        }
    }

    /// `clear(reservation:)`, group-committed.
    public func clearGroupCommitted(reservation: UUID) async throws(StorageError) {
        try await database.writeGroupCommitted(doing: "clearing the picking of \(reservation)") { db in
            try PickingProgressStore.clear(reservation: reservation, in: db)
        }
    }
}
