import Foundation
import GRDB
public import SelfScanAPI
public import SelfScanCore

/// The core's `CatalogLookup` answered from the SQLite cache, so the basket prices offline.
/// Each call is one short read (a GTIN lookup is one probe of an INTEGER primary key plus the product row).
public struct StoredCatalogLookup: CatalogLookup, Sendable {
    public let database: StoreDatabase
    public let version: CatalogVersion
    public let currency: Currency

    static let listSeparator = "\u{1F}"

    public init(database: StoreDatabase, version: CatalogVersion, currency: Currency) {
        self.database = database
        self.version = version
        self.currency = currency
    }

    /// The product columns in the order `product(at:currency:)` reads them (positional: no name lookup per row).
    static let productColumns = """
        p.id, p.gtins, p.itemReference, p.name, p.pricingUnit, p.priceMinor, p.vatBasisPoints, p.minimumAge,
        p.saleStopReason, p.saleStopNote, p.alwaysAudit, p.depositProductID, p.promotionIDs
        """

    public func product(id: ProductID) throws(CatalogLookupError) -> Product? {
        try fetchProduct(sql: Self.productByIDSQL, key: id.rawValue)
    }

    public func product(gtin: GTIN) throws(CatalogLookupError) -> Product? {
        guard let key = Int64(gtin.digits14) else { return nil }
        return try fetchProduct(sql: Self.productByGTINSQL, key: key)
    }

    public func product(itemReference: String) throws(CatalogLookupError) -> Product? {
        try fetchProduct(sql: Self.productByItemReferenceSQL, key: itemReference)
    }

    /// Decoded once per catalog version (`StoreDatabaseCaches`).
    public func promotion(id: PromotionID) throws(CatalogLookupError) -> Promotion? {
        try database.caches.promotion(id: id, version: version) { () throws(CatalogLookupError) in
            try fetchBodies(Promotion.self, sql: "SELECT body FROM catalog_promotion WHERE id = ?", id.rawValue).first
        }
    }

    public func couponPromotion(code: String) throws(CatalogLookupError) -> Promotion? {
        try fetchBodies(Promotion.self, sql: "SELECT body FROM catalog_promotion WHERE couponCode = ?", code).first
    }

    /// Read once per catalog version (the totals ask for them at every scan), through the `kind` index.
    public func basketThresholdPromotions() throws(CatalogLookupError) -> [Promotion] {
        try database.caches.thresholdPromotions(version: version) { () throws(CatalogLookupError) in
            try fetchBodies(
                Promotion.self, sql: "SELECT body FROM catalog_promotion WHERE kind = ? ORDER BY id", "basketThreshold")
        }
    }

    public func customer(id: CustomerID) throws(CatalogLookupError) -> LoyaltyCustomer? {
        try fetchBodies(LoyaltyCustomer.self, sql: "SELECT body FROM catalog_customer WHERE id = ?", id.rawValue).first
    }

    /// Hashes the scanned card under each card-hash key of the cache (usually one; ≈ 40 ms each,
    /// docs/privacy.md) and looks the hash up: the cache holds no card number.
    public func customer(cardCode: String) throws(CatalogLookupError) -> LoyaltyCustomer? {
        let keys = try run { db in
            try Row.fetchAll(db, sql: "SELECT id, salt, iterations FROM catalog_card_key ORDER BY id").map {
                CardHashKey(id: $0["id"], salt: $0["salt"], iterations: $0["iterations"])
            }
        }
        let hasher = PBKDF2CardHasher()
        for key in keys {
            let card = hasher.hash(cardCode: cardCode, key: key)
            let body = try run { db in
                try String.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT c.body FROM catalog_card k JOIN catalog_customer c ON c.id = k.customerID
                            WHERE k.keyID = ? AND k.hash = ?
                            """), arguments: [card.keyID, card.hash])
            }
            if let body {
                do {
                    return try JSONDecoder().decode(LoyaltyCustomer.self, from: Data(body.utf8))
                } catch {
                    throw CatalogLookupError.storeUnavailable(code: StorageError.Code.invalidStoredData.rawValue)
                }
            }
        }
        return nil
    }

    /// The promotions a product lists (for staff lookups and the CLI), in the product's order.
    public func promotions(of product: Product) throws(CatalogLookupError) -> [Promotion] {
        var promotions: [Promotion] = []
        for id in product.promotionIDs {
            if let promotion = try promotion(id: id) { promotions.append(promotion) }
        }
        return promotions
    }

    /// Stock levels of a product in every store known to the cache.
    public func stock(of id: ProductID) throws(CatalogLookupError) -> [StockLevel] {
        try run { db in
            try Row.fetchAll(
                db, sql: "SELECT storeID, quantity FROM catalog_stock WHERE productID = ? ORDER BY storeID",
                arguments: [id.rawValue]
            ).map { StockLevel(productID: id, storeID: StoreID($0["storeID"] as String), quantity: $0["quantity"]) }
        }
    }

    /// Products whose name matches every word of `text` (as a prefix), accents and case folded
    /// ("pâté" finds "Pate", "pat" finds "Pâté"), best match first (FTS5 bm25).
    public func search(name text: String, limit: Int = 20) throws(CatalogLookupError) -> [Product] {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard !words.isEmpty else { return [] }
        let query = words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }.joined(separator: " ")
        let currency = currency
        return try run { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.* FROM catalog_product_fts f JOIN catalog_product p ON p.rowid = f.rowid
                    WHERE catalog_product_fts MATCH ? ORDER BY rank LIMIT ?
                    """, arguments: [query, limit]
            ).map { try StoredCatalogLookup.product(from: $0, currency: currency) }
        }
    }

