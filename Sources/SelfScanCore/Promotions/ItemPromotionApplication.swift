/// The result of applying one item-level promotion to the units still available to it.
struct ItemPromotionApplication: Sendable, Hashable {
    /// Minor units off.
    var discount: Int64 = 0
    /// Ranks of the units it used (no other item promotion may use them).
    var consumedRanks: Set<Int> = []
    /// Minor units off per line.
    var perLine: [LineID: Int64] = [:]

    /// Applies `kind` to `units` (already filtered to the promotion's products, in canonical order).
    /// Every rule takes the most expensive units first, which is the best for the customer.
    static func apply(_ kind: PromotionKind, to units: [PricedUnit]) throws(MoneyError) -> ItemPromotionApplication {
        var result = ItemPromotionApplication()
        switch kind {
        case .nForPrice(let quantity, let price):
            for group in groupedByProduct(units.filter(\.isCounted)) {
                try result.addBundles(of: group, size: quantity, price: price)
            }
        case .mixAndMatch(let quantity, let price):
            try result.addBundles(of: units.filter(\.isCounted), size: quantity, price: price)
        case .percentOff(let basisPoints):
            try result.addPercent(basisPoints, of: units)
        case .secondItemPercentOff(let basisPoints):
            for group in groupedByProduct(units.filter(\.isCounted)) {
                let pairs = group.count / 2
                guard pairs > 0 else { continue }
                let seconds = (0..<pairs).map { group[2 * $0 + 1] }
                let firsts = (0..<pairs).map { group[2 * $0] }
                let before = result.discount
                try result.addPercent(basisPoints, of: seconds)
                if result.discount > before { result.consumedRanks.formUnion(firsts.map(\.rank)) }
            }
        case .loyaltyPrice(let unitPrice):
            for unit in units where unit.isCounted && unit.amount > unitPrice.minor {
                try result.add(unit.amount - unitPrice.minor, to: [unit])
            }
        case .basketThreshold, .coupon:
            break
        }
        return result
    }

    private static func groupedByProduct(_ units: [PricedUnit]) -> [[PricedUnit]] {
        var groups: [ProductID: [PricedUnit]] = [:]
        for unit in units { groups[unit.productID, default: []].append(unit) }
        return groups.keys.sorted().compactMap { groups[$0] }
    }

    /// Bundles of `size` consecutive units (most expensive first); each bundle with a positive saving is used.
    private mutating func addBundles(of units: [PricedUnit], size: Int, price: BundlePrice) throws(MoneyError) {
        guard size >= 1 else { return }
        var start = 0
        while start + size <= units.count {
            let bundle = Array(units[start..<(start + size)])
            start += size
            switch price {
            case .amount(let money):
                let sum = try checkedSum(bundle.map(\.amount))
                guard sum > money.minor else { continue }
                try add(sum - money.minor, to: bundle)
                consumedRanks.formUnion(bundle.map(\.rank))
            case .itemsPaid(let paid):
                guard paid >= 0, paid < size else { continue }
                let free = Array(bundle.suffix(size - paid))  // the cheapest of the bundle
                let saving = try checkedSum(free.map(\.amount))
                guard saving > 0 else { continue }
                try add(saving, to: free)
                consumedRanks.formUnion(bundle.map(\.rank))
            }
        }
    }

    /// `basisPoints` of the units' total, rounded down (a discount never exceeds its rate).
    private mutating func addPercent(_ basisPoints: Int, of units: [PricedUnit]) throws(MoneyError) {
        guard !units.isEmpty, basisPoints > 0 else { return }
        let sum = try checkedSum(units.map(\.amount))
        let (scaled, overflow) = sum.multipliedReportingOverflow(by: Int64(min(basisPoints, 10_000)))
        guard !overflow else { throw .overflow }
        let saving = RoundingRule.down.divide(scaled, by: 10_000)
        guard saving > 0 else { return }
        try add(saving, to: units)
        consumedRanks.formUnion(units.map(\.rank))
    }

    /// Adds `saving`, split over `units` in proportion to their amounts.
    private mutating func add(_ saving: Int64, to units: [PricedUnit]) throws(MoneyError) {
        let parts = try allocateProportionally(saving, over: units.map(\.amount))
        for (unit, part) in zip(units, parts) where part > 0 { perLine[unit.lineID, default: 0] += part }
        discount += saving
        consumedRanks.formUnion(units.map(\.rank))
    }

    private func checkedSum(_ values: [Int64]) throws(MoneyError) -> Int64 {
        var sum: Int64 = 0
        for value in values {
            let (next, overflow) = sum.addingReportingOverflow(value)
            guard !overflow else { throw .overflow }
            sum = next
        }
        return sum
    }
}
