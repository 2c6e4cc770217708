import Foundation
import Logging
import SelfScanAPI
@testable import SelfScanReferential
import SelfScanCore
import SelfScanStorage
import SelfScanSync
import Testing
import SelfScanTestSupport

/// Issue 22 at the referential: cards hashed on import, erasure, export, consent, admin routes. The same
/// suite on SQLite and PostgreSQL.
@Suite("Referential privacy: card hashes, erasure, export, consent")
struct PrivacyTests {
    static let card = "0420000012345"
    static let customerID: CustomerID = "CUST-ERASE-7781"

    /// A store of `backend` (the SQLite file's path too, to look into the file itself). Cheap PBKDF2 cost:
    /// the cost is a parameter, what is tested is where cards and ids end up.
    func withStore<T: Sendable>(
        _ backend: TestBackend, _ body: @Sendable (SQLReferentialStore, String?) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("selfscan-priv-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("referential.sqlite").path
            let store = SQLReferentialStore(backend: try SQLiteBackend(path: path), cardHashIterations: 1000)
            try await store.migrate()
            return try await body(store, path)
        case .postgres:
            let backend = PostgresBackend(location: try TestBackend.freshPostgresLocation(), logger: Logger(label: "test.pg"))
            return try await backend.withRunningClient {
                let store = SQLReferentialStore(backend: backend, cardHashIterations: 1000)
                try await store.migrate()
                return try await body(store, nil)
            }
        }
    }

    static func offer() -> Promotion {
        Promotion(id: "OFFER-TEA", name: "-30 % thé", kind: .percentOff(basisPoints: 3000), eligibility: .personalOffer)
    }

    /// A v1 import line: card in clear, counts (the failed-audit count must never be published).
    static func v1Customer() throws -> CatalogRecord {
        let line = """
            {"type":"customer","customer":{"id":"\(customerID.rawValue)","cardCodes":["\(card)"],"tier":2,
            "personalOffers":["OFFER-TEA"],"completedTrips":41,"failedAudits":3}}
            """
        return try ProtocolJSON.decoder().decode(CatalogRecord.self, from: Data(line.utf8))
    }

    /// A whole session of the customer: opened with the card, one line, audited, closed, paid.
    static func trip(store: StoreID, customer: CustomerID?, totalMinor: Int64) throws -> [IngestItem] {
        let session = SessionID(uuid: UUID())
        let date = Fixtures.day()
        let opening = SessionOpening(
            storeID: store, deviceID: "kiosk-1", currency: .eur, catalogVersion: CatalogVersion(1), customerID: customer)
        let line = BasketLine(
            id: LineID(uuid: UUID()), productID: "P1", name: "Thé vert", scannedCode: "3760000000011",
            measure: .units(2), unitPrice: Money(minor: totalMinor / 2, currency: .eur), vatRate: .frReduced,
            catalogVersion: CatalogVersion(1), origin: .scan)
        let events = [
            BasketEvent(id: EventID(uuid: UUID()), sessionID: session, sequence: 1, timestamp: Instant(nanosecondsSinceEpoch: 1), payload: .sessionOpened(opening)),
            BasketEvent(id: EventID(uuid: UUID()), sessionID: session, sequence: 2, timestamp: Instant(nanosecondsSinceEpoch: 2), payload: .lineAdded(line: line)),
        ]
        var items = try events.map { event in
            IngestItem(
                id: event.id.uuidString, kind: .basketEvent, storeID: store.rawValue, orderingKey: session.uuidString,
                sequence: event.sequence, createdAt: date, payload: try ProtocolJSON.value(of: event))
        }
        let basket = ClosedBasketPayload(
            sessionID: session.uuidString, closedAt: date, total: Money(minor: totalMinor, currency: .eur), lineCount: 1)
        let payment = try PaymentRecord(
            idempotencyKey: UUID().uuidString, sessionID: session, amount: Money(minor: totalMinor, currency: .eur),
            outcome: .approved, scheme: "CB", last4: "4242", authCode: "A1B2C3", terminalTransactionID: "T-9",
            recordedAt: date)
        items.append(IngestItem(
            id: UUID().uuidString, kind: .closedBasket, storeID: store.rawValue, orderingKey: session.uuidString,
            sequence: 3, createdAt: date, payload: try ProtocolJSON.value(of: basket)))
        items.append(IngestItem(
            id: payment.idempotencyKey, kind: .payment, storeID: store.rawValue, orderingKey: session.uuidString,
            sequence: 4, createdAt: date, payload: try ProtocolJSON.value(of: payment.payload)))
        return items
    }

