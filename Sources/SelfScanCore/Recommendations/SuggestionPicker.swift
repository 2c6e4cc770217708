/// Picks the one suggestion the kiosk shows after a scan: pure, deterministic.
///
/// The store's own figures come first, then the chain's (a store with little history still gets a useful
/// suggestion); the catalog's explicit links count like rules. Products already in the basket, the scanned
/// product itself, and products the caller cannot sell (`isSellable` false: unknown, sale-stopped) are skipped.
public enum SuggestionPicker {
    /// Thresholds below which a co-occurrence rule is not worth showing.
    public struct Thresholds: Sendable, Hashable {
        public let minimumTogether: Int64
        public let minimumConfidenceBasisPoints: Int

        public init(minimumTogether: Int64 = 3, minimumConfidenceBasisPoints: Int = 1000) {
            self.minimumTogether = minimumTogether
            self.minimumConfidenceBasisPoints = minimumConfidenceBasisPoints
        }

        public static let standard = Thresholds()
    }

    /// The complement to suggest after `scanned`, or `nil`.
    public static func complement(
        after scanned: ProductID, storeRecord: ProductSuggestions?, chainRecord: ProductSuggestions?,
        basket: Set<ProductID>, thresholds: Thresholds = .standard, isSellable: (ProductID) -> Bool
    ) -> ProductSuggestion? {
        let candidates = (storeRecord?.complements ?? []) + (chainRecord?.complements ?? [])
        return candidates.first { suggestion in
            guard suggestion.productID != scanned, !basket.contains(suggestion.productID) else { return false }
            if suggestion.reason == .boughtTogether {
                guard (suggestion.together ?? 0) >= thresholds.minimumTogether,
                    (suggestion.confidenceBasisPoints ?? 0) >= thresholds.minimumConfidenceBasisPoints
                else { return false }
            }
            return isSellable(suggestion.productID)
        }
    }

    /// The substitutes of an out-of-stock product, best first, without repeats (store's list, then chain's).
    public static func substitutes(
        of product: ProductID, storeRecord: ProductSuggestions?, chainRecord: ProductSuggestions?, limit: Int,
        isAvailable: (ProductID) -> Bool
    ) -> [ProductSuggestion] {
        var seen: Set<ProductID> = [product]
        var result: [ProductSuggestion] = []
        for suggestion in (storeRecord?.substitutes ?? []) + (chainRecord?.substitutes ?? []) {
            guard result.count < limit, seen.insert(suggestion.productID).inserted, isAvailable(suggestion.productID)
            else { continue }
            result.append(suggestion)
        }
        return result
    }
}
