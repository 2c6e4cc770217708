public import Foundation
import GRDB
public import SelfScanCore
public import SelfScanSync

/// The embedded backend: one SQLite file (WAL) through GRDB. Writes are serialised by GRDB's writer.
public struct SQLiteReferentialStore: ReferentialStore {
    let database: any DatabaseWriter

    /// Opens (creating when missing) the file at `path`; `:memory:` gives a private in-memory database.
    public init(path: String) throws {
        if path == ":memory:" {
            database = try DatabaseQueue()
        } else {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabasePool(path: path, configuration: configuration)
        }
    }

    public func migrate() async throws {
        try await database.write { db in
            for statement in ReferentialSchema.tables { try db.execute(sql: statement) }
        }
    }

    // MARK: Stores and devices

    public func createStore(_ store: StoreRecord) async throws {
        try await database.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM stores WHERE id = ?", arguments: [store.id.rawValue]) != nil {
                throw ReferentialError(.storeExists, store.id.rawValue)
            }
            try db.execute(
                sql: "INSERT INTO stores (id, name, price_conflict_rule, created_at) VALUES (?, ?, ?, ?)",
                arguments: [
                    store.id.rawValue, store.name, store.priceConflictRule.rawValue, ProtocolJSON.text(of: Date()),
                ])
        }
    }

    public func stores() async throws -> [StoreRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, price_conflict_rule FROM stores ORDER BY id").map {
                try RowDecoding.store(id: $0[0], name: $0[1], rule: $0[2])
            }
        }
    }

    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await stores().first { $0.id == id }
    }

    public func insertDeviceToken(hash: String, identity: DeviceIdentity) async throws {
        try await database.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM stores WHERE id = ?", arguments: [identity.storeID.rawValue]) != nil
            else { throw ReferentialError(.unknownStore, identity.storeID.rawValue) }
            try db.execute(
                sql: "INSERT INTO device_tokens (token_hash, store_id, device_id, issued_at) VALUES (?, ?, ?, ?)",
                arguments: [hash, identity.storeID.rawValue, identity.deviceID.rawValue, ProtocolJSON.text(of: Date())])
        }
    }

    public func device(forTokenHash hash: String) async throws -> DeviceIdentity? {
        try await database.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT store_id, device_id FROM device_tokens WHERE token_hash = ?", arguments: [hash])
            else { return nil }
            return try RowDecoding.identity(store: row[0], device: row[1])
        }
    }

    // MARK: Catalog

    public func currentCatalogVersion() async throws -> CatalogVersionNumber {
        try await database.read { db in try Self.headVersion(db) }
    }

    static func headVersion(_ db: Database) throws -> CatalogVersionNumber {
        let value = try Int64.fetchOne(db, sql: "SELECT version FROM catalog_head WHERE id = 1") ?? 0
        return try CatalogVersionNumber(value)
    }

    static func bumpVersion(_ db: Database, note: String) throws -> CatalogVersionNumber {
        try db.execute(sql: "UPDATE catalog_head SET version = version + 1 WHERE id = 1")
        let version = try headVersion(db)
        try db.execute(
            sql: "INSERT INTO catalog_versions (version, created_at, note) VALUES (?, ?, ?)",
            arguments: [version.value, ProtocolJSON.text(of: Date()), note])
        return version
    }

    public func upsertProducts(_ products: [CatalogProduct], note: String) async throws -> CatalogVersionNumber {
        let documents = try products.map { ($0.gtin.digits14, try RowDecoding.document(of: $0)) }
        return try await database.write { db in
            var changed: [(String, String)] = []
            for (gtin, document) in documents {
                let existing = try Row.fetchOne(
                    db, sql: "SELECT document, removed FROM products WHERE gtin = ?", arguments: [gtin])
                if let existing, existing[0] as String == document, existing[1] as Int64 == 0 { continue }
                changed.append((gtin, document))
            }
            guard !changed.isEmpty else { return try Self.headVersion(db) }
            let version = try Self.bumpVersion(db, note: note)
            for (gtin, document) in changed {
                try db.execute(
                    sql: """
                        INSERT INTO products (gtin, document, changed_version, removed) VALUES (?, ?, ?, 0)
                        ON CONFLICT (gtin) DO UPDATE SET document = excluded.document,
                            changed_version = excluded.changed_version, removed = 0
                        """,
                    arguments: [gtin, document, version.value])
            }
            return version
        }
    }

    public func setPrice(_ gtin: GTIN, to price: Money) async throws -> CatalogVersionNumber {
        try await database.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT document FROM products WHERE gtin = ? AND removed = 0", arguments: [gtin.digits14])
            else { throw ReferentialError(.unknownProduct, gtin.digits14) }
            var product = try RowDecoding.product(from: row[0])
            guard product.price != price else { return try Self.headVersion(db) }
            product.price = price
            let version = try Self.bumpVersion(db, note: "price \(gtin.digits14) \(price)")
            try db.execute(
                sql: "UPDATE products SET document = ?, changed_version = ? WHERE gtin = ?",
                arguments: [try RowDecoding.document(of: product), version.value, gtin.digits14])
            return version
        }
    }

    public func removeProduct(_ gtin: GTIN) async throws -> CatalogVersionNumber {
        try await database.write { db in
            guard try Bool.fetchOne(
                db, sql: "SELECT 1 FROM products WHERE gtin = ? AND removed = 0", arguments: [gtin.digits14]) != nil
            else { throw ReferentialError(.unknownProduct, gtin.digits14) }
            let version = try Self.bumpVersion(db, note: "remove \(gtin.digits14)")
            try db.execute(
                sql: "UPDATE products SET removed = 1, changed_version = ? WHERE gtin = ?",
                arguments: [version.value, gtin.digits14])
            return version
        }
    }

    public func snapshotPage(after: GTIN?, limit: Int) async throws -> (version: CatalogVersionNumber, products: [CatalogProduct]) {
        try await database.read { db in
            let version = try Self.headVersion(db)
            let documents = try String.fetchAll(
                db,
                sql: "SELECT document FROM products WHERE removed = 0 AND gtin > ? ORDER BY gtin LIMIT ?",
                arguments: [after?.digits14 ?? "", limit])
            return (version, try documents.map(RowDecoding.product(from:)))
        }
    }

    public func changes(since: CatalogVersionNumber) async throws -> CatalogChanges {
        try await database.read { db in
            let version = try Self.headVersion(db)
            guard since <= version else {
                throw ReferentialError(.unknownCatalogVersion, "since \(since) > current \(version)")
            }
            var upserts: [CatalogProduct] = []
            var removals: [GTIN] = []
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT gtin, document, removed FROM products WHERE changed_version > ? ORDER BY changed_version, gtin",
                arguments: [since.value])
            for row in rows {
                if row[2] as Int64 != 0 {
                    removals.append(try RowDecoding.gtin(row[0]))
                } else {
                    upserts.append(try RowDecoding.product(from: row[1]))
                }
            }
            return CatalogChanges(isSnapshot: false, version: version, baseVersion: since, upserts: upserts, removals: removals)
        }
    }

    // MARK: Ingest

    public func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        let prepared = try PreparedIngestItem.prepare(items)
        let received = ProtocolJSON.text(of: Date())
        let results: [UUID: IngestItemResult] = try await database.write { db in
            var results: [UUID: IngestItemResult] = [:]
            for entry in prepared {
                if let existing = try String.fetchOne(
                    db, sql: "SELECT fingerprint FROM ingest_items WHERE id = ?", arguments: [entry.idText])
                {
                    results[entry.item.id] = entry.answerForExisting(fingerprint: existing)
                    continue
                }
                if let rejection = entry.rejectionResult {
                    results[entry.item.id] = rejection
                    continue
                }
                let item = entry.item
                try db.execute(
                    sql: """
                        INSERT INTO ingest_items (id, store_id, device_id, kind, basket_id, sequence, created_at,
                            received_at, payload, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        entry.idText, item.storeID.rawValue, identity.deviceID.rawValue, item.kind.rawValue,
                        item.basketID?.uuidString, item.sequence, ProtocolJSON.text(of: item.createdAt), received,
                        entry.payloadText, entry.fingerprint,
                    ])
                if let basket = entry.basket {
                    try db.execute(
                        sql: """
                            INSERT INTO baskets (basket_id, store_id, item_id, total_minor, currency, line_count,
                                closed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (basket_id) DO NOTHING
                            """,
                        arguments: [
                            basket.basketID.uuidString, item.storeID.rawValue, entry.idText, basket.total.minor,
                            basket.total.currency.code, basket.lineCount, ProtocolJSON.text(of: basket.closedAt),
                        ])
                }
                if let payment = entry.payment {
                    try db.execute(
                        sql: """
                            INSERT INTO payments (payment_id, basket_id, store_id, item_id, amount_minor, currency,
                                scheme, pan_last4, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT (payment_id) DO NOTHING
                            """,
                        arguments: [
                            payment.paymentID.uuidString, payment.basketID.uuidString, item.storeID.rawValue,
                            entry.idText, payment.amount.minor, payment.amount.currency.code, payment.scheme,
                            payment.panLast4, ProtocolJSON.text(of: payment.paidAt),
                        ])
                }
                results[item.id] = IngestItemResult(id: item.id, outcome: .accepted)
            }
            return results
        }
        return try PreparedIngestItem.answers(for: items, prepared: prepared, results: results)
    }

    public func baskets(store: StoreID?) async throws -> [BasketRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT basket_id, store_id, total_minor, currency, line_count, closed_at FROM baskets
                    WHERE ? IS NULL OR store_id = ? ORDER BY closed_at, basket_id
                    """,
                arguments: [store?.rawValue, store?.rawValue]
            ).map {
                try RowDecoding.basket(
                    id: $0[0], store: $0[1], totalMinor: $0[2], currency: $0[3], lineCount: $0[4], closedAt: $0[5])
            }
        }
    }

    public func payments(store: StoreID?) async throws -> [PaymentRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT payment_id, basket_id, store_id, amount_minor, currency, scheme, pan_last4, paid_at
                    FROM payments WHERE ? IS NULL OR store_id = ? ORDER BY paid_at, payment_id
                    """,
                arguments: [store?.rawValue, store?.rawValue]
            ).map {
                try RowDecoding.payment(
                    id: $0[0], basket: $0[1], store: $0[2], amountMinor: $0[3], currency: $0[4], scheme: $0[5],
                    last4: $0[6], paidAt: $0[7])
            }
        }
    }

    public func dayTotals(store: StoreID, day: String) async throws -> [DayTotals] {
        try await database.read { db in
            let baskets = try Row.fetchAll(
                db,
                sql: """
                    SELECT currency, COUNT(*), COALESCE(SUM(total_minor), 0) FROM baskets
                    WHERE store_id = ? AND substr(closed_at, 1, 10) = ? GROUP BY currency
                    """,
                arguments: [store.rawValue, day]
            ).map { ($0[0] as String, $0[1] as Int64, $0[2] as Int64) }
            let payments = try Row.fetchAll(
                db,
                sql: """
                    SELECT currency, COUNT(*), COALESCE(SUM(amount_minor), 0) FROM payments
                    WHERE store_id = ? AND substr(paid_at, 1, 10) = ? GROUP BY currency
                    """,
                arguments: [store.rawValue, day]
            ).map { ($0[0] as String, $0[1] as Int64, $0[2] as Int64) }
            return try RowDecoding.dayTotals(store: store, day: day, baskets: baskets, payments: payments)
        }
    }

    public func ingestCounts() async throws -> IngestCounts {
        try await database.read { db in
            IngestCounts(
                items: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ingest_items") ?? 0,
                baskets: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM baskets") ?? 0,
                payments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payments") ?? 0)
        }
    }

    // MARK: Stock, click & collect, customers

    public func setStock(store: StoreID, gtin: GTIN, quantity: Int64) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO stock (store_id, gtin, quantity) VALUES (?, ?, ?)
                    ON CONFLICT (store_id, gtin) DO UPDATE SET quantity = excluded.quantity
                    """,
                arguments: [store.rawValue, gtin.digits14, quantity])
        }
    }

    public func stock(gtin: GTIN) async throws -> [StockLevel] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT store_id, quantity FROM stock WHERE gtin = ? ORDER BY store_id",
                arguments: [gtin.digits14]
            ).map { StockLevel(storeID: try StoreID($0[0] as String), quantity: $0[1]) }
        }
    }

    public func reserve(_ request: ReservationRequest, for requester: StoreID) async throws -> Reservation {
        let requestText = try RowDecoding.requestText(request)
        return try await database.write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT request, requesting_store, status, created_at FROM reservations WHERE id = ?",
                arguments: [request.id.uuidString])
            {
                return try RowDecoding.replayedReservation(
                    request, requestText: requestText, storedText: row[0], requester: requester,
                    storedRequester: row[1], status: row[2], createdAt: row[3])
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM stores WHERE id = ?", arguments: [request.fulfilmentStoreID.rawValue]) != nil
            else { throw ReferentialError(.unknownStore, request.fulfilmentStoreID.rawValue) }
            let status: ReservationStatus
            switch request.mode {
            case .reserve:
                try db.execute(
                    sql: "UPDATE stock SET quantity = quantity - ? WHERE store_id = ? AND gtin = ? AND quantity >= ?",
                    arguments: [request.quantity, request.fulfilmentStoreID.rawValue, request.gtin.digits14, request.quantity])
                guard db.changesCount == 1 else {
                    throw ReferentialError(.insufficientStock, "\(request.gtin) ×\(request.quantity) at \(request.fulfilmentStoreID)")
                }
                status = .reserved
            case .order:
                status = .ordered
            }
            let now = Date()
            try db.execute(
                sql: """
                    INSERT INTO reservations (id, gtin, quantity, requesting_store, fulfilment_store, mode, status,
                        loyalty_card, created_at, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    request.id.uuidString, request.gtin.digits14, request.quantity, requester.rawValue,
                    request.fulfilmentStoreID.rawValue, request.mode.rawValue, status.rawValue, request.loyaltyCard,
                    ProtocolJSON.text(of: now), requestText,
                ])
            return Reservation(
                id: request.id, gtin: request.gtin, quantity: request.quantity, requestingStoreID: requester,
                fulfilmentStoreID: request.fulfilmentStoreID, status: status,
                createdAt: ProtocolJSON.date(from: ProtocolJSON.text(of: now)) ?? now, replayed: false)
        }
    }

    public func upsertCustomer(_ customer: CustomerProfile) async throws {
        let profile = try RowDecoding.customerText(customer)
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO customers (card, profile) VALUES (?, ?) ON CONFLICT (card) DO UPDATE SET profile = excluded.profile",
                arguments: [customer.card, profile])
        }
    }

    public func customer(card: String) async throws -> CustomerProfile? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT profile FROM customers WHERE card = ?", arguments: [card])
                .map(RowDecoding.customer(from:))
        }
    }
}
