public import Foundation

/// One outbox row as the sync engine sees it: an item to deliver, created in the same transaction as the
/// state change it records.
public struct OutboxEntry: Sendable, Hashable {
    public var id: UUID
    public var kind: IngestKind
    public var basketID: UUID?
    public var sequence: Int64?
    public var createdAt: Date
    public var payload: JSONValue
    /// Deliveries tried so far.
    public var attempts: Int

    public init(
        id: UUID, kind: IngestKind, basketID: UUID?, sequence: Int64?, createdAt: Date, payload: JSONValue,
        attempts: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.basketID = basketID
        self.sequence = sequence
        self.createdAt = createdAt
        self.payload = payload
        self.attempts = attempts
    }
}

/// The daemon's transactional outbox, as the sync engine needs it (implemented over SelfScanStorage).
public protocol SyncOutbox: Sendable {
    /// Entries due for delivery at `now`, oldest first, in order within each basket; at most `limit`.
    func dueBatch(limit: Int, now: Date) async throws -> [OutboxEntry]
    /// The referential stored these (accepted or duplicate): never send them again.
    func markDelivered(_ ids: [UUID]) async throws
    /// Delivery failed: retry these not before `retryAt`.
    func markFailed(_ ids: [UUID], retryAt: Date, reason: String) async throws
    /// Entries not yet delivered.
    func depth() async throws -> Int
    /// Creation time of the oldest entry not yet delivered.
    func oldest() async throws -> Date?
}

/// The daemon's offline catalog cache, as the sync engine needs it (implemented over SelfScanStorage).
public protocol SyncCatalogCache: Sendable {
    /// The version the cache holds; nil when it has never received a catalog.
    func catalogVersion() async throws -> CatalogVersionNumber?
    /// Applies a snapshot (replace) or a delta (patch) together with its version, in one transaction.
    func apply(_ changes: CatalogChanges) async throws
}
