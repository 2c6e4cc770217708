/// An identifier that is a string from the referential: one definition of what every such identifier does
/// (string literal, `description`, ordering, and JSON as a plain string through `RawRepresentable`).
public protocol StringIdentifier: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    CustomStringConvertible, ExpressibleByStringLiteral where RawValue == String
{
    init(rawValue: String)
}

extension StringIdentifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A product's identifier in the referential (its internal code). Stable across catalog versions.
public struct ProductID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A promotion's identifier in the referential.
public struct PromotionID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A loyalty customer's identifier in the referential (not a card number: a customer may have several cards).
public struct CustomerID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A staff member's identifier (from a staff badge): who approved, audited or voided.
public struct StaffID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A store's identifier (baskets, stock and audit rates are per store).
public struct StoreID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// The catalog's version: monotonically increasing, one per change set published by the referential.
public struct CatalogVersion: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    /// The version of an empty catalog, before any snapshot was applied.
    public static let none = CatalogVersion(0)
    public var description: String { "v\(rawValue)" }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
