public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// The answer to "what is this code?" for staff and the CLI: the product, its price, its promotions, its
/// stock, and the catalog version and age it comes from.
public struct CatalogAnswer: Sendable, Hashable, Codable {
    /// How the code matched: `gtin`, `internalCode` or `itemReference`.
    public let matchedBy: String
    public let product: Product
    public let promotions: [Promotion]
    public let stock: [StockLevel]
    public let catalogVersion: CatalogVersion
    /// Seconds since the cached version was applied.
    public let catalogAgeSeconds: Int64

    /// Human-readable lines (the CLI's default output).
    public var text: String {
        var lines = [
            "\(product.name)  [\(product.id)]",
            "  price: \(priceText)   VAT \(product.vatRate)",
        ]
        if !product.gtins.isEmpty { lines.append("  GTIN: " + product.gtins.map(\.digits14).joined(separator: ", ")) }
        if let reference = product.itemReference { lines.append("  item reference: \(reference)") }
        if let age = product.minimumAge { lines.append("  minimum age: \(age)") }
        if let stop = product.saleStop { lines.append("  SALE STOPPED: \(stop.reason.rawValue) \(stop.note ?? "")") }
        if product.alwaysAudit { lines.append("  always audited") }
        for promotion in promotions { lines.append("  promotion: \(promotion.name) [\(promotion.id), \(promotion.kind.name)]") }
        for level in stock { lines.append("  stock in \(level.storeID): \(level.quantity)") }
        lines.append("  catalog \(catalogVersion), applied \(catalogAgeSeconds) s ago (matched by \(matchedBy))")
        return lines.joined(separator: "\n")
    }

    private var priceText: String {
        switch product.pricing {
        case .unit(let money): "\(money)"
        case .perKilogram(let money): "\(money) / kg"
        }
    }
}

extension CatalogCache {
    /// Finds a product by any code a person may type or scan: a GTIN in any length (8, 12, 13, 14 digits,
    /// check digit verified; UPC-E expanded), a variable-measure label (French default nomenclature: its item
    /// reference), GS1 element strings and Digital Links (their (01)), an internal code, or an item reference.
    /// `nil` when nothing matches.
    public func answer(code: String, now: Date = Date()) throws(StorageError) -> CatalogAnswer? {
        guard let state = try state() else { return nil }
        let lookup = StoredCatalogLookup(database: database, version: state.version, currency: state.currency)
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        do {
            var found: (String, Product)?
            switch try? CodeInterpreter().interpret(trimmed) {
            case .gtin(let gtin):
                found = try lookup.product(gtin: gtin).map { ("gtin", $0) }
            case .variableMeasure(let code):
                found = try lookup.product(itemReference: code.itemReference).map { ("variableMeasure", $0) }
            case .gs1(let elements), .digitalLink(let elements, _):
                found = try elements.gtin.flatMap { try lookup.product(gtin: $0) }.map { ("gs1", $0) }
            default:
                break
            }
            if found == nil, let gtin = try? GTIN(trimmed), let product = try lookup.product(gtin: gtin) {
                found = ("gtin", product)
            }
            if found == nil, let product = try lookup.product(id: ProductID(trimmed)) {
                found = ("internalCode", product)
            }
            if found == nil, let product = try lookup.product(itemReference: trimmed) {
                found = ("itemReference", product)
            }
            guard let (matchedBy, product) = found else { return nil }
            return CatalogAnswer(
                matchedBy: matchedBy, product: product, promotions: try lookup.promotions(of: product),
                stock: try lookup.stock(of: product.id), catalogVersion: state.version,
                catalogAgeSeconds: Int64(state.age(now: now)))
        } catch {
            throw StorageError(code: .sqlite, message: "looking up '\(code)': \(error)", path: database.path)
        }
    }
}
