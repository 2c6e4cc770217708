import Foundation
public import SelfScanAPI
public import SelfScanCore

/// "Often bought with", kept incrementally: each closed basket the referential accepts adds its counts once
/// (in the ingest transaction, so a basket is counted exactly when it is stored); rules are read from the
/// counts when suggestions are published (`SQLReferentialStore+Suggestions.swift`).
extension SQLReferentialStore {
    /// Most distinct products of a basket counted for "often bought with" (4,950 pairs).
    static let maxCountedProducts = 100

    /// The ingest hook: counts the accepted closed baskets that list their products, once per (store, session).
    /// Rows are written in key order (no deadlock between concurrent batches); one statement per table and
    /// chunk, with the batch's increments summed first (a statement may not touch a row twice).
    static func countForSuggestions(
        _ accepted: [PreparedIngestItem], identity: DeviceIdentity, in session: any SQLSession
    ) async throws {
        let store = identity.storeID.rawValue
        var baskets: [String: [ProductID]] = [:]
        for entry in accepted {
            guard let basket = entry.basket, let products = basket.products, !products.isEmpty else { continue }
            let distinct = Set(products)
            // A basket's pairs grow with the square of its products: beyond this it is not counted at all (the
            // figures stay consistent; such baskets say little about "often bought with").
            guard distinct.count <= maxCountedProducts else { continue }
            baskets[basket.sessionID] = distinct.map { ProductID($0) }
        }
        guard !baskets.isEmpty else { return }
        var counted = Set<String>()
        for chunk in chunks(baskets.keys.sorted()) {
            let rows = try await session.rows(
                """
                INSERT INTO cooccurrence_counted (store_id, session_id)
                    VALUES \(rows: chunk.map { [.text(store), .text($0)] })
                ON CONFLICT (store_id, session_id) DO NOTHING RETURNING session_id
                """)
            for row in rows { counted.insert(try RowDecoding.text(row, 0)) }
        }
        var increments = BasketCooccurrence()
        for sessionID in counted.sorted() { increments.add(basket: baskets[sessionID] ?? []) }
        try await add(increments, store: store, in: session)
    }

    /// Adds `increments` to the store's counts and marks the products dirty for the next publish.
    static func add(_ increments: BasketCooccurrence, store: String, in session: any SQLSession) async throws {
        let products = increments.productCounts.sorted { $0.key < $1.key }
        for chunk in chunks(products) {
            try await session.rows(
                """
                INSERT INTO cooccurrence_products (store_id, product_id, baskets)
                VALUES \(rows: chunk.map { [.text(store), .text($0.key.rawValue), .integer($0.value)] })
                ON CONFLICT (store_id, product_id) DO UPDATE
                    SET baskets = cooccurrence_products.baskets + excluded.baskets
                """)
        }
        let pairs = increments.pairCounts.sorted {
            ($0.key.first.rawValue, $0.key.second.rawValue) < ($1.key.first.rawValue, $1.key.second.rawValue)
        }
        for chunk in chunks(pairs) {
            try await session.rows(
                """
                INSERT INTO cooccurrence_pairs (store_id, first_id, second_id, together)
                VALUES \(rows: chunk.map {
                    [.text(store), .text($0.key.first.rawValue), .text($0.key.second.rawValue), .integer($0.value)]
                })
                ON CONFLICT (store_id, first_id, second_id) DO UPDATE
                    SET together = cooccurrence_pairs.together + excluded.together
                """)
        }
        for chunk in chunks(products) {
            try await session.rows(
                """
                INSERT INTO suggestion_dirty (store_id, product_id)
                    VALUES \(rows: chunk.map { [.text(store), .text($0.key.rawValue)] })
                ON CONFLICT (store_id, product_id) DO NOTHING
                """)
        }
    }

    /// The counts of one store, or chain-wide (`nil`: the sums over stores).
    public func cooccurrence(store: StoreID?) async throws -> BasketCooccurrence {
        try await backend.read { session in
            let scope = store?.rawValue ?? ""
            let basketCount = try await session.rows(
                "SELECT COUNT(*) FROM cooccurrence_counted WHERE store_id = \(scope) OR \(scope) = ''"
            ).first.map { try RowDecoding.int($0, 0) } ?? 0
            var products: [ProductID: Int64] = [:]
            for row in try await session.rows(
                """
                SELECT product_id, CAST(SUM(baskets) AS BIGINT) FROM cooccurrence_products WHERE store_id = \(scope)
                    OR \(scope) = ''
                GROUP BY product_id
                """)
            {
                products[ProductID(try RowDecoding.text(row, 0))] = try RowDecoding.int(row, 1)
            }
            var pairs: [BasketCooccurrence.ProductPair: Int64] = [:]
            for row in try await session.rows(
                """
                SELECT first_id, second_id, CAST(SUM(together) AS BIGINT) FROM cooccurrence_pairs
                WHERE store_id = \(scope) OR \(scope) = '' GROUP BY first_id, second_id
                """)
            {
                pairs[.init(ProductID(try RowDecoding.text(row, 0)), ProductID(try RowDecoding.text(row, 1)))] =
                    try RowDecoding.int(row, 2)
            }
            return BasketCooccurrence(basketCount: basketCount, productCounts: products, pairCounts: pairs)
        }
    }

    /// The rules from `product` in one store (or chain-wide), read from the counts: only the rows of that
    /// product, never the whole table.
    static func rules(
        from product: ProductID, store: String?, limit: Int, in session: any SQLSession
    ) async throws -> (basketCount: Int64, rules: [BasketCooccurrence.Rule]) {
        let filter = scopeFilter(store)
        let basketCount = try await session.rows(
            "SELECT COUNT(*) FROM cooccurrence_counted WHERE \(filter)"
        ).first.map { try RowDecoding.int($0, 0) } ?? 0
        let base = try await session.rows(
            """
            SELECT CAST(COALESCE(SUM(baskets), 0) AS BIGINT) FROM cooccurrence_products
            WHERE product_id = \(product.rawValue) AND \(filter)
            """
        ).first.map { try RowDecoding.int($0, 0) } ?? 0
        guard basketCount > 0, base > 0 else { return (basketCount, []) }
        var pairs: [BasketCooccurrence.ProductPair: Int64] = [:]
        for (column, other) in [("first_id", "second_id"), ("second_id", "first_id")] {
            for row in try await session.rows(
                """
                SELECT \(unsafeSQL: other), CAST(SUM(together) AS BIGINT) FROM cooccurrence_pairs
                WHERE \(unsafeSQL: column) = \(product.rawValue) AND \(filter) GROUP BY \(unsafeSQL: other)
                """)
            {
                pairs[.init(product, ProductID(try RowDecoding.text(row, 0)))] = try RowDecoding.int(row, 1)
            }
        }
        let counts = BasketCooccurrence(basketCount: basketCount, productCounts: [product: base], pairCounts: pairs)
        return (basketCount, counts.rules(from: product, limit: limit))
    }

    /// `store_id = <store>` for a store, nothing (`1 = 1`) chain-wide.
    static func scopeFilter(_ store: String?) -> SQLStatement {
        guard let store else { return "1 = 1" }
        return "store_id = \(store)"
    }
}
