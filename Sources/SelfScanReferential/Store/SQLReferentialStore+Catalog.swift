public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// A catalog record as stored: its table key and its catalog-format JSON.
struct StoredRecord: Sendable {
    let type: String
    let key: String
    let document: String
    let deleted: Bool
    let record: CatalogRecord

    init(_ record: CatalogRecord) throws {
        self.record = record
        document = String(decoding: try ProtocolJSON.encoder().encode(record), as: UTF8.self)
        switch record {
        case .product(let product): (type, key, deleted) = ("product", product.id.rawValue, false)
        case .promotion(let promotion): (type, key, deleted) = ("promotion", promotion.id.rawValue, false)
        case .customer(let customer): (type, key, deleted) = ("customer", customer.id.rawValue, false)
        case .cardHashKey(let cardKey): (type, key, deleted) = ("cardHashKey", cardKey.id, false)
        case .stock(let level): (type, key, deleted) = ("stock", StoredRecord.stockKey(level.productID, level.storeID), false)
        case .deleteProduct(let id): (type, key, deleted) = ("product", id.rawValue, true)
        case .deletePromotion(let id): (type, key, deleted) = ("promotion", id.rawValue, true)
        case .deleteCustomer(let id): (type, key, deleted) = ("customer", id.rawValue, true)
        case .suggestions(let value): (type, key, deleted) = ("suggestions", value.key, false)
        }
    }

    static func stockKey(_ product: ProductID, _ store: StoreID) -> String { "\(product.rawValue)@\(store.rawValue)" }

    /// Catalog-format order: promotions before the products and customers that name them, stock last;
    /// deletions of a version before its upserts (a GTIN freed by a deletion may be reused). The record type last
    /// makes the order total (two types of the last group may share a key); snapshot pages walk the same order
    /// (`SQLReferentialStore+SnapshotPages.swift`).
    static let orderBy: SQLStatement = """
        deleted DESC, CASE record_type WHEN 'cardHashKey' THEN -1 WHEN 'promotion' THEN 0 WHEN 'product' THEN 1 WHEN 'customer' THEN 2 ELSE 3 END,
        record_key, record_type
        """

    /// The record types ordered by themselves, in `orderBy`'s order; the other types come after, by key then type.
    static let orderedTypes = ["cardHashKey", "promotion", "product", "customer"]
}

extension SQLReferentialStore {
    /// One autocommit statement (no BEGIN/COMMIT round trips): every device's poll asks it.
    public func currentCatalogVersion() async throws -> CatalogVersion {
        CatalogVersion(try await backend.query("SELECT version FROM catalog_head WHERE id = 1").first?.first?.int ?? 0)
    }

    static func head(_ session: any SQLSession) async throws -> (version: CatalogVersion, currency: Currency?) {
        let row = try await session.rows("SELECT version, currency FROM catalog_head WHERE id = 1").first ?? []
        let currency = try row.count > 1 ? row[1].string.map { try RowDecoding.currency($0) } : nil
        return (CatalogVersion(row.first?.int ?? 0), currency)
    }

    public func publish(_ records: [CatalogRecord], note: String) async throws -> CatalogVersion {
        let stored = try await hashingClearCards(records).map(StoredRecord.init)
        return try await backend.transaction { session in try await Self.publish(stored, note: note, in: session) }
    }

    /// Writes the records that differ from what is stored, under one new version. The head row is updated
    /// first: in PostgreSQL its row lock serialises catalog writers, so versions never interleave. Large
    /// publishes (imports) read and write in multi-row statements.
    static func publish(_ records: [StoredRecord], note: String, in session: any SQLSession) async throws -> CatalogVersion {
        try await session.rows("UPDATE catalog_head SET version = version WHERE id = 1")
        let head = try await head(session)
        var currency = head.currency
        // The last record of a key wins (one statement may not touch a row twice).
        var latest: [String: Int] = [:]
        for (index, record) in records.enumerated() { latest[record.type + "\u{1F}" + record.key] = index }
        let unique = records.enumerated().filter { latest[$0.element.type + "\u{1F}" + $0.element.key] == $0.offset }
            .map(\.element)
        for record in unique {
            if case .product(let product) = record.record {
                let priceCurrency = product.pricing.price.currency
                if currency == nil { currency = priceCurrency }
                guard currency == priceCurrency else {
                    throw ReferentialError(
                        .invalidImport,
                        "\(product.id) is priced in \(priceCurrency), the catalog in \(currency.map { "\($0)" } ?? "?")")
                }
            }
        }
        let existing = try await existingRecords(for: unique, in: session)
        let changed = unique.filter { record in
            guard let stored = existing[record.type + "\u{1F}" + record.key] else { return !record.deleted }
            if record.deleted { return !stored.deleted }
            return stored.deleted || stored.document != record.document
        }
        guard !changed.isEmpty else { return head.version }
        let version = CatalogVersion(head.version.rawValue + 1)
        try await session.rows(
            "UPDATE catalog_head SET version = \(version.rawValue), currency = \(currency?.code) WHERE id = 1")
        try await session.rows(
            """
            INSERT INTO catalog_versions (version, created_at, note)
                VALUES (\(version.rawValue), \(ProtocolJSON.text(of: Date())), \(note))
            """)
        for chunk in chunks(changed) {
            try await session.rows(
                """
                INSERT INTO catalog_records (record_type, record_key, document, changed_version, deleted)
                VALUES \(rows: chunk.map { record -> [SQLValue] in
                    [.text(record.type), .text(record.key), .text(record.document), .integer(version.rawValue),
                     .integer(record.deleted ? 1 : 0)]
                })
                ON CONFLICT (record_type, record_key) DO UPDATE SET document = excluded.document,
                    changed_version = excluded.changed_version, deleted = excluded.deleted
                """)
        }
        try await index(changed, in: session)
        return version
    }

