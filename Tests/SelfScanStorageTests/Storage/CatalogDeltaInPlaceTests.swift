import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// A delta changes cached products in place (issue 16): the row keeps its rowid, and FTS5 / GTIN rows are
/// rewritten only when the name / GTINs change; search and GTIN lookup stay right in every case.
@Suite("Catalog delta in place: rowids kept, search and GTIN lookup right")
struct CatalogDeltaInPlaceTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    func cacheWithSnapshot() throws -> (CatalogCache, URL) {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "snapshot.jsonl",
            header: .snapshot(version: .init(5), currency: .eur, createdAt: published),
            records: try StorageFixtures.snapshotRecords())
        try cache.apply(fileAt: path, now: published)
        return (cache, directory)
    }

    func applyDelta(_ records: [CatalogRecord], to cache: CatalogCache, in directory: URL) throws {
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "delta-\(UUID().uuidString).jsonl",
            header: .delta(from: .init(5), to: .init(6), currency: .eur, createdAt: published), records: records)
        try cache.apply(fileAt: path)
    }

    func rowID(_ id: String, _ cache: CatalogCache) throws -> Int64? {
        try cache.database.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT rowid FROM catalog_product WHERE id = ?", arguments: [id])
        }
    }

    func gtinRows(_ cache: CatalogCache) throws -> [[Int64]] {
        try cache.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT gtin, productRowID FROM catalog_gtin ORDER BY gtin").map { [$0[0], $0[1]] }
        }
    }

    @Test func priceOnlyDeltaKeepsTheRowAndItsSearchAndGTINRows() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let before = try #require(try rowID("P1", cache))
        let gtinsBefore = try gtinRows(cache)
        let cheaper = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 299)
        try applyDelta([.product(cheaper)], to: cache, in: directory)

        #expect(try rowID("P1", cache) == before)
        #expect(try gtinRows(cache) == gtinsBefore)
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000001"))) == cheaper)
        #expect(try lookup.search(name: "campagne").map(\.id) == ["P1"])
        #expect(try cache.database.integrityCheck() == ["ok"])
    }

    /// The guarded one-statement UPDATE writes only when the indexed columns are unchanged: a new department or
    /// item reference (indexed) with a new price goes through the column-by-column path, and both lookups follow.
    @Test func departmentAndItemReferenceChangesFollowTheirIndexes() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let before = try #require(try rowID("P4", cache))
        let base = try StorageFixtures.product("P4", name: "Tomates grappe", gtin: nil, price: 299, itemReference: "12345", perKilogram: true)
        let moved = Product(
            id: base.id, gtins: base.gtins, itemReference: "54321", name: base.name,
            pricing: .perKilogram(Money(minor: 349, currency: .eur)), vatRate: base.vatRate,
            attributes: ProductAttributes(department: "Fruits et légumes"))
        try applyDelta([.product(moved)], to: cache, in: directory)

        #expect(try rowID("P4", cache) == before)
        var lookup = try #require(try cache.lookup())
        #expect(try lookup.product(itemReference: "54321")?.pricing == moved.pricing)
        #expect(try lookup.product(itemReference: "12345") == nil)
        #expect(try lookup.products(department: "Fruits et légumes").map(\.id) == ["P4"])

        // Then only the department changes back to none, the price too: the old department lists nothing.
        let plain = Product(
            id: base.id, gtins: base.gtins, itemReference: "54321", name: base.name,
            pricing: .perKilogram(Money(minor: 329, currency: .eur)), vatRate: base.vatRate)
        let next = try StorageFixtures.writeCatalog(
            in: directory, name: "delta-7.jsonl",
            header: .delta(from: .init(6), to: .init(7), currency: .eur, createdAt: published), records: [.product(plain)])
        try cache.apply(fileAt: next)
        lookup = try #require(try cache.lookup())
        #expect(try lookup.products(department: "Fruits et légumes").isEmpty)
        #expect(try lookup.product(itemReference: "54321")?.pricing == plain.pricing)
        #expect(try cache.database.integrityCheck() == ["ok"])
    }

    @Test func renameRewritesOnlyTheSearchEntry() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let before = try #require(try rowID("P1", cache))
        let renamed = try StorageFixtures.product("P1", name: "Terrine forestière", gtin: "376000000001", price: 349)
        try applyDelta([.product(renamed)], to: cache, in: directory)

        #expect(try rowID("P1", cache) == before)
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.search(name: "forestiere").map(\.id) == ["P1"])
        #expect(try lookup.search(name: "campagne").isEmpty)
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000001")))?.name == "Terrine forestière")
        // The external-content FTS index agrees with its table (fails if an old entry was left behind).
        try cache.database.writer.write { db in
            try db.execute(sql: "INSERT INTO catalog_product_fts(catalog_product_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func gtinChangeMovesTheLookupAndFreesTheOldCode() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let before = try #require(try rowID("P1", cache))
        let recoded = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000099", price: 349)
        // P2 takes P1's old GTIN in the same delta: the old code must be free once P1 moved.
        let p2 = try StorageFixtures.product(
            "P2", name: "Yaourt nature x4", gtin: "376000000001", price: 189, promotions: ["PROMO-3X2"])
        try applyDelta([.product(recoded), .product(p2)], to: cache, in: directory)

        #expect(try rowID("P1", cache) == before)
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000099")))?.id == "P1")
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000001")))?.id == "P2")
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000002"))) == nil)
        #expect(try lookup.search(name: "yaourt").map(\.id) == ["P2"])
    }

    @Test func gtinTakenByAnotherProductIsRefusedWhole() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let thief = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000002", price: 1)
        #expect(throws: StorageError.self) { try applyDelta([.product(thief)], to: cache, in: directory) }
        let lookup = try #require(try cache.lookup())
        #expect(lookup.version == CatalogVersion(5))
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000001")))?.pricing.price.minor == 349)
    }

    /// The threshold promotions are cached per catalog version: a delta that adds one is seen at once.
    @Test func thresholdPromotionsFollowTheCatalogVersion() throws {
        let (cache, directory) = try cacheWithSnapshot()
        #expect(try #require(try cache.lookup()).basketThresholdPromotions().isEmpty)
        let threshold = Promotion(
            id: "SPEND-50", name: "5 € dès 50 €",
            kind: .basketThreshold(minimum: Money(minor: 5000, currency: .eur), reward: .amountOff(Money(minor: 500, currency: .eur))))
        try applyDelta([.promotion(threshold)], to: cache, in: directory)
        #expect(try #require(try cache.lookup()).basketThresholdPromotions().map(\.id) == ["SPEND-50"])
    }

    /// Promotions by id are cached per catalog version too: a changed or deleted one is seen at once.
    @Test func promotionsByIDFollowTheCatalogVersion() throws {
        let (cache, directory) = try cacheWithSnapshot()
        #expect(try #require(try cache.lookup()).promotion(id: "PROMO-3X2")?.name == "3 pour 2 yaourts")
        #expect(try #require(try cache.lookup()).promotion(id: "NEW") == nil)
        let renamed = Promotion(id: "PROMO-3X2", name: "3 pour 2", kind: .nForPrice(quantity: 3, price: .itemsPaid(2)))
        let added = Promotion(id: "NEW", name: "new", kind: .nForPrice(quantity: 2, price: .itemsPaid(1)))
        try applyDelta([.promotion(renamed), .promotion(added)], to: cache, in: directory)
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.promotion(id: "PROMO-3X2")?.name == "3 pour 2")
        #expect(try lookup.promotion(id: "NEW")?.name == "new")
    }
}
