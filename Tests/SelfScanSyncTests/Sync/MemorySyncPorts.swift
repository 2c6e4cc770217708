import Foundation
import SelfScanCore
import SelfScanSync

/// An in-memory outbox with the storage contract: creation order, per-entry retry time, delivered rows gone.
actor MemoryOutbox: SyncOutbox {
    private var entries: [OutboxEntry] = []
    private var retryAt: [UUID: Date] = [:]
    private(set) var failures: [(ids: [UUID], retryAt: Date)] = []
    private(set) var deliveredCount = 0

    func append(_ entry: OutboxEntry) { entries.append(entry) }

    func dueBatch(limit: Int, now: Date) -> [OutboxEntry] {
        // Per-basket order: once a basket has an entry not due, its later entries wait too.
        var blocked = Set<UUID>()
        var batch: [OutboxEntry] = []
        for entry in entries where batch.count < limit {
            if let basket = entry.basketID, blocked.contains(basket) { continue }
            if let due = retryAt[entry.id], due > now {
                if let basket = entry.basketID { blocked.insert(basket) }
                continue
            }
            batch.append(entry)
        }
        return batch
    }

    func markDelivered(_ ids: [UUID]) {
        let set = Set(ids)
        deliveredCount += entries.filter { set.contains($0.id) }.count
        entries.removeAll { set.contains($0.id) }
    }

    func markFailed(_ ids: [UUID], retryAt: Date, reason: String) {
        failures.append((ids, retryAt))
        for id in ids { self.retryAt[id] = retryAt }
    }

    func depth() -> Int { entries.count }
    func oldest() -> Date? { entries.map(\.createdAt).min() }
    func clearRetries() { retryAt.removeAll() }
}

/// An in-memory catalog cache: applies snapshots and deltas with their version.
actor MemoryCatalogCache: SyncCatalogCache {
    private(set) var products: [GTIN: CatalogProduct] = [:]
    private(set) var version: CatalogVersionNumber?
    private(set) var applied: [CatalogChanges] = []

    func catalogVersion() -> CatalogVersionNumber? { version }

    func apply(_ changes: CatalogChanges) {
        if changes.isSnapshot { products.removeAll() }
        for product in changes.upserts { products[product.gtin] = product }
        for gtin in changes.removals { products[gtin] = nil }
        version = changes.version
        applied.append(changes)
    }
}

extension MemoryOutbox {
    /// Queues a closed basket and its payment (3 entries, one basket).
    func enqueueBasket(store: StoreID, totalMinor: Int64 = 999, at date: Date = Date()) throws {
        let basketID = UUID()
        let basket = ClosedBasketPayload(basketID: basketID, closedAt: date, total: Money(minor: totalMinor, currency: .eur), lineCount: 2)
        let payment = PaymentPayload(
            paymentID: UUID(), basketID: basketID, amount: Money(minor: totalMinor, currency: .eur), scheme: "CB",
            panLast4: "0005", paidAt: date)
        append(OutboxEntry(id: UUID(), kind: .basketEvent, basketID: basketID, sequence: 0, createdAt: date, payload: .object(["event": .string("paid")])))
        append(OutboxEntry(id: UUID(), kind: .closedBasket, basketID: basketID, sequence: 1, createdAt: date, payload: try ProtocolJSON.value(of: basket)))
        append(OutboxEntry(id: UUID(), kind: .payment, basketID: basketID, sequence: 2, createdAt: date, payload: try ProtocolJSON.value(of: payment)))
    }
}
