/// The VAT contained in the amounts of one rate (French prices are tax-inclusive).
public struct VATBreakdownLine: Sendable, Hashable, Codable {
    public let rate: VATRate
    /// Tax-inclusive amount of this rate, after discounts.
    public let gross: Money
    /// The VAT in `gross`: `gross × rate / (10000 + rate)`, rounded by `BasketTotals.vatRounding`.
    public let vat: Money
    /// `gross − vat`.
    public let net: Money
}

/// A basket's totals: every amount in `Money`, every division with a named rounding rule.
///
/// `total = itemsSubtotal − discountTotal + depositTotal`, and the VAT breakdown's gross amounts add up to
/// `total`. Discounts are allocated to the lines they used, so each reduces the VAT of its own rate.
public struct BasketTotals: Sendable, Hashable, Codable {
    /// How VAT is extracted per rate (on each rate's total, not per line).
    public static let vatRounding = RoundingRule.halfUp
    /// How percentage discounts are rounded.
    public static let discountRounding = RoundingRule.down
    /// How a weight times a price per kilogram is rounded.
    public static let weightRounding = RoundingRule.halfUp

    public let currency: Currency
    /// Active item lines before discounts (deposits excluded).
    public let itemsSubtotal: Money
    public let discounts: [DiscountLine]
    /// Sum of `discounts` (positive).
    public let discountTotal: Money
    /// Active deposit lines.
    public let depositTotal: Money
    /// What the customer pays.
    public let total: Money
    /// Per rate, ascending.
    public let vatBreakdown: [VATBreakdownLine]
    /// Coupons in the basket that gave nothing, and why.
    public let unappliedCoupons: [UnappliedCoupon]

    /// Computes the totals of `basket` with the catalog's promotions valid at `now`. Throws on overflow.
    public static func compute(
        basket: Basket, catalog: any CatalogLookup, at now: Instant, store: StoreID? = nil
    ) throws(BasketError) -> BasketTotals {
        let currency = basket.currency
        let promotions = try PromotionEngine.evaluate(basket: basket, catalog: catalog, at: now, store: store)
        return try BasketSession.money { () throws(MoneyError) in
            var items = Money.zero(currency)
            var deposits = Money.zero(currency)
            var grossByRate: [VATRate: Money] = [:]
            var rateByLine: [LineID: VATRate] = [:]
            for line in basket.activeLines {
                let amount = try line.amount()
                if line.isDeposit { deposits = try deposits.adding(amount) } else { items = try items.adding(amount) }
                grossByRate[line.vatRate] = try (grossByRate[line.vatRate] ?? .zero(currency)).adding(amount)
                rateByLine[line.id] = line.vatRate
            }
            var discountTotal = Money.zero(currency)
            for discount in promotions.discounts {
                discountTotal = try discountTotal.adding(discount.amount)
                for allocation in discount.allocations {
                    guard let rate = rateByLine[allocation.lineID] else { continue }
                    grossByRate[rate] = try (grossByRate[rate] ?? .zero(currency)).subtracting(allocation.amount)
                }
            }
            let total = try items.subtracting(discountTotal).adding(deposits)
            var breakdown: [VATBreakdownLine] = []
            for rate in grossByRate.keys.sorted() {
                guard let gross = grossByRate[rate] else { continue }
                let vat = try rate.vatIncluded(in: gross)  // rounds half up: `vatRounding`
                breakdown.append(VATBreakdownLine(rate: rate, gross: gross, vat: vat, net: try gross.subtracting(vat)))
            }
            return BasketTotals(
                currency: currency, itemsSubtotal: items, discounts: promotions.discounts, discountTotal: discountTotal,
                depositTotal: deposits, total: total, vatBreakdown: breakdown,
                unappliedCoupons: promotions.unappliedCoupons)
        }
    }

    /// Total VAT over all rates.
    public var vatTotal: Money {
        get throws(MoneyError) { try Money.sum(vatBreakdown.map(\.vat), currency: currency) }
    }
}

extension BasketSession {
    /// The session basket's totals with the catalog's promotions valid now.
    public func totals(context: SessionContext) throws(BasketError) -> BasketTotals {
        try BasketTotals.compute(
            basket: basket, catalog: context.catalog, at: context.clock.now(), store: opening.storeID)
    }
}
