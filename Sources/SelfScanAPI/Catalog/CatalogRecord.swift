public import SelfScanCore

/// The stock of one product in one store (for staff lookups and "find it in another store").
public struct StockLevel: Sendable, Hashable, Codable {
    public let productID: ProductID
    public let storeID: StoreID
    /// Units (or grams for weighed products) on hand; may be negative when the books are behind.
    public let quantity: Int64

    public init(productID: ProductID, storeID: StoreID, quantity: Int64) {
        self.productID = productID
        self.storeID = storeID
        self.quantity = quantity
    }
}

/// One record line of a catalog file. In a snapshot only the upsert kinds appear; a delta may also delete.
/// A line is `{"type":"<kind>", "<kind>": <value>}` with the core types' JSON (see docs/catalog-format.md).
public enum CatalogRecord: Sendable, Hashable, Codable {
    /// Adds or replaces a product (key: its id; its GTINs and item reference move with it).
    case product(Product)
    /// Adds or replaces a promotion.
    case promotion(Promotion)
    /// Adds or replaces a loyalty customer (card hashes, tier, personal offers and consent, audit risk band).
    case customer(LoyaltyCustomer)
    /// Adds or replaces a card-hash key (salt and PBKDF2 cost the customers' card hashes name).
    case cardHashKey(CardHashKey)
    /// Sets the stock of a product in a store.
    case stock(StockLevel)
    /// Removes a product (and its GTINs, item reference and stock levels).
    case deleteProduct(ProductID)
    /// Removes a promotion.
    case deletePromotion(PromotionID)
    /// Removes a customer and their card codes.
    case deleteCustomer(CustomerID)
    /// Replaces what is suggested with a product in one store or chain-wide (complements, substitutes), as
    /// the referential computes it. Sent only to readers that ask for it (`include=suggestions`,
    /// docs/sync-protocol.md): earlier readers refuse unknown record types.
    case suggestions(ProductSuggestions)

    /// The record's `type` in its JSON line.
    public var type: String {
        switch self {
        case .product: "product"
        case .promotion: "promotion"
        case .customer: "customer"
        case .cardHashKey: "cardHashKey"
        case .stock: "stock"
        case .deleteProduct: "deleteProduct"
        case .deletePromotion: "deletePromotion"
        case .deleteCustomer: "deleteCustomer"
        case .suggestions: "suggestions"
        }
    }

    /// Whether this record may appear in a snapshot (deletions only make sense in a delta).
    public var isUpsert: Bool {
        switch self {
        case .product, .promotion, .customer, .cardHashKey, .stock, .suggestions: true
        case .deleteProduct, .deletePromotion, .deleteCustomer: false
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, product, promotion, customer, cardHashKey, stock, id, suggestions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "product": self = .product(try container.decode(Product.self, forKey: .product))
        case "promotion": self = .promotion(try container.decode(Promotion.self, forKey: .promotion))
        case "customer": self = .customer(try container.decode(LoyaltyCustomer.self, forKey: .customer))
        case "cardHashKey": self = .cardHashKey(try container.decode(CardHashKey.self, forKey: .cardHashKey))
        case "stock": self = .stock(try container.decode(StockLevel.self, forKey: .stock))
        case "deleteProduct": self = .deleteProduct(try container.decode(ProductID.self, forKey: .id))
        case "deletePromotion": self = .deletePromotion(try container.decode(PromotionID.self, forKey: .id))
        case "deleteCustomer": self = .deleteCustomer(try container.decode(CustomerID.self, forKey: .id))
        case "suggestions":
            self = .suggestions(try container.decode(ProductSuggestions.self, forKey: .suggestions))
        default: throw UnknownRecordType(type: type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .product(let product): try container.encode(product, forKey: .product)
        case .promotion(let promotion): try container.encode(promotion, forKey: .promotion)
        case .customer(let customer): try container.encode(customer, forKey: .customer)
        case .cardHashKey(let key): try container.encode(key, forKey: .cardHashKey)
        case .stock(let stock): try container.encode(stock, forKey: .stock)
        case .deleteProduct(let id): try container.encode(id, forKey: .id)
        case .deletePromotion(let id): try container.encode(id, forKey: .id)
        case .deleteCustomer(let id): try container.encode(id, forKey: .id)
        case .suggestions(let value): try container.encode(value, forKey: .suggestions)
        }
    }

    /// Thrown while decoding a line whose `type` is not one of ours.
    struct UnknownRecordType: Error {
        let type: String
    }
}
