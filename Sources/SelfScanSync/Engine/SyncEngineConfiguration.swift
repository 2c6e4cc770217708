public import SelfScanAPI
public import SelfScanCore

/// Settings of the daemon's sync engine.
public struct SyncEngineConfiguration: Sendable {
    /// The store this daemon belongs to (its token's store).
    public var storeID: StoreID
    /// Catalog deltas are pulled this often (and on demand with `requestCatalogPull()`).
    public var pullInterval: Duration
    /// When the outbox is empty, look again this often (and at once on `outboxChanged()`).
    public var pushInterval: Duration
    /// Items per ingest request (≤ `IngestBatch.maxItems`).
    public var batchSize: Int
    /// Catalog age (seconds) above which the `catalogStale` alarm is raised.
    public var catalogStaleAfter: Double
    /// Backoff between failed deliveries and pulls.
    public var backoff: BackoffPolicy
    /// Items the referential refused (4xx) are retried after this long.
    public var rejectedRetryDelay: Duration

    public init(
        storeID: StoreID, pullInterval: Duration = .seconds(60), pushInterval: Duration = .seconds(2),
        batchSize: Int = 200, catalogStaleAfter: Double = 3600,
        backoff: BackoffPolicy = BackoffPolicy(), rejectedRetryDelay: Duration = .seconds(3600)
    ) {
        self.storeID = storeID
        self.pullInterval = pullInterval
        self.pushInterval = pushInterval
        self.batchSize = min(max(batchSize, 1), IngestBatch.maxItems)
        self.catalogStaleAfter = catalogStaleAfter
        self.backoff = backoff
        self.rejectedRetryDelay = rejectedRetryDelay
    }
}
