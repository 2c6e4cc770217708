import Foundation
import GRDB
public import SelfScanAPI
public import SelfScanCore

extension StoredCatalogLookup {
    /// The product with its v2 attributes (brand, Nutri-Score, net content, links…), for shelf pages and
    /// labels. The scan path uses `product(gtin:)`, which skips the attributes' JSON.
    public func productWithAttributes(gtin: GTIN) throws(CatalogLookupError) -> Product? {
        guard let key = Int64(gtin.digits14) else { return nil }
        return try fetchDetailed(
            sql: "SELECT p.* FROM catalog_gtin g JOIN catalog_product p ON p.rowid = g.productRowID WHERE g.gtin = ?",
            [key]
        ).first
    }

    /// The product with its attributes, by id.
    public func productWithAttributes(id: ProductID) throws(CatalogLookupError) -> Product? {
        try fetchDetailed(sql: "SELECT * FROM catalog_product WHERE id = ?", [id.rawValue]).first
    }

    /// Every product of a department (attributes included), by name: a sheet of shelf labels.
    public func products(department: String) throws(CatalogLookupError) -> [Product] {
        try fetchDetailed(sql: "SELECT * FROM catalog_product WHERE department = ? ORDER BY name, id", [department])
    }

    private func fetchDetailed(sql: String, _ arguments: StatementArguments) throws(CatalogLookupError) -> [Product] {
        let currency = currency
        do {
            return try database.writer.unsafeRead { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                    try StoredCatalogLookup.product(from: $0, currency: currency, withAttributes: true)
                }
            }
        } catch {
            throw CatalogLookupError.storeUnavailable(
                code: StorageError.wrapping(error, doing: "catalog lookup").code.rawValue)
        }
    }
}
