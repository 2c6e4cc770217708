/// An ISO 4217 currency: alphabetic code and the number of minor units (decimals).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Three upper-case letters, e.g. `EUR`.
    public let code: String
    /// Digits after the decimal point (EUR 2, JPY 0, KWD 3).
    public let minorUnits: Int

    public static let eur = Currency(uncheckedCode: "EUR", minorUnits: 2)
    public static let usd = Currency(uncheckedCode: "USD", minorUnits: 2)
    public static let gbp = Currency(uncheckedCode: "GBP", minorUnits: 2)
    public static let chf = Currency(uncheckedCode: "CHF", minorUnits: 2)
    public static let jpy = Currency(uncheckedCode: "JPY", minorUnits: 0)

    /// The currencies the product knows; ISO 4217 numeric codes map here for GS1 (393n) prices.
    public static let known: [String: (currency: Currency, numeric: String)] = [
        "EUR": (.eur, "978"), "USD": (.usd, "840"), "GBP": (.gbp, "826"), "CHF": (.chf, "756"), "JPY": (.jpy, "392"),
    ]

    private init(uncheckedCode: String, minorUnits: Int) {
        self.code = uncheckedCode
        self.minorUnits = minorUnits
    }

    /// A known currency by its alphabetic code.
    public init(code: String) throws(MoneyError) {
        guard let entry = Currency.known[code.uppercased()] else { throw .unknownCurrency(code) }
        self = entry.currency
    }

    /// A known currency by its ISO 4217 numeric code (as in GS1 AI 393n).
    public init(numericCode: String) throws(MoneyError) {
        guard let entry = Currency.known.values.first(where: { $0.numeric == numericCode }) else {
            throw .unknownCurrency(numericCode)
        }
        self = entry.currency
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        self = try Currency(code: code)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Errors of money arithmetic. Overflow is an error, never a wrap.
public enum MoneyError: Error, Sendable, Hashable, CustomStringConvertible {
    case overflow
    case currencyMismatch(Currency, Currency)
    case unknownCurrency(String)
    case divisionByZero

    public var description: String {
        switch self {
        case .overflow: "amount overflows 64-bit minor units"
        case .currencyMismatch(let a, let b): "cannot combine \(a) and \(b)"
        case .unknownCurrency(let code): "unknown currency '\(code)'"
        case .divisionByZero: "division by zero"
        }
    }
}

/// An amount of money: integer minor units (cents) and a currency. Never floating point.
public struct Money: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Minor units (e.g. cents for EUR). May be negative (discounts, refunds).
    public let minor: Int64
    public let currency: Currency

    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minor: 0, currency: currency) }

    public var isZero: Bool { minor == 0 }
    public var isNegative: Bool { minor < 0 }

    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (sum, overflow) = minor.addingReportingOverflow(other.minor)
        guard !overflow else { throw .overflow }
        return Money(minor: sum, currency: currency)
    }

    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        guard currency == other.currency else { throw .currencyMismatch(currency, other.currency) }
        let (difference, overflow) = minor.subtractingReportingOverflow(other.minor)
        guard !overflow else { throw .overflow }
        return Money(minor: difference, currency: currency)
    }

    public func multiplied(by factor: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minor.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow }
        return Money(minor: product, currency: currency)
    }

    public func negated() throws(MoneyError) -> Money {
        guard minor != .min else { throw .overflow }
        return Money(minor: -minor, currency: currency)
    }

    /// `self × numerator ÷ denominator`, rounded by `rule`. Used for weights (grams/1000),
    /// percentages (basis points/10000) and VAT extraction.
    public func scaled(
        by numerator: Int64, over denominator: Int64, rounding rule: RoundingRule
    ) throws(MoneyError) -> Money {
        guard denominator != 0 else { throw .divisionByZero }
        let (product, overflow) = minor.multipliedReportingOverflow(by: numerator)
        guard !overflow else { throw .overflow }
        return Money(minor: rule.divide(product, by: denominator), currency: currency)
    }

    /// Sum of amounts in one currency; `zero(currency)` when empty.
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "comparing \(lhs.currency) with \(rhs.currency) is a bug")
        return lhs.minor < rhs.minor
    }

    /// `12.34 EUR`, `-0.50 EUR`, `1200 JPY`.
    public var description: String { "\(Money.format(minor: minor, minorUnits: currency.minorUnits)) \(currency.code)" }

    /// Decimal text of minor units, without floating point.
    public static func format(minor: Int64, minorUnits: Int) -> String {
        guard minorUnits > 0 else { return String(minor) }
        let negative = minor < 0
        let magnitude = minor.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<minorUnits { divisor *= 10 }
        let units = magnitude / divisor
        let fraction = String(magnitude % divisor)
        let padded = String(repeating: "0", count: minorUnits - fraction.count) + fraction
        return (negative ? "-" : "") + "\(units).\(padded)"
    }
}