    /// Stored documents of the records' keys: one query per type for large publishes, one per key for small.
    static func existingRecords(
        for records: [StoredRecord], in session: any SQLSession
    ) async throws -> [String: (document: String, deleted: Bool)] {
        var result: [String: (document: String, deleted: Bool)] = [:]
        for chunk in chunks(records) {
            let rows = try await session.rows(
                """
                SELECT record_type, record_key, document, deleted FROM catalog_records
                WHERE (record_type, record_key) IN (VALUES \(rows: chunk.map { [.text($0.type), .text($0.key)] }))
                """)
            for row in rows {
                result[try RowDecoding.text(row, 0) + "\u{1F}" + RowDecoding.text(row, 1)] =
                    (try RowDecoding.text(row, 2), try RowDecoding.int(row, 3) != 0)
            }
        }
        return result
    }

    /// Keeps the GTIN and card lookup tables in step with written records.
    static func index(_ records: [StoredRecord], in session: any SQLSession) async throws {
        var productIDs: [String] = []
        var gtins: [String: String] = [:]
        var customerIDs: [String] = []
        var cards: [String: String] = [:]
        for record in records {
            switch record.record {
            case .product(let product):
                productIDs.append(product.id.rawValue)
                for gtin in product.gtins { gtins[gtin.digits14] = product.id.rawValue }
            case .deleteProduct(let id):
                productIDs.append(id.rawValue)
                // A deleted product's stock goes with it (catalog format): no separate record is published.
                try await session.rows(
                    "DELETE FROM catalog_records WHERE record_type = 'stock' AND record_key LIKE \("\(id.rawValue)@%")")
                // And so do its suggestions (daemons drop theirs with the product).
                try await session.rows(
                    """
                    DELETE FROM catalog_records WHERE record_type = 'suggestions'
                        AND record_key LIKE \("\(id.rawValue)@%")
                    """)
            case .customer(let customer):
                customerIDs.append(customer.id.rawValue)
                for card in customer.cardHashes { cards[card.keyID + ":" + card.hash] = customer.id.rawValue }
            case .deleteCustomer(let id):
                customerIDs.append(id.rawValue)
            case .promotion, .stock, .deletePromotion, .cardHashKey, .suggestions:
                break
            }
        }
        try await Self.replaceIndexRows(
            of: productIDs, with: gtins, table: .productGTINs, in: session)
        try await Self.replaceIndexRows(
            of: customerIDs, with: cards, table: .customerCards, in: session)
    }

    /// A lookup table kept beside the catalog records: key → owner (a GTIN → its product, a card hash → its
    /// customer). Names are constants here, never input.
    struct IndexTable {
        let name: SQLStatement, key: SQLStatement, owner: SQLStatement
        static let productGTINs = IndexTable(name: "product_gtins", key: "gtin", owner: "product_id")
        static let customerCards = IndexTable(name: "customer_cards", key: "card", owner: "customer_id")
    }

    /// Drops every row of `owners` from `table`, then writes `rows` (key → owner), a key moving to its new owner:
    /// in slices, so no statement binds more values than either backend allows.
    static func replaceIndexRows(
        of owners: [String], with rows: [String: String], table: IndexTable, in session: any SQLSession
    ) async throws {
        for chunk in chunks(owners) {
            try await session.rows("DELETE FROM \(table.name) WHERE \(table.owner) IN \(list: chunk)")
        }
        for chunk in chunks(rows.sorted { $0.key < $1.key }) {
            try await session.rows(
                """
                INSERT INTO \(table.name) (\(table.key), \(table.owner)) VALUES
                    \(rows: chunk.map { [.text($0.key), .text($0.value)] })
                ON CONFLICT (\(table.key)) DO UPDATE SET \(table.owner) = excluded.\(table.owner)
                """)
        }
    }

