/// Why a product is suggested next to another one.
public enum SuggestionReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Often bought together: a co-occurrence rule with its support and confidence.
    case boughtTogether
    /// Linked by the chain's merchandisers in the catalog (`links.complements` / `links.substitutes`).
    case catalogLink
    /// Same category, close unit price (a substitute computed by the referential).
    case sameCategory
}

/// One suggested product, with what explains it.
public struct ProductSuggestion: Sendable, Hashable, Codable {
    public let productID: ProductID
    public let reason: SuggestionReason
    /// `boughtTogether` only: baskets holding both products.
    public let together: Int64?
    /// `boughtTogether` only: `together` ÷ baskets counted in the scope, basis points (rounded down).
    public let supportBasisPoints: Int?
    /// `boughtTogether` only: `together` ÷ baskets holding the antecedent, basis points (rounded down).
    public let confidenceBasisPoints: Int?

    public init(
        productID: ProductID, reason: SuggestionReason, together: Int64? = nil, supportBasisPoints: Int? = nil,
        confidenceBasisPoints: Int? = nil
    ) {
        self.productID = productID
        self.reason = reason
        self.together = together
        self.supportBasisPoints = supportBasisPoints
        self.confidenceBasisPoints = confidenceBasisPoints
    }

    /// A co-occurrence rule as a suggestion.
    public init(rule: BasketCooccurrence.Rule) {
        self.init(
            productID: rule.consequent, reason: .boughtTogether, together: rule.together,
            supportBasisPoints: rule.supportBasisPoints, confidenceBasisPoints: rule.confidenceBasisPoints)
    }

    /// "bought together in 23 % of baskets with Café moulu 250 g" (English; the pages translate from the
    /// fields).
    public func explanation(antecedentName: String) -> String {
        switch reason {
        case .boughtTogether:
            "bought together in \((confidenceBasisPoints ?? 0) / 100) % of baskets with \(antecedentName)"
        case .catalogLink: "suggested by the store with \(antecedentName)"
        case .sameCategory: "same category as \(antecedentName)"
        }
    }
}

/// What the referential publishes for one product in one scope (a store, or the whole chain when `storeID`
/// is `nil`): complements ("often bought with", then the catalog's explicit links) and substitutes (the
/// catalog's links, then the same category at a close unit price, in stock in that store). Catalog record
/// type `suggestions` (docs/catalog-format.md, docs/sync-protocol.md).
public struct ProductSuggestions: Sendable, Hashable, Codable {
    public let productID: ProductID
    /// The store the figures and stock are for; `nil` = chain-wide.
    public let storeID: StoreID?
    /// Baskets counted in the scope (the denominator of every support).
    public let basketCount: Int64
    /// Best first.
    public let complements: [ProductSuggestion]
    /// Best first.
    public let substitutes: [ProductSuggestion]

    public init(
        productID: ProductID, storeID: StoreID?, basketCount: Int64, complements: [ProductSuggestion],
        substitutes: [ProductSuggestion]
    ) {
        self.productID = productID
        self.storeID = storeID
        self.basketCount = basketCount
        self.complements = complements
        self.substitutes = substitutes
    }

    /// The record key: `<product>@<store>`, `<product>@*` chain-wide.
    public var key: String { "\(productID.rawValue)@\(storeID?.rawValue ?? "*")" }
}
