/// A full catalog at one version, as the referential publishes it and the store caches it.
public struct CatalogSnapshot: Sendable, Hashable {
    public let version: CatalogVersion
    /// The currency of every price in the snapshot.
    public let currency: Currency
    public let products: [Product]
    public let promotions: [Promotion]
    public let customers: [LoyaltyCustomer]
    /// The card-hash keys the customers' `cardHashes` name (docs/privacy.md).
    public let cardHashKeys: [CardHashKey]

    public init(
        version: CatalogVersion, currency: Currency, products: [Product], promotions: [Promotion] = [],
        customers: [LoyaltyCustomer] = [], cardHashKeys: [CardHashKey] = []
    ) {
        self.cardHashKeys = cardHashKeys
        self.version = version
        self.currency = currency
        self.products = products
        self.promotions = promotions
        self.customers = customers
    }
}

extension CatalogSnapshot: Codable {
    private enum CodingKeys: String, CodingKey { case version, currency, products, promotions, customers, cardHashKeys }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            version: try container.decode(CatalogVersion.self, forKey: .version),
            currency: try container.decode(Currency.self, forKey: .currency),
            products: try container.decode([Product].self, forKey: .products),
            promotions: try container.decodeIfPresent([Promotion].self, forKey: .promotions) ?? [],
            customers: try container.decodeIfPresent([LoyaltyCustomer].self, forKey: .customers) ?? [],
            cardHashKeys: try container.decodeIfPresent([CardHashKey].self, forKey: .cardHashKeys) ?? [])
    }
}
