import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing

@testable import SelfScanStorage

@Suite("The dedicated lookup connection")
struct LookupConnectionTests {
    /// Lookups read the catalog through a memory map (pread + a page copy per read were ~20 % of a lookup);
    /// a change of catalog still reaches them (WAL: the map covers the main file, new pages come from the WAL).
    @Test func readsThroughAMemoryMapAndSeesTheNextCatalog() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let cache = CatalogCache(database: database)
        let products = try StorageFixtures.sampleProducts()
        try cache.apply(snapshot: CatalogSnapshot(version: .init(1), currency: .eur, products: products))
        let connection = try #require(database.caches.lookupConnection())
        let mapped = try connection.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") }
        #expect(mapped == StoreDatabaseCaches.lookupMapBytes)

        let first = try #require(products.first)
        let gtin = try #require(first.gtins.first)
        #expect(try #require(try cache.lookup()).product(gtin: gtin)?.name == first.name)
        let renamed = Product(
            id: first.id, gtins: first.gtins, name: "Renommé", pricing: first.pricing, vatRate: first.vatRate)
        try cache.apply(snapshot: CatalogSnapshot(version: .init(2), currency: .eur, products: [renamed]))
        #expect(try #require(try cache.lookup()).product(gtin: gtin)?.name == "Renommé")
    }
}
