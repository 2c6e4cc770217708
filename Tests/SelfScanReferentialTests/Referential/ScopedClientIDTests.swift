import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import Testing

/// Issue 15 #6: every client-chosen id is scoped by store and device at the referential. Both backends.
@Suite("Referential: client ids are scoped by store and device")
struct ScopedClientIDTests {
    /// A paid basket whose every id is chosen by the test: the same ids can come from two stores.
    static func paidBasket(store: StoreID, session: UUID, paymentID: String, itemPrefix: String, totalMinor: Int64) throws
        -> [IngestItem]
    {
        let date = Fixtures.day()
        let basket = ClosedBasketPayload(
            sessionID: session.uuidString, closedAt: date, total: Money(minor: totalMinor, currency: .eur), lineCount: 1,
            loyaltyCard: "2900000000017")
        let payment = try PaymentRecord(
            idempotencyKey: paymentID, sessionID: SessionID(uuid: session), amount: Money(minor: totalMinor, currency: .eur),
            outcome: .approved, scheme: "CB", last4: "4242", authCode: "A1", terminalTransactionID: "T-1", recordedAt: date)
        return [
            IngestItem(
                id: "\(itemPrefix)-closed", kind: .closedBasket, storeID: store.rawValue, orderingKey: session.uuidString,
                sequence: 1, createdAt: date, payload: try ProtocolJSON.value(of: basket)),
            IngestItem(
                id: paymentID, kind: .payment, storeID: store.rawValue, orderingKey: session.uuidString, sequence: 2,
                createdAt: date, payload: try ProtocolJSON.value(of: payment.payload)),
        ]
    }

