import Foundation
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanStorage
import SelfScanSync
import SelfScanSyncStorage
import Testing

/// Click & collect over real HTTP: a daemon on loopback talking to a real embedded referential (or to a port
/// that refuses, for the offline paths).
@Suite("Click & collect: stock, reserve, picking")
struct ClickAndCollectTests {
    static let here = "FR-TEST-001"
    static let there = "FR-TEST-002"

    static func reserveBody(
        id: UUID = UUID(), _ product: ProductID, quantity: Int, store: String, mode: String, card: String? = nil
    ) throws -> [String: Any] {
        var body: [String: Any] = [
            "id": id.uuidString, "code": try DemoCodes.ean(product), "quantity": quantity, "fulfilmentStoreID": store,
            "mode": mode,
        ]
        if let card { body["loyaltyCard"] = card }
        return body
    }

    @Test("stock asked live; reserve holds stock once (replay = first answer); too many → 409; order accepted")
    func liveStockAndReservations() async throws {
        try await EmbeddedReferential.with { referential in
            let token = try await referential.token(store: Self.here)
            _ = try await referential.token(store: Self.there)
            try await referential.setStock(DemoCatalog.coffee, [Self.here: 3, Self.there: 5])
            try await withLiveDaemon(try storeConfig(referential: referential.url, token: token)) { _, client in
                let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
                let code = try DemoCodes.ean(DemoCatalog.coffee)

                let unauthorised = try await client.json(.get, "/v1/staff/stock?code=\(code)")
                #expect(unauthorised.status == .unauthorized)

                let stock = try await client.json(.get, "/v1/staff/stock?code=\(code)", headers: staff)
                #expect(stock.status == .ok, "\(stock.body)")
                #expect(stock.body["source"] as? String == "referential")
                #expect(stock.body["productID"] as? String == DemoCatalog.coffee.rawValue)
                #expect(stock.body["here"] as? Int == 3)
                let others = try #require(stock.body["otherStores"] as? [[String: Any]])
                #expect(others.count == 1 && others.first?["store"] as? String == Self.there && others.first?["quantity"] as? Int == 5)
                #expect(stock.body["catalogAgeSeconds"] == nil)

                let id = UUID()
                let body = try Self.reserveBody(id: id, DemoCatalog.coffee, quantity: 2, store: Self.there, mode: "reserve", card: DemoCatalog.marieCard)
                let first = try await client.json(.post, "/v1/staff/reservations", body: body, headers: staff)
                #expect(first.status == .created, "\(first.body)")
                #expect(first.body["status"] as? String == "reserved" && first.body["replayed"] as? Bool == false)
                #expect(first.body["id"] as? String == id.uuidString)
                let replay = try await client.json(.post, "/v1/staff/reservations", body: body, headers: staff)
                #expect(replay.status == .ok && replay.body["status"] as? String == "reserved")
                #expect(replay.body["replayed"] as? Bool == true && replay.body["createdAt"] as? String == first.body["createdAt"] as? String)
                let after = try await client.json(.get, "/v1/staff/stock?code=\(code)", headers: staff)
                #expect((after.body["otherStores"] as? [[String: Any]])?.first?["quantity"] as? Int == 3, "held once")

                let tooMany = try await client.json(
                    .post, "/v1/staff/reservations",
                    body: try Self.reserveBody(DemoCatalog.coffee, quantity: 4, store: Self.there, mode: "reserve"), headers: staff)
                #expect(tooMany.status == .conflict && errorCode(tooMany.body) == "insufficientStock")

                var reused = body
                reused["quantity"] = 1
                let conflicting = try await client.json(.post, "/v1/staff/reservations", body: reused, headers: staff)
                #expect(conflicting.status == .conflict && errorCode(conflicting.body) == "reservationConflict")

                let order = try await client.json(
                    .post, "/v1/staff/reservations",
                    body: try Self.reserveBody(DemoCatalog.coffee, quantity: 40, store: Self.there, mode: "order"), headers: staff)
                #expect(order.status == .created && order.body["status"] as? String == "ordered")

                let unknownStore = try await client.json(
                    .post, "/v1/staff/reservations",
                    body: try Self.reserveBody(DemoCatalog.coffee, quantity: 1, store: "NOWHERE", mode: "order"), headers: staff)
                #expect(unknownStore.status == .notFound && errorCode(unknownStore.body) == "referentialRefused")
                var badID = body
                badID["id"] = "not-a-uuid"
                let bad = try await client.json(.post, "/v1/staff/reservations", body: badID, headers: staff)
                #expect(bad.status == .badRequest && errorCode(bad.body) == "badRequest")

                let held = try await referential.store.reservations(fulfilmentStore: StoreID(Self.there), statuses: [.reserved, .ordered])
                #expect(held.map(\.quantity) == [2, 40])
            }
        }
    }