    /// How many rows of any table hold `needle` in any column (PostgreSQL: the row as text).
    static func rowsHolding(_ needle: String, in store: SQLReferentialStore) async throws -> Int {
        let isSQLite = store.backend is SQLiteBackend
        return try await store.backend.read { session in
            if isSQLite {
                let tables = try await session.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
                    .compactMap { $0.first.flatMap { if case .text(let name) = $0 { name } else { nil } } }
                var count = 0
                for table in tables {
                    let columns = try await session.rows("SELECT name FROM pragma_table_info(\(table))")
                        .compactMap { $0.first.flatMap { if case .text(let name) = $0 { name } else { nil } } }
                    for column in columns {
                        let rows = try await session.rows(
                            """
                            SELECT COUNT(*) FROM \"\(unsafeSQL: table)\"
                                WHERE CAST(\"\(unsafeSQL: column)\" AS TEXT) LIKE \("%\(needle)%")
                            """)
                        if case .integer(let n) = rows.first?.first { count += Int(n) }
                    }
                }
                return count
            }
            let tables = try await session.rows(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).compactMap { $0.first.flatMap { if case .text(let name) = $0 { name } else { nil } } }
            var count = 0
            for table in tables {
                let rows = try await session.rows(
                    "SELECT COUNT(*) FROM \"\(unsafeSQL: table)\" t WHERE CAST(t AS TEXT) LIKE \("%\(needle)%")")
                if case .integer(let n) = rows.first?.first { count += Int(n) }
            }
            return count
        }
    }

    /// Whether the SQLite file (or its WAL) holds these bytes anywhere, free pages included.
    static func fileHolds(_ needle: String, path: String) -> Bool {
        for file in [path, path + "-wal"] {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            if data.range(of: Data(needle.utf8)) != nil { return true }
        }
        return false
    }

