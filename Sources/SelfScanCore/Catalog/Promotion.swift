/// What a bundle of N items costs in an N-for-price deal.
public enum BundlePrice: Sendable, Hashable, Codable {
    /// The N items cost this amount together ("3 pour 5 €").
    case amount(Money)
    /// The customer pays only this many of the N items, the cheapest are free ("3 pour 2": `itemsPaid(2)`).
    case itemsPaid(Int)
}

/// A reward of a threshold offer or a coupon.
public enum PromotionReward: Sendable, Hashable, Codable {
    /// A fixed amount off.
    case amountOff(Money)
    /// A percentage off, in basis points (1000 = 10 %), rounded down to the cent.
    case percentOff(basisPoints: Int)
}

/// Where a coupon applies.
public enum CouponScope: String, Sendable, Hashable, Codable {
    /// On the basket's total (after item promotions).
    case basket
    /// On one unit of a product that lists this coupon in its `promotionIDs`.
    case listedProducts
}

/// The kind of a promotion and its parameters. Which kinds compete and which combine: see
/// `docs/promotions-and-audits.md` and `PromotionEngine`.
public enum PromotionKind: Sendable, Hashable, Codable {
    /// N units of the same product for a price ("3 pour 2", "2 pour 5 €").
    case nForPrice(quantity: Int, price: BundlePrice)
    /// A percentage off each unit of the listed products.
    case percentOff(basisPoints: Int)
    /// Every second unit of the same product at −x % ("le 2e à −60 %").
    case secondItemPercentOff(basisPoints: Int)
    /// A unit price reserved to identified loyalty customers ("prix carte").
    case loyaltyPrice(unitPrice: Money)
    /// Any N units among the products listing this promotion for a price (mix-and-match group).
    case mixAndMatch(quantity: Int, price: BundlePrice)
    /// A reward once the basket (after item promotions) reaches a minimum ("10 € dès 100 € d'achat").
    case basketThreshold(minimum: Money, reward: PromotionReward)
    /// A scanned coupon, matched by its code.
    case coupon(code: String, reward: PromotionReward, scope: CouponScope, minimumBasket: Money?)

    /// Whether the kind works on item units (and so competes for them with other item promotions).
    public var isItemLevel: Bool {
        switch self {
        case .nForPrice, .percentOff, .secondItemPercentOff, .loyaltyPrice, .mixAndMatch: true
        case .basketThreshold, .coupon: false
        }
    }

    /// Stable name of the kind (JSON, logs, docs).
    public var name: String {
        switch self {
        case .nForPrice: "nForPrice"
        case .percentOff: "percentOff"
        case .secondItemPercentOff: "secondItemPercentOff"
        case .loyaltyPrice: "loyaltyPrice"
        case .mixAndMatch: "mixAndMatch"
        case .basketThreshold: "basketThreshold"
        case .coupon: "coupon"
        }
    }
}

/// Who may benefit from a promotion.
public enum PromotionEligibility: Sendable, Hashable, Codable {
    /// Every customer.
    case everyone
    /// Customers identified with a loyalty card, of at least this tier.
    case loyaltyMembers(minimumTier: LoyaltyTier)
    /// Only customers whose `personalOffers` list this promotion (targeted offers).
    case personalOffer
}

/// When a promotion is valid: the half-open interval `[start, end)` (stored as `startNanos` / `endNanos`).
public struct PromotionValidity: Sendable, Hashable, Codable {
    public let start: Instant?
    public let end: Instant?

    public init(start: Instant? = nil, end: Instant? = nil) {
        self.start = start
        self.end = end
    }

    /// Always valid.
    public static let always = PromotionValidity()

    public func contains(_ instant: Instant) -> Bool {
        if let start, instant < start { return false }
        if let end, instant >= end { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case start = "startNanos"
        case end = "endNanos"
    }
}

/// A promotion of the catalog. Item-level promotions apply to the products listing their id.
public struct Promotion: Sendable, Hashable, Codable, Identifiable {
    public let id: PromotionID
    /// Customer-facing name, printed on the discount line ("3 pour 2 yaourts").
    public let name: String
    public let kind: PromotionKind
    public let eligibility: PromotionEligibility
    public let validity: PromotionValidity
    /// Where, when in the day and with what in the basket it applies (personal offers in context); `nil`: no
    /// condition beyond eligibility and validity.
    public let conditions: PromotionConditions?

    public init(
        id: PromotionID, name: String, kind: PromotionKind, eligibility: PromotionEligibility = .everyone,
        validity: PromotionValidity = .always, conditions: PromotionConditions? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.eligibility = eligibility
        self.validity = validity
        self.conditions = conditions.flatMap { $0.isEmpty ? nil : $0 }
    }
}
