/// A loyalty programme tier, lowest first.
public enum LoyaltyTier: Int, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case standard = 0
    case silver = 1
    case gold = 2

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A loyalty customer as the referential publishes it to stores.
public struct LoyaltyCustomer: Sendable, Hashable, Codable, Identifiable {
    public let id: CustomerID
    /// Card numbers (physical card barcode, app QR payload) that identify this customer.
    public let cardCodes: [String]
    public let tier: LoyaltyTier
    /// Promotions with `.personalOffer` eligibility that this customer may use.
    public let personalOffers: [PromotionID]
    /// Completed self-scan trips (0 = first trip: the audit policy raises the risk).
    public let completedTrips: Int
    /// Past audits of this customer that found a difference.
    public let failedAudits: Int

    public init(
        id: CustomerID, cardCodes: [String], tier: LoyaltyTier = .standard, personalOffers: [PromotionID] = [],
        completedTrips: Int = 0, failedAudits: Int = 0
    ) {
        self.id = id
        self.cardCodes = cardCodes
        self.tier = tier
        self.personalOffers = personalOffers
        self.completedTrips = completedTrips
        self.failedAudits = failedAudits
    }
}
