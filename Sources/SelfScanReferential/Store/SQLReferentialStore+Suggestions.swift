import Foundation
public import SelfScanAPI
public import SelfScanCore

/// What one suggestions publish did.
public struct SuggestionPublishResult: Sendable, Hashable, Codable {
    /// The catalog version after the publish (unchanged when no record changed).
    public let catalogVersion: CatalogVersion
    /// (store or chain, product) records computed.
    public let computed: Int
    /// Records whose content changed (published under `catalogVersion`).
    public let published: Int

    public init(catalogVersion: CatalogVersion, computed: Int, published: Int) {
        self.catalogVersion = catalogVersion
        self.computed = computed
        self.published = published
    }
}

/// Publishes `suggestions` catalog records for what changed since the last publish: the (store, product) whose
/// basket counts moved (and the same products chain-wide), and, for substitutes, the products of every category
/// where a product or a stock level changed. Records travel to daemons in the next catalog delta.
extension SQLReferentialStore {
    /// Most complements and substitutes a record lists.
    static let suggestionsPerRecord = 5
    /// Most (store, product) pairs of `suggestion_dirty` one publish takes (the rest waits for the next one).
    static let dirtyPerPublish = 5_000

    public func publishSuggestions() async throws -> SuggestionPublishResult {
        try await backend.transaction { session in try await Self.publishSuggestions(in: session) }
    }

    static func publishSuggestions(in session: any SQLSession) async throws -> SuggestionPublishResult {
        // The head row first: catalog writers wait for this publish (and it for them), so the changes read
        // below are exactly those before the version this publish records.
        try await session.rows("UPDATE catalog_head SET version = version WHERE id = 1")
        let since = try await session.rows("SELECT catalog_version FROM suggestion_state WHERE id = 1")
            .first.map { try RowDecoding.int($0, 0) } ?? 0
        let dirty = try await session.rows(
            "SELECT store_id, product_id FROM suggestion_dirty ORDER BY store_id, product_id LIMIT \(dirtyPerPublish)"
        ).map { (store: try RowDecoding.text($0, 0), product: ProductID(try RowDecoding.text($0, 1))) }
        let changed = try await session.rows(
            """
            SELECT record_type, record_key FROM catalog_records
            WHERE changed_version > \(since) AND record_type IN ('product', 'stock')
            """).map { (type: try RowDecoding.text($0, 0), key: try RowDecoding.text($0, 1)) }
        guard !dirty.isEmpty || !changed.isEmpty else {
            return SuggestionPublishResult(catalogVersion: try await head(session).version, computed: 0, published: 0)
        }
        let catalog = try await SuggestionCatalog.load(in: session)
        // Targets: `nil` store = chain-wide.
        var targets = Set<SuggestionTarget>()
        for entry in dirty {
            targets.insert(SuggestionTarget(store: entry.store, product: entry.product))
            targets.insert(SuggestionTarget(store: nil, product: entry.product))
        }
        for change in changed {
            if change.type == "stock", let at = change.key.lastIndex(of: "@") {
                let product = ProductID(String(change.key[..<at]))
                let store = String(change.key[change.key.index(after: at)...])
                for member in catalog.categoryMembers(of: product) {
                    targets.insert(SuggestionTarget(store: store, product: member))
                }
            } else if change.type == "product" {
                for member in catalog.categoryMembers(of: ProductID(change.key)) {
                    targets.insert(SuggestionTarget(store: nil, product: member))
                }
            }
        }
        var records: [StoredRecord] = []
        for target in targets.sorted() {
            guard let product = catalog.products[target.product] else { continue }
            let (basketCount, found) = try await Self.rules(
                from: product.id, store: target.store, limit: suggestionsPerRecord, in: session)
            let links = (product.attributes?.links.complements ?? []).filter { catalog.products[$0] != nil }
                .map { ProductSuggestion(productID: $0, reason: .catalogLink) }
            var seen = Set(links.map(\.productID))
            let complements = links + found.filter { catalog.products[$0.consequent] != nil }
                .map(ProductSuggestion.init(rule:)).filter { seen.insert($0.productID).inserted }
            let store = target.store.map { StoreID($0) }
            let substitutes = SubstituteRanking.rank(
                product, candidates: catalog.sameCategory(as: product), limit: suggestionsPerRecord,
                inStock: { candidate in
                    guard let store else { return catalog.onHandAnywhere(candidate) }
                    return (catalog.stock[candidate]?[store] ?? 0) > 0
                })
            records.append(
                try StoredRecord(
                    .suggestions(
                        ProductSuggestions(
                            productID: product.id, storeID: store, basketCount: basketCount,
                            complements: Array(complements.prefix(suggestionsPerRecord)), substitutes: substitutes))))
        }
        let before = try await head(session).version
        let version = try await publish(records, note: "suggestions", in: session)
        for chunk in chunks(dirty) {
            try await session.rows(
                """
                DELETE FROM suggestion_dirty
                WHERE (store_id, product_id) IN (VALUES
                    \(rows: chunk.map { [.text($0.store), .text($0.product.rawValue)] }))
                """)
        }
        try await session.rows("UPDATE suggestion_state SET catalog_version = \(version.rawValue) WHERE id = 1")
        var published = 0
        if version != before {
            published = try await session.rows(
                """
                SELECT COUNT(*) FROM catalog_records WHERE changed_version = \(version.rawValue)
                    AND record_type = 'suggestions'
                """
            ).first.map { Int(try RowDecoding.int($0, 0)) } ?? 0
        }
        return SuggestionPublishResult(catalogVersion: version, computed: records.count, published: published)
    }
}