    /// Slices of at most 150 rows (≤ 1,800 bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535).
    static func chunks<T>(_ elements: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: elements.count, by: 150).map { elements[$0..<min($0 + 150, elements.count)] }
    }

    public func setPrice(gtin: GTIN, to price: Money) async throws -> CatalogVersion {
        try await backend.transaction { session in
            guard let product = try await Self.product(gtin: gtin, in: session) else {
                throw ReferentialError(.unknownProduct, gtin.digits14)
            }
            let pricing: ProductPricing
            switch product.pricing {
            case .unit: pricing = .unit(price)
            case .perKilogram: pricing = .perKilogram(price)
            }
            let changed = Product(
                id: product.id, gtins: product.gtins, itemReference: product.itemReference, name: product.name,
                pricing: pricing, vatRate: product.vatRate, minimumAge: product.minimumAge, saleStop: product.saleStop,
                alwaysAudit: product.alwaysAudit, depositProductID: product.depositProductID,
                promotionIDs: product.promotionIDs)
            return try await Self.publish(
                [try StoredRecord(.product(changed))], note: "price \(gtin.digits14) \(price)", in: session)
        }
    }

    public func product(gtin: GTIN) async throws -> Product? {
        try await backend.read { session in try await Self.product(gtin: gtin, in: session) }
    }

    static func product(gtin: GTIN, in session: any SQLSession) async throws -> Product? {
        let rows = try await session.rows(
            """
            SELECT r.document FROM product_gtins g JOIN catalog_records r
                ON r.record_type = 'product' AND r.record_key = g.product_id AND r.deleted = 0
            WHERE g.gtin = \(gtin.digits14)
            """)
        guard let row = rows.first else { return nil }
        guard case .product(let product) = try RowDecoding.record(try RowDecoding.text(row, 0)) else {
            throw ReferentialError(.corruptRow, "product record of \(gtin) is not a product")
        }
        return product
    }

    public func catalog(since: CatalogVersion?) async throws -> CatalogExtract {
        try await backend.read { session in
            let head = try await Self.head(session)
            let rows: [[SQLValue]]
            if let since {
                guard since <= head.version else {
                    throw ReferentialError(.unknownCatalogVersion, "since \(since) > current \(head.version)")
                }
                rows = try await session.rows(
                    """
                    SELECT document FROM catalog_records WHERE changed_version > \(since.rawValue)
                    ORDER BY changed_version, \(StoredRecord.orderBy)
                    """)
            } else {
                rows = try await session.rows(
                    "SELECT document FROM catalog_records WHERE deleted = 0 ORDER BY \(StoredRecord.orderBy)")
            }
            let published = try await session.rows(
                "SELECT created_at FROM catalog_versions WHERE version = \(head.version.rawValue)"
            ).first.map { try RowDecoding.date(try RowDecoding.text($0, 0)) }
            return CatalogExtract(
                version: head.version, publishedAt: published ?? Date(timeIntervalSince1970: 0),
                currency: head.currency ?? .eur,
                records: try rows.map { try RowDecoding.record(try RowDecoding.text($0, 0)) })
        }
    }

    // MARK: Stock, click & collect, customers

    public func stock(gtin: GTIN) async throws -> (productID: ProductID, levels: [StoreStock])? {
        try await backend.read { session in
            guard let product = try await Self.product(gtin: gtin, in: session) else { return nil }
            let names = Dictionary(
                try await session.rows("SELECT id, name FROM stores").map {
                    (try RowDecoding.text($0, 0), try RowDecoding.text($0, 1))
                },
                uniquingKeysWith: { first, _ in first })
            return (
                product.id,
                try await Self.stockLevels(of: product.id, in: session).map {
                    StoreStock(storeID: $0.storeID, quantity: $0.quantity, name: names[$0.storeID.rawValue])
                }
            )
        }
    }

    static func stockLevels(of product: ProductID, in session: any SQLSession) async throws -> [StoreStock] {
        try await session.rows(
            """
            SELECT document FROM catalog_records WHERE record_type = 'stock'
                AND record_key LIKE \("\(product.rawValue)@%") AND deleted = 0 ORDER BY record_key
            """
        ).compactMap { row in
            guard case .stock(let level) = try RowDecoding.record(try RowDecoding.text(row, 0)),
                level.productID == product
            else { return nil }
            return StoreStock(storeID: level.storeID, quantity: level.quantity)
        }
    }

    /// The customer holding `card`: the card is hashed under each key (the referential keeps no card number).
    public func customer(card: String) async throws -> CustomerAnswer? {
        let keys = try await cardHashKeys()
        let hashes = keys.map { PBKDF2CardHasher().hash(cardCode: card, key: $0) }
        return try await backend.read { session in
            var found: CatalogRecord?
            for hash in hashes {
                if let row = try await session.rows(
                    """
                    SELECT r.document FROM customer_cards c JOIN catalog_records r
                        ON r.record_type = 'customer' AND r.record_key = c.customer_id AND r.deleted = 0
                    WHERE c.card = \(hash.keyID + ":" + hash.hash)
                    """).first {
                    found = try RowDecoding.record(try RowDecoding.text(row, 0))
                    break
                }
            }
            guard case .customer(let customer) = found else { return nil }
            var offers: [Promotion] = []
            for id in customer.usablePersonalOffers {
                let rows = try await session.rows(
                    """
                    SELECT document FROM catalog_records WHERE record_type = 'promotion'
                        AND record_key = \(id.rawValue) AND deleted = 0
                    """)
                if let row = rows.first, case .promotion(let promotion) = try RowDecoding.record(try RowDecoding.text(row, 0)) {
                    offers.append(promotion)
                }
            }
            return CustomerAnswer(customer: customer, offers: offers)
        }
    }
}
