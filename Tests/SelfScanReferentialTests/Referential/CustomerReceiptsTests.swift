import Foundation
import SelfScanAPI
import SelfScanCore
@testable import SelfScanReferential
import SelfScanSync
import Testing

/// E-receipts fetched later from the referential by the loyalty customer (issue 18 #4), on SQLite and
/// PostgreSQL: the receipt the daemon synced comes back byte for byte in meaning (same VAT breakdown and
/// promotion lines), only with that customer's token.
@Suite("Referential: the loyalty customer's e-receipts")
struct CustomerReceiptsTests {
    @Test("a customer token opens the customer's routes for its lifetime, then never again", arguments: TestBackend.allCases)
    func tokenLifetime(backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await store.publish([.customer(LoyaltyCustomer(id: "C1"))], note: "customers")
            let sql = try #require(store as? SQLReferentialStore)
            let hash = DeviceToken.hash(try await store.issueCustomerToken(customer: "C1"))
            let issued = Date()
            #expect(try await sql.customer(forTokenHash: hash, now: issued) == "C1")
            #expect(try await sql.customer(forTokenHash: hash, now: issued + CustomerTokenAnswer.lifetime - 3600) == "C1")
            #expect(try await sql.customer(forTokenHash: hash, now: issued + CustomerTokenAnswer.lifetime + 3600) == nil)
            #expect(try await sql.customer(forTokenHash: "not-a-token", now: issued) == nil)
        }
    }

    /// A receipt as the daemon syncs it (kind `receipt`, the daemon's `Receipt` JSON).
    static func receipt(session: String) -> JSONValue {
        let money: (Int64) -> JSONValue = { .object(["minor": .integer($0), "currency": .string("EUR")]) }
        return .object([
            "store": .string("caen-1"), "device": .string("kiosk-1"), "session": .string(session),
            "issuedAt": .string("2026-11-18T10:00:00Z"), "loyaltyCard": .bool(true),
            "items": .array([.object([
                "name": .string("Yaourt nature ×4"), "quantity": .integer(3), "unitPrice": money(199), "amount": money(597),
                "vatRate": .integer(550), "isDeposit": .bool(false),
            ])]),
            "discounts": .array([.object([
                "name": .string("3 pour 2 yaourts"), "kind": .string("nForPrice"), "promotionID": .string("PROMO-3X2"),
                "amount": money(199), "allocations": .array([]),
            ])]),
            "itemsSubtotal": money(597), "discountTotal": money(199), "depositTotal": money(0), "total": money(398),
            "vatBreakdown": .array([.object([
                "rate": .integer(550), "label": .string("5,5 %"), "gross": money(398), "vat": money(21), "net": money(377),
            ])]),
            "payments": .array([]),
        ])
    }

    static func items(session: String, customer: String?) throws -> [IngestItem] {
        let closed = ClosedBasketPayload(
            sessionID: session, closedAt: Fixtures.day(), total: Money(minor: 398, currency: .eur), lineCount: 1,
            customerID: customer, products: ["P-YAOURT"])
        return [
            IngestItem(
                id: "receipt-\(session)", kind: IngestKind("receipt"), storeID: "caen-1", orderingKey: session, sequence: 1,
                createdAt: Fixtures.day(), payload: receipt(session: session)),
            IngestItem(
                id: "closed-\(session)", kind: .closedBasket, storeID: "caen-1", orderingKey: session, sequence: 2,
                createdAt: Fixtures.day(), payload: try ProtocolJSON.value(of: closed)),
        ]
    }

    @Test("a customer token lists and opens the customer's own receipts; others get 404 or 401; erasure removes them", arguments: TestBackend.allCases)
    func customerReceipts(backend: TestBackend) async throws {
        try await backend.withStore { store in
            _ = try await store.publish(
                [.customer(LoyaltyCustomer(id: "C1", tier: .gold)), .customer(LoyaltyCustomer(id: "C2"))], note: "customers")
            try await TestServer.with(store: store) { server in
                let deviceToken = try await server.token(store: "caen-1", device: "kiosk-1")
                let kiosk = server.client(token: deviceToken)
                let mine = UUID().uuidString
                let anonymous = UUID().uuidString
                // The receipt first, its basket in a later batch (either order links them).
                let items = try Self.items(session: mine, customer: "C1")
                _ = try await kiosk.ingest(IngestBatch(storeID: "caen-1", items: [items[0]]))
                _ = try await kiosk.ingest(IngestBatch(storeID: "caen-1", items: [items[1]]))
                _ = try await kiosk.ingest(IngestBatch(storeID: "caen-1", items: try Self.items(session: anonymous, customer: nil)))

                let admin = try await store.issueAdminToken(name: "loyalty-app")
                let issued = try await server.raw("POST", "/v1/admin/customers/C1/tokens", token: admin)
                #expect(issued.status == 201)
                let answer = try ProtocolJSON.decoder().decode(CustomerTokenAnswer.self, from: issued.body)
                #expect(answer.customerID == "C1")
                let expiresAt = try #require(answer.expiresAt)
                #expect(abs(expiresAt.timeIntervalSinceNow - CustomerTokenAnswer.lifetime) < 600)
                #expect(try await server.raw("POST", "/v1/admin/customers/NOBODY/tokens", token: admin).status == 404)
                #expect(try await server.raw("POST", "/v1/admin/customers/C1/tokens", token: deviceToken).status == 401)

                let list = try await server.raw("GET", "/v1/me/receipts", token: answer.token)
                #expect(list.status == 200)
                let receipts = try ProtocolJSON.decoder().decode(CustomerReceiptList.self, from: list.body).receipts
                #expect(receipts.map(\.sessionID) == [mine])
                #expect(receipts.first?.total == Money(minor: 398, currency: .eur))
                let opened = try await server.raw("GET", "/v1/me/receipts/caen-1/\(mine)", token: answer.token)
                #expect(opened.status == 200)
                #expect(try ProtocolJSON.decoder().decode(JSONValue.self, from: opened.body) == Self.receipt(session: mine))

                // Another customer, a device, nobody: nothing.
                let other = try await store.issueCustomerToken(customer: "C2")
                #expect(try await server.raw("GET", "/v1/me/receipts/caen-1/\(mine)", token: other).status == 404)
                #expect(try await server.raw("GET", "/v1/me/receipts/caen-1/\(anonymous)", token: answer.token).status == 404)
                #expect(try await server.raw("GET", "/v1/me/receipts", token: deviceToken).status == 401)
                #expect(try await server.raw("GET", "/v1/me/receipts", token: nil).status == 401)
                // A customer token opens nothing else.
                #expect(try await server.raw("GET", "/v1/catalog/version", token: answer.token).status == 401)

                // The RGPD export holds the receipt as issued and when the app token was issued, never the token.
                let export = try await store.exportCustomer("C1")
                #expect(export.formatVersion == 2)
                #expect(export.receipts.map(\.sessionID) == [mine])
                let document = try #require(export.receipts.first?.document)
                #expect(try ProtocolJSON.decoder().decode(JSONValue.self, from: Data(document.utf8)) == Self.receipt(session: mine))
                #expect(export.accessTokens.count == 1)
                let exported = String(decoding: try ProtocolJSON.encoder().encode(export), as: UTF8.self)
                #expect(!exported.contains(answer.token) && !exported.contains(DeviceToken.hash(answer.token)))
                #expect(try SchemaValidator.validate(exported, schema: "docs/schemas/customer-export.schema.json") == nil)
                #expect(try await store.exportCustomer("C2").receipts.isEmpty)

                _ = try await store.eraseCustomer("C1")
                #expect(try await server.raw("GET", "/v1/me/receipts", token: answer.token).status == 401)
                #expect(try await store.receipts(customer: "C1").isEmpty)
            }
        }
    }
}
