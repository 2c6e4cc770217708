import Foundation
import SelfScanCore

/// The fast path for catalog format v2 lines (what every writer emits now): the same byte-level parser as v1,
/// mapped to `CatalogProductV2`'s shape (`"pricing":{"kind":…,"price":…}`, `gtins`/`alwaysAudit`/`promotionIDs`
/// optional). Products with any v2 attribute or link go to `JSONDecoder` (they are the minority of lines and
/// their decoding stays in one place); so do all other record kinds except stock. Tests check both paths
/// give equal records.
extension CatalogFastDecoder {
    static func decodeV2(_ line: Data) -> CatalogRecord? { decode(line, product: productV2) }

    /// Whether `key` is one of `CatalogProductV2`'s keys that carry attributes or links: their presence sends
    /// the line to JSONDecoder. A switch, not a `Set`: hashing every key of every line showed in profiles.
    static func isAttributeKey(_ key: String) -> Bool {
        switch key {
        case "brand", "department", "category", "description", "origin", "ingredients", "allergens", "nutriScore",
            "image", "netContent", "links":
            true
        default: false
        }
    }

    private static func productV2(_ value: FastJSON) -> Product? {
        guard case .object(let fields) = value,
            !fields.contains(where: { isAttributeKey($0.0) }),
            case .string(let id)? = fields.value("id"),
            case .string(let name)? = fields.value("name"),
            case .int(let vat)? = fields.value("vatRate"), let vatRate = try? VATRate(basisPoints: Int(vat)),
            let pricing = fields.value("pricing").flatMap(taggedPricing),
            let gtinValues = optionalArray(fields.value("gtins")),
            let promotionValues = optionalArray(fields.value("promotionIDs")),
            let alwaysAudit = optionalBool(fields.value("alwaysAudit"))
        else { return nil }
        return product(
            fields, id: id, name: name, pricing: pricing, vatRate: vatRate, gtinValues: gtinValues,
            promotionValues: promotionValues, alwaysAudit: alwaysAudit ?? false)
    }

    /// `{"kind":"unit"|"perKilogram","price":Money}`.
    private static func taggedPricing(_ value: FastJSON) -> ProductPricing? {
        guard case .object(let fields) = value, case .string(let kind)? = fields.value("kind"),
            let money = fields.value("price").flatMap(money)
        else { return nil }
        switch kind {
        case "unit": return .unit(money)
        case "perKilogram": return .perKilogram(money)
        default: return nil
        }
    }

    /// Absent or null → `[]`; an array → its elements; anything else → `nil` (not this shape).
    private static func optionalArray(_ value: FastJSON?) -> [FastJSON]? {
        switch value {
        case nil, .null?: []
        case .array(let elements)?: elements
        default: nil
        }
    }

    private static func optionalBool(_ value: FastJSON?) -> Bool?? {
        switch value {
        case nil, .null?: .some(nil)
        case .bool(let flag)?: .some(flag)
        default: nil
        }
    }
}