/// A record to compute: one product in one store, or chain-wide (`store` nil).
struct SuggestionTarget: Hashable, Comparable {
    let store: String?
    let product: ProductID

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.store ?? "", lhs.product.rawValue) < (rhs.store ?? "", rhs.product.rawValue)
    }
}

/// The live products and stock levels a publish ranks substitutes from (read once per publish that has work).
struct SuggestionCatalog {
    let products: [ProductID: Product]
    /// Product → store → units on hand.
    let stock: [ProductID: [StoreID: Int64]]
    /// "department\u{1F}category" → products.
    let byCategory: [String: [Product]]

    static func load(in session: any SQLSession) async throws -> SuggestionCatalog {
        var products: [ProductID: Product] = [:]
        var stock: [ProductID: [StoreID: Int64]] = [:]
        for row in try await session.rows(
            "SELECT document FROM catalog_records WHERE record_type IN ('product', 'stock') AND deleted = 0")
        {
            switch try RowDecoding.record(try RowDecoding.text(row, 0)) {
            case .product(let product): products[product.id] = product
            case .stock(let level): stock[level.productID, default: [:]][level.storeID] = level.quantity
            default: break
            }
        }
        var byCategory: [String: [Product]] = [:]
        for product in products.values {
            guard let key = categoryKey(product) else { continue }
            byCategory[key, default: []].append(product)
        }
        return SuggestionCatalog(products: products, stock: stock, byCategory: byCategory)
    }

    static func categoryKey(_ product: Product) -> String? {
        guard let department = product.attributes?.department, let category = product.attributes?.category else {
            return nil
        }
        return department + "\u{1F}" + category
    }

    /// The product and every product of its category (just the product when it has none).
    func categoryMembers(of id: ProductID) -> [ProductID] {
        guard let product = products[id], let key = Self.categoryKey(product) else { return [id] }
        return (byCategory[key] ?? []).map(\.id) + [id]
    }

    /// The products of the same category plus its explicit substitutes (the ranking's candidates).
    func sameCategory(as product: Product) -> [Product] {
        let linked = (product.attributes?.links.substitutes ?? []).compactMap { products[$0] }
        return linked + (Self.categoryKey(product).flatMap { byCategory[$0] } ?? [])
    }

    /// Chain-wide: on hand in some store (or no stock figure at all: the chain does not track it).
    func onHandAnywhere(_ id: ProductID) -> Bool {
        guard let levels = stock[id], !levels.isEmpty else { return true }
        return levels.values.contains { $0 > 0 }
    }
}
