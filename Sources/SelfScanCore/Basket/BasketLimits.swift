/// Sanity limits on what a scan may put in a basket: beyond them the input is a mis-read or an error.
public struct BasketLimits: Sendable, Hashable, Codable {
    /// Units per counted line (inclusive).
    public var maxUnitsPerLine: Int
    /// Grams per weighed line (inclusive).
    public var maxWeightGrams: Int
    /// Minor units of a label price (inclusive).
    public var maxLabelPriceMinor: Int64
    /// Lines per basket, voided ones included.
    public var maxLines: Int

    public init(maxUnitsPerLine: Int = 99, maxWeightGrams: Int = 30_000, maxLabelPriceMinor: Int64 = 100_000,
                maxLines: Int = 500) {
        self.maxUnitsPerLine = maxUnitsPerLine
        self.maxWeightGrams = maxWeightGrams
        self.maxLabelPriceMinor = maxLabelPriceMinor
        self.maxLines = maxLines
    }

    /// 99 units, 30 kg, 1 000.00, 500 lines.
    public static let standard = BasketLimits()

    func check(quantity: Int) throws(BasketError) {
        guard quantity >= 1 else { throw .invalidQuantity(quantity) }
        guard quantity <= maxUnitsPerLine else { throw .quantityOverLimit(quantity, limit: maxUnitsPerLine) }
    }

    func check(grams: Int) throws(BasketError) {
        guard (1...maxWeightGrams).contains(grams) else { throw .absurdWeight(grams: grams, limit: maxWeightGrams) }
    }

    func check(labelPrice: Money) throws(BasketError) {
        guard labelPrice.minor >= 1, labelPrice.minor <= maxLabelPriceMinor else {
            throw .absurdLabelPrice(labelPrice, limit: Money(minor: maxLabelPriceMinor, currency: labelPrice.currency))
        }
    }

    func check(measure: LineMeasure) throws(BasketError) {
        switch measure {
        case .units(let count): try check(quantity: count)
        case .weight(let grams): try check(grams: grams)
        case .labelPrice(let price, let grams):
            try check(labelPrice: price)
            if let grams { try check(grams: grams) }
        }
    }
}