    @Test("referential down: stock from the cache with its age; a hold is refused (503); an order is queued and delivered later")
    func referentialDown() async throws {
        let refusing = try RefusingPort()
        let config = try storeConfig(referential: refusing.url, token: "no-referential-here", live: false)
        try await withLiveDaemon(config) { daemon, client in
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let code = try DemoCodes.ean(DemoCatalog.coffee)
            let stock = try await client.json(.get, "/v1/staff/stock?code=\(code)", headers: staff)
            #expect(stock.status == .ok, "\(stock.body)")
            #expect(stock.body["source"] as? String == "cache")
            #expect(stock.body["catalogAgeSeconds"] as? Int != nil)
            #expect(stock.body["fallbackReason"] as? String == "referential unreachable")

            let hold = try await client.json(
                .post, "/v1/staff/reservations",
                body: try Self.reserveBody(DemoCatalog.coffee, quantity: 1, store: Self.there, mode: "reserve"), headers: staff)
            #expect(hold.status == .serviceUnavailable && errorCode(hold.body) == "referentialUnreachable")

            let id = UUID()
            let body = try Self.reserveBody(id: id, DemoCatalog.coffee, quantity: 2, store: Self.here, mode: "order", card: DemoCatalog.marieCard)
            let queued = try await client.json(.post, "/v1/staff/reservations", body: body, headers: staff)
            #expect(queued.status == .accepted && queued.body["status"] as? String == "queued", "\(queued.body)")
            let again = try await client.json(.post, "/v1/staff/reservations", body: body, headers: staff)
            #expect(again.status == .accepted && again.body["status"] as? String == "queued")

            let database = try #require(daemon.database)
            let due = try Outbox(database: database).dueBatch(limit: 50, now: Date().addingTimeInterval(3600))
                .filter { $0.message.kind == IngestKind.reservationOrder.rawValue }
            #expect(due.count == 1, "a replay queues nothing more")

            let pickings = try await client.json(.get, "/v1/staff/pickings", headers: staff)
            #expect(pickings.status == .serviceUnavailable && errorCode(pickings.body) == "referentialUnreachable")

            // The referential comes back: the outbox delivers the order, once.
            try await EmbeddedReferential.with { referential in
                let token = try await referential.token(store: Self.here)
                let engine = SyncEngine(
                    configuration: SyncEngineConfiguration(storeID: StoreID(Self.here)),
                    client: ReferentialClient(baseURL: referential.url, token: token),
                    outbox: Outbox(database: database), catalog: CatalogCache(database: database))
                var delivered = false
                for _ in 0..<10 where !delivered {
                    if case .delivered(let accepted, _, _, _) = await engine.pushOnce(), accepted > 0 { delivered = true }
                }
                #expect(delivered)
                let orders = try await referential.store.reservations(fulfilmentStore: StoreID(Self.here), statuses: [.ordered])
                #expect(orders.map(\.id) == [id])
                #expect(orders.first?.quantity == 2 && orders.first?.loyaltyCard == LoyaltyCardDisplay.masked(DemoCatalog.marieCard))
            }
        }
    }

