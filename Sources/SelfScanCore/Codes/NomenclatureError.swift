/// Why a nomenclature (or one of its rule patterns) is not usable. Thrown when one is built or decoded.
public enum NomenclatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A pattern must cover the code without its check digit: 12 characters (EAN-13) or 7 (EAN-8).
    case badPatternLength(pattern: String, length: Int)
    /// A character that is not a digit, `.`, `?`, `K` or part of one `{N…D…}` value field.
    case badPatternCharacter(pattern: String, character: Character)
    /// A malformed value field: not closed, empty, `D` before `N`, or more than one field.
    case badValueField(pattern: String)
    /// The rule's kind needs a value field (weight, price, count) or forbids one (card, badge, product).
    case valueFieldMismatch(rule: String)
    /// Weight, price and count rules need at least one item reference digit (`.`).
    case missingItemReference(rule: String)
    /// More decimals than the measure allows (weight ≤ 3, count 0, price ≤ the currency's minor units).
    case tooManyDecimals(rule: String)
    /// `K` (price check digit) needs a 4- or 5-digit value field, and at most one `K`.
    case badPriceCheckDigitPosition(rule: String)
    /// Two rules with the same name (names identify the rule in audit logs).
    case duplicateRuleName(String)

    public var description: String {
        switch self {
        case .badPatternLength(let pattern, let length):
            "pattern '\(pattern)' covers \(length) digits; it must cover 12 (EAN-13) or 7 (EAN-8), check digit excluded"
        case .badPatternCharacter(let pattern, let character):
            "pattern '\(pattern)': '\(character)' is not a digit, '.', '?', 'K' or a {N…D…} value field"
        case .badValueField(let pattern):
            "pattern '\(pattern)': the value field must be one {N…D…} group with at least one N"
        case .valueFieldMismatch(let rule):
            "rule '\(rule)': weight, price and count need a {N…D…} field; cards, badges and products have none"
        case .missingItemReference(let rule): "rule '\(rule)': a measure rule needs item reference digits ('.')"
        case .tooManyDecimals(let rule):
            "rule '\(rule)': too many decimals (weight ≤ 3, count 0, price ≤ the currency's minor units)"
        case .badPriceCheckDigitPosition(let rule):
            "rule '\(rule)': 'K' needs a 4- or 5-digit value field and may appear once"
        case .duplicateRuleName(let name): "two rules are named '\(name)'"
        }
    }
}
