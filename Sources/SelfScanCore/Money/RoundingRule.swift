/// How an integer division of money is rounded. Every division in the product names its rule.
public enum RoundingRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Half away from zero ("arrondi commercial"): 0.5 → 1, -0.5 → -1. Default for prices and VAT.
    case halfUp
    /// Half to even (banker's rounding): 0.5 → 0, 1.5 → 2.
    case halfEven
    /// Toward zero (truncation): discounts never exceed what was computed.
    case down
    /// Toward negative infinity.
    case floor

    /// `numerator / denominator` rounded by this rule. `denominator` must not be 0.
    public func divide(_ numerator: Int64, by denominator: Int64) -> Int64 {
        precondition(denominator != 0, "division by zero is a bug: callers check")
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        let negative = (numerator < 0) != (denominator < 0)
        let twiceRemainder = remainder.magnitude * 2
        let magnitudeDenominator = denominator.magnitude
        switch self {
        case .down:
            return quotient
        case .floor:
            return negative ? quotient - 1 : quotient
        case .halfUp:
            if twiceRemainder >= magnitudeDenominator { return negative ? quotient - 1 : quotient + 1 }
            return quotient
        case .halfEven:
            if twiceRemainder > magnitudeDenominator || (twiceRemainder == magnitudeDenominator && quotient % 2 != 0) {
                return negative ? quotient - 1 : quotient + 1
            }
            return quotient
        }
    }
}
