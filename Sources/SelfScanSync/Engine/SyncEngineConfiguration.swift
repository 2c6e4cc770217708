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
    /// Largest request body a push sends (the referential reads at most `ProtocolRoutes.maxBodyBytes`; the
    /// rest is headroom). Batches are cut by this size as well as by `batchSize`; an item larger on its own
    /// is quarantined.
    public var maxBatchBytes: Int
    /// Whether the catalog is pulled (a gate, which sells nothing, only pushes its exits).
    public var pullsCatalog = true
    /// How often the store's gate exits are read when an exit listener is set.
    public var exitPollInterval: Duration = .seconds(15)

    public init(
        storeID: StoreID, pullInterval: Duration = .seconds(60), pushInterval: Duration = .seconds(2),
        batchSize: Int = 200, catalogStaleAfter: Double = 3600,
        backoff: BackoffPolicy = BackoffPolicy(), rejectedRetryDelay: Duration = .seconds(3600),
        maxBatchBytes: Int = ProtocolRoutes.maxBodyBytes * 3 / 4
    ) {
        self.maxBatchBytes = min(max(maxBatchBytes, 1024), ProtocolRoutes.maxBodyBytes)
        self.storeID = storeID
        self.pullInterval = pullInterval
        self.pushInterval = pushInterval
        self.batchSize = min(max(batchSize, 1), IngestBatch.maxItems)
        self.catalogStaleAfter = catalogStaleAfter
        self.backoff = backoff
        self.rejectedRetryDelay = rejectedRetryDelay
    }
}
