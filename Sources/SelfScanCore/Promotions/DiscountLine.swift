/// The part of a discount carried by one basket line (for the explanation and the VAT breakdown).
public struct DiscountAllocation: Sendable, Hashable, Codable {
    public let lineID: LineID
    /// Positive amount taken off this line.
    public let amount: Money

    public init(lineID: LineID, amount: Money) {
        self.lineID = lineID
        self.amount = amount
    }
}

/// One discount line of the receipt: which promotion (or coupon), how much, and the lines it used.
public struct DiscountLine: Sendable, Hashable, Codable {
    /// The catalog promotion; `nil` for a face-value coupon (discount sticker).
    public let promotionID: PromotionID?
    /// The coupon code when the discount comes from a scanned coupon.
    public let couponCode: String?
    /// Customer-facing name ("3 pour 2 yaourts", "Bon de réduction 1,00 €").
    public let name: String
    /// `PromotionKind.name`, or `faceValueCoupon`.
    public let kind: String
    /// Positive amount taken off the basket.
    public let amount: Money
    /// How the amount splits over the lines it used; sums to `amount`.
    public let allocations: [DiscountAllocation]

    public init(promotionID: PromotionID?, couponCode: String?, name: String, kind: String, amount: Money,
                allocations: [DiscountAllocation]) {
        self.promotionID = promotionID
        self.couponCode = couponCode
        self.name = name
        self.kind = kind
        self.amount = amount
        self.allocations = allocations
    }

    /// The lines this discount used.
    public var lineIDs: [LineID] { allocations.map(\.lineID) }
}

/// Why a scanned coupon gives nothing (it stays in the basket, explained).
public enum CouponNotAppliedReason: Sendable, Hashable, Codable {
    /// The catalog no longer has its promotion.
    case unknownPromotion
    /// Outside its validity period.
    case notValidNow
    /// The customer is not eligible (loyalty tier, personal offer of someone else).
    case notEligible
    /// The basket (after item promotions) is below the coupon's minimum.
    case minimumNotReached(Money)
    /// No unit of a product the coupon applies to is in the basket (or each already took a coupon).
    case noEligibleItem
    /// Nothing left to discount.
    case nothingToDiscount
}

/// A scanned coupon that gave no discount, and why.
public struct UnappliedCoupon: Sendable, Hashable, Codable {
    public let code: String
    public let reason: CouponNotAppliedReason

    public init(code: String, reason: CouponNotAppliedReason) {
        self.code = code
        self.reason = reason
    }
}
