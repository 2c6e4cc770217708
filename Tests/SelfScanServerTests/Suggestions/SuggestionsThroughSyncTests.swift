import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanAPI
import SelfScanCore
import SelfScanDemo
import SelfScanReferential
import SelfScanServer
import SelfScanStorage
import Testing

/// Issue 18 through a real referential and a daemon's sync: the basket history counted at the referential, the
/// suggestions delta applied by the daemon, the kiosk's one suggestion after a scan; a personal offer in context
/// delivered the same way and explained on the receipt.
@Suite("Suggestions and personal offers: referential → delta → daemon")
struct SuggestionsThroughSyncTests {
    static func shopper(_ token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Session-Token")!] = token  // a valid literal field name
        return headers
    }

    /// The demo catalog at the referential, and a daemon (no local seed) that pulled it.
    static func withSyncedDaemon(
        _ prepare: @escaping @Sendable (any ReferentialStore) async throws -> Void,
        _ body: @escaping @Sendable (Daemon, any TestClientProtocol, any ReferentialStore) async throws -> Void
    ) async throws {
        try await HandoffWorld.with { world in
            let demo = DemoCatalog.frenchHypermarket(generatedCount: 0)
            _ = try await world.referential.publish(
                demo.products.map(CatalogRecord.product) + demo.promotions.map(CatalogRecord.promotion)
                    + demo.customers.map(CatalogRecord.customer), note: "demo")
            try await prepare(world.referential)
            var config = try await world.config(device: "kiosk-1", role: .kiosk)
            config.catalogSeed = nil
            try await withLiveDaemon(config) { daemon, client in
                let engine = try #require(daemon.sync)
                guard case .applied = await engine.pullOnce() else {
                    Issue.record("the catalog was not applied")
                    return
                }
                try await body(daemon, client, world.referential)
            }
        }
    }

    @Test func afterAScanOneComplementExplainedNeverOneAlreadyInTheBasket() async throws {
        try await Self.withSyncedDaemon({ referential in
            // The demo history (milk in 25 baskets, with baguette in 15 and butter in 15), in this store.
            let items = try DemoBasketHistory.baskets().enumerated().map { index, products in
                let session = "history-\(index)"
                return IngestItem(
                    id: "closed-\(session)", kind: .closedBasket, storeID: HandoffWorld.store, orderingKey: session,
                    sequence: 1, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
                    payload: try ProtocolJSON.value(
                        of: ClosedBasketPayload(
                            sessionID: session, closedAt: Date(timeIntervalSince1970: 1_790_000_000),
                            total: Money(minor: 100, currency: .eur), lineCount: products.count,
                            products: products.map(\.rawValue))))
            }
            _ = try await referential.ingest(
                items, from: DeviceIdentity(storeID: StoreID(HandoffWorld.store), deviceID: "history"))
            _ = try await referential.publishSuggestions()
        }) { daemon, client, _ in
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let headers = Self.shopper(token)
            // Nothing scanned yet: nothing to suggest.
            let empty = try await client.json(.get, "/v1/sessions/\(id)/suggestion", headers: headers)
            #expect(empty.status == .ok && empty.body["suggestion"] == nil, "\(empty.body)")

            let milk = try DemoCodes.ean(DemoCatalog.milk)
            #expect(try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": milk], headers: headers).status == .ok)
            let first = try await client.json(.get, "/v1/sessions/\(id)/suggestion", headers: headers)
            let suggestion = try #require(first.body["suggestion"] as? [String: Any], "\(first.body)")
            #expect(suggestion["productID"] as? String == DemoCatalog.baguette.rawValue)
            #expect(suggestion["reason"] as? String == "boughtTogether")
            #expect(suggestion["confidencePercent"] as? Int == 60)  // 15 of the 25 milk baskets
            #expect(suggestion["together"] as? Int == 15)
            #expect(suggestion["supportBasisPoints"] as? Int == 15 * 10_000 / 55)
            #expect(suggestion["scope"] as? String == "store")
            #expect(suggestion["withName"] as? String == "Lait demi-écrémé 1 L")
            #expect(suggestion["explanation"] as? String == "bought together in 60 % of baskets with Lait demi-écrémé 1 L")

            // Once the baguette is in the basket, the next best (butter, same figures) — never the baguette again.
            let baguette = try DemoCodes.ean(DemoCatalog.baguette)
            _ = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": baguette], headers: headers)
            let second = try await client.json(
                .get, "/v1/sessions/\(id)/suggestion?product=\(DemoCatalog.milk.rawValue)", headers: headers)
            #expect((second.body["suggestion"] as? [String: Any])?["productID"] as? String == DemoCatalog.butter.rawValue)
            // Another session's token gets nothing.
            let stranger = try await client.json(.get, "/v1/sessions/\(id)/suggestion", headers: Self.shopper("nope"))
            #expect(stranger.status.code >= 400)
            _ = daemon
        }
    }

