import SelfScanAPI
import SelfScanCore
import SelfScanStorage

extension StoredCatalogLookup {
    /// The product a staff member's code names, in any scannable form: internal product id, GTIN, weighed
    /// label, GS1 element string, Digital Link. `nil` when the catalog holds no such product.
    func product(scanned code: String) throws -> Product? {
        if let product = try product(id: ProductID(code)) { return product }
        switch try CodeInterpreter().interpret(code, symbology: nil) {
        case .gtin(let gtin): return try product(gtin: gtin)
        case .variableMeasure(let label): return try product(itemReference: label.itemReference)
        case .gs1(let data), .digitalLink(let data, _): return try data.gtin.flatMap { try product(gtin: $0) }
        default: return nil
        }
    }
}

extension Daemon {
    /// The product a `code` names in this daemon's catalog cache (see `StoredCatalogLookup.product(scanned:)`),
    /// with the lookup it came from. `noCatalog` before the first catalog, 404 when no product matches.
    func scannedProduct(_ code: String?) throws -> (Product, StoredCatalogLookup) {
        guard let code, !code.isEmpty else { throw APIError.badRequest("give ?code=<scanned code or product id>") }
        guard let database, let lookup = try CatalogCache(database: database).lookup() else {
            throw SessionError.noCatalog
        }
        guard let product = try lookup.product(scanned: code) else { throw APIError.notFound("product '\(code)'") }
        return (product, lookup)
    }
}
