public import SelfScanCore

/// One line of a catalog JSON Lines stream (snapshot or delta). Each line is one JSON object with a `type`.
///
/// A stream is `header`, then `product`/`removed` lines, then `end`. A stream without its `end` line was cut
/// and must not be applied; a snapshot resumes with `?after=<last gtin received>`.
public enum CatalogLine: Sendable, Hashable, Codable {
    /// First line. `version` is the catalog version the stream brings the reader to; `baseVersion` is the
    /// version a delta starts from (nil for a snapshot).
    case header(version: CatalogVersionNumber, baseVersion: CatalogVersionNumber?)
    /// A product created or changed (deltas) or present (snapshots).
    case product(CatalogProduct)
    /// A product withdrawn from the catalog (deltas only).
    case removed(GTIN)
    /// Last line. `count` product/removed lines were sent; `complete` is false when a snapshot page stopped at
    /// its `limit` and `next` is the cursor to resume with.
    case end(count: Int, complete: Bool, next: GTIN?)

    private enum Kind: String, Codable { case header, product, removed, end }
    private enum CodingKeys: String, CodingKey {
        case type, version, baseVersion, product, gtin, count, complete, next
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .header:
            self = .header(
                version: try container.decode(CatalogVersionNumber.self, forKey: .version),
                baseVersion: try container.decodeIfPresent(CatalogVersionNumber.self, forKey: .baseVersion))
        case .product:
            self = .product(try container.decode(CatalogProduct.self, forKey: .product))
        case .removed:
            self = .removed(try container.decode(GTIN.self, forKey: .gtin))
        case .end:
            self = .end(
                count: try container.decode(Int.self, forKey: .count),
                complete: try container.decode(Bool.self, forKey: .complete),
                next: try container.decodeIfPresent(GTIN.self, forKey: .next))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .header(let version, let baseVersion):
            try container.encode(Kind.header, forKey: .type)
            try container.encode(version, forKey: .version)
            try container.encodeIfPresent(baseVersion, forKey: .baseVersion)
        case .product(let product):
            try container.encode(Kind.product, forKey: .type)
            try container.encode(product, forKey: .product)
        case .removed(let gtin):
            try container.encode(Kind.removed, forKey: .type)
            try container.encode(gtin, forKey: .gtin)
        case .end(let count, let complete, let next):
            try container.encode(Kind.end, forKey: .type)
            try container.encode(count, forKey: .count)
            try container.encode(complete, forKey: .complete)
            try container.encodeIfPresent(next, forKey: .next)
        }
    }
}