    @Test func aPersonalOfferInContextTravelsInTheCatalogAndIsExplainedOnTheReceipt() async throws {
        let offerID: PromotionID = "OFFRE-CTX-LAIT"
        try await Self.withSyncedDaemon({ referential in
            let demo = DemoCatalog.frenchHypermarket(generatedCount: 0)
            let milk = try #require(demo.products.first { $0.id == DemoCatalog.milk })
            let marie = try #require(demo.customers.first { $0.id == DemoCatalog.marie })
            _ = try await referential.publish(
                [
                    .promotion(
                        Promotion(
                            id: offerID, name: "2e lait à −50 %", kind: .secondItemPercentOff(basisPoints: 5000),
                            eligibility: .personalOffer,
                            conditions: PromotionConditions(
                                stores: [StoreID(HandoffWorld.store)],
                                basketRequirements: [BasketRequirement(anyOf: [DemoCatalog.coffee])]))),
                    .product(
                        Product(
                            id: milk.id, gtins: milk.gtins, itemReference: milk.itemReference, name: milk.name,
                            pricing: milk.pricing, vatRate: milk.vatRate, promotionIDs: milk.promotionIDs + [offerID],
                            attributes: milk.attributes)),
                    .customer(
                        LoyaltyCustomer(
                            id: marie.id, cardCodes: marie.cardCodes, tier: marie.tier,
                            personalOffers: marie.personalOffers + [offerID], personalOffersConsent: true,
                            auditRisk: marie.auditRisk)),
                ], note: "personal offer in context")
        }) { daemon, client, referential in
            let opened = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
            #expect(opened.status == .created, "\(opened.body)")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let headers = Self.shopper(token)
            func scan(_ product: ProductID) async throws -> [String: Any] {
                let answer = try await client.json(
                    .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(product)], headers: headers)
                #expect(answer.status == .ok, "\(answer.body)")
                return try #require(answer.body["session"] as? [String: Any])
            }
            func offer(_ view: [String: Any]) -> [String: Any]? {
                ((view["totals"] as? [String: Any])?["discounts"] as? [[String: Any]])?
                    .first { $0["promotionID"] as? String == offerID.rawValue }
            }
            _ = try await scan(DemoCatalog.milk)
            let twoMilks = try await scan(DemoCatalog.milk)
            #expect(offer(twoMilks) == nil, "no coffee in the basket yet")
            let withCoffee = try await scan(DemoCatalog.coffee)
            let discount = try #require(offer(withCoffee), "\(withCoffee)")
            let reason = try #require(discount["reason"] as? String)
            #expect(reason.contains("offre personnelle"))
            #expect(reason.contains("avec Café moulu 250 g dans le panier"))
            #expect(reason.contains("dans ce magasin"))

            // Paid, synced: the loyalty customer finds the same receipt at the referential (issue 18 #4).
            let shopper = MoneyShopper(client: client, id: id, headers: headers)
            let codes = try [DemoCatalog.milk, DemoCatalog.milk, DemoCatalog.coffee].map { try DemoCodes.ean($0) }
            _ = try await shopper.checkout(rescanning: codes)
            let paid = try await shopper.pay("P-CTX-1")
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid", "\(paid.body)")
            let engine = try #require(daemon.sync)
            for _ in 0..<10 {
                if case .idle = await engine.pushOnce() { break }
            }
            let local = try await client.json(.get, "/v1/sessions/\(id)/receipt", headers: headers)
            #expect(local.status == .ok)
            let document = try #require(
                try await referential.receipt(customer: DemoCatalog.marie, store: StoreID(HandoffWorld.store), session: id))
            let synced = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
            for key in ["vatBreakdown", "discounts", "total", "items", "itemsSubtotal", "discountTotal", "payments"] {
                #expect(
                    NSDictionary(dictionary: [key: synced[key] ?? NSNull()])
                        .isEqual(to: [key: local.body[key] ?? NSNull()]), "\(key) differs")
            }
            let syncedReason = ((synced["discounts"] as? [[String: Any]])?
                .first { $0["promotionID"] as? String == offerID.rawValue })?["reason"] as? String
            #expect(syncedReason == reason)
            try await client.execute(uri: "/v1/sessions/\(id)/receipt?format=text", method: .get, headers: headers) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("offre personnelle") && text.contains("avec Café moulu"), "\(text)")
                #expect(text.split(separator: "\n").allSatisfy { $0.count <= 48 }, "printed width")
            }
        }
    }
}
