public import SelfScanCore

/// One product as the referential publishes it in snapshots and deltas.
///
/// Interim wire record until SelfScanStorage's catalog JSON Lines record lands; the field names are the ones
/// documented in docs/sync-protocol.md.
public struct CatalogProduct: Sendable, Hashable, Codable {
    public var gtin: GTIN
    public var name: String
    /// Shelf price, VAT included.
    public var price: Money
    public var vatRate: VATRate
    /// Minimum age for sale (e.g. 18 for alcohol), nil when unrestricted.
    public var minimumAge: Int?
    /// Sale stop: scanning refuses the product.
    public var saleStopped: Bool
    /// Always audit a basket holding this product.
    public var alwaysAudit: Bool
    /// Promotions this product takes part in.
    public var promotionIDs: [String]

    public init(
        gtin: GTIN, name: String, price: Money, vatRate: VATRate, minimumAge: Int? = nil,
        saleStopped: Bool = false, alwaysAudit: Bool = false, promotionIDs: [String] = []
    ) {
        self.gtin = gtin
        self.name = name
        self.price = price
        self.vatRate = vatRate
        self.minimumAge = minimumAge
        self.saleStopped = saleStopped
        self.alwaysAudit = alwaysAudit
        self.promotionIDs = promotionIDs
    }
}
