extension AuditReason {
    /// The reason in plain words, as staff read it (the session view's `audit.reasons`, the audit log), e.g.
    /// "store risk level low: base rate" or "2 lines voided by the shopper".
    public var explanation: String {
        switch self {
        case .baseRate(let level): "store risk level \(level.rawValue): base rate"
        case .firstTrip: "first self-scan trip of this customer"
        case .anonymousCustomer: "no loyalty card (no history)"
        case .voidedLines(let count): "\(Self.count(count, "line")) voided by the shopper"
        case .unknownItems(let count): "\(Self.count(count, "unknown code")) scanned"
        case .embeddedPriceLabels(let count): "\(Self.count(count, "item")) priced by a label (scale or markdown)"
        case .discountStickers(let count): "\(Self.count(count, "discount sticker or coupon", plural: "discount stickers or coupons"))"
        case .failedPastAudits(let count): "\(Self.count(count, "past audit")) of this customer found differences"
        case .auditRiskBand(let band): "customer's audit history: \(band.rawValue) risk"
        case .alwaysAuditProduct(let product): "\(product.rawValue) is always audited"
        case .couponUnverified(let count):
            "\(Self.count(count, "single-use coupon")) accepted offline (not yet checked with the referential)"
        }
    }

    /// `explanation` with what the reason added to the probability: "… (+5.00 %)".
    public func explained(addedBasisPoints points: Int) -> String {
        let sign = points < 0 ? "-" : "+"
        let magnitude = points.magnitude
        let hundredths = magnitude % 100
        return "\(explanation) (\(sign)\(magnitude / 100).\(hundredths < 10 ? "0" : "")\(hundredths) %)"
    }

    private static func count(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
