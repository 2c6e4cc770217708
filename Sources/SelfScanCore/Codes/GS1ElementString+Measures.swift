extension GS1ElementString {
    /// The net weight in grams from (310n) kilograms or (320n) pounds, `nil` when absent. Values finer
    /// than a gram (3104, 3105, pounds) are rounded half up. A zero weight is refused (`zeroMeasure`).
    public func netWeightGrams() throws(CodeError) -> Int? {
        if let element = elements.first(where: { $0.ai.hasPrefix("310") }) {
            let (value, decimals) = try Self.decimalValue(element)
            guard value > 0 else { throw .zeroMeasure(element.value) }
            if decimals <= 3 { return Int(value * Nomenclature.powerOfTen(3 - decimals)) }
            return Int(RoundingRule.halfUp.divide(value, by: Nomenclature.powerOfTen(decimals - 3)))
        }
        if let element = elements.first(where: { $0.ai.hasPrefix("320") }) {
            let (value, decimals) = try Self.decimalValue(element)
            guard value > 0 else { throw .zeroMeasure(element.value) }
            // 1 lb = 453.59237 g exactly; value ≤ 999999 so the product fits in Int64.
            return Int(RoundingRule.halfUp.divide(value * 45_359_237, by: Nomenclature.powerOfTen(decimals + 5)))
        }
        return nil
    }

    /// The price to pay from (393n) (ISO 4217 currency in the value) or (392n) (in `defaultCurrency`),
    /// `nil` when absent. Errors: unknown currency, more decimals than the currency has with non-zero
    /// digits there (`absurdDecimals`), overflow, zero.
    public func price(defaultCurrency: Currency) throws(CodeError) -> Money? {
        if let element = elements.first(where: { $0.ai.hasPrefix("393") }) {
            let numeric = String(element.value.prefix(3))
            let currency: Currency
            do {
                currency = try Currency(numericCode: numeric)
            } catch {
                throw .unknownCurrency(ai: element.ai, numericCode: numeric)
            }
            let amount = GS1ElementString.Element(ai: element.ai, value: String(element.value.dropFirst(3)))
            return try Self.money(amount, currency: currency, original: element)
        }
        if let element = elements.first(where: { $0.ai.hasPrefix("392") }) {
            return try Self.money(element, currency: defaultCurrency, original: element)
        }
        return nil
    }

    /// A (11)/(13)/(15)/(17)… date, `nil` when absent or not a date.
    public func date(of ai: String) -> GS1Date? { value(of: ai).flatMap(GS1Date.init) }

    /// The AIs and values as a dictionary (the last value wins; duplicates are equal by construction).
    public var dictionary: [String: String] {
        Dictionary(elements.map { ($0.ai, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    static func decimalValue(_ element: Element) throws(CodeError) -> (value: Int64, decimals: Int) {
        guard let last = element.ai.utf8.last, element.ai.utf8.count == 4, !element.value.isEmpty,
            element.value.utf8.count <= 18, let value = Int64(element.value)
        else { throw .absurdDecimals(ai: element.ai, value: element.value) }
        return (value, Int(last) - 0x30)
    }

    static func money(_ amount: Element, currency: Currency, original: Element) throws(CodeError) -> Money {
        let (value, decimals) = try decimalValue(amount)
        guard value > 0 else { throw .zeroMeasure(original.value) }
        if decimals <= currency.minorUnits {
            let (minor, overflow) = value.multipliedReportingOverflow(by: Nomenclature.powerOfTen(currency.minorUnits - decimals))
            guard !overflow else { throw .measureOverflow(original.value) }
            return Money(minor: minor, currency: currency)
        }
        let divisor = Nomenclature.powerOfTen(decimals - currency.minorUnits)
        guard value % divisor == 0 else { throw .absurdDecimals(ai: original.ai, value: original.value) }
        return Money(minor: value / divisor, currency: currency)
    }
}
