import Foundation
import Hummingbird
import HummingbirdTesting
import SelfScanAPI
import SelfScanCore
import SelfScanDemo
import SelfScanServer
import Testing

/// The shelf-label pages over real HTTP: a daemon on loopback with the demo catalog (v2 attributes), a real
/// embedded referential for live stock, or a refusing port for the offline path.
@Suite("Shelf pages: /01/{gtin}, /v1/shelf/{gtin}, order for pick-up")
struct ShelfPageTests {
    static let here = "FR-TEST-001"
    static let there = "FR-TEST-002"

    @Test("online: attributes, unit price, loyalty price, live stock here and there; no substitutes when in stock")
    func onlineProductPage() async throws {
        try await EmbeddedReferential.with { referential in
            let token = try await referential.token(store: Self.here)
            _ = try await referential.token(store: Self.there)
            try await referential.setStock(DemoCatalog.coffee, [Self.here: 24, Self.there: 5])
            try await withLiveDaemon(try storeConfig(referential: referential.url, token: token)) { _, client in
                let code = try DemoCodes.ean(DemoCatalog.coffee)
                let view = try await client.json(.get, "/v1/shelf/\(code)")
                #expect(view.status == .ok, "\(view.body)")
                #expect(view.body["name"] as? String == "Café moulu 250 g")
                #expect(view.body["nutriScore"] as? String == "B")
                #expect(view.body["brand"] as? String == "Maison Robusta")
                let unit = try #require(view.body["unitPrice"] as? [String: Any])
                #expect((unit["price"] as? [String: Any])?["minor"] as? Int == 1516)  // 3.79 € / 250 g
                #expect(unit["per"] as? String == "kg")
                #expect((view.body["loyaltyPrice"] as? [String: Any])?["minor"] != nil)
                let stock = try #require(view.body["stock"] as? [String: Any])
                #expect(stock["source"] as? String == "referential" && stock["here"] as? Int == 24)
                #expect((stock["otherStores"] as? [[String: Any]])?.first?["quantity"] as? Int == 5)
                #expect((view.body["substitutes"] as? [Any])?.isEmpty == true)
                #expect(view.body["canOrder"] as? Bool == true)

                let page = try await client.execute(uri: "/01/\(code)", method: .get, headers: [:], body: nil)
                #expect(page.status == .ok)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: page.body).contains("/js/shelf.js"))

                let bad = try await client.json(.get, "/v1/shelf/3760000001234")
                #expect(bad.status == .badRequest && errorCode(bad.body) == "invalidGTIN", "\(bad.body)")
            }
        }
    }

    @Test("out of stock here: substitutes in stock here (explicit link first), with their stock")
    func outOfStockShowsSubstitutes() async throws {
        try await EmbeddedReferential.with { referential in
            let token = try await referential.token(store: Self.here)
            try await referential.setStock(DemoCatalog.crispsPlain, [Self.here: 0, Self.there: 8])
            try await referential.setStock(DemoCatalog.crispsPaprika, [Self.here: 15])
            try await withLiveDaemon(try storeConfig(referential: referential.url, token: token)) { _, client in
                let view = try await client.json(.get, "/v1/shelf/\(try DemoCodes.ean(DemoCatalog.crispsPlain))")
                #expect(view.status == .ok, "\(view.body)")
                let substitutes = try #require(view.body["substitutes"] as? [[String: Any]])
                #expect(substitutes.count == 1)
                #expect(substitutes.first?["productID"] as? String == DemoCatalog.crispsPaprika.rawValue)
                #expect(substitutes.first?["quantityHere"] as? Int == 15)
                #expect(substitutes.first?["reason"] as? String == "suggested by the store")
            }
        }
    }

    @Test("offline: stock from the cache with its age; an order for pick-up is queued (202)")
    func offlineProductPageAndOrder() async throws {
        let refusing = try RefusingPort()
        try await withLiveDaemon(try storeConfig(referential: refusing.url, token: "none", live: false)) { _, client in
            let code = try DemoCodes.ean(DemoCatalog.yogurt)
            let view = try await client.json(.get, "/v1/shelf/\(code)")
            #expect(view.status == .ok, "\(view.body)")
            let stock = try #require(view.body["stock"] as? [String: Any])
            #expect(stock["source"] as? String == "cache")
            #expect(stock["ageSeconds"] as? Int != nil)
            #expect(view.body["allergens"] as? [String] == ["lait"])

            let order: [String: Any] = ["id": UUID().uuidString, "quantity": 2]
            let queued = try await client.json(.post, "/v1/shelf/\(code)/orders", body: order)
            #expect(queued.status == .accepted, "\(queued.body)")
            #expect(queued.body["status"] as? String == "queued" && queued.body["mode"] as? String == "order")
        }
    }
}