    @Test("cards in clear are hashed on import; the failed-audit count becomes a band", arguments: TestBackend.allCases)
    func cardsHashedOnImport(backend: TestBackend) async throws {
        try await withStore(backend) { store, path in
            try await store.publish([.promotion(Self.offer()), try Self.v1Customer()], note: "crm import")
            let extract = try await store.catalog(since: nil)
            let keys = extract.records.compactMap { if case .cardHashKey(let key) = $0 { key } else { nil } }
            let customers = extract.records.compactMap { if case .customer(let c) = $0 { c } else { nil } }
            #expect(keys.count == 1)
            let customer = try #require(customers.first)
            #expect(customer.cardCodes.isEmpty)
            #expect(customer.cardHashes.map(\.keyID) == keys.map(\.id))
            #expect(customer.auditRisk == .high)
            #expect(customer.tier == .gold)
            // The published line: no card, no counts.
            let line = String(decoding: try ProtocolJSON.encoder().encode(CatalogRecord.customer(customer)), as: UTF8.self)
            #expect(!line.contains(Self.card))
            #expect(!line.contains("failedAudits") && !line.contains("completedTrips"))
            // Still found by its card (hashed under the key), and nowhere stored in clear.
            #expect(try await store.customer(card: Self.card)?.customer.id == Self.customerID)
            #expect(try await store.customer(card: "0420000099999") == nil)
            #expect(try await Self.rowsHolding(Self.card, in: store) == 0)
            if let path { #expect(!Self.fileHolds(Self.card, path: path)) }
        }
    }

    @Test("erase-customer: gone from catalog and devices' delta, baskets unlinked, totals unchanged, idempotent",
          arguments: TestBackend.allCases)
    func erasure(backend: TestBackend) async throws {
        try await withStore(backend) { store, path in
            let shop = StoreID("lyon-2")
            try await store.createStore(StoreRecord(id: shop, name: "Lyon 2", priceConflictRule: .chargeScanPrice))
            let device = DeviceIdentity(storeID: shop, deviceID: "kiosk-1")
            try await store.publish([.promotion(Self.offer()), try Self.v1Customer()], note: "customer \(Self.customerID.rawValue)")
            _ = try await store.ingest(try Self.trip(store: shop, customer: Self.customerID, totalMinor: 1000), from: device)
            _ = try await store.ingest(try Self.trip(store: shop, customer: nil, totalMinor: 500), from: device)
            let day = String(ProtocolJSON.text(of: Fixtures.day()).prefix(10))
            let totalsBefore = try await store.dayTotals(store: shop, day: day)
            let basketsBefore = try await store.baskets(store: shop).count
            let before = try await store.currentCatalogVersion()
            try await store.recordCatalogPosition(device, version: before)
            #expect(try await Self.rowsHolding(Self.customerID.rawValue, in: store) > 0)

            let result = try await store.eraseCustomer(Self.customerID)
            #expect(!result.alreadyErased)
            #expect(result.cardsRemoved == 1)
            #expect(result.unlinkedItems >= 2)  // the sessionOpened event and the version note
            #expect(try await store.customer(card: Self.card) == nil)
            #expect(try await store.dayTotals(store: shop, day: day) == totalsBefore)
            #expect(try await store.baskets(store: shop).count == basketsBefore)
            // The delta tells every device to delete the customer.
            let delta = try await store.catalog(since: before)
            #expect(delta.records.contains(.deleteCustomer(Self.customerID)))
            // Once every device is past the deletion, the tombstone (which names the id) goes too.
            try await store.recordCatalogPosition(device, version: delta.version)
            #expect(try await Self.rowsHolding(Self.customerID.rawValue, in: store) == 0)
            #expect(try await Self.rowsHolding(Self.card, in: store) == 0)
            if let path {
                try await store.backend.reclaimDeletedSpace()
                #expect(!Self.fileHolds(Self.customerID.rawValue, path: path))
                #expect(!Self.fileHolds(Self.card, path: path))
            }
            // Idempotent: a repeat changes nothing and says so.
            let versionAfter = try await store.currentCatalogVersion()
            let again = try await store.eraseCustomer(Self.customerID)
            #expect(again.alreadyErased && again.erasureID == result.erasureID)
            #expect(try await store.currentCatalogVersion() == versionAfter)
            // The log: one entry, no personal data.
            let log = try await store.erasureLog()
            #expect(log.count == 1)
            let logText = String(decoding: try ProtocolJSON.encoder().encode(log), as: UTF8.self)
            #expect(!logText.contains(Self.customerID.rawValue))
        }
    }

    @Test("unknown customer: clear error, nothing changed", arguments: TestBackend.allCases)
    func unknownCustomer(backend: TestBackend) async throws {
        try await withStore(backend) { store, _ in
            try await store.publish([try Self.v1Customer()], note: "crm")
            let version = try await store.currentCatalogVersion()
            for action in ["erase", "export", "consent"] {
                do {
                    switch action {
                    case "erase": _ = try await store.eraseCustomer("NOBODY")
                    case "export": _ = try await store.exportCustomer("NOBODY")
                    default: _ = try await store.setPersonalOffersConsent("NOBODY", consent: false)
                    }
                    Issue.record("\(action) of an unknown customer must fail")
                } catch let error as ReferentialError {
                    #expect(error.code == .unknownCustomer)
                    #expect(error.protocolCode == .notFound)
                }
            }
            #expect(try await store.currentCatalogVersion() == version)
            #expect(try await store.erasureLog().isEmpty)
            #expect(try await store.customer(card: Self.card) != nil)
        }
    }

    @Test("an erasure interrupted half-way leaves everything as before; run again, it completes",
          arguments: TestBackend.allCases)
    func interruptedErasure(backend: TestBackend) async throws {
        struct Interrupted: Error {}
        try await withStore(backend) { store, _ in
            let shop = StoreID("lyon-3")
            try await store.createStore(StoreRecord(id: shop, name: "Lyon 3", priceConflictRule: .chargeScanPrice))
            try await store.publish([try Self.v1Customer()], note: "crm")
            _ = try await store.ingest(
                try Self.trip(store: shop, customer: Self.customerID, totalMinor: 800),
                from: DeviceIdentity(storeID: shop, deviceID: "kiosk-1"))
            let version = try await store.currentCatalogVersion()
            let holding = try await Self.rowsHolding(Self.customerID.rawValue, in: store)
            await #expect(throws: Interrupted.self) {
                _ = try await store.eraseCustomer(Self.customerID, afterUnlinking: { throw Interrupted() })
            }
            #expect(try await store.currentCatalogVersion() == version)
            #expect(try await Self.rowsHolding(Self.customerID.rawValue, in: store) == holding)
            #expect(try await store.customer(card: Self.card) != nil)
            #expect(try await store.erasureLog().isEmpty)
            let done = try await store.eraseCustomer(Self.customerID)
            #expect(!done.alreadyErased)
            #expect(try await store.customer(card: Self.card) == nil)
        }
    }

