import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import Testing

/// Click & collect picking: the fulfilment store lists what it has to prepare and marks it picked; orders
/// queued offline arrive through ingest. The same suite on SQLite and PostgreSQL.
@Suite("Referential reservations: picking and queued orders")
struct ReservationPickingTests {
    @Test("the fulfilment store lists its reservations and orders, marks them picked once", arguments: TestBackend.allCases)
    func listAndPick(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let requester = server.client(token: try await server.token(store: "lyon-1"))
                let fulfilment = server.client(token: try await server.token(store: "lyon-2"))
                let stranger = server.client(token: try await server.token(store: "lyon-3"))
                try await store.publish(
                    try Fixtures.products(7...8) + [.stock(StockLevel(productID: "P7", storeID: "lyon-2", quantity: 4))],
                    note: "import")
                let held = try await requester.reserve(
                    ReservationRequest(
                        id: UUID(), gtin: try Fixtures.gtin(7), quantity: 2, fulfilmentStoreID: "lyon-2", mode: .reserve,
                        loyaltyCard: "L-9"))
                let ordered = try await requester.reserve(
                    ReservationRequest(id: UUID(), gtin: try Fixtures.gtin(8), quantity: 1, fulfilmentStoreID: "lyon-2", mode: .order))
                _ = try await requester.reserve(
                    ReservationRequest(id: UUID(), gtin: try Fixtures.gtin(8), quantity: 1, fulfilmentStoreID: "lyon-3", mode: .order))

                let list = try await fulfilment.reservations(fulfilmentStore: "lyon-2")
                #expect(list.map(\.id) == [held.id, ordered.id])
                #expect(list.map(\.status) == [.reserved, .ordered])
                #expect(list.first?.loyaltyCard == "…L-9")  // only the last four characters are kept
                #expect(list.first?.requestingStoreID == "lyon-1")

                // Another store cannot list or pick lyon-2's orders.
                do {
                    _ = try await stranger.reservations(fulfilmentStore: "lyon-2")
                    Issue.record("listing another store's reservations must be refused")
                } catch let error as SyncError { #expect(error.protocolCode == .wrongStore) }
                do {
                    _ = try await stranger.markPicked(reservation: held.id)
                    Issue.record("picking another store's reservation must be refused")
                } catch let error as SyncError { #expect(error.protocolCode == .wrongStore) }

                let picked = try await fulfilment.markPicked(reservation: held.id)
                #expect(picked.status == .picked && picked.id == held.id && picked.quantity == 2)
                let again = try await fulfilment.markPicked(reservation: held.id)
                #expect(again.status == .picked)
                #expect(try await fulfilment.reservations(fulfilmentStore: "lyon-2").map(\.id) == [ordered.id])
                #expect(try await fulfilment.reservations(fulfilmentStore: "lyon-2", statuses: [.picked]).map(\.id) == [held.id])
                // A replay of the original request answers the current status.
                let replay = try await requester.reserve(
                    ReservationRequest(
                        id: held.id, gtin: try Fixtures.gtin(7), quantity: 2, fulfilmentStoreID: "lyon-2", mode: .reserve,
                        loyaltyCard: "L-9"))
                #expect(replay.replayed && replay.status == .picked)
                // Picking does not touch stock again (the hold already took it).
                #expect(try await fulfilment.stock(gtin: try Fixtures.gtin(7)).thisStore?.quantity == 2)

                do {
                    _ = try await fulfilment.markPicked(reservation: UUID())
                    Issue.record("an unknown reservation must be 404")
                } catch let error as SyncError { #expect(error.protocolCode == .notFound) }
                let badStatus = try await server.raw(
                    "GET", "/v1/reservations?status=shipped", token: try await server.token(store: "lyon-2"))
                #expect(badStatus.status == 400 && badStatus.error?.error.code == .invalidRequest)
            }
        }
    }

    @Test("an order queued offline arrives by ingest once; a queued hold is rejected", arguments: TestBackend.allCases)
    func queuedOrders(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let requester = server.client(token: try await server.token(store: "nice-1"))
                let fulfilment = server.client(token: try await server.token(store: "nice-2"))
                try await store.publish(try Fixtures.products(5...5), note: "import")
                let order = ReservationRequest(
                    id: UUID(), gtin: try Fixtures.gtin(5), quantity: 3, fulfilmentStoreID: "nice-2", mode: .order,
                    loyaltyCard: "L-5")
                let message = try order.queuedOrderMessage()
                let item = IngestItem(
                    id: message.idempotencyKey, kind: IngestKind(message.kind), storeID: "nice-1",
                    orderingKey: message.orderingKey, sequence: 1, createdAt: Date(),
                    payload: try ProtocolJSON.decoder().decode(JSONValue.self, from: message.payload))
                let first = try await requester.ingest(IngestBatch(storeID: "nice-1", items: [item]))
                #expect(first.results.map(\.outcome) == [.accepted])
                let second = try await requester.ingest(IngestBatch(storeID: "nice-1", items: [item]))
                #expect(second.results.map(\.outcome) == [.duplicate])

                let list = try await fulfilment.reservations(fulfilmentStore: "nice-2")
                #expect(list.count == 1)
                #expect(list.first?.id == order.id && list.first?.status == .ordered && list.first?.quantity == 3)
                #expect(list.first?.requestingStoreID == "nice-1")
                // The device reaching the referential directly with the same id is the same order.
                let direct = try await requester.reserve(order)
                #expect(direct.replayed && direct.status == .ordered)

                var hold = order
                hold.id = UUID()
                hold.mode = .reserve
                let holdMessage = try hold.queuedOrderMessage()
                let holdItem = IngestItem(
                    id: holdMessage.idempotencyKey, kind: .reservationOrder, storeID: "nice-1", orderingKey: holdMessage.orderingKey,
                    sequence: 1, createdAt: Date(),
                    payload: try ProtocolJSON.decoder().decode(JSONValue.self, from: holdMessage.payload))
                let refused = try await requester.ingest(IngestBatch(storeID: "nice-1", items: [holdItem]))
                #expect(refused.results.first?.outcome == .rejected && refused.results.first?.reason == .invalidPayload)
                #expect(try await fulfilment.reservations(fulfilmentStore: "nice-2").count == 1)
            }
        }
    }
}