    /// One product by a key, through the statement cached on the lookup connection, its row read by position
    /// (`StoredCatalogLookup+Positional.swift`).
    private func fetchProduct(sql: String, key: Int64) throws(CatalogLookupError) -> Product? {
        let currency = currency
        return try run { db in
            try db.cachedStatement(sql: sql).withFirstRow(binding: key) { row in
                try StoredCatalogLookup.product(at: row, currency: currency)
            }
        }
    }

    private func fetchProduct(sql: String, key: String) throws(CatalogLookupError) -> Product? {
        let currency = currency
        return try run { db in
            try db.cachedStatement(sql: sql).withFirstRow(binding: key) { row in
                try StoredCatalogLookup.product(at: row, currency: currency)
            }
        }
    }

    private func fetchBodies<T: Decodable & Sendable>(
        _ type: T.Type, sql: String, _ key: some DatabaseValueConvertible & Sendable
    ) throws(CatalogLookupError) -> [T] {
        try run { db in
            let decoder = JSONDecoder()
            return try String.fetchAll(db.cachedStatement(sql: sql), arguments: [key]).map {
                try decoder.decode(T.self, from: Data($0.utf8))
            }
        }
    }

    /// Every query here is a single SELECT, which SQLite runs on one consistent snapshot by itself: the
    /// explicit read transaction `read` would add (BEGIN + COMMIT per lookup) buys nothing, so `unsafeRead`.
    /// They run on the database's dedicated lookup connection (`StoreDatabaseCaches.lookupConnection`), or on
    /// the pool when it could not be opened.
    private func run<T>(_ body: (Database) throws -> T) throws(CatalogLookupError) -> T {
        do {
            if let connection = database.caches.lookupConnection() { return try connection.inDatabase(body) }
            return try database.writer.unsafeRead(body)
        } catch {
            throw CatalogLookupError.storeUnavailable(
                code: StorageError.wrapping(error, doing: "catalog lookup").code.rawValue)
        }
    }

    /// Rebuilds the core `Product` from its columns (no JSON on the hot path: the attributes JSON is decoded
    /// only when `withAttributes`, for shelf pages and labels).
    static func product(from row: Row, currency: Currency, withAttributes: Bool = false) throws -> Product {
        let unit: String = row["pricingUnit"]
        let price = Money(minor: row["priceMinor"], currency: currency)
        let gtinText: String = row["gtins"]
        let promotionText: String = row["promotionIDs"]
        let saleStopReason: String? = row["saleStopReason"]
        let deposit: String? = row["depositProductID"]
        let attributesJSON: String? = withAttributes ? row["attributes"] : nil
        return Product(
            id: ProductID(row["id"] as String),
            gtins: try gtinText.split(separator: " ").map { try GTIN(String($0)) },
            itemReference: row["itemReference"],
            name: row["name"],
            pricing: unit == "kg" ? .perKilogram(price) : .unit(price),
            vatRate: try VATRate(basisPoints: row["vatBasisPoints"]),
            minimumAge: row["minimumAge"],
            saleStop: saleStopReason.map { SaleStop(reason: SaleStopReason(rawValue: $0) ?? .other, note: row["saleStopNote"]) },
            alwaysAudit: row["alwaysAudit"],
            depositProductID: deposit.map { ProductID($0) },
            promotionIDs: promotionText.isEmpty
                ? [] : promotionText.split(separator: Character(listSeparator)).map { PromotionID(String($0)) },
            attributes: try attributesJSON.map {
                try JSONDecoder().decode(ProductAttributes.self, from: Data($0.utf8))
            })
    }
}
