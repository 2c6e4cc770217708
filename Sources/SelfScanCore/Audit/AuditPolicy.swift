/// The store's audit policy: a transparent, additive risk score and a seeded random draw.
///
/// probability = base rate (store risk level) + each factor's points (each capped), capped at 100 %.
/// An always-audit product forces the audit. The draw is uniform in 0..<10000 from `SeededGenerator(seed)`:
/// the audit happens when `draw < probability`. The same basket, customer and seed always decide the same.
public struct AuditPolicy: Sendable, Hashable, Codable {
    public var riskLevel: StoreRiskLevel
    /// Lines drawn for a partial audit.
    public var partialLineCount: Int
    /// From this probability on (or with failed past audits), the audit is a full rescan.
    public var fullAuditFromBasisPoints: Int
    /// Points for a customer's first trip, and for an anonymous customer.
    public var firstTripPoints: Int
    public var anonymousPoints: Int
    /// Points per occurrence, and the cap of each factor.
    public var pointsPerVoid: Int, voidCap: Int
    public var pointsPerUnknownItem: Int, unknownItemCap: Int
    public var pointsPerEmbeddedPriceLabel: Int, embeddedPriceLabelCap: Int
    public var pointsPerDiscountSticker: Int, discountStickerCap: Int
    public var pointsPerFailedAudit: Int, failedAuditCap: Int

    public init(
        riskLevel: StoreRiskLevel, partialLineCount: Int = 5, fullAuditFromBasisPoints: Int = 5000,
        firstTripPoints: Int = 1000, anonymousPoints: Int = 500,
        pointsPerVoid: Int = 300, voidCap: Int = 1500,
        pointsPerUnknownItem: Int = 500, unknownItemCap: Int = 2000,
        pointsPerEmbeddedPriceLabel: Int = 200, embeddedPriceLabelCap: Int = 1000,
        pointsPerDiscountSticker: Int = 500, discountStickerCap: Int = 1500,
        pointsPerFailedAudit: Int = 1500, failedAuditCap: Int = 4500
    ) {
        self.riskLevel = riskLevel
        self.partialLineCount = partialLineCount
        self.fullAuditFromBasisPoints = fullAuditFromBasisPoints
        self.firstTripPoints = firstTripPoints
        self.anonymousPoints = anonymousPoints
        self.pointsPerVoid = pointsPerVoid
        self.voidCap = voidCap
        self.pointsPerUnknownItem = pointsPerUnknownItem
        self.unknownItemCap = unknownItemCap
        self.pointsPerEmbeddedPriceLabel = pointsPerEmbeddedPriceLabel
        self.embeddedPriceLabelCap = embeddedPriceLabelCap
        self.pointsPerDiscountSticker = pointsPerDiscountSticker
        self.discountStickerCap = discountStickerCap
        self.pointsPerFailedAudit = pointsPerFailedAudit
        self.failedAuditCap = failedAuditCap
    }

    /// Each single-use coupon accepted offline (serial unverified) adds this much: an audit checks it.
    public static let pointsPerUnverifiedCoupon = 2500

    /// The score of a basket for a customer (`nil`: anonymous), with every factor that made it.
    public func score(basket: Basket, customer: LoyaltyCustomer?) -> AuditScore {
        var factors = [AuditFactor(reason: .baseRate(riskLevel), addedBasisPoints: riskLevel.baseRateBasisPoints)]
        func add(_ reason: AuditReason, count: Int, per points: Int, cap: Int) {
            guard count > 0 else { return }
            let (product, overflow) = count.multipliedReportingOverflow(by: points)
            factors.append(AuditFactor(reason: reason, addedBasisPoints: overflow ? cap : min(product, cap)))
        }
        if let customer {
            // The referential publishes a band, never the counts (docs/privacy.md): elevated = one failed
            // audit, high = two or more (scored at the cap).
            switch customer.auditRisk {
            case .newCustomer:
                factors.append(AuditFactor(reason: .firstTrip, addedBasisPoints: firstTripPoints))
            case .low:
                break
            case .elevated:
                factors.append(AuditFactor(reason: .auditRiskBand(.elevated),
                                           addedBasisPoints: min(pointsPerFailedAudit, failedAuditCap)))
            case .high:
                factors.append(AuditFactor(reason: .auditRiskBand(.high), addedBasisPoints: failedAuditCap))
            }
        } else {
            factors.append(AuditFactor(reason: .anonymousCustomer, addedBasisPoints: anonymousPoints))
        }
        let items = basket.activeItemLines
        add(.voidedLines(count: basket.customerVoidCount), count: basket.customerVoidCount, per: pointsPerVoid, cap: voidCap)
        add(.unknownItems(count: basket.unknownCodeCount), count: basket.unknownCodeCount,
            per: pointsPerUnknownItem, cap: unknownItemCap)
        let labels = items.filter(\.hasEmbeddedPrice).count
        add(.embeddedPriceLabels(count: labels), count: labels, per: pointsPerEmbeddedPriceLabel,
            cap: embeddedPriceLabelCap)
        let stickers = basket.coupons.filter { $0.faceValue != nil }.count
        add(.discountStickers(count: stickers), count: stickers, per: pointsPerDiscountSticker, cap: discountStickerCap)
        let unverified = basket.coupons.filter { $0.serialVerified == false }.count
        add(.couponUnverified(count: unverified), count: unverified, per: Self.pointsPerUnverifiedCoupon, cap: 10_000)
        var forced = false
        for productID in Set(items.filter(\.alwaysAudit).map(\.productID)).sorted() {
            factors.append(AuditFactor(reason: .alwaysAuditProduct(productID), addedBasisPoints: 0))
            forced = true
        }
        let probability = min(factors.reduce(0) { $0 + $1.addedBasisPoints }, 10_000)
        return AuditScore(probabilityBasisPoints: forced ? 10_000 : probability, factors: factors, isForced: forced)
    }

    /// Scores the basket, draws with `seed`, and picks the mode and the lines to rescan.
    /// A partial audit always includes the always-audit and label-priced lines, then random others.
    public func decide(basket: Basket, customer: LoyaltyCustomer?, seed: UInt64) -> AuditDecision {
        let score = score(basket: basket, customer: customer)
        var generator = SeededGenerator(seed: seed)
        let draw = generator.uniform(below: 10_000)
        let required = score.isForced || draw < score.probabilityBasisPoints
        guard required else {
            return AuditDecision(score: score, seed: seed, draw: draw, isRequired: false, mode: nil, linesToCheck: [])
        }
        let items = basket.activeItemLines.sorted { $0.id < $1.id }
        let failedBefore = customer?.auditRisk.hasFailedAudits ?? false
        if failedBefore || score.probabilityBasisPoints >= fullAuditFromBasisPoints && !score.isForced
            || items.count <= partialLineCount
        {
            return AuditDecision(score: score, seed: seed, draw: draw, isRequired: true, mode: .full,
                                 linesToCheck: items.map(\.id))
        }
        var chosen = items.filter { $0.alwaysAudit || $0.hasEmbeddedPrice }.map(\.id)
        var others = items.filter { !$0.alwaysAudit && !$0.hasEmbeddedPrice }.map(\.id)
        while chosen.count < partialLineCount, !others.isEmpty {
            chosen.append(others.remove(at: generator.uniform(below: others.count)))
        }
        return AuditDecision(score: score, seed: seed, draw: draw, isRequired: true,
                             mode: .partial(lineCount: chosen.count), linesToCheck: chosen.sorted())
    }
}
