/// Why a snapshot cannot be indexed: two entries claim the same key.
public enum CatalogIndexError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateProductID(ProductID)
    case duplicateGTIN(GTIN, ProductID, ProductID)
    case duplicateItemReference(String, ProductID, ProductID)
    case duplicatePromotionID(PromotionID)
    case duplicateCouponCode(String)
    case duplicateCustomerID(CustomerID)
    case duplicateCardCode(String)
    /// A product's price is in another currency than the snapshot's.
    case currencyMismatch(ProductID, Currency)

    public var description: String {
        switch self {
        case .duplicateProductID(let id): "product id \(id) appears twice"
        case .duplicateGTIN(let gtin, let a, let b): "GTIN \(gtin) belongs to both \(a) and \(b)"
        case .duplicateItemReference(let ref, let a, let b): "item reference \(ref) belongs to both \(a) and \(b)"
        case .duplicatePromotionID(let id): "promotion id \(id) appears twice"
        case .duplicateCouponCode(let code): "coupon code \(code) appears twice"
        case .duplicateCustomerID(let id): "customer id \(id) appears twice"
        case .duplicateCardCode(let code): "card code \(code) belongs to two customers"
        case .currencyMismatch(let id, let currency): "product \(id) is priced in \(currency)"
        }
    }
}

/// An in-memory, immutable index over a `CatalogSnapshot`: by id, by GTIN-14, by item reference,
/// coupons by code, customers by card. Pure; building it validates the snapshot's keys.
public struct CatalogIndex: CatalogLookup, Sendable {
    public let snapshot: CatalogSnapshot
    private let productsByID: [ProductID: Product]
    private let productIDByGTIN: [String: ProductID]
    private let productIDByItemReference: [String: ProductID]
    private let promotionsByID: [PromotionID: Promotion]
    private let couponIDByCode: [String: PromotionID]
    private let thresholdPromotions: [Promotion]
    private let customersByID: [CustomerID: LoyaltyCustomer]
    private let customerIDByCard: [String: CustomerID]
    /// Hashed cards: `keyID + " " + hash` → customer.
    private let customerIDByCardHash: [String: CustomerID]
    private let cardHasher: (any LoyaltyCardHashing)?

    /// `cardHasher` resolves scanned cards against the customers' `cardHashes`; without it only cards in
    /// clear (`cardCodes`, import form) are found.
    public init(_ snapshot: CatalogSnapshot, cardHasher: (any LoyaltyCardHashing)? = nil) throws(CatalogIndexError) {
        self.cardHasher = cardHasher
        self.snapshot = snapshot
        var productsByID: [ProductID: Product] = [:]
        var byGTIN: [String: ProductID] = [:]
        var byReference: [String: ProductID] = [:]
        for product in snapshot.products {
            guard productsByID[product.id] == nil else { throw .duplicateProductID(product.id) }
            guard product.pricing.price.currency == snapshot.currency else {
                throw .currencyMismatch(product.id, product.pricing.price.currency)
            }
            productsByID[product.id] = product
            for gtin in product.gtins {
                if let other = byGTIN[gtin.digits14], other != product.id {
                    throw .duplicateGTIN(gtin, other, product.id)
                }
                byGTIN[gtin.digits14] = product.id
            }
            if let reference = product.itemReference {
                if let other = byReference[reference] { throw .duplicateItemReference(reference, other, product.id) }
                byReference[reference] = product.id
            }
        }
        var promotionsByID: [PromotionID: Promotion] = [:]
        var coupons: [String: PromotionID] = [:]
        for promotion in snapshot.promotions {
            guard promotionsByID[promotion.id] == nil else { throw .duplicatePromotionID(promotion.id) }
            promotionsByID[promotion.id] = promotion
            if case .coupon(let code, _, _, _) = promotion.kind {
                guard coupons[code] == nil else { throw .duplicateCouponCode(code) }
                coupons[code] = promotion.id
            }
        }
        var customersByID: [CustomerID: LoyaltyCustomer] = [:]
        var byCard: [String: CustomerID] = [:]
        var byHash: [String: CustomerID] = [:]
        for customer in snapshot.customers {
            for card in customer.cardHashes {
                guard byHash[card.keyID + " " + card.hash] == nil else { throw .duplicateCardCode("hash \(card.hash)") }
                byHash[card.keyID + " " + card.hash] = customer.id
            }
            guard customersByID[customer.id] == nil else { throw .duplicateCustomerID(customer.id) }
            customersByID[customer.id] = customer
            for card in customer.cardCodes {
                guard byCard[card] == nil else { throw .duplicateCardCode(card) }
                byCard[card] = customer.id
            }
        }
        self.productsByID = productsByID
        self.productIDByGTIN = byGTIN
        self.productIDByItemReference = byReference
        self.promotionsByID = promotionsByID
        self.couponIDByCode = coupons
        self.thresholdPromotions = snapshot.promotions
            .filter { if case .basketThreshold = $0.kind { true } else { false } }
            .sorted { $0.id < $1.id }
        self.customersByID = customersByID
        self.customerIDByCard = byCard
        self.customerIDByCardHash = byHash
    }

    public var version: CatalogVersion { snapshot.version }
    public var currency: Currency { snapshot.currency }

    public func product(id: ProductID) -> Product? { productsByID[id] }
    public func product(gtin: GTIN) -> Product? { productIDByGTIN[gtin.digits14].flatMap { productsByID[$0] } }
    public func product(itemReference: String) -> Product? {
        productIDByItemReference[itemReference].flatMap { productsByID[$0] }
    }
    public func promotion(id: PromotionID) -> Promotion? { promotionsByID[id] }
    public func couponPromotion(code: String) -> Promotion? { couponIDByCode[code].flatMap { promotionsByID[$0] } }
    public func basketThresholdPromotions() -> [Promotion] { thresholdPromotions }
    public func customer(id: CustomerID) -> LoyaltyCustomer? { customersByID[id] }
    public func customer(cardCode: String) -> LoyaltyCustomer? {
        if let id = customerIDByCard[cardCode] { return customersByID[id] }
        guard let cardHasher else { return nil }
        for key in snapshot.cardHashKeys {
            let hashed = cardHasher.hash(cardCode: cardCode, key: key)
            if let id = customerIDByCardHash[hashed.keyID + " " + hashed.hash] { return customersByID[id] }
        }
        return nil
    }
}
