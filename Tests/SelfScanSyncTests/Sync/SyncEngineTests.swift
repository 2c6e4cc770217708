import Foundation
import Logging
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import ServiceLifecycle
import Testing

/// A store decorator that commits an ingest and then stalls past the client's timeout: the answer is lost
/// on the way back, as when the network is cut mid-request.
struct StallingStore: ReferentialStore {
    let inner: any ReferentialStore
    let stalls: StallCounter

    func migrate() async throws { try await inner.migrate() }
    func createStore(_ store: StoreRecord) async throws { try await inner.createStore(store) }
    func stores() async throws -> [StoreRecord] { try await inner.stores() }
    func store(_ id: StoreID) async throws -> StoreRecord? { try await inner.store(id) }
    func insertDeviceToken(hash: String, identity: DeviceIdentity) async throws { try await inner.insertDeviceToken(hash: hash, identity: identity) }
    func device(forTokenHash hash: String) async throws -> DeviceIdentity? { try await inner.device(forTokenHash: hash) }
    func currentCatalogVersion() async throws -> CatalogVersionNumber { try await inner.currentCatalogVersion() }
    func upsertProducts(_ products: [CatalogProduct], note: String) async throws -> CatalogVersionNumber { try await inner.upsertProducts(products, note: note) }
    func setPrice(_ gtin: GTIN, to price: Money) async throws -> CatalogVersionNumber { try await inner.setPrice(gtin, to: price) }
    func removeProduct(_ gtin: GTIN) async throws -> CatalogVersionNumber { try await inner.removeProduct(gtin) }
    func snapshotPage(after: GTIN?, limit: Int) async throws -> (version: CatalogVersionNumber, products: [CatalogProduct]) { try await inner.snapshotPage(after: after, limit: limit) }
    func changes(since: CatalogVersionNumber) async throws -> CatalogChanges { try await inner.changes(since: since) }
    func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        let results = try await inner.ingest(items, from: identity)
        if await stalls.take() { try await Task.sleep(for: .seconds(3)) }
        return results
    }
    func baskets(store: StoreID?) async throws -> [BasketRecord] { try await inner.baskets(store: store) }
    func payments(store: StoreID?) async throws -> [PaymentRecord] { try await inner.payments(store: store) }
    func dayTotals(store: StoreID, day: String) async throws -> [DayTotals] { try await inner.dayTotals(store: store, day: day) }
    func ingestCounts() async throws -> IngestCounts { try await inner.ingestCounts() }
    func setStock(store: StoreID, gtin: GTIN, quantity: Int64) async throws { try await inner.setStock(store: store, gtin: gtin, quantity: quantity) }
    func stock(gtin: GTIN) async throws -> [StockLevel] { try await inner.stock(gtin: gtin) }
    func reserve(_ request: ReservationRequest, for requester: StoreID) async throws -> Reservation { try await inner.reserve(request, for: requester) }
    func upsertCustomer(_ customer: CustomerProfile) async throws { try await inner.upsertCustomer(customer) }
    func customer(card: String) async throws -> CustomerProfile? { try await inner.customer(card: card) }
}

actor StallCounter {
    private var remaining: Int
    init(_ count: Int) { remaining = count }
    func take() -> Bool {
        guard remaining > 0 else { return false }
        remaining -= 1
        return true
    }
}

@Suite("Sync engine against a real referential on loopback")
struct SyncEngineTests {
    static let storeID: StoreID = { do { return try StoreID("paris-11") } catch { preconditionFailure("valid literal") } }()

    static func engine(
        harness: ReferentialHarness, outbox: MemoryOutbox, cache: MemoryCatalogCache, token: String,
        timeout: Duration = .seconds(10), batchSize: Int = 50
    ) async -> SyncEngine {
        var logger = Logger(label: "test.sync")
        logger.logLevel = .critical
        let client = ReferentialClient(baseURL: await harness.baseURL, token: token, timeout: timeout)
        return SyncEngine(
            configuration: SyncEngineConfiguration(
                storeID: storeID, pullInterval: .seconds(3600), pushInterval: .milliseconds(50), batchSize: batchSize,
                outboxCapacity: 20, backoff: BackoffPolicy(base: .milliseconds(20), maximum: .milliseconds(200))),
            client: client, outbox: outbox, catalog: cache, random: { 1.0 }, logger: logger)
    }

    @Test("referential down: offline, backoff grows, nothing lost; back up: each item stored once")
    func downThenUp() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        let token = try await harness.token(store: Self.storeID)
        await harness.stop()
        let outbox = MemoryOutbox()
        for _ in 0..<30 { try await outbox.enqueueBasket(store: Self.storeID) }
        let engine = await Self.engine(harness: harness, outbox: outbox, cache: MemoryCatalogCache(), token: token)

        var delays: [Duration] = []
        for _ in 0..<4 {
            await outbox.clearRetries()
            guard case .failed(let delay) = await engine.pushOnce() else {
                Issue.record("push must fail while the referential is down")
                return
            }
            delays.append(delay)
        }
        #expect(delays == [.milliseconds(20), .milliseconds(40), .milliseconds(80), .milliseconds(160)])
        #expect(engine.status.connectivity == .offline)
        #expect(await outbox.depth() == 90)

