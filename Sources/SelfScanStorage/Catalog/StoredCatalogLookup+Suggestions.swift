import Foundation
import GRDB
public import SelfScanCore

extension StoredCatalogLookup {
    /// What the referential suggests with `product`: this store's record and the chain-wide one (either may be
    /// missing).
    public func suggestions(of product: ProductID, store: StoreID) throws(CatalogLookupError)
        -> (store: ProductSuggestions?, chain: ProductSuggestions?)
    {
        do {
            let rows = try database.writer.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT storeID, body FROM catalog_suggestion WHERE productID = ? AND storeID IN (?, '')",
                    arguments: [product.rawValue, store.rawValue])
            }
            let decoder = JSONDecoder()
            var result: (store: ProductSuggestions?, chain: ProductSuggestions?) = (nil, nil)
            for row in rows {
                let scope: String = row[0]
                let body: String = row[1]
                let value = try decoder.decode(ProductSuggestions.self, from: Data(body.utf8))
                if scope.isEmpty { result.chain = value } else { result.store = value }
            }
            return result
        } catch {
            throw CatalogLookupError.storeUnavailable(
                code: StorageError.wrapping(error, doing: "suggestions lookup").code.rawValue)
        }
    }
}