    @Test("two stores send PAY-0001 and the same session and item ids: both stored, each in its store", arguments: TestBackend.allCases)
    func twoStoresSameClientIDs(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let session = UUID()
                let lyon = server.client(token: try await server.token(store: "lyon-2"))
                let nice = server.client(token: try await server.token(store: "nice-1"))
                let first = try await lyon.ingest(IngestBatch(
                    storeID: "lyon-2",
                    items: try Self.paidBasket(store: "lyon-2", session: session, paymentID: "PAY-0001", itemPrefix: "I1", totalMinor: 500)))
                let second = try await nice.ingest(IngestBatch(
                    storeID: "nice-1",
                    items: try Self.paidBasket(store: "nice-1", session: session, paymentID: "PAY-0001", itemPrefix: "I1", totalMinor: 700)))
                #expect(first.results.map(\.outcome) == [.accepted, .accepted])
                #expect(second.results.map(\.outcome) == [.accepted, .accepted])
                let lyonPayments = try await store.payments(store: "lyon-2")
                let nicePayments = try await store.payments(store: "nice-1")
                #expect(lyonPayments.map(\.amount.minor) == [500])
                #expect(nicePayments.map(\.amount.minor) == [700])
                #expect(try await store.baskets(store: "nice-1").map(\.total.minor) == [700])
                #expect(try await store.baskets(store: "lyon-2").first?.loyaltyCard == "2900000000017")
                #expect(try await store.ingestCounts() == IngestCounts(items: 4, baskets: 2, payments: 2))
            }
        }
    }

    @Test("two devices of one store reuse an ingest id: both stored; a replay per device is a duplicate", arguments: TestBackend.allCases)
    func twoDevicesSameIngestID(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let kiosk1 = server.client(token: try await server.token(store: "rennes-1", device: "kiosk-1"))
                let kiosk2 = server.client(token: try await server.token(store: "rennes-1", device: "kiosk-2"))
                let item = { (text: String) in
                    IngestItem(
                        id: "EV-1", kind: .auditResult, storeID: "rennes-1", orderingKey: nil, sequence: nil,
                        createdAt: Fixtures.day(), payload: .object(["note": .string(text)]))
                }
                let one = try await kiosk1.ingest(IngestBatch(storeID: "rennes-1", items: [item("one")]))
                let two = try await kiosk2.ingest(IngestBatch(storeID: "rennes-1", items: [item("two")]))
                let replay = try await kiosk1.ingest(IngestBatch(storeID: "rennes-1", items: [item("one")]))
                #expect(one.results.map(\.outcome) == [.accepted])
                #expect(two.results.map(\.outcome) == [.accepted])
                #expect(replay.results.map(\.outcome) == [.duplicate])
                #expect(try await store.ingestCounts().items == 2)
            }
        }
    }

    @Test("a database of the first schema migrates: its rows kept, then a second store's PAY-0001 is accepted", arguments: TestBackend.allCases)
    func migratesTheFirstSchema(backend: TestBackend) async throws {
        try await backend.withBareStore { store in
            // The released (unscoped) tables, as a referential of the first wave left them.
            try await store.backend.prepareSchema([
                "CREATE TABLE stores (id TEXT PRIMARY KEY, name TEXT NOT NULL, price_conflict_rule TEXT NOT NULL, created_at TEXT NOT NULL)",
                """
                CREATE TABLE ingest_items (id TEXT PRIMARY KEY, store_id TEXT NOT NULL, device_id TEXT NOT NULL,
                    kind TEXT NOT NULL, ordering_key TEXT, sequence BIGINT, created_at TEXT NOT NULL,
                    received_at TEXT NOT NULL, payload TEXT NOT NULL, fingerprint TEXT NOT NULL)
                """,
                """
                CREATE TABLE baskets (session_id TEXT PRIMARY KEY, store_id TEXT NOT NULL, item_id TEXT NOT NULL,
                    total_minor BIGINT NOT NULL, currency TEXT NOT NULL, line_count BIGINT NOT NULL, closed_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE payments (payment_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, store_id TEXT NOT NULL,
                    item_id TEXT NOT NULL, amount_minor BIGINT NOT NULL, currency TEXT NOT NULL, outcome TEXT NOT NULL,
                    scheme TEXT, last4 TEXT, auth_code TEXT, terminal_transaction_id TEXT, paid_at TEXT NOT NULL)
                """,
                "INSERT INTO ingest_items VALUES ('PAY-0001', 'lyon-2', 'kiosk-1', 'payment', 'S1', 1, '2026-11-20T10:00:00Z', '2026-11-20T10:00:01Z', '{}', 'f')",
                "INSERT INTO baskets VALUES ('S1', 'lyon-2', 'I1', 500, 'EUR', 1, '2026-11-20T10:00:00Z')",
                "INSERT INTO payments VALUES ('PAY-0001', 'S1', 'lyon-2', 'PAY-0001', 500, 'EUR', 'approved', 'CB', '4242', 'A1', 'T-1', '2026-11-20T10:00:00Z')",
            ])
            try await store.migrate()
            try await store.migrate()  // idempotent
            #expect(try await store.ingestCounts() == IngestCounts(items: 1, baskets: 1, payments: 1))
            let token = try await store.issueDeviceToken(store: "nice-1", device: "kiosk-1", creatingStore: true)
            #expect(!token.isEmpty)
            let items = try Self.paidBasket(store: "nice-1", session: UUID(), paymentID: "PAY-0001", itemPrefix: "I1", totalMinor: 700)
            let results = try await store.ingest(items, from: DeviceIdentity(storeID: "nice-1", deviceID: "kiosk-1"))
            #expect(results.map(\.outcome) == [.accepted, .accepted])
            #expect(try await store.payments(store: nil).map(\.paymentID) == ["PAY-0001", "PAY-0001"])
        }
    }

    @Test("an item for another store is rejected alone (wrongStore); the rest of the batch is applied", arguments: TestBackend.allCases)
    func wrongStoreItemIsRejectedAlone(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let client = server.client(token: try await server.token(store: "metz-1"))
                var items = try Fixtures.basketWithPayment(store: "metz-1")
                items.insert(
                    IngestItem(
                        id: UUID().uuidString, kind: .auditResult, storeID: "nancy-1", orderingKey: nil, sequence: nil,
                        createdAt: Fixtures.day(), payload: .object([:])), at: 1)
                let response = try await client.ingest(IngestBatch(storeID: "metz-1", items: items))
                #expect(response.results.map(\.outcome) == [.accepted, .rejected, .accepted, .accepted])
                #expect(response.results[1].reason == .wrongStore)
                #expect(try await store.ingestCounts() == IngestCounts(items: 3, baskets: 1, payments: 1))
            }
        }
    }
}
