import Testing
@testable import SelfScanCore

@Suite struct MoneyTests {
    @Test func addsAndSubtractsInOneCurrency() throws {
        let a = Money(minor: 199, currency: .eur)
        let b = Money(minor: 250, currency: .eur)
        #expect(try a.adding(b) == Money(minor: 449, currency: .eur))
        #expect(try a.subtracting(b) == Money(minor: -51, currency: .eur))
    }

    @Test func overflowIsAnErrorNotAWrap() {
        let max = Money(minor: .max, currency: .eur)
        #expect(throws: MoneyError.overflow) { try max.adding(Money(minor: 1, currency: .eur)) }
        #expect(throws: MoneyError.overflow) { try max.multiplied(by: 2) }
        #expect(throws: MoneyError.overflow) { try Money(minor: .min, currency: .eur).negated() }
    }

    @Test func currenciesDoNotMix() {
        #expect(throws: MoneyError.currencyMismatch(.eur, .usd)) {
            try Money(minor: 1, currency: .eur).adding(Money(minor: 1, currency: .usd))
        }
    }

    @Test(arguments: [
        (Int64(5), Int64(2), RoundingRule.halfUp, Int64(3)),
        (Int64(-5), Int64(2), RoundingRule.halfUp, Int64(-3)),
        (Int64(5), Int64(2), RoundingRule.halfEven, Int64(2)),
        (Int64(7), Int64(2), RoundingRule.halfEven, Int64(4)),
        (Int64(7), Int64(3), RoundingRule.down, Int64(2)),
        (Int64(-7), Int64(3), RoundingRule.down, Int64(-2)),
        (Int64(-7), Int64(3), RoundingRule.floor, Int64(-3)),
        (Int64(1), Int64(3), RoundingRule.halfUp, Int64(0)),
        (Int64(2), Int64(3), RoundingRule.halfUp, Int64(1)),
    ])
    func roundingRules(numerator: Int64, denominator: Int64, rule: RoundingRule, expected: Int64) {
        #expect(rule.divide(numerator, by: denominator) == expected)
    }

    @Test func vatIsExtractedFromTaxInclusivePrices() throws {
        // 12.00 € TTC at 20 %: VAT = 12.00 × 2000 / 12000 = 2.00 €
        #expect(try VATRate.frStandard.vatIncluded(in: Money(minor: 1200, currency: .eur)).minor == 200)
        // 1.00 € at 5.5 %: 100 × 550 / 10550 = 5.21… → 5 cents
        #expect(try VATRate.frReduced.vatIncluded(in: Money(minor: 100, currency: .eur)).minor == 5)
        #expect(VATRate.frReduced.description == "5.5%")
        #expect(VATRate.frSuperReduced.description == "2.1%")
    }

    @Test func formatsWithoutFloatingPoint() {
        #expect(Money(minor: 1234, currency: .eur).description == "12.34 EUR")
        #expect(Money(minor: -5, currency: .eur).description == "-0.05 EUR")
        #expect(Money(minor: 1200, currency: .jpy).description == "1200 JPY")
    }

    @Test func unknownCurrencyIsTyped() throws {
        #expect(throws: MoneyError.unknownCurrency("XYZ")) { try Currency(code: "XYZ") }
        #expect(try Currency(numericCode: "978") == .eur)
    }
}
