/// A store's theft-risk level, set by the store manager: it sets the base audit rate.
public enum StoreRiskLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// 5 % of trips audited at random.
    case low
    /// 10 %.
    case medium
    /// 15 %.
    case high

    /// The base audit probability in basis points (500 = 5 %).
    public var baseRateBasisPoints: Int {
        switch self {
        case .low: 500
        case .medium: 1000
        case .high: 1500
        }
    }
}

/// One reason that raised (or set) the audit probability, with how much it added.
public enum AuditReason: Sendable, Hashable, Codable {
    /// The store's base rate.
    case baseRate(StoreRiskLevel)
    /// The customer's first self-scan trip (or an anonymous customer with no history).
    case firstTrip
    /// No loyalty card: no history to trust.
    case anonymousCustomer
    /// Lines voided by the customer during the trip.
    case voidedLines(count: Int)
    /// Codes that matched nothing (the customer was sent to staff).
    case unknownItems(count: Int)
    /// Lines whose price came from a label (scale or markdown sticker).
    case embeddedPriceLabels(count: Int)
    /// Coupons carrying their own face value (discount stickers, paper coupons).
    case discountStickers(count: Int)
    /// Past audits of this customer that found differences (events written before the risk band; new
    /// scores use `auditRiskBand`).
    case failedPastAudits(count: Int)
    /// The customer's audit risk band from past audits (elevated or high).
    case auditRiskBand(AuditRiskBand)
    /// A product that is always audited is in the basket: the audit is certain.
    case alwaysAuditProduct(ProductID)
    /// Single-use coupons accepted offline: the referential could not confirm their serial was unspent.
    case couponUnverified(count: Int)
}

/// A reason and the basis points it added to the probability.
public struct AuditFactor: Sendable, Hashable, Codable {
    public let reason: AuditReason
    public let addedBasisPoints: Int

    public init(reason: AuditReason, addedBasisPoints: Int) {
        self.reason = reason
        self.addedBasisPoints = addedBasisPoints
    }
}

/// The transparent audit risk score: a probability and every factor that made it.
public struct AuditScore: Sendable, Hashable, Codable {
    /// Probability of an audit, 0...10000 basis points (after the cap).
    public let probabilityBasisPoints: Int
    public let factors: [AuditFactor]
    /// An always-audit product is present: the audit happens whatever the draw.
    public let isForced: Bool

    public init(probabilityBasisPoints: Int, factors: [AuditFactor], isForced: Bool) {
        self.probabilityBasisPoints = probabilityBasisPoints
        self.factors = factors
        self.isForced = isForced
    }
}

/// How staff check a basket.
public enum AuditMode: Sendable, Hashable, Codable {
    /// Rescan `lineCount` lines drawn at random.
    case partial(lineCount: Int)
    /// Rescan everything.
    case full
}

/// The outcome of the audit policy at checkout: reproducible from its seed.
public struct AuditDecision: Sendable, Hashable, Codable {
    public let score: AuditScore
    /// The seed of the random draw (stored so the decision can be replayed and explained).
    public let seed: UInt64
    /// The draw, uniform in 0..<10000: the audit is required when `draw < probability` or when forced.
    public let draw: Int
    public let isRequired: Bool
    /// The mode when required.
    public let mode: AuditMode?
    /// The lines staff must rescan (all active lines for a full audit), sorted by id.
    public let linesToCheck: [LineID]

    public init(score: AuditScore, seed: UInt64, draw: Int, isRequired: Bool, mode: AuditMode?, linesToCheck: [LineID]) {
        self.score = score
        self.seed = seed
        self.draw = draw
        self.isRequired = isRequired
        self.mode = mode
        self.linesToCheck = linesToCheck
    }
}
