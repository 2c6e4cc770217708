import Foundation
import SelfScanCore

/// The fast path for catalog format v2 lines (what every writer emits now): the same byte-level parser as v1,
/// mapped to `CatalogProductV2`'s shape (`"pricing":{"kind":…,"price":…}`, `gtins`/`alwaysAudit`/`promotionIDs`
/// optional). Products with any v2 attribute or link go to `JSONDecoder` (they are the minority of lines and
/// their decoding stays in one place); so do all other record kinds except stock. Tests check both paths
/// give equal records.
extension CatalogFastDecoder {
    static func decodeV2(_ line: Data) -> CatalogRecord? {
        line.withUnsafeBytes { raw -> CatalogRecord? in
            var parser = FastJSONParser(bytes: raw.bindMemory(to: UInt8.self))
            guard let value = parser.parseDocument(), case .object(let fields) = value,
                case .string(let type)? = fields.value("type")
            else { return nil }
            switch type {
            case "product": return fields.value("product").flatMap(productV2).map(CatalogRecord.product)
            case "stock": return fields.value("stock").flatMap(stock).map(CatalogRecord.stock)
            default: return nil
            }
        }
    }

    /// Keys of `CatalogProductV2` that carry attributes or links: their presence sends the line to JSONDecoder.
    private static let attributeKeys: Set<String> = [
        "brand", "department", "category", "description", "origin", "ingredients", "allergens", "nutriScore",
        "image", "netContent", "links",
    ]

    private static func productV2(_ value: FastJSON) -> Product? {
        guard case .object(let fields) = value,
            !fields.contains(where: { attributeKeys.contains($0.0) }),
            case .string(let id)? = fields.value("id"),
            case .string(let name)? = fields.value("name"),
            case .int(let vat)? = fields.value("vatRate"), let vatRate = try? VATRate(basisPoints: Int(vat)),
            let pricing = fields.value("pricing").flatMap(taggedPricing),
            let gtinValues = optionalArray(fields.value("gtins")),
            let promotionValues = optionalArray(fields.value("promotionIDs")),
            let alwaysAudit = optionalBool(fields.value("alwaysAudit"))
        else { return nil }
        var gtins: [GTIN] = []
        gtins.reserveCapacity(gtinValues.count)
        for value in gtinValues {
            guard case .string(let text) = value, let gtin = try? GTIN(text) else { return nil }
            gtins.append(gtin)
        }
        var promotionIDs: [PromotionID] = []
        for value in promotionValues {
            guard case .string(let text) = value else { return nil }
            promotionIDs.append(PromotionID(text))
        }
        guard let itemReference = optionalString(fields.value("itemReference")),
            let deposit = optionalString(fields.value("depositProductID")),
            let minimumAge = optionalInt(fields.value("minimumAge")),
            let saleStop = optionalSaleStop(fields.value("saleStop"))
        else { return nil }
        return Product(
            id: ProductID(id), gtins: gtins, itemReference: itemReference, name: name, pricing: pricing,
            vatRate: vatRate, minimumAge: minimumAge.map { Int($0) }, saleStop: saleStop,
            alwaysAudit: alwaysAudit ?? false, depositProductID: deposit.map { ProductID($0) },
            promotionIDs: promotionIDs)
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
