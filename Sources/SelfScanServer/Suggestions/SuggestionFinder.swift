import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// Finds the one suggestion after a scan, from the referential's `suggestions` records in the catalog cache and
/// the catalog's explicit links: a read of the cache, no network.
struct SuggestionFinder {
    let lookup: StoredCatalogLookup
    let store: StoreID
    var thresholds: SuggestionPicker.Thresholds = .standard

    /// The complement of `scanned` not already in `basket`, or `nil`.
    func complement(after scanned: ProductID, basket: Set<ProductID>) throws -> SuggestionView.Suggestion? {
        guard let antecedent = try lookup.productWithAttributes(id: scanned) else { return nil }
        let records = try lookup.suggestions(of: scanned, store: store)
        // Explicit catalog links count even before the referential published anything.
        let links = ProductSuggestions(
            productID: scanned, storeID: nil, basketCount: 0,
            complements: (antecedent.attributes?.links.complements ?? []).map {
                ProductSuggestion(productID: $0, reason: .catalogLink)
            }, substitutes: [])
        var products: [ProductID: Product] = [:]
        func product(_ id: ProductID) -> Product? {
            if let known = products[id] { return known }
            let found = try? lookup.product(id: id)
            products[id] = found ?? nil
            return found ?? nil
        }
        let storeFirst = SuggestionPicker.complement(
            after: scanned, storeRecord: records.store, chainRecord: nil, basket: basket, thresholds: thresholds,
            isSellable: { product($0).map { !$0.isSaleStopped } ?? false })
        let picked: (ProductSuggestion, String)? =
            storeFirst.map { ($0, "store") }
            ?? SuggestionPicker.complement(
                after: scanned, storeRecord: records.chain, chainRecord: links, basket: basket, thresholds: thresholds,
                isSellable: { product($0).map { !$0.isSaleStopped } ?? false }
            ).map { ($0, $0.reason == .catalogLink ? "store" : "chain") }
        guard let picked, let suggested = product(picked.0.productID) else { return nil }
        let (suggestion, scope) = picked
        return SuggestionView.Suggestion(
            productID: suggested.id.rawValue, gtin: suggested.gtins.first?.digits14, name: suggested.name,
            price: suggested.pricing.price, reason: suggestion.reason.rawValue, withProductID: scanned.rawValue,
            withName: antecedent.name, confidencePercent: suggestion.confidenceBasisPoints.map { $0 / 100 },
            supportBasisPoints: suggestion.supportBasisPoints, together: suggestion.together, scope: scope,
            explanation: suggestion.explanation(antecedentName: antecedent.name))
    }

    /// The referential's substitutes of `product` (store's list, then chain's) that `isAvailable` accepts.
    func substitutes(of product: ProductID, limit: Int, isAvailable: (ProductID) -> Bool) throws -> [ProductSuggestion] {
        let records = try lookup.suggestions(of: product, store: store)
        return SuggestionPicker.substitutes(
            of: product, storeRecord: records.store, chainRecord: records.chain, limit: limit, isAvailable: isAvailable)
    }
}
