/// Ranks substitutes for a product: the catalog's explicit substitutes first (in their order), then products of
/// the same department and category whose unit price (per kg/L when known, else per item) is within
/// `tolerancePercent` of the product's, closest first (then by id). Only candidates `inStock` says are on hand.
/// Pure: the referential feeds it its catalog and the stock of one store (or of the chain).
public enum SubstituteRanking {
    public static func rank(
        _ product: Product, candidates: [Product], tolerancePercent: Int64 = 30, limit: Int = 5,
        inStock: (ProductID) -> Bool
    ) -> [ProductSuggestion] {
        var result: [ProductSuggestion] = []
        var seen: Set<ProductID> = [product.id]
        let byID = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in product.attributes?.links.substitutes ?? [] where result.count < limit {
            guard seen.insert(id).inserted, let candidate = byID[id], !candidate.isSaleStopped, inStock(id) else { continue }
            result.append(ProductSuggestion(productID: id, reason: .catalogLink))
        }
        guard let department = product.attributes?.department, let category = product.attributes?.category else {
            return result
        }
        let reference = comparablePrice(product)
        let sameCategory = candidates.filter {
            $0.attributes?.department == department && $0.attributes?.category == category && !$0.isSaleStopped
                && !seen.contains($0.id) && $0.pricing.price.currency == product.pricing.price.currency
        }.compactMap { candidate -> (Product, Int64)? in
            let price = comparablePrice(candidate)
            let distance = abs(price - reference)
            // Within the tolerance: distance × 100 ≤ reference × tolerance (integers, no rounding).
            guard reference > 0, distance.multipliedReportingOverflow(by: 100).partialValue
                <= reference.multipliedReportingOverflow(by: tolerancePercent).partialValue
            else { return nil }
            return (candidate, distance)
        }.sorted { ($0.1, $0.0.id.rawValue) < ($1.1, $1.0.id.rawValue) }
        for (candidate, _) in sameCategory where result.count < limit && inStock(candidate.id) {
            seen.insert(candidate.id)
            result.append(ProductSuggestion(productID: candidate.id, reason: .sameCategory))
        }
        return result
    }

    /// Price per kg/L when the product has one, else its price.
    static func comparablePrice(_ product: Product) -> Int64 {
        product.unitPricePerMeasure?.price.minor ?? product.pricing.price.minor
    }
}
