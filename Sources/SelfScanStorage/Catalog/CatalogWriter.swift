import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore

/// Writes catalog records inside the apply transaction. Internal: `CatalogCache.apply` owns the transaction.
struct CatalogWriter {
    let db: Database
    let header: CatalogFileHeader
    private let encoder = JSONEncoder()
    /// Hashes cards that arrive in clear (a local import file): a device never stores a card number.
    private let cardHasher: any LoyaltyCardHashing = PBKDF2CardHasher()
    /// Customers deleted by this file (an erasure at the referential): the cache checkpoints its WAL after.
    private(set) var deletedCustomers = 0
    /// Products inserted (new ids) and deleted by this file: the cache's product count follows from the
    /// previous one without a `COUNT(*)` over the table.
    private(set) var insertedProducts = 0
    private(set) var deletedProducts = 0
    /// Statements of the delta's in-place product updates (CatalogWriter+InPlace.swift).
    var inPlace = CatalogInPlaceStatements()

    /// The per-row statements of a full import, looked up once per apply: `cachedStatement(sql:)` hashes the
    /// whole SQL text at every call (2 % of a snapshot import's CPU, perf 2026-12-04).
    private let insertProductStatement: Statement
    private let insertGTINStatement: Statement
    private let insertStockStatement: Statement

    init(db: Database, header: CatalogFileHeader) throws {
        self.db = db
        self.header = header
        insertProductStatement = try db.cachedStatement(sql: Self.insertProductSQL)
        insertGTINStatement = try db.cachedStatement(sql: "INSERT INTO catalog_gtin (gtin, productRowID) VALUES (?, ?)")
        insertStockStatement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO catalog_stock (productID, storeID, quantity) VALUES (?, ?, ?)")
    }

