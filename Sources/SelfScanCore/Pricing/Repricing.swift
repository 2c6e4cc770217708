
/// A basket line to check at checkout: what it was scanned at.
public struct RepricingLine: Sendable, Hashable, Codable {
    /// The line's identity in the basket (opaque here).
    public var lineID: String
    public var gtin: GTIN
    /// Units on the line (≥ 1).
    public var quantity: Int64
    /// Unit price stored on the line at scan time.
    public var scanUnitPrice: Money

    public init(lineID: String, gtin: GTIN, quantity: Int64, scanUnitPrice: Money) {
        self.lineID = lineID
        self.gtin = gtin
        self.quantity = quantity
        self.scanUnitPrice = scanUnitPrice
    }
}

/// How a line's price compares with the referential's at checkout.
public enum PriceComparison: String, Sendable, Hashable, Codable {
    case unchanged
    /// The current price is higher than the scan price.
    case increased
    /// The current price is lower than the scan price.
    case decreased
    /// The referential has no current price (product withdrawn): the scan price is charged.
    case noCurrentPrice
}

/// One line after repricing, with the difference spelled out.
public struct RepricedLine: Sendable, Hashable, Codable {
    public var line: RepricingLine
    /// The referential's unit price now; nil when it has none.
    public var currentUnitPrice: Money?
    public var comparison: PriceComparison
    /// Unit price charged under the store's rule.
    public var chargedUnitPrice: Money
    /// `quantity × chargedUnitPrice`.
    public var chargedAmount: Money
    /// `quantity × (current − scan)`; zero when unchanged or without a current price. Shown to the shopper.
    public var difference: Money
}

/// The whole basket after repricing.
public struct RepricingResult: Sendable, Hashable, Codable {
    public var rule: PriceConflictRule
    public var lines: [RepricedLine]
    /// Σ quantity × scan price.
    public var scanTotal: Money
    /// Σ quantity × current price (scan price where there is none).
    public var currentTotal: Money
    /// Σ charged amounts: what the shopper pays under `rule`.
    public var chargedTotal: Money
    /// Lines whose price changed since the scan: these are shown, whatever the rule.
    public var changedLines: [RepricedLine] { lines.filter { $0.comparison != .unchanged } }
    /// True when at least one line differs.
    public var hasDifferences: Bool { !changedLines.isEmpty }
}

/// Errors of repricing: money arithmetic, or a line that cannot be priced.
public enum RepricingError: Error, Sendable, Hashable {
    case money(MoneyError)
    case nonPositiveQuantity(lineID: String)
}

/// The conflict rule between scan-time prices and the referential's prices at checkout, as a pure function.
///
/// - Parameters:
///   - lines: the basket's lines with their scan prices.
///   - currentPrices: the referential's current unit prices by GTIN (missing = withdrawn).
///   - rule: the store setting.
///   - currency: the basket's currency (totals of an empty basket).
public func reprice(
    lines: [RepricingLine], currentPrices: [GTIN: Money], rule: PriceConflictRule, currency: Currency
) throws(RepricingError) -> RepricingResult {
    var repriced: [RepricedLine] = []
    var scanTotal = Money.zero(currency)
    var currentTotal = Money.zero(currency)
    var chargedTotal = Money.zero(currency)
    do {
        for line in lines {
            guard line.quantity > 0 else { throw RepricingError.nonPositiveQuantity(lineID: line.lineID) }
            let current = currentPrices[line.gtin]
            let comparison: PriceComparison
            let charged: Money
            var difference = Money.zero(line.scanUnitPrice.currency)
            if let current {
                let unitDifference = try current.subtracting(line.scanUnitPrice)
                difference = try unitDifference.multiplied(by: line.quantity)
                comparison = unitDifference.isZero ? .unchanged : (unitDifference.isNegative ? .decreased : .increased)
                charged = rule == .chargeScanPrice ? line.scanUnitPrice : current
            } else {
                comparison = .noCurrentPrice
                charged = line.scanUnitPrice
            }
            let chargedAmount = try charged.multiplied(by: line.quantity)
            scanTotal = try scanTotal.adding(try line.scanUnitPrice.multiplied(by: line.quantity))
            currentTotal = try currentTotal.adding(try (current ?? line.scanUnitPrice).multiplied(by: line.quantity))
            chargedTotal = try chargedTotal.adding(chargedAmount)
            repriced.append(
                RepricedLine(
                    line: line, currentUnitPrice: current, comparison: comparison, chargedUnitPrice: charged,
                    chargedAmount: chargedAmount, difference: difference))
        }
    } catch let error as MoneyError {
        throw .money(error)
    } catch let error as RepricingError {
        throw error
    } catch {
        preconditionFailure("only MoneyError and RepricingError are thrown above: \(error)")
    }
    return RepricingResult(
        rule: rule, lines: repriced, scanTotal: scanTotal, currentTotal: currentTotal, chargedTotal: chargedTotal)
}
