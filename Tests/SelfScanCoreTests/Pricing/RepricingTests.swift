import SelfScanCore
import Testing

@Suite("Price conflict rule: scan price vs current price at checkout")
struct RepricingTests {
    static func gtin(_ text: String) throws -> GTIN { try GTIN(text) }
    static func eur(_ minor: Int64) -> Money { Money(minor: minor, currency: .eur) }

    static func basket() throws -> [RepricingLine] {
        [
            RepricingLine(lineID: "a", gtin: try gtin("3017620422003"), quantity: 2, scanUnitPrice: eur(199)),
            RepricingLine(lineID: "b", gtin: try gtin("5449000000996"), quantity: 1, scanUnitPrice: eur(150)),
            RepricingLine(lineID: "c", gtin: try gtin("3274080005003"), quantity: 3, scanUnitPrice: eur(50)),
        ]
    }

    static func prices() throws -> [GTIN: Money] {
        // a went up by 0.30, b went down by 0.25, c unchanged.
        [try gtin("3017620422003"): eur(229), try gtin("5449000000996"): eur(125), try gtin("3274080005003"): eur(50)]
    }

    @Test("chargeScanPrice: charged at scan prices; every difference still listed")
    func chargeScanPrice() throws {
        let result = try reprice(lines: try Self.basket(), currentPrices: try Self.prices(), rule: .chargeScanPrice, currency: .eur)
        #expect(result.chargedTotal == Self.eur(2 * 199 + 150 + 3 * 50))
        #expect(result.scanTotal == result.chargedTotal)
        #expect(result.currentTotal == Self.eur(2 * 229 + 125 + 3 * 50))
        #expect(result.changedLines.map(\.line.lineID) == ["a", "b"])
        #expect(result.changedLines.map(\.difference) == [Self.eur(60), Self.eur(-25)])
        #expect(result.changedLines.map(\.comparison) == [.increased, .decreased])
    }

    @Test("chargeCurrentPrice: charged at current prices; the same differences listed")
    func chargeCurrentPrice() throws {
        let result = try reprice(lines: try Self.basket(), currentPrices: try Self.prices(), rule: .chargeCurrentPrice, currency: .eur)
        #expect(result.chargedTotal == result.currentTotal)
        #expect(result.chargedTotal == Self.eur(2 * 229 + 125 + 3 * 50))
        #expect(result.changedLines.map(\.difference) == [Self.eur(60), Self.eur(-25)])
        #expect(result.lines[0].chargedAmount == Self.eur(458))
    }

    @Test("a product without current price is charged at its scan price and flagged", arguments: PriceConflictRule.allCases)
    func withdrawnProduct(rule: PriceConflictRule) throws {
        var prices = try Self.prices()
        prices[try Self.gtin("5449000000996")] = nil
        let result = try reprice(lines: try Self.basket(), currentPrices: prices, rule: rule, currency: .eur)
        let line = try #require(result.lines.first { $0.line.lineID == "b" })
        #expect(line.comparison == .noCurrentPrice)
        #expect(line.chargedAmount == Self.eur(150))
        #expect(result.hasDifferences)
    }

    @Test("unchanged prices: no differences, same totals", arguments: PriceConflictRule.allCases)
    func unchanged(rule: PriceConflictRule) throws {
        let lines = try Self.basket()
        let prices = Dictionary(uniqueKeysWithValues: lines.map { ($0.gtin, $0.scanUnitPrice) })
        let result = try reprice(lines: lines, currentPrices: prices, rule: rule, currency: .eur)
        #expect(!result.hasDifferences)
        #expect(result.chargedTotal == result.scanTotal)
    }

    @Test("zero quantity and overflow are typed errors")
    func errors() throws {
        let zero = [RepricingLine(lineID: "z", gtin: try Self.gtin("3017620422003"), quantity: 0, scanUnitPrice: Self.eur(1))]
        #expect(throws: RepricingError.nonPositiveQuantity(lineID: "z")) {
            try reprice(lines: zero, currentPrices: [:], rule: .chargeScanPrice, currency: .eur)
        }
        let huge = [RepricingLine(lineID: "h", gtin: try Self.gtin("3017620422003"), quantity: .max, scanUnitPrice: Self.eur(2))]
        #expect(throws: RepricingError.money(.overflow)) {
            try reprice(lines: huge, currentPrices: [:], rule: .chargeScanPrice, currency: .eur)
        }
    }
}
