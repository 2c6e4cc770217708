public import SelfScanAPI
public import SelfScanStorage
import Foundation
public import SelfScanCore

/// Load that exercises the store the way the daemon does, for the crash test helper and the benchmarks
/// (not used in production paths).
public enum StorageDrill {
    /// Appends `scans` line-added events, one durable append per scan, in sessions of `basketSize` lines
    /// (each append also rewrites the session's materialised JSON of all its lines, as the daemon does).
    /// Calls `acknowledged` after each append has committed, with the event id and the append's latency.
    public static func appendScans(
        database: StoreDatabase, scans: Int, basketSize: Int, catalogSize: Int = 1000,
        acknowledged: (EventID, Duration) -> Void
    ) throws {
        let store = BasketStore(database: database)
        let clock = ContinuousClock()
        let encoder = JSONEncoder()
        var remaining = scans
        var round = 0
        while remaining > 0 {
            round += 1
            let sessionID = SessionID(uuid: UUID())
            var sequence: Int64 = 1
            let opening = BasketEvent(
                id: EventID(uuid: UUID()), sessionID: sessionID, sequence: sequence, timestamp: SystemClock().now(),
                payload: .sessionOpened(SessionOpening(
                    storeID: "S1", deviceID: "drill", currency: .eur, catalogVersion: .init(1))))
            try store.append([opening], state: SessionStateUpdate(state: "open", total: nil, lineCount: 0))
            var lines: [BasketLine] = []
            var total: Int64 = 0
            for index in 0..<min(basketSize, remaining) {
                sequence += 1
                let productIndex = (round * 7919 + index * 104_729) % max(catalogSize, 1)
                let line = BasketLine(
                    id: LineID(uuid: UUID()), productID: ProductID(SyntheticCatalog.productID(productIndex)),
                    name: "Produit \(productIndex)", scannedCode: SyntheticCatalog.gtin(productIndex).digits14,
                    measure: .units(1), unitPrice: Money(minor: 199, currency: .eur), vatRate: .frReduced,
                    catalogVersion: .init(1))
                lines.append(line)
                total += 199
                let event = BasketEvent(
                    id: EventID(uuid: UUID()), sessionID: sessionID, sequence: sequence, timestamp: SystemClock().now(),
                    payload: .lineAdded(line: line))
                let start = clock.now
                let snapshot = try encoder.encode(lines)
                try store.append(
                    [event],
                    state: SessionStateUpdate(
                        state: "scanning", total: Money(minor: total, currency: .eur), lineCount: lines.count,
                        snapshot: snapshot))
                acknowledged(event.id, clock.now - start)
                remaining -= 1
            }
        }
    }

    /// Looks up `count` GTINs of a synthetic catalog of `catalogSize` products (pseudo-random order) and
    /// returns each lookup's latency. Throws if a product is missing.
    public static func lookUpGTINs(
        database: StoreDatabase, count: Int, catalogSize: Int
    ) throws -> [Duration] {
        let cache = CatalogCache(database: database)
        guard let lookup = try cache.lookup() else {
            throw StorageError(code: .invalidInput, message: "the catalog is empty: import a snapshot first")
        }
        var random = SplitMix(seed: 7)
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        latencies.reserveCapacity(count)
        var index = 0
        while latencies.count < count {
            index = Int(random.next() % UInt64(catalogSize))
            guard index % 50 != 7 else { continue }  // weighed items have no GTIN
            let gtin = SyntheticCatalog.gtin(index)
            let start = clock.now
            let product = try lookup.product(gtin: gtin)
            latencies.append(clock.now - start)
            guard product != nil else {
                throw StorageError(code: .invalidStoredData, message: "GTIN \(gtin) not found")
            }
        }
        return latencies
    }

    /// The p-th percentile (0…100) of durations, nearest-rank.
    public static func percentile(_ p: Double, of durations: [Duration]) -> Duration {
        guard !durations.isEmpty else { return .zero }
        let sorted = durations.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

}
