public import SelfScanReferential
public import SelfScanStorage
public import Foundation
public import Logging
public import SelfScanAPI
import SelfScanCore
import SelfScanSync
import SelfScanSyncStorage

/// `selfscan referential bench`: ingest throughput and catalog delta apply time against a real referential
/// (its HTTP server on loopback over the given database), from the daemon's side (ReferentialClient, storage's
/// catalog cache). Prints one line per measure.
public struct ReferentialBenchmark: Sendable {
    public var location: DatabaseLocation
    public var baskets = 5000
    public var batchSize = 200
    public var concurrency = 4
    public var products = 10_000
    public var priceChanges = 500
    /// Ingest items per paid basket (≥ 3): `itemsPerBasket − 2` basket events (one per line), the closed basket
    /// and its payment. 3 is the shape measured since the first release.
    public var itemsPerBasket = 3
    /// Skip the catalog measures (`scripts/bench-ingest` runs the ingest beside its pgbench anchor).
    public var ingestOnly = false
    let logger: Logger

    public init(location: DatabaseLocation, logger: Logger = Logger(label: "selfscan.bench")) {
        self.location = location
        self.logger = logger
    }

    public func run() async throws -> [String] {
        try await ReferentialStores.withStore(location, logger: logger) { store in
            try await store.migrate()
            var quiet = logger
            quiet.logLevel = .error
            return try await ReferentialApplication.whileServing(store: store, logger: quiet) { port in
                try await measure(store: store, baseURL: "http://127.0.0.1:\(port)")
            }
        }
    }

    func measure(store: any ReferentialStore, baseURL: String) async throws -> [String] {
        let storeID = StoreID("bench-\(UUID().uuidString.prefix(8).lowercased())")
        try await store.createStore(StoreRecord(id: storeID, name: "bench", priceConflictRule: .chargeScanPrice))
        let token = try await store.issueDeviceToken(store: storeID, device: "bench-1")
        let client = ReferentialClient(baseURL: baseURL, token: token, timeout: .seconds(120))
        var lines = ["database: \(location)"]

        // Ingest: `baskets` paid baskets (`itemsPerBasket` items each: events, closed basket, payment), batched,
        // in parallel. Twice, with fresh baskets: first with the bodies written before the clock starts (pgbench
        // parses its script before its run; a daemon writes a push once, on its own machine), the figure set
        // beside the anchor; then written inside the timed window by the daemon's client in this process, as
        // measured before the tenth session.
        let perBasket = max(itemsPerBasket, 3)
        let basketsPerBatch = max(batchSize / perBasket, 1)
        func makeBatches() throws -> [IngestBatch] {
            try stride(from: 0, to: baskets, by: basketsPerBatch).map { start in
                IngestBatch(
                    storeID: storeID.rawValue,
                    items: try (start..<min(start + basketsPerBatch, baskets)).flatMap { _ in
                        try Self.paidBasket(storeID, items: perBasket)
                    })
            }
        }
        let written = try makeBatches().map { try ReferentialClient.body(of: $0) }
        let prewritten = try await timedIngest(written.count) { _ = try await client.ingest(written[$0]) }
        lines.append(
            "ingest: \(baskets) baskets (\(baskets * perBasket) items, \(basketsPerBatch) baskets per request, "
                + "\(concurrency) HTTP clients, bodies written before the clock) "
                + "in \(String(format: "%.2f", prewritten.seconds)) s = \(Int(Double(baskets) / prewritten.seconds)) baskets/s")
        // This process's CPU (the referential and the daemon's client both run here; PostgreSQL does not).
        lines.append(
            "ingest cpu: \(Int(prewritten.cpu * 1e6 / Double(baskets))) µs per basket in this process (referential + client transport)")
        let batches = try makeBatches()
        let inWindow = try await timedIngest(batches.count) { _ = try await client.ingest(batches[$0]) }
        lines.append(
            "ingest, bodies written in the window: \(Int(Double(baskets) / inWindow.seconds)) baskets/s, "
                + "\(Int(inWindow.cpu * 1e6 / Double(baskets))) µs CPU per basket in this process")
        let clock = ContinuousClock()
        // Replaying everything is a no-op: measure it too.
        let replay = try await clock.measure {
            for batch in batches { _ = try await client.ingest(batch) }
        }
        lines.append("ingest replay (all duplicates, 1 connection): \(Int(Double(baskets) / Self.seconds(replay))) baskets/s")
        if ingestOnly { return lines }

        // Catalog: snapshot of `products` into a daemon cache, then a delta of `priceChanges` prices.
        var synthetic = SyntheticCatalog(productCount: products, version: CatalogVersion(1))
        synthetic.includeStock = false
        let publishTime = try await clock.measure { _ = try await store.publish(Array(synthetic.records()), note: "bench") }
        lines.append("publish \(products) products: \(Self.milliseconds(publishTime)) ms")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = CatalogCache(database: try StoreDatabase.open(atPath: directory.appendingPathComponent("store.sqlite").path))
        var snapshot: CatalogDownload?
        let download = try await clock.measure { snapshot = try await client.catalogSnapshot() }
        let snapshotApply = try await clock.measure { if let snapshot { try await cache.apply(snapshot, now: Date()) } }
        lines.append(
            "snapshot \(products) products: download+verify \(Self.milliseconds(download)) ms, "
                + "apply \(Self.milliseconds(snapshotApply)) ms")
        synthetic.priceShift = 7
        let changed = (0..<min(priceChanges, products)).map { CatalogRecord.product(synthetic.product($0)) }
        _ = try await store.publish(changed, note: "bench prices")
        let from = try cache.state()?.version ?? .none
        var delta: CatalogDownload?
        let deltaDownload = try await clock.measure { delta = try await client.catalogDelta(since: from) }
        let deltaApply = try await clock.measure { if let delta { try await cache.apply(delta, now: Date()) } }
        lines.append(
            "delta \(delta?.records.count ?? 0) price changes over \(products) products: download+verify "
                + "\(Self.milliseconds(deltaDownload)) ms, apply \(Self.milliseconds(deltaApply)) ms")
        return lines
    }