    @Test("consent set through the referential controls personal offers", arguments: TestBackend.allCases)
    func consent(backend: TestBackend) async throws {
        try await withStore(backend) { store, _ in
            try await store.publish([.promotion(Self.offer()), try Self.v1Customer()], note: "crm")
            #expect(try await store.customer(card: Self.card)?.offers == [Self.offer()])
            let before = try await store.currentCatalogVersion()
            let version = try await store.setPersonalOffersConsent(Self.customerID, consent: false)
            #expect(version.rawValue == before.rawValue + 1)
            let answer = try #require(try await store.customer(card: Self.card))
            #expect(!answer.customer.personalOffersConsent)
            #expect(answer.offers.isEmpty)
            let delta = try await store.catalog(since: before)
            #expect(delta.records.contains { if case .customer(let c) = $0 { !c.personalOffersConsent } else { false } })
        }
    }

    @Test("export holds the customer, baskets with lines, payments without card data; validates against its schema",
          arguments: TestBackend.allCases)
    func export(backend: TestBackend) async throws {
        try await withStore(backend) { store, _ in
            let shop = StoreID("lyon-4")
            try await store.createStore(StoreRecord(id: shop, name: "Lyon 4", priceConflictRule: .chargeScanPrice))
            try await store.publish([.promotion(Self.offer()), try Self.v1Customer()], note: "crm")
            let device = DeviceIdentity(storeID: shop, deviceID: "kiosk-1")
            _ = try await store.ingest(try Self.trip(store: shop, customer: Self.customerID, totalMinor: 1200), from: device)
            _ = try await store.ingest(try Self.trip(store: shop, customer: nil, totalMinor: 300), from: device)
            let export = try await store.exportCustomer(Self.customerID)
            #expect(export.customer.id == Self.customerID.rawValue)
            #expect(export.customer.tier == "gold")
            #expect(export.customer.auditRiskBand == "high")
            #expect(export.customer.personalOffers == [CustomerExport.Offer(id: "OFFER-TEA", name: "-30 % thé")])
            #expect(export.customer.cards.count == 1)
            #expect(export.baskets.count == 1)
            #expect(export.baskets.first?.totalMinor == 1200)
            #expect(export.baskets.first?.lines.map(\.quantity) == [2])
            #expect(export.payments.map(\.amountMinor) == [1200])
            let text = String(decoding: try ProtocolJSON.encoder().encode(export), as: UTF8.self)
            #expect(!text.contains("4242") && !text.contains("A1B2C3") && !text.contains(Self.card))
            #expect(try SchemaValidator.validate(text, schema: "docs/schemas/customer-export.schema.json") == nil)
            // The validator is live: a document without its customer is refused.
            #expect(try SchemaValidator.validate(#"{"format":"selfscan-customer-export"}"#,
                                                 schema: "docs/schemas/customer-export.schema.json") != nil)
        }
    }

    @Test("rotating the card-hash key: new cards under the new key, old cards still found, devices get the key",
          arguments: TestBackend.allCases)
    func rotation(backend: TestBackend) async throws {
        try await withStore(backend) { store, _ in
            try await store.publish([try Self.v1Customer()], note: "crm")
            let before = try await store.currentCatalogVersion()
            let (key, version) = try await store.rotateCardHashKey()
            #expect(version.rawValue == before.rawValue + 1)
            #expect(try await store.catalog(since: before).records == [.cardHashKey(key)])
            try await store.publish(
                [.customer(LoyaltyCustomer(id: "C-NEW", cardCodes: ["0420000055555"], tier: .silver))], note: "crm")
            let fresh = try #require(try await store.customer(card: "0420000055555"))
            #expect(fresh.customer.cardHashes.map(\.keyID) == [key.id])
            let old = try #require(try await store.customer(card: Self.card))
            #expect(old.customer.cardHashes.map(\.keyID) != [key.id])
            #expect(try await store.catalog(since: nil).records.filter { if case .cardHashKey = $0 { true } else { false } }.count == 2)
        }
    }

    @Test("admin routes: device tokens refused, admin token accepted, unknown id 404", arguments: [TestBackend.sqlite])
    func adminRoutes(backend: TestBackend) async throws {
        try await withStore(backend) { store, _ in
            try await store.publish([try Self.v1Customer()], note: "crm")
            try await TestServer.with(store: store) { server in
                let deviceToken = try await server.token(store: "lyon-5")
                let adminToken = try await store.issueAdminToken(name: "dpo")
                let path = "/v1/admin/customers/\(Self.customerID.rawValue)/export"
                #expect(try await server.raw("GET", path, token: deviceToken).status == 401)
                #expect(try await server.raw("GET", path, token: nil).status == 401)
                #expect(try await server.raw("GET", path, token: adminToken).status == 200)
                let unknown = try await server.raw("POST", "/v1/admin/customers/NOBODY/erase", token: adminToken)
                #expect(unknown.status == 404)
                #expect(unknown.error?.error.code == .notFound)
                let erased = try await server.raw("POST", "/v1/admin/customers/\(Self.customerID.rawValue)/erase", token: adminToken)
                #expect(erased.status == 200)
                #expect(try await store.customer(card: Self.card) == nil)
            }
        }
    }
}

/// Validates JSON against a schema of the repository with python3-jsonschema (installed for the e2e tests).
/// Returns nil when valid, else the validator's message.
enum SchemaValidator {
    static func validate(_ json: String, schema relativePath: String) throws -> String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let document = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: document)
        defer { try? FileManager.default.removeItem(at: document) }
        let result = try ChildProcess.run("/usr/bin/python3", [
            "-c",
            "import json, sys, jsonschema\n"
                + "schema = json.load(open(sys.argv[2]))\n"
                + "jsonschema.validate(json.load(open(sys.argv[1])), schema, format_checker=jsonschema.FormatChecker())\n",
            document.path, root.appendingPathComponent(relativePath).path,
        ])
        return result.status == 0 ? nil : String(decoding: result.stderr, as: UTF8.self)
    }
}
