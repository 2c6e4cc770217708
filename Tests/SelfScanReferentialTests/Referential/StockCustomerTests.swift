import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import Testing

/// Stock across stores, click & collect, loyalty customers: the same suite on SQLite and PostgreSQL.
@Suite("Referential stock, click & collect, customers")
struct StockCustomerTests {
    @Test("stock here and elsewhere; reserve holds units once; order always accepted", arguments: TestBackend.allCases)
    func stockAndReservations(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let here = StoreID("paris-11")
                let there = StoreID("paris-15")
                let client = server.client(token: try await server.token(store: here.rawValue))
                _ = try await server.token(store: there.rawValue)
                let gtin = try Fixtures.gtin(42)
                try await store.publish(
                    try Fixtures.products(42...42) + [
                        .stock(StockLevel(productID: "P42", storeID: here, quantity: 0)),
                        .stock(StockLevel(productID: "P42", storeID: there, quantity: 5)),
                    ], note: "import")
                let answer = try await client.stock(gtin: gtin)
                #expect(answer.productID == "P42")
                #expect(answer.thisStore == StoreStock(storeID: here, quantity: 0, name: "paris-11"))
                #expect(answer.otherStores == [StoreStock(storeID: there, quantity: 5, name: "paris-15")])

                let before = try await store.currentCatalogVersion()
                let request = ReservationRequest(
                    id: UUID(), gtin: gtin, quantity: 2, fulfilmentStoreID: there, mode: .reserve, loyaltyCard: "L-1")
                let first = try await client.reserve(request)
                #expect(first.status == .reserved && !first.replayed)
                let replay = try await client.reserve(request)
                #expect(replay.replayed && replay.status == .reserved)
                #expect(try await client.stock(gtin: gtin).otherStores.first?.quantity == 3)
                // The stock change is published like any catalog change: daemons get it in their delta.
                let after = try await store.currentCatalogVersion()
                #expect(after.rawValue == before.rawValue + 1)

                let tooMany = ReservationRequest(id: UUID(), gtin: gtin, quantity: 4, fulfilmentStoreID: there, mode: .reserve)
                do {
                    _ = try await client.reserve(tooMany)
                    Issue.record("reserving more than on hand must fail")
                } catch let error as SyncError { #expect(error.protocolCode == .insufficientStock) }
                #expect(try await client.stock(gtin: gtin).otherStores.first?.quantity == 3)

                let order = try await client.reserve(
                    ReservationRequest(id: UUID(), gtin: gtin, quantity: 10, fulfilmentStoreID: there, mode: .order))
                #expect(order.status == .ordered)
                var conflicting = request
                conflicting.quantity = 1
                do {
                    _ = try await client.reserve(conflicting)
                    Issue.record("a reused reservation id with other values must be refused")
                } catch let error as SyncError { #expect(error.protocolCode == .conflict) }
            }
        }
    }

    @Test("loyalty card → customer, tier, personal offers; unknown card → nil", arguments: TestBackend.allCases)
    func customers(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let client = server.client(token: try await server.token(store: "nantes-1"))
                let offer = Promotion(
                    id: "OFFER-COFFEE", name: "-20 % café",
                    kind: .percentOff(basisPoints: 2000), eligibility: .personalOffer, validity: .always)
                let customer = LoyaltyCustomer(
                    id: "C-17", cardCodes: ["2900000000017"], tier: .gold, personalOffers: ["OFFER-COFFEE", "GONE"])
                try await store.publish([.promotion(offer), .customer(customer)], note: "crm")
                let answer = try #require(try await client.customer(card: "2900000000017"))
                // Published with the card hashed (docs/privacy.md), never in clear.
                #expect(answer.customer.id == customer.id && answer.customer.tier == .gold)
                #expect(answer.customer.cardCodes.isEmpty && answer.customer.cardHashes.count == 1)
                #expect(answer.offers == [offer])
                #expect(try await client.customer(card: "0000") == nil)
            }
        }
    }
}