    /// Posts `count` batches (`post(i)`), `concurrency` at a time; the wall time and this process's CPU.
    func timedIngest(
        _ count: Int, post: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> (seconds: Double, cpu: Double) {
        let cpuBefore = Self.processCPUSeconds()
        let elapsed = try await ContinuousClock().measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = 0
                for _ in 0..<concurrency where next < count {
                    let index = next
                    next += 1
                    group.addTask { try await post(index) }
                }
                while try await group.next() != nil, next < count {
                    let index = next
                    next += 1
                    group.addTask { try await post(index) }
                }
                try await group.waitForAll()
            }
        }
        return (Self.seconds(elapsed), Self.processCPUSeconds() - cpuBefore)
    }

    static func paidBasket(_ store: StoreID, items: Int = 3) throws -> [IngestItem] {
        let session = SessionID(uuid: UUID())
        let now = Date()
        let key = session.uuidString
        let total = Money(minor: Int64.random(in: 100...20_000), currency: .eur)
        let payment = PaymentPayload(
            idempotencyKey: UUID().uuidString, sessionID: session, amount: total, outcome: .approved, scheme: "CB",
            last4: "4242", authCode: "A1", terminalTransactionID: "T", recordedAt: now)
        let events = max(items - 2, 1)
        // As a daemon sends them: each event's session and position (ingest takes the position's slot).
        let eventItems = (1...events).map { position in
            IngestItem(
                id: UUID().uuidString, kind: .basketEvent, storeID: store.rawValue, orderingKey: key,
                sequence: Int64(position), createdAt: now,
                payload: .object([
                    "sessionID": .string(key), "sequence": .integer(Int64(position)),
                    "event": .string(position == events ? "checkoutRequested" : "itemAdded"),
                ]))
        }
        return eventItems + [
            IngestItem(
                id: UUID().uuidString, kind: .closedBasket, storeID: store.rawValue, orderingKey: key,
                sequence: Int64(events + 1), createdAt: now,
                payload: try ProtocolJSON.value(
                    of: ClosedBasketPayload(sessionID: key, closedAt: now, total: total, lineCount: events))),
            IngestItem(
                id: payment.idempotencyKey, kind: .payment, storeID: store.rawValue, orderingKey: key,
                sequence: Int64(events + 2), createdAt: now, payload: try ProtocolJSON.value(of: payment)),
        ]
    }

    /// User + system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> String { String(format: "%.0f", seconds(duration) * 1000) }
}
