/// One rule of a `Nomenclature`: a name, what a matching code means, and its pattern.
public struct NomenclatureRule: Sendable, Hashable, Codable {
    /// What a code matching the rule is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Weighed item: the value field is kilograms with its decimals (→ grams).
        case weight
        /// Priced item: the value field is the price in the nomenclature's currency.
        case price
        /// Counted item: the value field is a number of pieces (no decimals).
        case count
        /// A store-internal item number without embedded measure: looked up as a GTIN.
        case product
        /// A loyalty card; the whole code is the card number.
        case loyaltyCard
        /// A coupon; the whole code is the coupon code, the value field (if any) its face value.
        case coupon
        /// A staff badge; the whole code is the badge id.
        case staffBadge
    }

    /// Unique within the nomenclature; reported with every decoded code.
    public let name: String
    public let kind: Kind
    public let pattern: NomenclaturePattern
    /// Free text for the people who maintain the file.
    public let description: String?

    public init(name: String, kind: Kind, pattern: String, description: String? = nil) throws(NomenclatureError) {
        self.name = name
        self.kind = kind
        self.pattern = try NomenclaturePattern(pattern)
        self.description = description
    }

    /// Checks what depends on the kind and the currency (value field, decimals, item reference, `K`).
    func validate(currency: Currency) throws(NomenclatureError) {
        switch kind {
        case .weight, .price, .count:
            guard pattern.hasValueField else { throw .valueFieldMismatch(rule: name) }
            guard pattern.itemReferenceLength > 0 else { throw .missingItemReference(rule: name) }
        case .coupon:
            break  // a face value is optional
        case .product, .loyaltyCard, .staffBadge:
            guard !pattern.hasValueField else { throw .valueFieldMismatch(rule: name) }
        }
        switch kind {
        case .weight where pattern.decimalDigits > 3: throw .tooManyDecimals(rule: name)
        case .count where pattern.decimalDigits > 0: throw .tooManyDecimals(rule: name)
        case .price, .coupon:
            if pattern.decimalDigits > currency.minorUnits { throw .tooManyDecimals(rule: name) }
        default: break
        }
        let checkPositions = pattern.positions.filter { $0 == .priceCheckDigit }.count
        let fieldLength = pattern.integerDigits + pattern.decimalDigits
        if checkPositions > 1 || (checkPositions == 1 && ![4, 5].contains(fieldLength)) {
            throw .badPriceCheckDigitPosition(rule: name)
        }
    }

    private enum CodingKeys: String, CodingKey { case name, kind, pattern, description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(Kind.self, forKey: .kind)
        pattern = try container.decode(NomenclaturePattern.self, forKey: .pattern)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(pattern, forKey: .pattern)
        try container.encodeIfPresent(description, forKey: .description)
    }
}
