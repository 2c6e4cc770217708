import SelfScanTooling
import Foundation
import Logging
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import SelfScanSyncStorage
import Testing

/// The "done when": a daemon (storage on disk + sync engine) and a referential on PostgreSQL over
/// loopback.
@Suite("End to end: daemon storage + sync engine + referential on PostgreSQL")
struct EndToEndPostgresTests {
    @Test("1,000 baskets paid while the referential is down arrive exactly once; a price change reaches the cache")
    func thousandBasketsWhileDown() async throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["SELFSCAN_PG_URL"],
            "SELFSCAN_PG_URL is not set: start a cluster with eval \"$(scripts/pg-test-cluster start)\"")
        let schema = "e2e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let logger = {
            var logger = Logger(label: "test.e2e")
            logger.logLevel = .critical
            return logger
        }()
        let backend = PostgresBackend(location: try PostgresLocation(url: url).withSchema(schema), logger: logger)
        try await backend.withRunningClient {
            let store = SQLReferentialStore(backend: backend)
            let harness = try await ReferentialHarness(store: store)
            let storeID: StoreID = "paris-11"
            try await harness.start()
            let token = try await harness.token(store: storeID)
            let synthetic = SyntheticCatalog(productCount: 200, version: CatalogVersion(1))
            try await store.publish(Array(synthetic.records()), note: "import")
            await harness.stop()

            // The referential is down: the shop keeps selling, 1,000 paid baskets pile up in the outbox.
            let daemon = try DaemonStorage()
            defer { daemon.remove() }
            for _ in 0..<1000 { try daemon.enqueuePaidBasket() }
            let client = ReferentialClient(baseURL: await harness.baseURL, token: token, timeout: .seconds(5))
            let engine = SyncEngine(
                configuration: SyncEngineConfiguration(
                    storeID: storeID, pullInterval: .seconds(3600), pushInterval: .milliseconds(100), batchSize: 200,
                    backoff: BackoffPolicy(base: .milliseconds(20), maximum: .milliseconds(500))),
                client: client, outbox: daemon.outbox, catalog: daemon.cache, logger: logger)
            let service = Task { try await engine.run() }
            #expect(await eventually { engine.status.connectivity == .offline && engine.status.consecutiveFailures >= 2 })
            #expect(try daemon.depth() == 3000)
            #expect(engine.status.oldestUnsentAt != nil)

            // It comes back up: everything is delivered once.
            try await harness.start()
            #expect(await eventually(within: 180) { (try? daemon.depth()) == 0 })
            #expect(try await store.ingestCounts() == IngestCounts(items: 3000, baskets: 1000, payments: 1000))
            #expect(Set(try await store.baskets(store: storeID).map(\.sessionID)).count == 1000)
            #expect(try await store.payments(store: storeID).count == 1000)
            #expect(await eventually(within: 60) { engine.status.catalogVersion == CatalogVersion(1) })

            // A price change on the referential reaches the daemon's cache as a delta.
            let gtin = SyntheticCatalog.gtin(8)  // index 7 is a weighed product without GTIN
            let changed = try await store.setPrice(gtin: gtin, to: Money(minor: 4242, currency: .eur))
            await engine.requestCatalogPull()
            #expect(await eventually(within: 60) { engine.status.catalogVersion == changed })
            #expect(try daemon.cache.lookup()?.product(gtin: gtin)?.pricing.price == Money(minor: 4242, currency: .eur))
            #expect(try daemon.cache.state()?.lastKind == .delta)
            service.cancel()
            _ = await service.result
            await harness.cleanUp()
        }
    }
}
