import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// The catalog state every command asks for, and the product count every apply reports, are kept from the
/// last apply (issue 16): no `catalog_state` read per command, no `COUNT(*)` over the products per delta.
/// They must stay what SQLite says across snapshots, deltas (inserts, updates, deletions) and failed applies.
@Suite("Catalog state and product count kept from the last apply")
struct CatalogStateKeptTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    /// What a connection of its own (nothing kept) reads from the file.
    func truth(_ directory: URL) throws -> (state: CatalogState?, products: Int) {
        let fresh = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let products = try fresh.database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM catalog_product") ?? 0
        }
        return (try fresh.state(), products)
    }

    func delta(from: Int64, to: Int64, _ records: [CatalogRecord], in directory: URL) throws -> String {
        try StorageFixtures.writeCatalog(
            in: directory, name: "delta-\(from)-\(to)-\(UUID().uuidString).jsonl",
            header: .delta(from: .init(from), to: .init(to), currency: .eur, createdAt: published), records: records)
    }

    @Test func stateAndProductCountStayRightAcrossDeltas() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        #expect(try cache.state() == nil)  // kept as "no catalog yet"…
        let snapshot = try StorageFixtures.writeCatalog(
            in: directory, name: "snapshot.jsonl",
            header: .snapshot(version: .init(5), currency: .eur, createdAt: published),
            records: try StorageFixtures.snapshotRecords())
        let first = try cache.apply(fileAt: snapshot, now: published)
        #expect(first.productCount == 4)
        // …and replaced by the apply, at once.
        #expect(try cache.state()?.version == CatalogVersion(5))
        #expect(try cache.state() == (try truth(directory)).state)
        #expect(try cache.lookup()?.version == CatalogVersion(5))

        // A delta that adds two products, changes one and deletes one.
        let added = [
            try StorageFixtures.product("P10", name: "Beurre doux", gtin: "376000000010", price: 259),
            try StorageFixtures.product("P11", name: "Lait demi-écrémé", gtin: "376000000011", price: 109),
        ]
        let cheaper = try StorageFixtures.product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 299)
        let second = try cache.apply(
            fileAt: try delta(
                from: 5, to: 6, added.map(CatalogRecord.product) + [.product(cheaper), .deleteProduct("P3")],
                in: directory))
        var expected = try truth(directory)
        #expect(second.productCount == 5)
        #expect(second.productCount == expected.products)
        #expect(try cache.state() == expected.state)
        #expect(try cache.state()?.version == CatalogVersion(6))
        #expect(try cache.state()?.lastKind == .delta)
        #expect(try cache.lookup()?.product(gtin: GTIN(StorageFixtures.gtin13("376000000001")))?.pricing == cheaper.pricing)

        // A delta that does not apply (wrong base) changes nothing, kept values included.
        #expect(throws: StorageError.self) {
            try cache.apply(fileAt: try delta(from: 5, to: 7, [.deleteProduct("P1")], in: directory))
        }
        #expect(try cache.state() == expected.state)

        // The next delta counts from the kept count: deleting an unknown id changes nothing, an update
        // of a known product neither.
        let third = try cache.apply(
            fileAt: try delta(
                from: 6, to: 7, [.deleteProduct("P1"), .deleteProduct("NOPE"), .product(added[0])], in: directory))
        expected = try truth(directory)
        #expect(third.productCount == 4)
        #expect(third.productCount == expected.products)
        #expect(try cache.state() == expected.state)

        // A new snapshot replaces the count whatever it was.
        let replaced = try StorageFixtures.writeCatalog(
            in: directory, name: "snapshot-8.jsonl",
            header: .snapshot(version: .init(8), currency: .eur, createdAt: published),
            records: [.product(added[1])])
        #expect(try cache.apply(fileAt: replaced).productCount == 1)
        #expect(try cache.state() == (try truth(directory)).state)
    }

    @Test func anotherConnectionsCopyCountsForItselfAfterItsOwnApply() throws {
        // Two values over one file (the daemon and the CLI) each keep their own: the second's first delta
        // counts the products once, it never takes the other's kept count.
        let directory = try StorageFixtures.temporaryDirectory()
        let daemon = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        try daemon.apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "snapshot.jsonl",
                header: .snapshot(version: .init(5), currency: .eur, createdAt: published),
                records: try StorageFixtures.snapshotRecords()))
        let cli = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let extra = try StorageFixtures.product("P12", name: "Farine T55", gtin: "376000000012", price: 99)
        #expect(try cli.apply(fileAt: try delta(from: 5, to: 6, [.product(extra)], in: directory)).productCount == 5)
        // The daemon's kept state is the older one; its next delta, from 6, must not reuse its count of 5's.
        let more = try StorageFixtures.product("P13", name: "Sucre", gtin: "376000000013", price: 129)
        let path = try delta(from: 6, to: 7, [.product(more)], in: directory)
        #expect(try daemon.apply(fileAt: path).productCount == 6)
        #expect(try daemon.state() == (try truth(directory)).state)
    }

    func storedCount(_ directory: URL) throws -> Int? {
        let fresh = try StorageFixtures.openDatabase(in: directory)
        return try fresh.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT productCount FROM catalog_state WHERE id = 1")
        }
    }

    @Test func theCountIsStoredWithTheVersionAndAFreshProcessStartsFromIt() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        try CatalogCache(database: try StorageFixtures.openDatabase(in: directory)).apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "snapshot.jsonl",
                header: .snapshot(version: .init(5), currency: .eur, createdAt: published),
                records: try StorageFixtures.snapshotRecords()))
        #expect(try storedCount(directory) == 4)
        #expect(try storedCount(directory) == (try truth(directory)).products)

        // A process that kept nothing (the CLI, a restarted daemon) takes the stored count, no COUNT(*):
        // proven with a stored value no count could give.
        try StorageFixtures.openDatabase(in: directory).writer.write { db in
            try db.execute(sql: "UPDATE catalog_state SET productCount = 1000 WHERE id = 1")
        }
        let extra = try StorageFixtures.product("P12", name: "Farine T55", gtin: "376000000012", price: 99)
        let cli = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        #expect(try cli.apply(fileAt: try delta(from: 5, to: 6, [.product(extra)], in: directory)).productCount == 1001)
        #expect(try storedCount(directory) == 1001)

        // A cache from before the column (NULL) counts once, and stores the true count again.
        try StorageFixtures.openDatabase(in: directory).writer.write { db in
            try db.execute(sql: "UPDATE catalog_state SET productCount = NULL WHERE id = 1")
        }
        let more = try StorageFixtures.product("P13", name: "Sucre", gtin: "376000000013", price: 129)
        let restarted = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        #expect(try restarted.apply(fileAt: try delta(from: 6, to: 7, [.product(more)], in: directory)).productCount == 6)
        #expect(try storedCount(directory) == 6)
        #expect(try storedCount(directory) == (try truth(directory)).products)

        // A failed delta leaves the stored count with the old version.
        #expect(throws: StorageError.self) {
            try restarted.apply(fileAt: try delta(from: 5, to: 8, [.deleteProduct("P1")], in: directory))
        }
        #expect(try storedCount(directory) == 6)
    }
}
