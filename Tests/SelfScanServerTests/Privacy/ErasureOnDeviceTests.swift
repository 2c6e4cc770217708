import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanStorage
import Testing

/// Issue 22, "done when": after `erase-customer` and a sync, the card is not recognised on a kiosk, and the
/// kiosk's catalog holds nothing of the customer.
@Suite("Privacy: an erasure at the referential reaches the kiosk at its next sync")
struct ErasureOnDeviceTests {
    @Test func afterErasureAndASyncTheCardIsNotRecognised() async throws {
        try await HandoffWorld.with { world in
            let demo = DemoCatalog.frenchHypermarket(generatedCount: 0)
            try await world.referential.publish(
                demo.products.map(CatalogRecord.product) + demo.promotions.map(CatalogRecord.promotion)
                    + demo.customers.map(CatalogRecord.customer), note: "demo")
            var setup = try await world.config(device: "kiosk-1", role: .kiosk)
            setup.catalogSeed = nil
            let config = setup
            try await withLiveDaemon(config) { daemon, client in
                let engine = try #require(daemon.sync)
                _ = await engine.pullOnce()
                let before = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
                #expect(before.status == .created, "\(before.body)")
                let customer = (before.body["session"] as? [String: Any])?["customer"] as? [String: Any]
                #expect(customer?["identified"] as? Bool == true)

                let erased = try await world.referential.eraseCustomer(DemoCatalog.marie)
                #expect(!erased.alreadyErased)
                guard case .applied(_, _, false) = await engine.pullOnce() else {
                    Issue.record("the erasure's delta was not applied")
                    return
                }
                let after = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
                #expect(after.status.code >= 400 && after.status.code < 500, "\(after.body)")
                #expect(errorCode(after.body) == "unknownLoyaltyCard")
                let database = try #require(daemon.database)
                let lookup = try #require(try CatalogCache(database: database).lookup())
                #expect(try lookup.customer(id: DemoCatalog.marie) == nil)
                // Others are still recognised.
                let luc = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.lucCard])
                #expect(luc.status == .created, "\(luc.body)")
            }
        }
    }
}
