/// Why the catalog could not answer a lookup (a missing product is `nil`, not an error).
public enum CatalogLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The backing store (e.g. the SQLite cache) failed; `code` is the adapter's error code.
    case storeUnavailable(code: String)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .storeUnavailable: "catalogUnavailable"
        }
    }

    public var description: String {
        switch self {
        case .storeUnavailable(let code): "the catalog store is unavailable (\(code))"
        }
    }
}

/// Read access to one catalog version: what the basket and the promotions engine need.
/// `CatalogIndex` implements it in memory; storage provides a SQLite-backed implementation.
public protocol CatalogLookup: Sendable {
    /// The version every answer comes from.
    var version: CatalogVersion { get }
    /// The currency of every price.
    var currency: Currency { get }

    func product(id: ProductID) throws(CatalogLookupError) -> Product?
    /// By any of its GTINs (the 14-digit normal form is the key).
    func product(gtin: GTIN) throws(CatalogLookupError) -> Product?
    /// By the item reference of a variable-measure label.
    func product(itemReference: String) throws(CatalogLookupError) -> Product?

    func promotion(id: PromotionID) throws(CatalogLookupError) -> Promotion?
    /// The coupon promotion whose code is `code`.
    func couponPromotion(code: String) throws(CatalogLookupError) -> Promotion?
    /// Basket-level threshold offers (`.basketThreshold`), sorted by id.
    func basketThresholdPromotions() throws(CatalogLookupError) -> [Promotion]

    func customer(id: CustomerID) throws(CatalogLookupError) -> LoyaltyCustomer?
    /// By any of the customer's card codes.
    func customer(cardCode: String) throws(CatalogLookupError) -> LoyaltyCustomer?
}