        try await harness.start()
        let service = Task { try await engine.run() }
        await engine.outboxChanged()
        #expect(await eventually { await outbox.depth() == 0 })
        service.cancel()
        _ = await service.result
        #expect(try await harness.store.ingestCounts() == IngestCounts(items: 90, baskets: 30, payments: 30))
        #expect(engine.status.connectivity == .online)
        #expect(engine.status.outboxDepth == 0)
        await harness.cleanUp()
    }

    @Test("answer lost mid-request (client timeout after the server committed): retried, stored once")
    func answerLostMidRequest() async throws {
        let base = try await ReferentialHarness()
        let stalling = StallingStore(inner: base.store, stalls: StallCounter(2))
        try await base.start(store: stalling)
        let token = try await base.token(store: Self.storeID)
        let outbox = MemoryOutbox()
        for _ in 0..<10 { try await outbox.enqueueBasket(store: Self.storeID) }
        let engine = await Self.engine(
            harness: base, outbox: outbox, cache: MemoryCatalogCache(), token: token, timeout: .seconds(1))
        guard case .failed = await engine.pushOnce() else {
            Issue.record("first push must time out")
            return
        }
        // The server did commit the batch although the device never heard back.
        #expect(try await base.store.ingestCounts().items == 30)
        let service = Task { try await engine.run() }
        #expect(await eventually { await outbox.depth() == 0 })
        service.cancel()
        _ = await service.result
        #expect(try await base.store.ingestCounts() == IngestCounts(items: 30, baskets: 10, payments: 10))
        #expect(await outbox.deliveredCount == 30)
        await base.cleanUp()
    }

    @Test("referential stopped while the engine pushes: nothing lost or doubled")
    func stoppedWhilePushing() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        let token = try await harness.token(store: Self.storeID)
        let outbox = MemoryOutbox()
        for _ in 0..<200 { try await outbox.enqueueBasket(store: Self.storeID) }
        let engine = await Self.engine(harness: harness, outbox: outbox, cache: MemoryCatalogCache(), token: token, batchSize: 30)
        let service = Task { try await engine.run() }
        #expect(await eventually { await outbox.depth() < 500 })
        await harness.stop()
        try await Task.sleep(for: .milliseconds(300))
        try await harness.start()
        #expect(await eventually { await outbox.depth() == 0 })
        service.cancel()
        _ = await service.result
        #expect(try await harness.store.ingestCounts() == IngestCounts(items: 600, baskets: 200, payments: 200))
        await harness.cleanUp()
    }

    @Test("catalog: empty cache takes a snapshot, a price change arrives as a delta, then 304")
    func catalogPull() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        let token = try await harness.token(store: Self.storeID)
        let products = try (1...30).map { number in
            let body = String(format: "376%09d", number)
            let gtin = try GTIN(body + String(GTIN.checkDigit(of: body.compactMap(\.wholeNumberValue))))
            return CatalogProduct(gtin: gtin, name: "P\(number)", price: Money(minor: 100, currency: .eur), vatRate: .frStandard)
        }
        try await harness.store.upsertProducts(products, note: "import")
        let cache = MemoryCatalogCache()
        let engine = await Self.engine(harness: harness, outbox: MemoryOutbox(), cache: cache, token: token)
        guard case .applied(_, 30, true) = await engine.pullOnce() else {
            Issue.record("first pull must be a 30-product snapshot")
            return
        }
        let v2 = try await harness.store.setPrice(products[4].gtin, to: Money(minor: 175, currency: .eur))
        #expect(await engine.pullOnce() == .applied(version: v2, changes: 1, snapshot: false))
        #expect(await cache.products[products[4].gtin]?.price == Money(minor: 175, currency: .eur))
        #expect(await cache.version == v2)
        #expect(await engine.pullOnce() == .notModified)
        #expect(engine.status.catalogVersion == v2)
        #expect(engine.status.catalogCheckedAt != nil)
        await harness.cleanUp()
    }

    @Test("outbox over capacity raises the alarm; a refused batch is kept and flagged")
    func alarms() async throws {
        let harness = try await ReferentialHarness()
        try await harness.start()
        _ = try await harness.token(store: Self.storeID)
        let outbox = MemoryOutbox()
        for _ in 0..<10 { try await outbox.enqueueBasket(store: Self.storeID) }
        let engine = await Self.engine(harness: harness, outbox: outbox, cache: MemoryCatalogCache(), token: "sst_revoked")
        let service = Task { try await engine.run() }
        #expect(await eventually { engine.status.alarms.contains(.itemsRejected) })
        service.cancel()
        _ = await service.result
        #expect(engine.status.alarms.contains(.outboxOverCapacity))
        #expect(engine.status.outboxDepth == 30)
        #expect(await outbox.depth() == 30)
        #expect(try await harness.store.ingestCounts().items == 0)
        await harness.cleanUp()
    }
}
