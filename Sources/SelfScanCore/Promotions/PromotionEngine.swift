/// What the promotions engine found for a basket.
public struct PromotionResult: Sendable, Hashable, Codable {
    /// In receipt order: item promotions (by promotion id), item coupons, the threshold offer, basket coupons.
    public let discounts: [DiscountLine]
    public let unappliedCoupons: [UnappliedCoupon]
}

/// Computes a basket's discounts. Deterministic, independent of scan order, explainable.
///
/// Rules (see docs/promotions-and-audits.md):
/// 1. **Item promotions compete** (N-for-price, mix-and-match, percent off, second item at −x %, loyalty
///    price, and personal offers of these kinds): a unit takes part in at most one. Promotions sharing products
///    form a group; the engine tries every order of the group's promotions (greedy beyond 5) and keeps the
///    allocation with the largest total discount — the best for the customer. Ties go to the earlier order of
///    promotion ids.
/// 2. **Item coupons combine** with item promotions: each takes off one unit's remaining price (after item
///    promotions), the most expensive eligible unit first; one coupon per unit.
/// 3. **Threshold offers compete with each other** (only the best one applies) and **combine** with
///    everything else; the threshold is checked on the basket after item promotions and item coupons.
/// 4. **Basket coupons combine** with everything and come last, on what remains (never below zero).
/// Deposits are never discounted. Percentages round down to the cent.
public enum PromotionEngine {
    /// - Parameter store: where the basket is (promotions with a store condition apply only there; `nil`: an
    ///   unknown store, where they never apply).
    public static func evaluate(
        basket: Basket, catalog: any CatalogLookup, at now: Instant, store: StoreID? = nil
    ) throws(BasketError) -> PromotionResult {
        let lines = basket.activeItemLines
        let currency = basket.currency
        let customer = try basket.customerID.flatMap { id throws(BasketError) in
            try BasketSession.lookup({ () throws(CatalogLookupError) in try catalog.customer(id: id) })
        }
        var discounts: [DiscountLine] = []
        var unapplied: [UnappliedCoupon] = []
        // Every amount below is a part of the items' total (discounts never exceed what they discount), so
        // once this sum is known not to overflow, the plain sums below cannot overflow either.
        var remaining: [LineID: Int64] = [:]
        var itemsTotal = Money.zero(currency)
        for line in lines {
            let amount = try BasketSession.money { () throws(MoneyError) in try line.amount() }
            itemsTotal = try BasketSession.money { () throws(MoneyError) in try itemsTotal.adding(amount) }
            remaining[line.id] = amount.minor
        }
        // The lines by product, then id: the order a basket-level saving is spread in (sorted once, when needed).
        var spreadOrder: [BasketLine]?
        func spreadLines() -> [BasketLine] {
            if let spreadOrder { return spreadOrder }
            let ordered = spreadOrdered(lines)
            spreadOrder = ordered
            return ordered
        }

        func inContext(_ promotion: Promotion) -> Bool {
            promotion.conditions?.areMet(store: store, at: now, lines: lines) ?? true
        }

        func usable(_ promotion: Promotion) -> Bool {
            guard promotion.validity.contains(now), inContext(promotion) else { return false }
            if case .loyaltyPrice = promotion.kind, customer == nil { return false }
            return isEligible(promotion, customer: customer)
        }

        // 1. Item promotions: competing, best allocation per group.
        var itemPromotions: [PromotionID: Promotion] = [:]
        var productsByPromotion: [PromotionID: Set<ProductID>] = [:]
        for line in lines {
            for promotionID in line.promotionIDs {
                guard let promotion = try BasketSession.lookup({ () throws(CatalogLookupError) in
                    try catalog.promotion(id: promotionID)
                }), promotion.kind.isItemLevel, usable(promotion) else { continue }
                itemPromotions[promotionID] = promotion
                productsByPromotion[promotionID, default: []].insert(line.productID)
            }
        }
        // The units of the promoted products in canonical order, built only when an item promotion applies. A rank
        // only identifies a unit (consumed or not) and orders units: the subset keeps the whole basket's order.
        var promotedProducts: Set<ProductID> = []
        for products in productsByPromotion.values { promotedProducts.formUnion(products) }
        let units = promotedProducts.isEmpty
            ? []
            : try BasketSession.money { () throws(MoneyError) in
                try PricedUnit.canonicalUnits(of: lines.filter { promotedProducts.contains($0.productID) })
            }
        for group in competingGroups(productsByPromotion) {
            // Only the units of the group's products can take part (same order and ranks: the same allocation).
            var groupProducts: Set<ProductID> = []
            for id in group { groupProducts.formUnion(productsByPromotion[id] ?? []) }
            let groupUnits = units.filter { groupProducts.contains($0.productID) }
            let best = try BasketSession.money { () throws(MoneyError) in
                try bestAllocation(group.compactMap { itemPromotions[$0] }, units: groupUnits, products: productsByPromotion)
            }
            for (promotion, application) in best where application.discount > 0 {
                for (lineID, part) in application.perLine { remaining[lineID, default: 0] -= part }
                discounts.append(discountLine(promotion: promotion, coupon: nil, amount: application.discount,
                                              perLine: application.perLine, lines: lines, currency: currency))
            }
        }
        discounts.sort { ($0.promotionID?.rawValue ?? "") < ($1.promotionID?.rawValue ?? "") }

        // Coupons, in code order (scan order must not matter).
        var itemCoupons: [(AppliedCoupon, Promotion)] = []
        var basketCoupons: [(coupon: AppliedCoupon, promotion: Promotion?)] = []
        for coupon in basket.coupons.sorted(by: { $0.code < $1.code }) {
            guard let promotionID = coupon.promotionID else {
                basketCoupons.append((coupon, nil))
                continue
            }
            guard let promotion = try BasketSession.lookup({ () throws(CatalogLookupError) in
                try catalog.promotion(id: promotionID)
            }), case .coupon(_, _, let scope, _) = promotion.kind else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .unknownPromotion))
                continue
            }
            guard promotion.validity.contains(now), inContext(promotion) else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .notValidNow))
                continue
            }
            guard isEligible(promotion, customer: customer) else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .notEligible))
                continue
            }
            if scope == .listedProducts { itemCoupons.append((coupon, promotion)) } else {
                basketCoupons.append((coupon, promotion))
            }
        }
        let baseAfterItemPromotions = remaining.values.reduce(0, +)

        // 2. Item coupons: one unit each, the most valuable remaining unit first.
        var couponsPerLine: [LineID: Int] = [:]
        for (coupon, promotion) in itemCoupons {
            guard case .coupon(_, let reward, _, let minimum) = promotion.kind else { continue }
            if let minimum, baseAfterItemPromotions < minimum.minor {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .minimumNotReached(minimum)))
                continue
            }
            let candidates = lines.filter {
                $0.promotionIDs.contains(promotion.id) && couponsPerLine[$0.id, default: 0] < $0.quantity
            }.map { line in (line: line, unitValue: (remaining[line.id] ?? 0) / Int64(line.quantity)) }
            .filter { $0.unitValue > 0 }
            .sorted {
                if $0.unitValue != $1.unitValue { return $0.unitValue > $1.unitValue }
                if $0.line.productID != $1.line.productID { return $0.line.productID < $1.line.productID }
                return $0.line.id < $1.line.id
            }
            guard let target = candidates.first else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .noEligibleItem))
                continue
            }
            let saving = try BasketSession.money { () throws(MoneyError) in
                try rewardAmount(reward, on: target.unitValue)
            }
            guard saving > 0 else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .nothingToDiscount))
                continue
            }
            couponsPerLine[target.line.id, default: 0] += 1
            remaining[target.line.id, default: 0] -= saving
            discounts.append(discountLine(promotion: promotion, coupon: coupon, amount: saving,
                                          perLine: [target.line.id: saving], lines: lines, currency: currency))
        }

        // 3. Threshold offers: the best one only.
        let base = remaining.values.reduce(0, +)
        var bestThreshold: (promotion: Promotion, saving: Int64)?
        for promotion in try BasketSession.lookup({ () throws(CatalogLookupError) in
            try catalog.basketThresholdPromotions()
        }) where usable(promotion) {
            guard case .basketThreshold(let minimum, let reward) = promotion.kind, base >= minimum.minor else { continue }
            let saving = try BasketSession.money { () throws(MoneyError) in try rewardAmount(reward, on: base) }
            if saving > (bestThreshold?.saving ?? 0) { bestThreshold = (promotion, saving) }
        }
        if let bestThreshold {
            let perLine = try spread(bestThreshold.saving, over: spreadLines(), remaining: remaining)
            for (lineID, part) in perLine { remaining[lineID, default: 0] -= part }
            discounts.append(discountLine(promotion: bestThreshold.promotion, coupon: nil, amount: bestThreshold.saving,
                                          perLine: perLine, lines: lines, currency: currency))
        }

        // 4. Basket coupons, last, on what remains.
        for (coupon, promotion) in basketCoupons {
            let reward: PromotionReward
            if let promotion, case .coupon(_, let couponReward, _, let minimum) = promotion.kind {
                if let minimum, baseAfterItemPromotions < minimum.minor {
                    unapplied.append(UnappliedCoupon(code: coupon.code, reason: .minimumNotReached(minimum)))
                    continue
                }
                reward = couponReward
            } else if let faceValue = coupon.faceValue {
                reward = .amountOff(faceValue)
            } else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .unknownPromotion))
                continue
            }
            let left = remaining.values.reduce(0, +)
            let saving = try BasketSession.money { () throws(MoneyError) in try rewardAmount(reward, on: left) }
            guard saving > 0 else {
                unapplied.append(UnappliedCoupon(code: coupon.code, reason: .nothingToDiscount))
                continue
            }
            let perLine = try spread(saving, over: spreadLines(), remaining: remaining)
            for (lineID, part) in perLine { remaining[lineID, default: 0] -= part }
            if let promotion {
                discounts.append(discountLine(promotion: promotion, coupon: coupon, amount: saving, perLine: perLine,
                                              lines: lines, currency: currency))
            } else {
                discounts.append(DiscountLine(
                    promotionID: nil, couponCode: coupon.code, name: "Bon de réduction \(coupon.code)",
                    kind: "faceValueCoupon", amount: Money(minor: saving, currency: currency),
                    allocations: allocations(perLine, lines: lines, currency: currency)))
            }
        }
        return PromotionResult(discounts: discounts, unappliedCoupons: unapplied)
    }

    static func isEligible(_ promotion: Promotion, customer: LoyaltyCustomer?) -> Bool {
        switch promotion.eligibility {
        case .everyone: true
        case .loyaltyMembers(let tier): customer.map { $0.tier >= tier } ?? false
        case .personalOffer: customer?.usablePersonalOffers.contains(promotion.id) ?? false
        }
    }

    /// Groups of promotions that share at least one product (connected components), each sorted by id.
    static func competingGroups(_ productsByPromotion: [PromotionID: Set<ProductID>]) -> [[PromotionID]] {
        var groups: [[PromotionID]] = []
        var seen: Set<PromotionID> = []
        for start in productsByPromotion.keys.sorted() where !seen.contains(start) {
            var group: [PromotionID] = []
            var stack = [start]
            seen.insert(start)
            while let current = stack.popLast() {
                group.append(current)
                let products = productsByPromotion[current] ?? []
                for (other, otherProducts) in productsByPromotion where !seen.contains(other) {
                    if !products.isDisjoint(with: otherProducts) {
                        seen.insert(other)
                        stack.append(other)
                    }
                }
            }
            groups.append(group.sorted())
        }
        return groups
    }

    /// The allocation of units to the group's promotions with the largest total discount.
    static func bestAllocation(
        _ promotions: [Promotion], units: [PricedUnit], products: [PromotionID: Set<ProductID>]
    ) throws(MoneyError) -> [(Promotion, ItemPromotionApplication)] {
        func run(_ order: [Promotion]) throws(MoneyError) -> (total: Int64, applied: [(Promotion, ItemPromotionApplication)]) {
            var consumed: Set<Int> = []
            var total: Int64 = 0
            var applied: [(Promotion, ItemPromotionApplication)] = []
            for promotion in order {
                let eligible = products[promotion.id] ?? []
                let available = units.filter { eligible.contains($0.productID) && !consumed.contains($0.rank) }
                let application = try ItemPromotionApplication.apply(promotion.kind, to: available)
                consumed.formUnion(application.consumedRanks)
                total += application.discount
                applied.append((promotion, application))
            }
            return (total, applied)
        }
        if promotions.count <= 5 {
            var best: (total: Int64, applied: [(Promotion, ItemPromotionApplication)])?
            for order in permutations(promotions) {
                let result = try run(order)
                if result.total > (best?.total ?? -1) { best = result }
            }
            return best?.applied ?? []
        }
        // Greedy beyond 5: repeatedly take the promotion that saves the most on what is left.
        var left = promotions
        var order: [Promotion] = []
        while !left.isEmpty {
            var bestIndex = 0
            var bestSaving: Int64 = -1
            for (index, candidate) in left.enumerated() {
                let saving = try run(order + [candidate]).total
                if saving > bestSaving { (bestIndex, bestSaving) = (index, saving) }
            }
            order.append(left.remove(at: bestIndex))
        }
        return try run(order).applied
    }

    /// All orders of `items`, in lexicographic order of their positions.
    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        var result: [[T]] = []
        for index in items.indices {
            var rest = items
            let head = rest.remove(at: index)
            for tail in permutations(rest) { result.append([head] + tail) }
        }
        return result
    }

    static func rewardAmount(_ reward: PromotionReward, on base: Int64) throws(MoneyError) -> Int64 {
        guard base > 0 else { return 0 }
        switch reward {
        case .amountOff(let money): return min(max(money.minor, 0), base)
        case .percentOff(let basisPoints):
            let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(min(max(basisPoints, 0), 10_000)))
            guard !overflow else { throw .overflow }
            return RoundingRule.down.divide(scaled, by: 10_000)
        }
    }

    /// The order a basket-level saving is spread in: by product, then by line id (scan order must not matter).
    static func spreadOrdered(_ lines: [BasketLine]) -> [BasketLine] {
        lines.sorted {
            if $0.productID != $1.productID { return $0.productID < $1.productID }
            return $0.id < $1.id
        }
    }

    /// Splits a basket-level saving over `ordered` (lines in `spreadOrdered` order) in proportion to what remains
    /// on each.
    static func spread(_ saving: Int64, over ordered: [BasketLine], remaining: [LineID: Int64]) throws(BasketError) -> [LineID: Int64] {
        let parts = try BasketSession.money { () throws(MoneyError) in
            try allocateProportionally(saving, over: ordered.map { max(remaining[$0.id] ?? 0, 0) })
        }
        var result: [LineID: Int64] = [:]
        for (line, part) in zip(ordered, parts) where part > 0 { result[line.id] = part }
        return result
    }

    /// The positive parts of `perLine`, in the basket's line order (every key is one of `lines`).
    static func allocations(_ perLine: [LineID: Int64], lines: [BasketLine], currency: Currency) -> [DiscountAllocation] {
        if perLine.count == 1, let (lineID, amount) = perLine.first {
            return amount > 0 ? [DiscountAllocation(lineID: lineID, amount: Money(minor: amount, currency: currency))] : []
        }
        var result: [DiscountAllocation] = []
        result.reserveCapacity(perLine.count)
        for line in lines {
            guard let amount = perLine[line.id], amount > 0 else { continue }
            result.append(DiscountAllocation(lineID: line.id, amount: Money(minor: amount, currency: currency)))
            if result.count == perLine.count { break }
        }
        return result
    }

    static func discountLine(
        promotion: Promotion, coupon: AppliedCoupon?, amount: Int64, perLine: [LineID: Int64], lines: [BasketLine],
        currency: Currency
    ) -> DiscountLine {
        DiscountLine(promotionID: promotion.id, couponCode: coupon?.code, name: promotion.name, kind: promotion.kind.name,
                     amount: Money(minor: amount, currency: currency),
                     allocations: allocations(perLine, lines: lines, currency: currency))
    }
}
