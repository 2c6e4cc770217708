/// The referential's catalog version: starts at 0 (empty catalog) and only ever grows; every change of a
/// product or price is one new version. ETags are `"v<number>"`.
public struct CatalogVersionNumber: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The version number, ≥ 0.
    public let value: Int64

    public init(_ value: Int64) throws(ProtocolValidationError) {
        guard value >= 0 else { throw .invalidCatalogVersion(String(value)) }
        self.value = value
    }

    /// The empty catalog before any import.
    public static let empty = CatalogVersionNumber(unchecked: 0)

    init(unchecked value: Int64) { self.value = value }

    /// Parses query text such as `since=12`.
    public init(text: String) throws(ProtocolValidationError) {
        guard let value = Int64(text) else { throw .invalidCatalogVersion(text) }
        try self.init(value)
    }

    /// The next version.
    public var next: CatalogVersionNumber { CatalogVersionNumber(unchecked: value + 1) }

    /// The strong ETag of this version, quotes included: `"v12"`.
    public var etag: String { "\"v\(value)\"" }

    public var description: String { String(value) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int64.self)
        guard value >= 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "negative version"))
        }
        self.value = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
