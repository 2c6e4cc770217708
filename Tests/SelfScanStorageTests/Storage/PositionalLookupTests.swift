import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing

@testable import SelfScanStorage

/// The lookups on every scan read their row by position straight from SQLite (`RawRow`, issue 16): every
/// column must come back as the import wrote it, whatever the key (GTIN, id, item reference).
@Suite("Catalog lookups read the product row by position")
struct PositionalLookupTests {
    static func products() throws -> [Product] {
        [
            Product(
                id: "P-CREME", gtins: [try GTIN("3760000000017"), try GTIN("96385074")], itemReference: nil,
                name: "Crème brûlée « maison » 🍮", pricing: .unit(Money(minor: 499, currency: .eur)),
                vatRate: .frReduced, minimumAge: nil, saleStop: SaleStop(reason: .recall, note: "lot n°42"),
                alwaysAudit: true, depositProductID: "P-CONSIGNE", promotionIDs: ["PROMO-1", "PROMO 2"]),
            Product(
                id: "P-BIERE", gtins: [try GTIN("036000291452")], name: "Bière blonde",
                pricing: .unit(Money(minor: 250, currency: .eur)),
                vatRate: .frStandard, minimumAge: 18, saleStop: SaleStop(reason: .quality)),
            Product(
                id: "P-TOMATE", gtins: [], itemReference: "12345", name: "Tomates grappe",
                pricing: .perKilogram(Money(minor: 299, currency: .eur)), vatRate: .frSuperReduced),
        ]
    }

    @Test func everyColumnComesBackByGTINIdAndItemReference() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let products = try Self.products()
        try cache.apply(snapshot: CatalogSnapshot(version: .init(1), currency: .eur, products: products))
        let lookup = try #require(try cache.lookup())
        for product in products {
            #expect(try lookup.product(id: product.id) == product)
            for gtin in product.gtins { #expect(try lookup.product(gtin: gtin) == product) }
            if let reference = product.itemReference {
                #expect(try lookup.product(itemReference: reference) == product)
            }
            // The name search decodes the same row by column name: both readings agree.
            #expect(try lookup.search(name: "tomates").contains(products[2]))
        }
        #expect(try lookup.product(gtin: try GTIN("3760000000024")) == nil)
        #expect(try lookup.product(id: "P-NONE") == nil)
        #expect(try lookup.product(itemReference: "99999") == nil)
        // The cached statement is reset after each use: a miss, then a hit, then the same key again.
        #expect(try lookup.product(gtin: try GTIN("96385074"))?.id == "P-CREME")
        #expect(try lookup.product(gtin: try GTIN("96385074"))?.id == "P-CREME")
    }

    @Test func storedListsAreSplitLikeTheImportJoinedThem() {
        let text = Array(" 03760000000017  00000096385074 ".utf8)
        let pieces = text.withUnsafeBufferPointer { bytes in
            StoredCatalogLookup.pieces(of: bytes, separatedBy: 0x20).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(pieces == ["03760000000017", "00000096385074"])
        let empty = [UInt8]().withUnsafeBufferPointer { StoredCatalogLookup.pieces(of: $0, separatedBy: 0x1F).count }
        #expect(empty == 0)
    }

    /// A damaged GTIN in the cache is an error of the store, never a product with a made-up code.
    @Test func aDamagedStoredGTINIsAnError() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let cache = CatalogCache(database: database)
        try cache.apply(snapshot: CatalogSnapshot(version: .init(1), currency: .eur, products: try Self.products()))
        try database.writer.write { db in
            try db.execute(sql: "UPDATE catalog_product SET gtins = '03760000000018' WHERE id = 'P-CREME'")
        }
        let lookup = try #require(try cache.lookup())
        #expect(throws: CatalogLookupError.self) { _ = try lookup.product(id: "P-CREME") }
        #expect(try lookup.product(id: "P-BIERE")?.minimumAge == 18)
    }
}
