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

/// SelfScanStorage's catalog cache as the sync engine's port, including the streamed catalog sink.
extension CatalogCache: SyncCatalogCache {
    public func catalogVersion() async throws -> CatalogVersion? {
        try state()?.version
    }

    public func apply(_ download: CatalogDownload, now: Date) async throws {
        var records = download.records.makeIterator()
        try apply(header: download.header, now: now) { () throws(CatalogFileError) in records.next() }
    }

    /// The transaction runs on a thread of its own (it blocks while it waits for records, which must not
    /// happen on the cooperative pool) and pulls records from `stream` as the download feeds it.
    public func apply(header: CatalogFileHeader, streaming stream: CatalogRecordStream, now: Date) async throws {
        let cache = self
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try cache.apply(header: header, now: now) { () throws(CatalogFileError) in
                        try stream.nextBlocking()
                    }
                    stream.finishConsuming(nil)
                    continuation.resume()
                } catch {
                    stream.finishConsuming(error)
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "SelfScan catalog apply"
            thread.start()
        }
    }
}
