public import SelfScanCore

/// `GET /v1/shelf/{gtin}`: what the phone page behind a shelf label's GS1 Digital Link QR (`/01/<GTIN>`) shows.
/// Prices are the catalog's (the same every channel shows); stock is asked live from the referential, or
/// comes from the daemon's catalog cache with its age when the referential cannot be reached.
public struct ShelfView: Sendable, Hashable, Codable {
    /// One promotion the product takes part in now.
    public struct Offer: Sendable, Hashable, Codable {
        public let id: String
        public let name: String
        /// The promotion kind (`nForPrice`, `loyaltyPrice`, …: docs/catalog-format.md).
        public let kind: String
        /// Only for identified loyalty customers (a loyalty price, a members' offer).
        public let loyaltyOnly: Bool

        public init(id: String, name: String, kind: String, loyaltyOnly: Bool) {
            self.id = id
            self.name = name
            self.kind = kind
            self.loyaltyOnly = loyaltyOnly
        }
    }

    /// The price per kilogram or litre shown on the label.
    public struct UnitPrice: Sendable, Hashable, Codable {
        public let price: Money
        /// `kg` or `l`.
        public let per: String

        public init(price: Money, per: String) {
            self.price = price
            self.per = per
        }
    }

    /// Units on hand in one store.
    public struct StoreStock: Sendable, Hashable, Codable {
        public let storeID: String
        public let name: String?
        public let quantity: Int

        public init(storeID: String, name: String?, quantity: Int) {
            self.storeID = storeID
            self.name = name
            self.quantity = quantity
        }
    }

    /// Stock here and in the other stores, and where the figures come from.
    public struct Stock: Sendable, Hashable, Codable {
        /// Units on hand in this store (`nil` when unknown).
        public let here: Int?
        public let otherStores: [StoreStock]
        /// `referential` (asked just now) or `cache` (the daemon's catalog, `ageSeconds` old).
        public let source: String
        /// Seconds since the cached catalog was applied (only for `source: cache`).
        public let ageSeconds: Int64?

        public init(here: Int?, otherStores: [StoreStock], source: String, ageSeconds: Int64?) {
            self.here = here
            self.otherStores = otherStores
            self.source = source
            self.ageSeconds = ageSeconds
        }
    }

    /// A product that can replace this one, in stock here.
    public struct Substitute: Sendable, Hashable, Codable {
        public let productID: String
        public let gtin: String?
        public let name: String
        public let price: Money
        public let unitPrice: UnitPrice?
        public let quantityHere: Int
        /// Why it is suggested ("same category", "suggested by the store").
        public let reason: String

        public init(
            productID: String, gtin: String?, name: String, price: Money, unitPrice: UnitPrice?, quantityHere: Int,
            reason: String
        ) {
            self.productID = productID
            self.gtin = gtin
            self.name = name
            self.price = price
            self.unitPrice = unitPrice
            self.quantityHere = quantityHere
            self.reason = reason
        }
    }

    public let gtin: String
    public let productID: String
    public let name: String
    public let brand: String?
    public let description: String?
    public let origin: String?
    public let ingredients: String?
    public let allergens: [String]
    public let nutriScore: String?
    /// Image URL (absolute, or relative to the daemon) when the catalog gives one.
    public let imageURL: String?
    /// The price per item, or per kg for weighed goods (`pricing`).
    public let price: Money
    /// `unit` or `perKilogram`.
    public let pricing: String
    public let unitPrice: UnitPrice?
    /// The loyalty-card price, when a loyalty price promotion applies now.
    public let loyaltyPrice: Money?
    public let offers: [Offer]
    /// A sale stop (recall…): the product is shown but cannot be ordered.
    public let saleStopped: Bool
    public let stock: Stock
    /// In stock here, for an item out of stock here (empty otherwise).
    public let substitutes: [Substitute]
    /// Whether "order for pick-up" is possible (a referential is configured and the sale is not stopped).
    public let canOrder: Bool
    /// This store's id (the default pick-up store).
    public let storeID: String

    public init(
        gtin: String, productID: String, name: String, brand: String?, description: String?, origin: String?,
        ingredients: String?, allergens: [String], nutriScore: String?, imageURL: String?, price: Money,
        pricing: String, unitPrice: UnitPrice?, loyaltyPrice: Money?, offers: [Offer], saleStopped: Bool,
        stock: Stock, substitutes: [Substitute], canOrder: Bool, storeID: String
    ) {
        self.gtin = gtin
        self.productID = productID
        self.name = name
        self.brand = brand
        self.description = description
        self.origin = origin
        self.ingredients = ingredients
        self.allergens = allergens
        self.nutriScore = nutriScore
        self.imageURL = imageURL
        self.price = price
        self.pricing = pricing
        self.unitPrice = unitPrice
        self.loyaltyPrice = loyaltyPrice
        self.offers = offers
        self.saleStopped = saleStopped
        self.stock = stock
        self.substitutes = substitutes
        self.canOrder = canOrder
        self.storeID = storeID
    }
}

/// `POST /v1/shelf/{gtin}/orders` body: a shopper orders the product for pick-up (click & collect, mode
/// `order`) from the shelf page.
public struct ShelfOrderRequest: Sendable, Hashable, Codable {
    /// Client-generated UUID: a retry with the same id is the same order.
    public let id: String
    public let quantity: Int
    /// Where to pick it up (this store by default).
    public let fulfilmentStoreID: String?

    public init(id: String, quantity: Int, fulfilmentStoreID: String?) {
        self.id = id
        self.quantity = quantity
        self.fulfilmentStoreID = fulfilmentStoreID
    }
}