    private static let insertProductSQL = """
        INSERT INTO catalog_product (id, name, itemReference, pricingUnit, priceMinor, vatBasisPoints,
            minimumAge, saleStopReason, saleStopNote, alwaysAudit, depositProductID, gtins, promotionIDs,
            attributes, department)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Refuses a delta on the wrong base and any step backwards.
    func check(against previous: CatalogState?) throws {
        let current = previous?.version ?? .none
        switch header.kind {
        case .snapshot:
            guard header.catalogVersion >= current else {
                throw CatalogFileError(
                    code: .staleVersion,
                    message: "snapshot \(header.catalogVersion) is older than the cached \(current)")
            }
        case .delta:
            let base = header.baseVersion ?? .none
            guard previous != nil, base == current else {
                throw CatalogFileError(
                    code: .wrongBaseVersion,
                    message: "delta from \(base) to \(header.catalogVersion) does not apply to the cached \(current)"
                        + (previous == nil ? " (empty cache: apply a snapshot first)" : ""))
            }
            guard header.catalogVersion > base else {
                throw CatalogFileError(
                    code: .staleVersion, message: "delta to \(header.catalogVersion) does not move past \(base)")
            }
            if let previous, previous.currency != header.currency {
                throw CatalogFileError(
                    code: .inconsistentRecord,
                    message: "delta in \(header.currency) on a catalog in \(previous.currency): a snapshot is needed")
            }
        }
    }

    /// Empties every catalog table (a snapshot replaces everything).
    func clear() throws {
        try db.execute(
            sql: """
                INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('delete-all');
                DELETE FROM catalog_product; DELETE FROM catalog_gtin; DELETE FROM catalog_promotion;
                DELETE FROM catalog_customer; DELETE FROM catalog_card; DELETE FROM catalog_card_key;
                DELETE FROM catalog_stock; DELETE FROM catalog_suggestion;
                """)
    }

    mutating func apply(_ record: CatalogRecord, line: Int) throws {
        switch record {
        case .product(let product): try upsert(product, line: line)
        case .promotion(let promotion): try upsert(promotion, line: line)
        case .customer(let customer): try upsert(customer, line: line)
        case .cardHashKey(let key):
            guard key.iterations > 0, PBKDF2CardHasher.bytes(hex: key.salt) != nil else {
                throw CatalogFileError(
                    code: .inconsistentRecord, line: line, message: "card-hash key \(key.id) has a bad salt or cost")
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO catalog_card_key (id, salt, iterations) VALUES (?, ?, ?)",
                arguments: [key.id, key.salt, key.iterations])
        case .stock(let stock):
            try insertStockStatement.executeBound([.text(stock.productID.rawValue), .text(stock.storeID.rawValue), .integer(stock.quantity)])
        case .deleteProduct(let id):
            if let rowID = try productRowID(id) {
                try deleteProduct(rowID: rowID)
                deletedProducts += 1
            }
            try db.cachedStatement(sql: "DELETE FROM catalog_stock WHERE productID = ?").executeBound([.text(id.rawValue)])
            try db.cachedStatement(sql: "DELETE FROM catalog_suggestion WHERE productID = ?")
                .executeBound([.text(id.rawValue)])
        case .deletePromotion(let id):
            try db.execute(sql: "DELETE FROM catalog_promotion WHERE id = ?", arguments: [id.rawValue])
        case .suggestions(let value):
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO catalog_suggestion (productID, storeID, body) VALUES (?, ?, ?)"
            ).executeBound([
                .text(value.productID.rawValue), .text(value.storeID?.rawValue ?? ""),
                .text(String(decoding: try encoder.encode(value), as: UTF8.self)),
            ])
        case .deleteCustomer(let id):
            deletedCustomers += 1
            try db.execute(sql: "DELETE FROM catalog_card WHERE customerID = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM catalog_customer WHERE id = ?", arguments: [id.rawValue])
        }
    }

    /// Writes the version row with the product count after this file; a snapshot indexes every name for
    /// search in one pass.
    func finish(now: Date, productCount: Int) throws {
        if header.kind == .snapshot {
            try db.execute(sql: "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')")
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO catalog_state
                    (id, version, currency, publishedAt, appliedAt, lastKind, storeID, productCount)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                header.catalogVersion.rawValue, header.currency.code, Milliseconds.from(header.createdAt),
                Milliseconds.from(now), header.kind.rawValue, header.storeID?.rawValue, productCount,
            ])
    }

    private mutating func upsert(_ product: Product, line: Int) throws {
        guard product.pricing.price.currency == header.currency else {
            throw CatalogFileError(
                code: .inconsistentRecord, line: line,
                message: "product \(product.id) is priced in \(product.pricing.price.currency), "
                    + "the file in \(header.currency)")
        }
        let isDelta = header.kind == .delta
        if isDelta, try updateInPlace(product, line: line) { return }
        let values: [BoundValue] = [.text(product.id.rawValue)] + (try columnValues(of: product))
        do {
            try insertProductStatement.executeBound(values)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw CatalogFileError(
                code: .inconsistentRecord, line: line,
                message: product.itemReference.map { "product \(product.id) appears twice, or its item reference \($0) belongs to another product" }
                    ?? "product \(product.id) appears twice")
        }
        insertedProducts += 1
        let rowID = db.lastInsertedRowID
        if isDelta {
            try db.cachedStatement(sql: "INSERT INTO catalog_product_fts (rowid, name) VALUES (?, ?)")
                .execute(arguments: [rowID, product.name])
        }
        try insertGTINs(of: product, rowID: rowID, line: line)
    }

    /// The columns after `id`, in `catalog_product`'s order (name … promotionIDs, attributes, department).
    func columnValues(of product: Product) throws -> [BoundValue] {
        let (unit, minor): (String, Int64) =
            switch product.pricing {
            case .unit(let money): ("unit", money.minor)
            case .perKilogram(let money): ("kg", money.minor)
            }
        return [
            .text(product.name), .text(product.itemReference), .text(unit),
            .integer(minor), .integer(Int64(product.vatRate.basisPoints)), .integer(product.minimumAge.map(Int64.init)),
            .text(product.saleStop?.reason.rawValue), .text(product.saleStop?.note),
            .integer(product.alwaysAudit ? 1 : 0), .text(product.depositProductID?.rawValue),
            .text(product.gtins.map(\.digits14).joined(separator: " ")),
            .text(product.promotionIDs.map(\.rawValue).joined(separator: StoredCatalogLookup.listSeparator)),
            .text(try product.attributes.map { String(decoding: try encoder.encode($0), as: UTF8.self) }),
            .text(product.attributes?.department),
        ]
    }

    func insertGTINs(of product: Product, rowID: Int64, line: Int) throws {
        let gtinStatement = insertGTINStatement
        for gtin in product.gtins {
            guard let key = Int64(gtin.digits14) else { continue }
            do {
                try gtinStatement.executeBound([.integer(key), .integer(rowID)])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                let owner = try String.fetchOne(
                    db,
                    sql: "SELECT p.id FROM catalog_gtin g JOIN catalog_product p ON p.rowid = g.productRowID WHERE g.gtin = ?",
                    arguments: [key]) ?? "?"
                throw CatalogFileError(
                    code: .inconsistentRecord, line: line,
                    message: "GTIN \(gtin) of product \(product.id) already belongs to product \(owner)")
            }
        }
    }

    private func productRowID(_ id: ProductID) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT rowid FROM catalog_product WHERE id = ?"), arguments: [id.rawValue])
    }

    private func deleteProduct(rowID: Int64) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO catalog_product_fts (catalog_product_fts, rowid, name)
                    SELECT 'delete', rowid, name FROM catalog_product WHERE rowid = ?
                """
        ).executeBound([.integer(rowID)])
        try db.cachedStatement(sql: "DELETE FROM catalog_gtin WHERE productRowID = ?").executeBound([.integer(rowID)])
        try db.cachedStatement(sql: "DELETE FROM catalog_product WHERE rowid = ?").executeBound([.integer(rowID)])
    }

    private func upsert(_ promotion: Promotion, line: Int) throws {
        let couponCode: String? =
            if case .coupon(let code, _, _, _) = promotion.kind { code } else { nil }
        let body = String(decoding: try encoder.encode(promotion), as: UTF8.self)
        try db.execute(sql: "DELETE FROM catalog_promotion WHERE id = ?", arguments: [promotion.id.rawValue])
        do {
            try db.execute(
                sql: "INSERT INTO catalog_promotion (id, kind, couponCode, body) VALUES (?, ?, ?, ?)",
                arguments: [promotion.id.rawValue, promotion.kind.name, couponCode, body])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw CatalogFileError(
                code: .inconsistentRecord, line: line,
                message: "coupon code \(couponCode ?? "") of promotion \(promotion.id) belongs to another promotion")
        }
    }

    private func upsert(_ incoming: LoyaltyCustomer, line: Int) throws {
        var customer = incoming
        if !incoming.cardCodes.isEmpty {
            let key = try localCardHashKey()
            customer = incoming.replacingCards(
                with: incoming.cardHashes + incoming.cardCodes.map { cardHasher.hash(cardCode: $0, key: key) })
        }
        let body = String(decoding: try encoder.encode(customer), as: UTF8.self)
        if header.kind == .delta {
            try db.cachedStatement(sql: "DELETE FROM catalog_card WHERE customerID = ?")
                .executeBound([.text(customer.id.rawValue)])
        }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO catalog_customer (id, body) VALUES (?, ?)")
            .executeBound([.text(customer.id.rawValue), .text(body)])
        for card in customer.cardHashes {
            do {
                try db.cachedStatement(sql: "INSERT INTO catalog_card (keyID, hash, customerID) VALUES (?, ?, ?)")
                    .executeBound([.text(card.keyID), .text(card.hash), .text(customer.id.rawValue)])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                // Never the card (nor its hash) in the message: the customer id is pseudonymous.
                throw CatalogFileError(
                    code: .inconsistentRecord, line: line,
                    message: "a card of customer \(customer.id) belongs to another customer")
            }
        }
    }

    /// The key cards in clear are hashed with here: the cache's first key, or a new random one.
    private func localCardHashKey() throws -> CardHashKey {
        if let row = try Row.fetchOne(db, sql: "SELECT id, salt, iterations FROM catalog_card_key ORDER BY id LIMIT 1") {
            return CardHashKey(id: row["id"], salt: row["salt"], iterations: row["iterations"])
        }
        let key = PBKDF2CardHasher.newKey()
        try db.execute(
            sql: "INSERT INTO catalog_card_key (id, salt, iterations) VALUES (?, ?, ?)",
            arguments: [key.id, key.salt, key.iterations])
        return key
    }
}