    @Test("picking: list the orders to prepare, a wrong item is refused, the last unit marks it picked")
    func picking() async throws {
        try await EmbeddedReferential.with { referential in
            let token = try await referential.token(store: Self.here)
            let requester = ReferentialClient(baseURL: referential.url, token: try await referential.token(store: Self.there))
            try await referential.setStock(DemoCatalog.pasta, [Self.here: 10])
            let held = try await requester.reserve(
                ReservationRequest(
                    id: UUID(), gtin: try #require(DemoCatalog.gtin(of: DemoCatalog.pasta)), quantity: 2,
                    fulfilmentStoreID: StoreID(Self.here), mode: .reserve, loyaltyCard: DemoCatalog.marieCard))
            let ordered = try await requester.reserve(
                ReservationRequest(
                    id: UUID(), gtin: try #require(DemoCatalog.gtin(of: DemoCatalog.coffee)), quantity: 1,
                    fulfilmentStoreID: StoreID(Self.here), mode: .order))
            try await withLiveDaemon(try storeConfig(referential: referential.url, token: token)) { _, client in
                let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
                let list = try await client.json(.get, "/v1/staff/pickings", headers: staff)
                #expect(list.status == .ok, "\(list.body)")
                let pickings = try #require(list.body["pickings"] as? [[String: Any]])
                #expect(pickings.compactMap { $0["id"] as? String } == [held.id.uuidString, ordered.id.uuidString])
                #expect(pickings.first?["name"] as? String == "Pâtes coquillettes 500 g")
                #expect(pickings.first?["productID"] as? String == DemoCatalog.pasta.rawValue)
                #expect(pickings.first?["picked"] as? Int == 0 && pickings.first?["quantity"] as? Int == 2)

                let path = "/v1/staff/pickings/\(held.id.uuidString)/scans"
                let wrong = try await client.json(.post, path, body: ["code": try DemoCodes.ean(DemoCatalog.coffee)], headers: staff)
                #expect(wrong.status == .conflict && errorCode(wrong.body) == "wrongItem", "\(wrong.body)")

                let one = try await client.json(.post, path, body: ["code": try DemoCodes.ean(DemoCatalog.pasta)], headers: staff)
                #expect(one.status == .ok && one.body["picked"] as? Int == 1 && one.body["status"] as? String == "reserved")
                let two = try await client.json(.post, path, body: ["code": try DemoCodes.ean(DemoCatalog.pasta)], headers: staff)
                #expect(two.status == .ok && two.body["picked"] as? Int == 2, "\(two.body)")
                #expect(two.body["status"] as? String == "picked" && two.body["awaitingReferential"] as? Bool == false)
                let three = try await client.json(.post, path, body: ["code": try DemoCodes.ean(DemoCatalog.pasta)], headers: staff)
                #expect(three.status == .conflict && errorCode(three.body) == "alreadyPicked")

                let picked = try await referential.store.reservations(fulfilmentStore: StoreID(Self.here), statuses: [.picked])
                #expect(picked.map(\.id) == [held.id])
                let remaining = try await client.json(.get, "/v1/staff/pickings", headers: staff)
                #expect((remaining.body["pickings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ordered.id.uuidString])

                let unknown = try await client.json(
                    .post, "/v1/staff/pickings/\(UUID().uuidString)/scans", body: ["code": try DemoCodes.ean(DemoCatalog.pasta)],
                    headers: staff)
                #expect(unknown.status == .notFound && errorCode(unknown.body) == "pickingNotFound")
            }
        }
    }

    @Test("picking progress survives a restart of the daemon: the count goes on where it stopped")
    func pickingProgressSurvivesARestart() async throws {
        try await EmbeddedReferential.with { referential in
            let token = try await referential.token(store: Self.here)
            let requester = ReferentialClient(baseURL: referential.url, token: try await referential.token(store: Self.there))
            try await referential.setStock(DemoCatalog.pasta, [Self.here: 10])
            let held = try await requester.reserve(
                ReservationRequest(
                    id: UUID(), gtin: try #require(DemoCatalog.gtin(of: DemoCatalog.pasta)), quantity: 2,
                    fulfilmentStoreID: StoreID(Self.here), mode: .reserve))
            let config = try storeConfig(referential: referential.url, token: token)
            let path = "/v1/staff/pickings/\(held.id.uuidString)/scans"
            try await withLiveDaemon(config) { _, client in
                let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
                let one = try await client.json(.post, path, body: ["code": try DemoCodes.ean(DemoCatalog.pasta)], headers: staff)
                #expect(one.status == .ok && one.body["picked"] as? Int == 1, "\(one.body)")
            }
            // The same daemon (same data directory) started again.
            try await withLiveDaemon(config) { _, client in
                let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
                let list = try await client.json(.get, "/v1/staff/pickings", headers: staff)
                let order = (list.body["pickings"] as? [[String: Any]])?.first { $0["id"] as? String == held.id.uuidString }
                #expect(order?["picked"] as? Int == 1, "\(list.body)")
                let two = try await client.json(.post, path, body: ["code": try DemoCodes.ean(DemoCatalog.pasta)], headers: staff)
                #expect(two.status == .ok && two.body["picked"] as? Int == 2, "\(two.body)")
                #expect(two.body["status"] as? String == "picked")
            }
        }
    }
}
