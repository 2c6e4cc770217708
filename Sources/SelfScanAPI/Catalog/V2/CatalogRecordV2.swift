public import SelfScanCore

/// A record line as catalog format v2 writes it: the same `{"type": T, T: value}` envelope as v1, with the
/// product and promotion values in their designed v2 form (`CatalogProductV2`, `CatalogPromotionV2`). The
/// other values (customer, card-hash key, stock, deletions) were already plain objects in v1 and are
/// unchanged.
public struct CatalogRecordV2: Sendable, Hashable, Codable {
    public let record: CatalogRecord

    public init(_ record: CatalogRecord) { self.record = record }

    private enum CodingKeys: String, CodingKey {
        case type, product, promotion
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "product": record = .product(try container.decode(CatalogProductV2.self, forKey: .product).product)
        case "promotion":
            record = .promotion(try container.decode(CatalogPromotionV2.self, forKey: .promotion).promotion)
        default: record = try CatalogRecord(from: decoder)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch record {
        case .product(let product):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("product", forKey: .type)
            try container.encode(CatalogProductV2(product), forKey: .product)
        case .promotion(let promotion):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("promotion", forKey: .type)
            try container.encode(CatalogPromotionV2(promotion), forKey: .promotion)
        default:
            try record.encode(to: encoder)
        }
    }
}
