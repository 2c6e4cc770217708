/// A loyalty programme tier, lowest first.
public enum LoyaltyTier: Int, Sendable, Hashable, Codable, Comparable, CaseIterable {
    case standard = 0
    case silver = 1
    case gold = 2

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The French member label ("membres Or") used in the reasons shown on the kiosk.
    public var frenchName: String {
        switch self {
        case .standard: "Fidélité"
        case .silver: "Argent"
        case .gold: "Or"
        }
    }
}

/// A loyalty customer as the referential publishes it to stores (docs/privacy.md).
///
/// What travels to a device is pseudonymous: the customer id (a random-looking key, never a name), the
/// slow salted hashes of the cards (`cardHashes`), the tier, the personal offers with the consent flag, and
/// an audit risk *band*. Never a card number, never a trip or failed-audit count.
///
/// `cardCodes` (cards in clear) exists only for import files read at the referential (catalog format v1):
/// the referential hashes them on import and never publishes them; a device that meets one (a local file)
/// hashes it before storing it.
public struct LoyaltyCustomer: Sendable, Hashable, Identifiable {
    public let id: CustomerID
    /// Card numbers in clear: only in import files, hashed on import, never published or stored by a device.
    public let cardCodes: [String]
    /// Each card as its PBKDF2 hash under a card-hash key (`CardHashKey`).
    public let cardHashes: [LoyaltyCardHash]
    public let tier: LoyaltyTier
    /// Promotions with `.personalOffer` eligibility that this customer may use (if `personalOffersConsent`).
    public let personalOffers: [PromotionID]
    /// The customer accepted personal offers (RGPD consent, set through the referential). Without it no
    /// personal offer applies, whatever `personalOffers` lists.
    public let personalOffersConsent: Bool
    /// The audit risk from the customer's history, as a band (never the counts).
    public let auditRisk: AuditRiskBand

    public init(
        id: CustomerID, cardCodes: [String] = [], cardHashes: [LoyaltyCardHash] = [], tier: LoyaltyTier = .standard,
        personalOffers: [PromotionID] = [], personalOffersConsent: Bool = true, auditRisk: AuditRiskBand = .newCustomer
    ) {
        self.id = id
        self.cardCodes = cardCodes
        self.cardHashes = cardHashes
        self.tier = tier
        self.personalOffers = personalOffers
        self.personalOffersConsent = personalOffersConsent
        self.auditRisk = auditRisk
    }

    /// A customer from the loyalty system's counts (the v1 import form): the counts become a band here
    /// and are not kept.
    public init(
        id: CustomerID, cardCodes: [String], tier: LoyaltyTier = .standard, personalOffers: [PromotionID] = [],
        completedTrips: Int, failedAudits: Int = 0, personalOffersConsent: Bool = true
    ) {
        self.init(
            id: id, cardCodes: cardCodes, tier: tier, personalOffers: personalOffers,
            personalOffersConsent: personalOffersConsent,
            auditRisk: AuditRiskBand(completedTrips: completedTrips, failedAudits: failedAudits))
    }

    /// The personal offers that may apply: none without consent.
    public var usablePersonalOffers: [PromotionID] { personalOffersConsent ? personalOffers : [] }

    /// The same customer with its clear cards replaced by `hashes` (what the referential publishes).
    public func replacingCards(with hashes: [LoyaltyCardHash]) -> LoyaltyCustomer {
        LoyaltyCustomer(
            id: id, cardCodes: [], cardHashes: hashes, tier: tier, personalOffers: personalOffers,
            personalOffersConsent: personalOffersConsent, auditRisk: auditRisk)
    }

    /// The same customer with another consent.
    public func withPersonalOffersConsent(_ consent: Bool) -> LoyaltyCustomer {
        LoyaltyCustomer(
            id: id, cardCodes: cardCodes, cardHashes: cardHashes, tier: tier, personalOffers: personalOffers,
            personalOffersConsent: consent, auditRisk: auditRisk)
    }
}

extension LoyaltyCustomer: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, cardCodes, cardHashes, tier, personalOffers, personalOffersConsent, auditRisk
        case completedTrips, failedAudits  // v1 import files only: read, turned into `auditRisk`, never written
    }

    /// Reads both forms: v2 (`cardHashes`, `auditRisk`, `personalOffersConsent`) and the v1 import form
    /// (`cardCodes`, `completedTrips`, `failedAudits`). A missing consent reads as given (v1 files came from
    /// a loyalty system that listed personal offers only for customers who accepted them; docs/privacy.md).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let band: AuditRiskBand
        if let decoded = try container.decodeIfPresent(AuditRiskBand.self, forKey: .auditRisk) {
            band = decoded
        } else {
            band = AuditRiskBand(
                completedTrips: try container.decodeIfPresent(Int.self, forKey: .completedTrips) ?? 0,
                failedAudits: try container.decodeIfPresent(Int.self, forKey: .failedAudits) ?? 0)
        }
        self.init(
            id: try container.decode(CustomerID.self, forKey: .id),
            cardCodes: try container.decodeIfPresent([String].self, forKey: .cardCodes) ?? [],
            cardHashes: try container.decodeIfPresent([LoyaltyCardHash].self, forKey: .cardHashes) ?? [],
            tier: try container.decodeIfPresent(LoyaltyTier.self, forKey: .tier) ?? .standard,
            personalOffers: try container.decodeIfPresent([PromotionID].self, forKey: .personalOffers) ?? [],
            personalOffersConsent: try container.decodeIfPresent(Bool.self, forKey: .personalOffersConsent) ?? true,
            auditRisk: band)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if !cardCodes.isEmpty { try container.encode(cardCodes, forKey: .cardCodes) }
        try container.encode(cardHashes, forKey: .cardHashes)
        try container.encode(tier, forKey: .tier)
        try container.encode(personalOffers, forKey: .personalOffers)
        try container.encode(personalOffersConsent, forKey: .personalOffersConsent)
        try container.encode(auditRisk, forKey: .auditRisk)
    }
}
