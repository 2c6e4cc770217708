public import Foundation
public import Logging
public import PostgresNIO
public import SelfScanCore
public import SelfScanSync

/// The production backend: PostgreSQL through postgres-nio's pooled `PostgresClient`.
///
/// The client must be running (`client.run()`, or add `client` to the ServiceGroup) while the store is used;
/// `withRunningClient` does that for one-shot admin commands and tests.
public struct PostgresReferentialStore: ReferentialStore {
    /// The connection pool; a ServiceLifecycle `Service`.
    public let client: PostgresClient
    let schema: String?
    let logger: Logger

    public init(location: PostgresLocation, logger: Logger = Logger(label: "selfscan.referential.postgres")) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        if let schema = location.schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        configuration.options.maximumConnections = 16
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.schema = location.schema
        self.logger = logger
    }

    /// Runs the pool for the duration of `body`, then stops it.
    public func withRunningClient<T: Sendable>(_ body: @Sendable (Self) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }

    public func migrate() async throws {
        try await client.withConnection { connection in
            // Two migrators racing on a fresh database: the advisory lock makes them take turns.
            try await connection.query("SELECT pg_advisory_lock(74201)", logger: logger)
            do {
                if let schema {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
                    try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger)
                }
                for statement in ReferentialSchema.tables {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(74201)", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(74201)", logger: logger)
        }
    }

    // MARK: Stores and devices

    public func createStore(_ store: StoreRecord) async throws {
        let rows = try await client.query(
            """
            INSERT INTO stores (id, name, price_conflict_rule, created_at)
            VALUES (\(store.id.rawValue), \(store.name), \(store.priceConflictRule.rawValue), \(ProtocolJSON.text(of: Date())))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, logger: logger)
        guard try await rows.collect().count == 1 else { throw ReferentialError(.storeExists, store.id.rawValue) }
    }

    public func stores() async throws -> [StoreRecord] {
        var result: [StoreRecord] = []
        let rows = try await client.query("SELECT id, name, price_conflict_rule FROM stores ORDER BY id", logger: logger)
        for try await (id, name, rule) in rows.decode((String, String, String).self) {
            result.append(try RowDecoding.store(id: id, name: name, rule: rule))
        }
        return result
    }

    public func store(_ id: StoreID) async throws -> StoreRecord? {
        try await stores().first { $0.id == id }
    }

    public func insertDeviceToken(hash: String, identity: DeviceIdentity) async throws {
        guard try await store(identity.storeID) != nil else {
            throw ReferentialError(.unknownStore, identity.storeID.rawValue)
        }
        try await client.query(
            """
            INSERT INTO device_tokens (token_hash, store_id, device_id, issued_at)
            VALUES (\(hash), \(identity.storeID.rawValue), \(identity.deviceID.rawValue), \(ProtocolJSON.text(of: Date())))
            """, logger: logger)
    }

    public func device(forTokenHash hash: String) async throws -> DeviceIdentity? {
        let rows = try await client.query(
            "SELECT store_id, device_id FROM device_tokens WHERE token_hash = \(hash)", logger: logger)
        for try await (store, device) in rows.decode((String, String).self) {
            return try RowDecoding.identity(store: store, device: device)
        }
        return nil
    }

    // MARK: Catalog

    public func currentCatalogVersion() async throws -> CatalogVersionNumber {
        try await client.withConnection { try await Self.headVersion($0, logger: logger) }
    }

    static func headVersion(_ connection: PostgresConnection, logger: Logger) async throws -> CatalogVersionNumber {
        let rows = try await connection.query("SELECT version FROM catalog_head WHERE id = 1", logger: logger)
        for try await version in rows.decode(Int64.self) { return try CatalogVersionNumber(version) }
        return .empty
    }

    /// Takes the head row lock (serialising catalog writers) and returns the new version.
    static func bumpVersion(_ connection: PostgresConnection, note: String, logger: Logger) async throws -> CatalogVersionNumber {
        let rows = try await connection.query(
            "UPDATE catalog_head SET version = version + 1 WHERE id = 1 RETURNING version", logger: logger)
        var version = CatalogVersionNumber.empty
        for try await value in rows.decode(Int64.self) { version = try CatalogVersionNumber(value) }
        try await connection.query(
            """
            INSERT INTO catalog_versions (version, created_at, note)
            VALUES (\(version.value), \(ProtocolJSON.text(of: Date())), \(note))
            """, logger: logger)
        return version
    }

    public func upsertProducts(_ products: [CatalogProduct], note: String) async throws -> CatalogVersionNumber {
        let documents = try products.map { ($0.gtin.digits14, try RowDecoding.document(of: $0)) }
        return try await client.withTransaction(logger: logger) { connection in
            // Lock the head first so concurrent imports compare against a settled catalog.
            try await connection.query("SELECT version FROM catalog_head WHERE id = 1 FOR UPDATE", logger: logger)
            var changed: [(String, String)] = []
            for (gtin, document) in documents {
                let rows = try await connection.query(
                    "SELECT document, removed FROM products WHERE gtin = \(gtin)", logger: logger)
                var same = false
                for try await (existing, removed) in rows.decode((String, Int).self) {
                    same = existing == document && removed == 0
                }
                if !same { changed.append((gtin, document)) }
            }
            guard !changed.isEmpty else { return try await Self.headVersion(connection, logger: logger) }
            let version = try await Self.bumpVersion(connection, note: note, logger: logger)
            for (gtin, document) in changed {
                try await connection.query(
                    """
                    INSERT INTO products (gtin, document, changed_version, removed) VALUES (\(gtin), \(document), \(version.value), 0)
                    ON CONFLICT (gtin) DO UPDATE SET document = excluded.document,
                        changed_version = excluded.changed_version, removed = 0
                    """, logger: logger)
            }
            return version
        }
    }

    public func setPrice(_ gtin: GTIN, to price: Money) async throws -> CatalogVersionNumber {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT version FROM catalog_head WHERE id = 1 FOR UPDATE", logger: logger)
            let rows = try await connection.query(
                "SELECT document FROM products WHERE gtin = \(gtin.digits14) AND removed = 0", logger: logger)
            var document: String?
            for try await text in rows.decode(String.self) { document = text }
            guard let document else { throw ReferentialError(.unknownProduct, gtin.digits14) }
            var product = try RowDecoding.product(from: document)
            guard product.price != price else { return try await Self.headVersion(connection, logger: logger) }
            product.price = price
            let version = try await Self.bumpVersion(connection, note: "price \(gtin.digits14) \(price)", logger: logger)
            try await connection.query(
                """
                UPDATE products SET document = \(try RowDecoding.document(of: product)), changed_version = \(version.value)
                WHERE gtin = \(gtin.digits14)
                """, logger: logger)
            return version
        }
    }

    public func removeProduct(_ gtin: GTIN) async throws -> CatalogVersionNumber {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT version FROM catalog_head WHERE id = 1 FOR UPDATE", logger: logger)
            let rows = try await connection.query(
                "SELECT 1 FROM products WHERE gtin = \(gtin.digits14) AND removed = 0", logger: logger)
            guard try await rows.collect().count == 1 else { throw ReferentialError(.unknownProduct, gtin.digits14) }
            let version = try await Self.bumpVersion(connection, note: "remove \(gtin.digits14)", logger: logger)
            try await connection.query(
                "UPDATE products SET removed = 1, changed_version = \(version.value) WHERE gtin = \(gtin.digits14)",
                logger: logger)
            return version
        }
    }

    /// Runs `body` in a REPEATABLE READ transaction: the head version and the rows read agree.
    func readSnapshot<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    public func snapshotPage(after: GTIN?, limit: Int) async throws -> (version: CatalogVersionNumber, products: [CatalogProduct]) {
        try await readSnapshot { connection in
            let version = try await Self.headVersion(connection, logger: logger)
            let rows = try await connection.query(
                """
                SELECT document FROM products WHERE removed = 0 AND gtin > \(after?.digits14 ?? "")
                ORDER BY gtin LIMIT \(Int64(limit))
                """, logger: logger)
            var products: [CatalogProduct] = []
            for try await document in rows.decode(String.self) { products.append(try RowDecoding.product(from: document)) }
            return (version, products)
        }
    }

    public func changes(since: CatalogVersionNumber) async throws -> CatalogChanges {
        try await readSnapshot { connection in
            let version = try await Self.headVersion(connection, logger: logger)
            guard since <= version else {
                throw ReferentialError(.unknownCatalogVersion, "since \(since) > current \(version)")
            }
            let rows = try await connection.query(
                """
                SELECT gtin, document, removed FROM products WHERE changed_version > \(since.value)
                ORDER BY changed_version, gtin
                """, logger: logger)
            var upserts: [CatalogProduct] = []
            var removals: [GTIN] = []
            for try await (gtin, document, removed) in rows.decode((String, String, Int).self) {
                if removed != 0 { removals.append(try RowDecoding.gtin(gtin)) } else {
                    upserts.append(try RowDecoding.product(from: document))
                }
            }
            return CatalogChanges(isSnapshot: false, version: version, baseVersion: since, upserts: upserts, removals: removals)
        }
    }

    // MARK: Ingest

    public func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        let prepared = try PreparedIngestItem.prepare(items)
        let received = ProtocolJSON.text(of: Date())
        let results: [UUID: IngestItemResult] = try await client.withTransaction(logger: logger) { connection in
            var results: [UUID: IngestItemResult] = [:]
            for entry in prepared {
                let item = entry.item
                if entry.rejection != nil {
                    let existing = try await fingerprint(of: entry.idText, connection)
                    results[item.id] = existing.map(entry.answerForExisting(fingerprint:)) ?? entry.rejectionResult
                    continue
                }
                // ON CONFLICT waits for a concurrent insert of the same id to commit, then does nothing.
                let inserted = try await connection.query(
                    """
                    INSERT INTO ingest_items (id, store_id, device_id, kind, basket_id, sequence, created_at,
                        received_at, payload, fingerprint)
                    VALUES (\(entry.idText), \(item.storeID.rawValue), \(identity.deviceID.rawValue), \(item.kind.rawValue),
                        \(item.basketID?.uuidString), \(item.sequence), \(ProtocolJSON.text(of: item.createdAt)),
                        \(received), \(entry.payloadText), \(entry.fingerprint))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """, logger: logger
                ).collect()
                guard inserted.count == 1 else {
                    let existing = try await fingerprint(of: entry.idText, connection) ?? ""
                    results[item.id] = entry.answerForExisting(fingerprint: existing)
                    continue
                }
                if let basket = entry.basket {
                    try await connection.query(
                        """
                        INSERT INTO baskets (basket_id, store_id, item_id, total_minor, currency, line_count, closed_at)
                        VALUES (\(basket.basketID.uuidString), \(item.storeID.rawValue), \(entry.idText),
                            \(basket.total.minor), \(basket.total.currency.code), \(basket.lineCount),
                            \(ProtocolJSON.text(of: basket.closedAt)))
                        ON CONFLICT (basket_id) DO NOTHING
                        """, logger: logger)
                }
                if let payment = entry.payment {
                    try await connection.query(
                        """
                        INSERT INTO payments (payment_id, basket_id, store_id, item_id, amount_minor, currency, scheme,
                            pan_last4, paid_at)
                        VALUES (\(payment.paymentID.uuidString), \(payment.basketID.uuidString), \(item.storeID.rawValue),
                            \(entry.idText), \(payment.amount.minor), \(payment.amount.currency.code), \(payment.scheme),
                            \(payment.panLast4), \(ProtocolJSON.text(of: payment.paidAt)))
                        ON CONFLICT (payment_id) DO NOTHING
                        """, logger: logger)
                }
                results[item.id] = IngestItemResult(id: item.id, outcome: .accepted)
            }
            return results
        }
        return try PreparedIngestItem.answers(for: items, prepared: prepared, results: results)
    }

    func fingerprint(of id: String, _ connection: PostgresConnection) async throws -> String? {
        let rows = try await connection.query("SELECT fingerprint FROM ingest_items WHERE id = \(id)", logger: logger)
        for try await value in rows.decode(String.self) { return value }
        return nil
    }

    public func baskets(store: StoreID?) async throws -> [BasketRecord] {
        let filter = store?.rawValue
        let rows = try await client.query(
            """
            SELECT basket_id, store_id, total_minor, currency, line_count, closed_at FROM baskets
            WHERE (\(filter)::TEXT IS NULL OR store_id = \(filter)) ORDER BY closed_at, basket_id
            """, logger: logger)
        var result: [BasketRecord] = []
        for try await (id, store, total, currency, lines, closedAt) in rows.decode(
            (String, String, Int64, String, Int, String).self)
        {
            result.append(
                try RowDecoding.basket(
                    id: id, store: store, totalMinor: total, currency: currency, lineCount: lines, closedAt: closedAt))
        }
        return result
    }

    public func payments(store: StoreID?) async throws -> [PaymentRecord] {
        let filter = store?.rawValue
        let rows = try await client.query(
            """
            SELECT payment_id, basket_id, store_id, amount_minor, currency, scheme, pan_last4, paid_at FROM payments
            WHERE (\(filter)::TEXT IS NULL OR store_id = \(filter)) ORDER BY paid_at, payment_id
            """, logger: logger)
        var result: [PaymentRecord] = []
        for try await (id, basket, store, amount, currency, scheme, last4, paidAt) in rows.decode(
            (String, String, String, Int64, String, String, String?, String).self)
        {
            result.append(
                try RowDecoding.payment(
                    id: id, basket: basket, store: store, amountMinor: amount, currency: currency, scheme: scheme,
                    last4: last4, paidAt: paidAt))
        }
        return result
    }

    public func dayTotals(store: StoreID, day: String) async throws -> [DayTotals] {
        let basketRows = try await client.query(
            """
            SELECT currency, COUNT(*)::BIGINT, COALESCE(SUM(total_minor), 0)::BIGINT FROM baskets
            WHERE store_id = \(store.rawValue) AND substr(closed_at, 1, 10) = \(day) GROUP BY currency
            """, logger: logger)
        var baskets: [(String, Int64, Int64)] = []
        for try await row in basketRows.decode((String, Int64, Int64).self) { baskets.append(row) }
        let paymentRows = try await client.query(
            """
            SELECT currency, COUNT(*)::BIGINT, COALESCE(SUM(amount_minor), 0)::BIGINT FROM payments
            WHERE store_id = \(store.rawValue) AND substr(paid_at, 1, 10) = \(day) GROUP BY currency
            """, logger: logger)
        var payments: [(String, Int64, Int64)] = []
        for try await row in paymentRows.decode((String, Int64, Int64).self) { payments.append(row) }
        return try RowDecoding.dayTotals(store: store, day: day, baskets: baskets, payments: payments)
    }

    public func ingestCounts() async throws -> IngestCounts {
        let rows = try await client.query(
            """
            SELECT (SELECT COUNT(*) FROM ingest_items)::BIGINT, (SELECT COUNT(*) FROM baskets)::BIGINT,
                (SELECT COUNT(*) FROM payments)::BIGINT
            """, logger: logger)
        for try await (items, baskets, payments) in rows.decode((Int64, Int64, Int64).self) {
            return IngestCounts(items: Int(items), baskets: Int(baskets), payments: Int(payments))
        }
        return IngestCounts(items: 0, baskets: 0, payments: 0)
    }

    // MARK: Stock, click & collect, customers

    public func setStock(store: StoreID, gtin: GTIN, quantity: Int64) async throws {
        try await client.query(
            """
            INSERT INTO stock (store_id, gtin, quantity) VALUES (\(store.rawValue), \(gtin.digits14), \(quantity))
            ON CONFLICT (store_id, gtin) DO UPDATE SET quantity = excluded.quantity
            """, logger: logger)
    }

    public func stock(gtin: GTIN) async throws -> [StockLevel] {
        let rows = try await client.query(
            "SELECT store_id, quantity FROM stock WHERE gtin = \(gtin.digits14) ORDER BY store_id", logger: logger)
        var result: [StockLevel] = []
        for try await (store, quantity) in rows.decode((String, Int64).self) {
            result.append(StockLevel(storeID: try RowDecoding.storeID(store), quantity: quantity))
        }
        return result
    }

    public func reserve(_ request: ReservationRequest, for requester: StoreID) async throws -> Reservation {
        let requestText = try RowDecoding.requestText(request)
        guard try await store(request.fulfilmentStoreID) != nil else {
            throw ReferentialError(.unknownStore, request.fulfilmentStoreID.rawValue)
        }
        let now = ProtocolJSON.text(of: Date())
        let status: ReservationStatus = request.mode == .reserve ? .reserved : .ordered
        return try await client.withTransaction(logger: logger) { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO reservations (id, gtin, quantity, requesting_store, fulfilment_store, mode, status,
                    loyalty_card, created_at, request)
                VALUES (\(request.id.uuidString), \(request.gtin.digits14), \(request.quantity), \(requester.rawValue),
                    \(request.fulfilmentStoreID.rawValue), \(request.mode.rawValue), \(status.rawValue),
                    \(request.loyaltyCard), \(now), \(requestText))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            guard inserted.count == 1 else {
                let rows = try await connection.query(
                    "SELECT request, requesting_store, status, created_at FROM reservations WHERE id = \(request.id.uuidString)",
                    logger: logger)
                for try await (stored, storedRequester, storedStatus, createdAt) in rows.decode(
                    (String, String, String, String).self)
                {
                    return try RowDecoding.replayedReservation(
                        request, requestText: requestText, storedText: stored, requester: requester,
                        storedRequester: storedRequester, status: storedStatus, createdAt: createdAt)
                }
                throw ReferentialError(.corruptRow, "reservation \(request.id) vanished")
            }
            if request.mode == .reserve {
                let updated = try await connection.query(
                    """
                    UPDATE stock SET quantity = quantity - \(request.quantity)
                    WHERE store_id = \(request.fulfilmentStoreID.rawValue) AND gtin = \(request.gtin.digits14)
                        AND quantity >= \(request.quantity)
                    RETURNING quantity
                    """, logger: logger
                ).collect()
                guard updated.count == 1 else {
                    throw ReferentialError(
                        .insufficientStock, "\(request.gtin) ×\(request.quantity) at \(request.fulfilmentStoreID)")
                }
            }
            return Reservation(
                id: request.id, gtin: request.gtin, quantity: request.quantity, requestingStoreID: requester,
                fulfilmentStoreID: request.fulfilmentStoreID, status: status, createdAt: try RowDecoding.date(now),
                replayed: false)
        }
    }

    public func upsertCustomer(_ customer: CustomerProfile) async throws {
        try await client.query(
            """
            INSERT INTO customers (card, profile) VALUES (\(customer.card), \(try RowDecoding.customerText(customer)))
            ON CONFLICT (card) DO UPDATE SET profile = excluded.profile
            """, logger: logger)
    }

    public func customer(card: String) async throws -> CustomerProfile? {
        let rows = try await client.query("SELECT profile FROM customers WHERE card = \(card)", logger: logger)
        for try await profile in rows.decode(String.self) { return try RowDecoding.customer(from: profile) }
        return nil
    }
}
