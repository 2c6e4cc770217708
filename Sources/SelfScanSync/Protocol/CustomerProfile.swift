public import SelfScanCore

/// Loyalty tiers.
public enum LoyaltyTier: String, Sendable, Hashable, Codable, CaseIterable {
    case standard, silver, gold
}

/// A personal offer attached to a loyalty customer.
public struct PersonalOffer: Sendable, Hashable, Codable {
    public var offerID: String
    /// Shown to the shopper, e.g. "−20 % on coffee".
    public var label: String
    /// The product it applies to, nil for a basket-wide offer.
    public var gtin: GTIN?
    /// Percentage off in basis points (2000 = 20 %), when the offer is a percentage.
    public var percentOffBasisPoints: Int?

    public init(offerID: String, label: String, gtin: GTIN? = nil, percentOffBasisPoints: Int? = nil) {
        self.offerID = offerID
        self.label = label
        self.gtin = gtin
        self.percentOffBasisPoints = percentOffBasisPoints
    }
}

/// `GET /v1/customers/{card}`: who holds a loyalty card (the daemon caches it for offline use).
public struct CustomerProfile: Sendable, Hashable, Codable {
    public var card: String
    public var customerID: String
    public var displayName: String
    public var tier: LoyaltyTier
    public var offers: [PersonalOffer]

    public init(card: String, customerID: String, displayName: String, tier: LoyaltyTier, offers: [PersonalOffer]) {
        self.card = card
        self.customerID = customerID
        self.displayName = displayName
        self.tier = tier
        self.offers = offers
    }
}
