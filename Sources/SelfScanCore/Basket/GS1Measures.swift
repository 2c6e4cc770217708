/// Reads the measures the basket needs from GS1 element strings: (310n) net weight in kg with n decimals,
/// (392n) price with n decimals, (393n) ISO 4217 numeric currency + price with n decimals.
/// (When the codes module grows accessors for these, this reads through them.)
enum GS1Measures {
    /// Net weight in grams from (3100)–(3105), rounded half up to the gram.
    static func netWeightGrams(_ data: GS1ElementString) -> Int? {
        for element in data.elements where element.ai.count == 4 && element.ai.hasPrefix("310") {
            guard let decimals = element.ai.last?.wholeNumberValue, decimals <= 5,
                  let value = Int64(element.value), value >= 0 else { return nil }
            return Int(RoundingRule.halfUp.divide(value * 1000, by: power10(decimals)))
        }
        return nil
    }

    /// The amount payable from (392n) in `currency`, or from (393n) when its currency is `currency`.
    /// `nil` when absent; throws when present but unreadable or in another currency.
    static func price(_ data: GS1ElementString, currency: Currency) throws(BasketError) -> Money? {
        for element in data.elements where element.ai.count == 4 {
            let prefix = element.ai.prefix(3)
            guard prefix == "392" || prefix == "393", let decimals = element.ai.last?.wholeNumberValue,
                  decimals <= 9 else { continue }
            var digits = Substring(element.value)
            if prefix == "393" {
                guard digits.count > 3, (try? Currency(numericCode: String(digits.prefix(3)))) == currency else {
                    throw .malformedGS1(text(data))
                }
                digits = digits.dropFirst(3)
            }
            guard digits.count <= 15, let value = Int64(digits), value >= 0 else { throw .malformedGS1(text(data)) }
            let scale = currency.minorUnits - decimals
            if scale >= 0 {
                let (minor, overflow) = value.multipliedReportingOverflow(by: power10(scale))
                guard !overflow else { throw .malformedGS1(text(data)) }
                return Money(minor: minor, currency: currency)
            }
            return Money(minor: RoundingRule.halfUp.divide(value, by: power10(-scale)), currency: currency)
        }
        return nil
    }

    /// Human-readable `(01)…(3103)…` text of the element string, for the line's scanned code.
    static func text(_ data: GS1ElementString) -> String {
        data.elements.map { "(\($0.ai))\($0.value)" }.joined()
    }

    private static func power10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
