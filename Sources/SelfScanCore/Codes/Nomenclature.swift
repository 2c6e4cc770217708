/// How a store chain uses restricted-circulation codes (GS1 prefixes 02, 04, 20–29 and RCN-8): ordered
/// pattern rules, as data (the idea of Odoo's barcode nomenclatures). The first rule whose literal digits
/// match decides; a restricted code matching no rule is `CodeError.unknownRestrictedCode`, never a 0 € item.
///
/// Built in: `Nomenclature.frenchDefault`, also shipped as `nomenclatures/fr-default.json`.
/// See docs/codes.md for the format.
public struct Nomenclature: Sendable, Hashable, Codable {
    public let name: String
    /// Currency of price and coupon value fields.
    public let currency: Currency
    public let rules: [NomenclatureRule]
    public let description: String?

    public init(
        name: String, currency: Currency, rules: [NomenclatureRule], description: String? = nil
    ) throws(NomenclatureError) {
        var names = Set<String>()
        for rule in rules {
            try rule.validate(currency: currency)
            guard names.insert(rule.name).inserted else { throw .duplicateRuleName(rule.name) }
        }
        self.name = name
        self.currency = currency
        self.rules = rules
        self.description = description
    }

    /// The first rule matching `code` (13 or 8 digits, check digit included), if any.
    public func rule(matching code: String) -> NomenclatureRule? {
        let digits = Array(code.utf8).map { $0 &- 0x30 }
        return rules.first { $0.pattern.matches(digits) }
    }

    /// What a restricted-circulation code means under this nomenclature. `code` is the printed form
    /// (13 digits, or 8 for RCN-8) whose GS1 check digit is already valid.
    public func interpret(restrictedCode code: String) throws(CodeError) -> ScannedCode {
        guard code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notDigits(code) }
        guard let rule = rule(matching: code) else { throw .unknownRestrictedCode(code) }
        let digits = Array(code.utf8).map { $0 - 0x30 }
        let pattern = rule.pattern
        let valueDigits = pattern.digits(.value, of: digits).map(Int.init)
        if let checkDigit = pattern.digits(.priceCheckDigit, of: digits).first,
            let expected = PriceCheckDigit.of(valueDigits), Int(checkDigit) != expected
        {
            throw .badPriceCheckDigit(code, expected: expected)
        }
        let itemReference = String(decoding: pattern.digits(.itemReference, of: digits).map { $0 + 0x30 }, as: UTF8.self)
        var value: Int64 = 0
        for digit in valueDigits { value = value * 10 + Int64(digit) }  // ≤ 12 digits: cannot overflow
        let decimals = pattern.decimalDigits

        switch rule.kind {
        case .weight:
            guard value > 0 else { throw .zeroMeasure(code) }
            let grams = value * Self.powerOfTen(3 - decimals)
            return .variableMeasure(
                VariableMeasureCode(itemReference: itemReference, measure: .weightGrams(Int(grams)), ruleName: rule.name, code: code))
        case .price:
            guard value > 0 else { throw .zeroMeasure(code) }
            let money = Money(minor: value * Self.powerOfTen(currency.minorUnits - decimals), currency: currency)
            return .variableMeasure(
                VariableMeasureCode(itemReference: itemReference, measure: .price(money), ruleName: rule.name, code: code))
        case .count:
            guard value > 0 else { throw .zeroMeasure(code) }
            return .variableMeasure(
                VariableMeasureCode(itemReference: itemReference, measure: .count(Int(value)), ruleName: rule.name, code: code))
        case .product:
            return .gtin(try GTIN(code))
        case .loyaltyCard:
            return .loyaltyCard(code)
        case .staffBadge:
            return .staffBadge(code)
        case .coupon:
            guard pattern.hasValueField else { return .coupon(CouponCode(code: code, value: nil)) }
            guard value > 0 else { throw .zeroMeasure(code) }
            let money = Money(minor: value * Self.powerOfTen(currency.minorUnits - decimals), currency: currency)
            return .coupon(CouponCode(code: code, value: money))
        }
    }

    /// 10^exponent for the small exponents validation allows (0…18).
    static func powerOfTen(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<max(0, exponent) { result *= 10 }
        return result
    }

    private enum CodingKeys: String, CodingKey { case name, currency, rules, description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let currency = try container.decode(Currency.self, forKey: .currency)
        let rules = try container.decode([NomenclatureRule].self, forKey: .rules)
        let description = try container.decodeIfPresent(String.self, forKey: .description)
        do {
            try self.init(name: name, currency: currency, rules: rules, description: description)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(currency, forKey: .currency)
        try container.encode(rules, forKey: .rules)
    }
}
