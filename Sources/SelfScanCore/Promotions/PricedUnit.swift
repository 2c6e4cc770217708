/// One unit of an item line as the promotions engine sees it: a counted line of quantity 3 is three units;
/// a weighed or label-priced line is one unit worth its amount.
struct PricedUnit: Sendable, Hashable {
    let lineID: LineID
    let productID: ProductID
    /// Minor units.
    let amount: Int64
    /// From a counted line (quantity promotions only use these).
    let isCounted: Bool
    /// Position in the engine's canonical order (amount desc, product, line, unit): the tie-break everywhere,
    /// which makes results independent of scan order.
    let rank: Int

    /// The canonical order: most expensive first, then product id, then line id.
    static func canonicalUnits(of lines: [BasketLine]) throws(MoneyError) -> [PricedUnit] {
        var raw: [(lineID: LineID, productID: ProductID, amount: Int64, counted: Bool)] = []
        for line in lines {
            if line.isCounted {
                for _ in 0..<line.quantity { raw.append((line.id, line.productID, line.unitPrice.minor, true)) }
            } else {
                raw.append((line.id, line.productID, try line.amount().minor, false))
            }
        }
        raw.sort {
            if $0.amount != $1.amount { return $0.amount > $1.amount }
            if $0.productID != $1.productID { return $0.productID < $1.productID }
            return $0.lineID < $1.lineID
        }
        return raw.enumerated().map { PricedUnit(lineID: $1.lineID, productID: $1.productID, amount: $1.amount,
                                                 isCounted: $1.counted, rank: $0) }
    }
}

/// Splits `total` over `weights` in proportion, the remainder cents going to the largest fractional parts
/// (ties: earlier index). The parts always add up to `total`. Empty or all-zero weights give zeros.
func allocateProportionally(_ total: Int64, over weights: [Int64]) throws(MoneyError) -> [Int64] {
    var sum: Int64 = 0
    for weight in weights {
        let (value, overflow) = sum.addingReportingOverflow(weight)
        guard !overflow else { throw .overflow }
        sum = value
    }
    guard sum > 0 else { return weights.map { _ in 0 } }
    var parts: [Int64] = []
    var remainders: [(index: Int, remainder: Int64)] = []
    for (index, weight) in weights.enumerated() {
        let (product, overflow) = total.multipliedReportingOverflow(by: weight)
        guard !overflow else { throw .overflow }
        parts.append(product / sum)
        remainders.append((index, product % sum))
    }
    var left = total - parts.reduce(0, +)
    for entry in remainders.sorted(by: { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index })
    where left > 0 {
        parts[entry.index] += 1
        left -= 1
    }
    return parts
}
