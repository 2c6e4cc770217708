import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// A delta writes only the columns of a cached product that changed (issue 16, CatalogWriter+InPlace.swift):
/// price-only, renamed, re-coded, re-departmented and unchanged products mixed in one delta each end right,
/// and the whole delta stays one transaction with its version and product count.
@Suite("Catalog delta in place: only changed columns written, every kind of change right")
struct CatalogDeltaChangedColumnsTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    func cacheWithSnapshot(extra: [CatalogRecord] = []) throws -> (CatalogCache, URL) {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "snapshot.jsonl",
            header: .snapshot(version: .init(5), currency: .eur, createdAt: published),
            records: try StorageFixtures.snapshotRecords() + extra)
        try cache.apply(fileAt: path, now: published)
        return (cache, directory)
    }

    func deltaFile(_ records: [CatalogRecord], in directory: URL) throws -> String {
        try StorageFixtures.writeCatalog(
            in: directory, name: "delta-\(UUID().uuidString).jsonl",
            header: .delta(from: .init(5), to: .init(6), currency: .eur, createdAt: published), records: records)
    }

    func rowIDs(_ cache: CatalogCache) throws -> [String: Int64] {
        try cache.database.writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, rowid FROM catalog_product").map {
                    ($0[0] as String, $0[1] as Int64)
                })
        }
    }

    func checkSearchIndex(_ cache: CatalogCache) throws {
        // The external-content FTS index agrees with its table (fails if an entry was left behind or is missing).
        try cache.database.writer.write { db in
            try db.execute(sql: "INSERT INTO catalog_product_fts(catalog_product_fts, rank) VALUES ('integrity-check', 1)")
        }
        #expect(try cache.database.integrityCheck() == ["ok"])
    }

    @Test func priceOnlyRenameAndRecodeInOneDeltaAreAllApplied() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let before = try rowIDs(cache)
        let cheaper = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 299)
        let renamed = try StorageFixtures.product(
            "P2", name: "Fromage blanc x4", gtin: "376000000002", price: 189, promotions: ["PROMO-3X2"])
        let recoded = try StorageFixtures.product("P3", name: "Crème brûlée", gtin: "376000000077", price: 459)
        let unchanged = try #require(try StorageFixtures.sampleProducts().last)
        let result = try cache.apply(
            fileAt: try deltaFile([.product(cheaper), .product(renamed), .product(recoded), .product(unchanged)], in: directory))

        #expect(result.version == CatalogVersion(6))
        #expect(result.productCount == 4)
        #expect(try rowIDs(cache) == before)
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000001"))) == cheaper)
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000002"))) == renamed)
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000077"))) == recoded)
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("003600029145"))) == nil)
        #expect(try lookup.product(itemReference: "12345") == unchanged)
        #expect(try lookup.search(name: "fromage").map(\.id) == ["P2"])
        #expect(try lookup.search(name: "yaourt").isEmpty)
        #expect(try lookup.search(name: "campagne").map(\.id) == ["P1"])
        #expect(try lookup.search(name: "creme").map(\.id) == ["P3"])
        try checkSearchIndex(cache)
    }

    @Test func everyOtherColumnChangeIsWrittenToo() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let money = Money(minor: 1290, currency: .eur)
        let reworked = Product(
            id: "P4", gtins: [try GTIN(StorageFixtures.gtin13("376000000044"))], itemReference: "54321",
            name: "Tomates grappe", pricing: .unit(money), vatRate: .frStandard, minimumAge: 18,
            saleStop: SaleStop(reason: .recall, note: "lot 12"), alwaysAudit: true, depositProductID: "P1",
            promotionIDs: ["PROMO-3X2"],
            attributes: ProductAttributes(brand: "Maraîcher", department: "Fruits et légumes"))
        try cache.apply(fileAt: try deltaFile([.product(reworked)], in: directory))

        let lookup = try #require(try cache.lookup())
        #expect(try lookup.productWithAttributes(id: "P4") == reworked)
        #expect(try lookup.product(itemReference: "54321")?.id == "P4")
        #expect(try lookup.product(itemReference: "12345") == nil)
        #expect(try lookup.products(department: "Fruits et légumes").map(\.id) == ["P4"])
        try checkSearchIndex(cache)

        // And back: the department and item reference indexes follow the second change as well.
        let plain = try #require(try StorageFixtures.sampleProducts().last)
        let back = try StorageFixtures.writeCatalog(
            in: directory, name: "delta-back.jsonl",
            header: .delta(from: .init(6), to: .init(7), currency: .eur, createdAt: published),
            records: [.product(plain)])
        try cache.apply(fileAt: back)
        let after = try #require(try cache.lookup())
        #expect(try after.productWithAttributes(id: "P4") == plain)
        #expect(try after.products(department: "Fruits et légumes").isEmpty)
        #expect(try after.product(itemReference: "12345")?.id == "P4")
        try checkSearchIndex(cache)
    }

    @Test func anItemReferenceTakenByAnotherProductRefusesTheWholeDelta() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let cheaper = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 1)
        let thief = try StorageFixtures.product("P2", name: "Yaourt nature x4", gtin: "376000000002", price: 189, itemReference: "12345")
        #expect(throws: StorageError.self) {
            try cache.apply(fileAt: try deltaFile([.product(cheaper), .product(thief)], in: directory))
        }
        let lookup = try #require(try cache.lookup())
        #expect(lookup.version == CatalogVersion(5))
        #expect(try lookup.product(id: "P1")?.pricing.price.minor == 349)
        #expect(try lookup.product(itemReference: "12345")?.id == "P4")
    }

    /// A delta cut after its in-place price changes leaves every price and the version as they were.
    @Test func aCutDeltaLeavesThePricesAndVersionAsTheyWere() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let cheaper = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 299)
        let renamed = try StorageFixtures.product("P3", name: "Flan pâtissier", gtin: "003600029145", price: 499)
        let path = try deltaFile([.product(cheaper), .product(renamed)], in: directory)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        #expect(throws: StorageError.self) { try cache.apply(fileAt: path) }
        let lookup = try #require(try cache.lookup())
        #expect(lookup.version == CatalogVersion(5))
        #expect(try lookup.product(id: "P1")?.pricing.price.minor == 349)
        #expect(try lookup.search(name: "flan").isEmpty)
        #expect(try lookup.search(name: "creme").map(\.id) == ["P3"])
        try checkSearchIndex(cache)
    }

    /// Changes, inserts and deletes in one delta: the stored product count follows (no COUNT(*) needed).
    @Test func theProductCountFollowsChangesInsertsAndDeletes() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let cheaper = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 299)
        let added = try StorageFixtures.product("P9", name: "Beurre doux", gtin: "376000000009", price: 259)
        let result = try cache.apply(
            fileAt: try deltaFile([.product(cheaper), .product(added), .deleteProduct("P2")], in: directory))
        let counted = try cache.database.writer.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM catalog_product") ?? -1,
                try Int.fetchOne(db, sql: "SELECT productCount FROM catalog_state WHERE id = 1") ?? -1
            )
        }
        #expect(result.productCount == 4)
        #expect(counted.0 == 4)
        #expect(counted.1 == 4)
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.search(name: "beurre").map(\.id) == ["P9"])
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000002"))) == nil)
        try checkSearchIndex(cache)
    }
}
