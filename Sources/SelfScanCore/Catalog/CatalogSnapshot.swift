/// A full catalog at one version, as the referential publishes it and the store caches it.
public struct CatalogSnapshot: Sendable, Hashable, Codable {
    public let version: CatalogVersion
    /// The currency of every price in the snapshot.
    public let currency: Currency
    public let products: [Product]
    public let promotions: [Promotion]
    public let customers: [LoyaltyCustomer]

    public init(
        version: CatalogVersion, currency: Currency, products: [Product], promotions: [Promotion] = [],
        customers: [LoyaltyCustomer] = []
    ) {
        self.version = version
        self.currency = currency
        self.products = products
        self.promotions = promotions
        self.customers = customers
    }
}
