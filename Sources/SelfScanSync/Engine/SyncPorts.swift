public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// One queued outbox row as the sync engine sends it (the daemon's storage maps its rows to this).
public struct SyncOutboxRow: Sendable, Hashable, Identifiable {
    /// Row id (increasing in write order).
    public let id: Int64
    /// The device-generated UUID of the event, basket or payment: the referential applies it once.
    public let idempotencyKey: String
    /// What the payload is (e.g. `basketEvent`, `payment`).
    public let kind: String
    /// Rows with the same key are delivered in the order they were written.
    public let orderingKey: String
    /// 1, 2, 3… per `orderingKey`, in write order.
    public let sequence: Int64
    public let createdAt: Date
    /// The JSON body to send.
    public let payload: Data

    public init(
        id: Int64, idempotencyKey: String, kind: String, orderingKey: String, sequence: Int64, createdAt: Date,
        payload: Data
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.orderingKey = orderingKey
        self.sequence = sequence
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// The outbox's depth as the sync engine reports it.
public struct SyncOutboxStatus: Sendable, Hashable {
    public let depth: Int
    public let oldestUnsentAt: Date?
    public let alarmDepth: Int
    public let quarantinedCount: Int

    public init(depth: Int, oldestUnsentAt: Date?, alarmDepth: Int, quarantinedCount: Int) {
        self.depth = depth
        self.oldestUnsentAt = oldestUnsentAt
        self.alarmDepth = alarmDepth
        self.quarantinedCount = quarantinedCount
    }
}

/// The daemon's transactional outbox as the sync engine needs it (SelfScanSyncStorage adapts SelfScanStorage's
/// `Outbox`; tests may wrap it to inject failures).
public protocol SyncOutbox: Sendable {
    /// Rows due at `now`, in order within each ordering key; at most `limit`.
    func dueRows(limit: Int, now: Date) async throws -> [SyncOutboxRow]
    /// The referential stored these rows (accepted or duplicate): they are removed.
    func markDelivered(ids: [Int64]) async throws
    /// Delivery failed: retry these rows not before `nextAttempt` (rows behind them in their key wait too).
    func markFailed(ids: [Int64], error: String, nextAttempt: Date) async throws
    /// Depth, oldest unsent row, alarm.
    func syncStatus() async throws -> SyncOutboxStatus
    /// The referential can never take these rows: keep them aside, never send them again, and let the rows
    /// behind them in their ordering key go on.
    func quarantine(ids: [Int64], reason: String, now: Date) async throws
    /// The quarantined rows, oldest first.
    func quarantinedItems(limit: Int) async throws -> [SyncStatus.QuarantinedItem]
}

/// The daemon's offline catalog cache as the sync engine needs it (SelfScanSyncStorage adapts
/// SelfScanStorage's `CatalogCache`).
public protocol SyncCatalogCache: Sendable {
    /// The version the cache holds; nil before the first snapshot.
    func catalogVersion() async throws -> CatalogVersion?
    /// Applies a verified snapshot (replace) or delta (patch) with its version, in one transaction.
    func apply(_ download: CatalogDownload, now: Date) async throws
    /// A catalog sink: applies `header` and the records `stream` yields as they arrive (one transaction, on a
    /// thread of its own), committed only when the stream ends at its verified trailer; a stream that fails
    /// rolls everything back. Nothing of the file is held in memory beyond the stream's small buffer.
    func apply(header: CatalogFileHeader, streaming stream: CatalogRecordStream, now: Date) async throws
}
