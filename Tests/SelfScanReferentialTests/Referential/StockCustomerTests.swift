import Foundation
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Stock across stores, click & collect, loyalty customers: the same suite on SQLite and PostgreSQL.
@Suite("Referential stock, click & collect, customers")
struct StockCustomerTests {
    @Test("stock here and elsewhere; reserve holds units once; order always accepted", arguments: TestBackend.allCases)
    func stockAndReservations(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let here = try StoreID("paris-11")
                let there = try StoreID("paris-15")
                let client = server.client(token: try await server.token(store: here.rawValue))
                _ = try await server.token(store: there.rawValue)
                let gtin = try Fixtures.gtin(42)
                try await store.setStock(store: here, gtin: gtin, quantity: 0)
                try await store.setStock(store: there, gtin: gtin, quantity: 5)
                let answer = try await client.stock(gtin: gtin)
                #expect(answer.thisStore == StockLevel(storeID: here, quantity: 0))
                #expect(answer.otherStores == [StockLevel(storeID: there, quantity: 5)])

                let request = ReservationRequest(
                    id: UUID(), gtin: gtin, quantity: 2, fulfilmentStoreID: there, mode: .reserve, loyaltyCard: "L-1")
                let first = try await client.reserve(request)
                #expect(first.status == .reserved && !first.replayed)
                let replay = try await client.reserve(request)
                #expect(replay.replayed && replay.status == .reserved)
                #expect(try await store.stock(gtin: gtin).first { $0.storeID == there }?.quantity == 3)

                let tooMany = ReservationRequest(id: UUID(), gtin: gtin, quantity: 4, fulfilmentStoreID: there, mode: .reserve)
                await #expect(throws: SyncError.self) { try await client.reserve(tooMany) }
                do { _ = try await client.reserve(tooMany) } catch { #expect(error.protocolCode == .insufficientStock) }
                #expect(try await store.stock(gtin: gtin).first { $0.storeID == there }?.quantity == 3)

                let order = try await client.reserve(
                    ReservationRequest(id: UUID(), gtin: gtin, quantity: 10, fulfilmentStoreID: there, mode: .order))
                #expect(order.status == .ordered)
                var conflicting = request
                conflicting.quantity = 1
                do {
                    _ = try await client.reserve(conflicting)
                    Issue.record("a reused reservation id with other values must be refused")
                } catch { #expect(error.protocolCode == .conflict) }
            }
        }
    }

    @Test("loyalty card → customer, tier, personal offers; unknown card → nil", arguments: TestBackend.allCases)
    func customers(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let client = server.client(token: try await server.token(store: "nantes-1"))
                let profile = CustomerProfile(
                    card: "2900000000017", customerID: "C-17", displayName: "Camille", tier: .gold,
                    offers: [PersonalOffer(offerID: "O-1", label: "-20 % café", gtin: try Fixtures.gtin(5), percentOffBasisPoints: 2000)])
                try await store.upsertCustomer(profile)
                #expect(try await client.customer(card: "2900000000017") == profile)
                #expect(try await client.customer(card: "0000") == nil)
            }
        }
    }
}
