public import Foundation
public import SelfScanAPI
public import SelfScanCore
public import SelfScanStorage
public import SelfScanSync

/// SelfScanStorage's outbox as the sync engine's port (the engine itself knows no storage type).
extension Outbox: SyncOutbox {
    public func dueRows(limit: Int, now: Date) async throws -> [SyncOutboxRow] {
        try dueBatch(limit: limit, now: now).map { (entry: OutboxEntry) in
            SyncOutboxRow(
                id: entry.id, idempotencyKey: entry.message.idempotencyKey, kind: entry.message.kind,
                orderingKey: entry.message.orderingKey, sequence: entry.sequence, createdAt: entry.createdAt,
                payload: entry.message.payload)
        }
    }

    public func syncStatus() async throws -> SyncOutboxStatus {
        let status = try status()
        return SyncOutboxStatus(
            depth: status.depth, oldestUnsentAt: status.oldestUnsentAt, alarmDepth: status.alarmDepth,
            quarantinedCount: status.quarantinedCount)
    }

    public func quarantinedItems(limit: Int) async throws -> [SyncStatus.QuarantinedItem] {
        try quarantined(limit: limit).map {
            SyncStatus.QuarantinedItem(
                id: $0.idempotencyKey, kind: $0.kind, orderingKey: $0.orderingKey, payloadBytes: $0.payloadBytes,
                quarantinedAt: $0.quarantinedAt, reason: $0.reason)
        }
    }
}

/// The daemon's outbox as the sync engine's port, its writes group-committed (`Outbox.*GroupCommitted`): the
/// engine is an actor on the cooperative pool, and marking a batch delivered is an fsynced transaction that
/// must not hold one of a kiosk's two cooperative threads. Reads stay as `Outbox`'s conformance does them.
public struct GroupCommittedSyncOutbox: SyncOutbox {
    public let outbox: Outbox

    public init(_ outbox: Outbox) { self.outbox = outbox }

    public func dueRows(limit: Int, now: Date) async throws -> [SyncOutboxRow] {
        try await outbox.dueRows(limit: limit, now: now)
    }

    public func markDelivered(ids: [Int64]) async throws {
        try await outbox.markDeliveredGroupCommitted(ids: ids)
    }

    public func markFailed(ids: [Int64], error: String, nextAttempt: Date) async throws {
        try await outbox.markFailedGroupCommitted(ids: ids, error: error, nextAttempt: nextAttempt)
    }

    public func syncStatus() async throws -> SyncOutboxStatus {
        try await outbox.syncStatus()
    }

    public func quarantine(ids: [Int64], reason: String, now: Date) async throws {
        try await outbox.quarantineGroupCommitted(ids: ids, reason: reason, now: now)
    }

    public func quarantinedItems(limit: Int) async throws -> [SyncStatus.QuarantinedItem] {
        try await outbox.quarantinedItems(limit: limit)
    }
}

/// SelfScanStorage's catalog cache as the sync engine's port, including the streamed catalog sink.
extension CatalogCache: SyncCatalogCache {
    public func catalogVersion() async throws -> CatalogVersion? {
        try state()?.version
    }

    /// A downloaded delta or snapshot, applied on a thread of its own (one fsynced transaction, possibly large:
    /// not on the cooperative pool).
    public func apply(_ download: CatalogDownload, now: Date) async throws {
        let cache = self
        try await DedicatedThread.run(name: "selfscan-catalog") {
            var records = download.records.makeIterator()
            try cache.apply(header: download.header, now: now) { () throws(CatalogFileError) in records.next() }
        }
    }

    /// The transaction runs on a thread of its own (it blocks while it waits for records, which must not
    /// happen on the cooperative pool) and pulls records from `stream` as the download feeds it.
    public func apply(header: CatalogFileHeader, streaming stream: CatalogRecordStream, now: Date) async throws {
        let cache = self
        try await DedicatedThread.run(name: "selfscan-catalog") {
            do {
                try cache.apply(header: header, now: now) { () throws(CatalogFileError) in try stream.nextBlocking() }
                stream.finishConsuming(nil)
            } catch {
                stream.finishConsuming(error)
                throw error
            }
        }
    }
}
