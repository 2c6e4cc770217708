public import Foundation
public import SelfScanAPI
public import SelfScanCore
public import SelfScanStorage

/// The daemon's transactional outbox as the sync engine needs it. SelfScanStorage's `Outbox` is one; tests may
/// wrap it to inject failures.
public protocol SyncOutbox: Sendable {
    /// Rows due at `now`, in order within each ordering key; at most `limit`.
    func dueBatch(limit: Int, now: Date) async throws -> [OutboxEntry]
    /// The referential stored these rows (accepted or duplicate): they are removed.
    func markDelivered(ids: [Int64]) async throws
    /// Delivery failed: retry these rows not before `nextAttempt` (rows behind them in their key wait too).
    func markFailed(ids: [Int64], error: String, nextAttempt: Date) async throws
    /// Depth, oldest unsent row, alarm.
    func status() async throws -> OutboxStatus
    /// The referential can never take these rows: keep them aside, never send them again, and let the rows
    /// behind them in their ordering key go on.
    func quarantine(ids: [Int64], reason: String, now: Date) async throws
    /// The quarantined rows, oldest first.
    func quarantined(limit: Int) async throws -> [QuarantinedOutboxRow]
}

extension Outbox: SyncOutbox {}

/// The daemon's offline catalog cache as the sync engine needs it. SelfScanStorage's `CatalogCache` is one.
public protocol SyncCatalogCache: Sendable {
    /// The version the cache holds; nil before the first snapshot.
    func catalogVersion() async throws -> CatalogVersion?
    /// Applies a verified snapshot (replace) or delta (patch) with its version, in one transaction.
    func apply(_ download: CatalogDownload, now: Date) async throws
}

extension CatalogCache: SyncCatalogCache {
    public func catalogVersion() async throws -> CatalogVersion? {
        try state()?.version
    }

    public func apply(_ download: CatalogDownload, now: Date) async throws {
        var records = download.records.makeIterator()
        try apply(header: download.header, now: now) { () throws(CatalogFileError) in records.next() }
    }
}
