/// What the shopper paid for each item line of a basket, once every discount is allocated to the lines it
/// used: `line amount + its active deposits − the allocations of every discount on that line`.
///
/// Deterministic and explainable: the allocations are the promotions engine's own (`DiscountLine.allocations`:
/// a 3-for-2 takes the free unit's price off that unit's line; a percentage or basket coupon is spread over its
/// lines in proportion, remainder cents to the largest fractional parts). The shares add up to the basket's
/// total. Refunds are capped by them (`RefundRule`).
public struct PaidLineShares: Sendable, Hashable {
    /// Item line id → what it cost after discounts, deposits included. Never negative.
    public let shares: [LineID: Money]
    public let currency: Currency

    public init(shares: [LineID: Money], currency: Currency) {
        self.shares = shares
        self.currency = currency
    }

    /// The shares of `basket` under `totals` (the totals of that basket).
    public static func compute(basket: Basket, totals: BasketTotals) throws(MoneyError) -> PaidLineShares {
        var minor: [LineID: Int64] = [:]
        for line in basket.activeItemLines {
            var amount = try line.amount()
            for deposit in basket.depositLines(of: line.id) { amount = try amount.adding(try deposit.amount()) }
            minor[line.id] = amount.minor
        }
        for discount in totals.discounts {
            for allocation in discount.allocations where minor[allocation.lineID] != nil {
                let (value, overflow) = (minor[allocation.lineID] ?? 0).subtractingReportingOverflow(allocation.amount.minor)
                guard !overflow else { throw .overflow }
                minor[allocation.lineID] = value
            }
        }
        return PaidLineShares(
            shares: minor.mapValues { Money(minor: max($0, 0), currency: basket.currency) }, currency: basket.currency)
    }

    /// The share of one item line (`nil`: not an active item line of the basket).
    public func share(of line: LineID) -> Money? { shares[line] }

    /// Sum of the shares.
    public var total: Money {
        get throws(MoneyError) { try Money.sum(shares.values, currency: currency) }
    }
}

/// How much a refund may give back. Pure; the daemon applies it.
public enum RefundRule {
    /// A refund of one line gives back what that line cost after discounts (`share`), less what was already
    /// refunded for it, and never more than the session's net paid (approved − refunded), so the net paid of a
    /// session never goes below zero. Zero means there is nothing to refund.
    public static func allowance(
        share: Money, refundedForLine: Money, sessionNetPaid: Money
    ) throws(MoneyError) -> Money {
        let left = try share.subtracting(refundedForLine)
        let capped = min(left.minor, sessionNetPaid.minor)
        guard share.currency == sessionNetPaid.currency else {
            throw .currencyMismatch(share.currency, sessionNetPaid.currency)
        }
        return Money(minor: max(capped, 0), currency: share.currency)
    }
}
