import Dispatch
import Foundation
import GRDB
import SelfScanCore
import Synchronization

/// What a `StoreDatabase` keeps between calls for the hot paths (one instance shared by every copy of it):
/// the basket-threshold promotions of the cached catalog version, and a dedicated read-only connection for
/// catalog lookups.
final class StoreDatabaseCaches: Sendable {
    private struct State {
        var thresholdPromotions: (version: CatalogVersion, promotions: [Promotion])?
        /// Promotions by id, decoded from their JSON once per catalog version (nil value: no such promotion).
        var promotions: (version: CatalogVersion, byID: [PromotionID: Promotion?])?
        var lookupConnection: DatabaseQueue?
        var lookupConnectionFailed = false
        /// `catalog_state` as last applied or read (`value` nil: no catalog yet), and when (uptime ns).
        var catalogState: (value: CatalogState?, keptAt: UInt64)?
        /// Moved by every apply: a read that started before it does not keep what it read.
        var catalogGeneration = 0
        /// Products in the cache after the last apply by this process, and the catalog state it left.
        var productCount: (state: CatalogState, count: Int)?
    }

    /// How long a kept `catalog_state` is trusted without reading it again: only another process (the CLI
    /// importing into the file of a running daemon) changes it behind this one's back.
    static let catalogStateRevalidationNanos: UInt64 = 1_000_000_000

    private let state = Mutex(State())
    let path: String
    let busyTimeoutSeconds: Double

    init(path: String, busyTimeoutSeconds: Double) {
        self.path = path
        self.busyTimeoutSeconds = busyTimeoutSeconds
    }

    /// The threshold promotions of `version`, read by `load` the first time only (a catalog version never
    /// changes its promotions; `CatalogCache.apply` forgets them anyway, a re-imported file may reuse a version).
    func thresholdPromotions(
        version: CatalogVersion, load: () throws(CatalogLookupError) -> [Promotion]
    ) throws(CatalogLookupError) -> [Promotion] {
        if let cached = state.withLock({ $0.thresholdPromotions }), cached.version == version {
            return cached.promotions
        }
        let promotions = try load()
        state.withLock { $0.thresholdPromotions = (version, promotions) }
        return promotions
    }

    /// The promotion `id` of `version`, decoded by `load` the first time only (the totals ask for the
    /// promotions of every line at every scan).
    func promotion(
        id: PromotionID, version: CatalogVersion, load: () throws(CatalogLookupError) -> Promotion?
    ) throws(CatalogLookupError) -> Promotion? {
        let cached: Promotion?? = state.withLock { state in
            guard let promotions = state.promotions, promotions.version == version else { return .none }
            return promotions.byID[id]
        }
        if let cached { return cached }
        let promotion = try load()
        state.withLock { state in
            if state.promotions?.version != version { state.promotions = (version, [:]) }
            state.promotions?.byID[id] = .some(promotion)
        }
        return promotion
    }

    /// Forgets everything cached about the catalog (after a failed apply: the file is as it was, or not).
    func catalogChanged() {
        state.withLock { state in
            state.thresholdPromotions = nil
            state.promotions = nil
            state.catalogState = nil
            state.productCount = nil
            state.catalogGeneration += 1
        }
    }

    /// After an apply committed: keeps its `catalog_state` and product count, forgets the rest.
    func catalogApplied(state applied: CatalogState?, productCount: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            state.thresholdPromotions = nil
            state.promotions = nil
            state.catalogGeneration += 1
            state.catalogState = (applied, now)
            state.productCount = applied.map { ($0, productCount) }
        }
    }

    /// The kept `catalog_state`, or `load`'s (kept unless an apply ran meanwhile).
    func catalogState(
        load: () throws(StorageError) -> CatalogState?
    ) throws(StorageError) -> CatalogState? {
        let now = DispatchTime.now().uptimeNanoseconds
        let (kept, generation) = state.withLock { ($0.catalogState, $0.catalogGeneration) }
        if let kept, now &- kept.keptAt < Self.catalogStateRevalidationNanos { return kept.value }
        let loaded = try load()
        state.withLock { state in
            guard state.catalogGeneration == generation else { return }
            state.catalogState = (loaded, now)
        }
        return loaded
    }

    /// The product count the last apply left, when `current` is still the catalog that apply left.
    func productCount(after current: CatalogState) -> Int? {
        state.withLock { state in
            guard let kept = state.productCount, kept.state == current else { return nil }
            return kept.count
        }
    }

    /// A read-only connection of its own for single-statement catalog lookups: no pool checkout, no schema
    /// check per read (WAL: it sees the last committed catalog). Nil when it cannot be opened (the caller
    /// falls back to the pool).
    /// The lookup connection's memory map: enough for a 1M-product catalog cache (~230 MiB) and its indexes.
    static let lookupMapBytes = 1 << 30

    func lookupConnection() -> DatabaseQueue? {
        state.withLock { state in
            if let connection = state.lookupConnection { return connection }
            guard !state.lookupConnectionFailed else { return nil }
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(busyTimeoutSeconds)
            configuration.label = "SelfScanStorage.lookup"
            // Reads through a memory map instead of a pread(2) and a copy per page: pread + copy were ~20 % of a
            // lookup (perf, 2026-12-04). The map only covers the main file (WAL pages are still read), and
            // it is this one read-only connection's: writers are unchanged.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = \(Self.lookupMapBytes)") }
            do {
                let connection = try DatabaseQueue(path: path, configuration: configuration)
                state.lookupConnection = connection
                return connection
            } catch {
                state.lookupConnectionFailed = true
                return nil
            }
        }
    }
}
