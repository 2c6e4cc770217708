import Foundation
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// The daemon's cache keeps the referential's `suggestions` records (issue 18): written by a file (v2, through
/// the encoder and the decoder), read back per product for this store and chain-wide, gone with the product
/// and with a snapshot that no longer has them.
@Suite("Catalog cache: suggestions records")
struct CatalogSuggestionsTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    static func record(_ product: ProductID, store: StoreID?, complement: ProductID) -> CatalogRecord {
        .suggestions(
            ProductSuggestions(
                productID: product, storeID: store, basketCount: 40,
                complements: [
                    ProductSuggestion(
                        productID: complement, reason: .boughtTogether, together: 12, supportBasisPoints: 3000,
                        confidenceBasisPoints: 6000)
                ], substitutes: [ProductSuggestion(productID: "P3", reason: .sameCategory)]))
    }

    @Test func aDeltaStoresThemADeletionAndASnapshotDropThem() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        try cache.apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "snapshot.jsonl", header: .snapshot(version: .init(5), currency: .eur, createdAt: published),
                records: try StorageFixtures.snapshotRecords()),
            now: published)
        try cache.apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "delta.jsonl",
                header: .delta(from: .init(5), to: .init(6), currency: .eur, createdAt: published),
                records: [
                    Self.record("P1", store: "S1", complement: "P2"), Self.record("P1", store: nil, complement: "P3"),
                    Self.record("P1", store: "S2", complement: "P4"),
                ]))
        let lookup = try #require(try cache.lookup())
        let found = try lookup.suggestions(of: "P1", store: "S1")
        #expect(found.store?.complements.first?.productID == "P2")
        #expect(found.store?.complements.first?.confidenceBasisPoints == 6000)
        #expect(found.chain?.complements.first?.productID == "P3")
        #expect(found.chain?.storeID == nil)
        #expect(try lookup.suggestions(of: "P1", store: "S2").store?.complements.first?.productID == "P4")

        try cache.apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "delete.jsonl",
                header: .delta(from: .init(6), to: .init(7), currency: .eur, createdAt: published),
                records: [.deleteProduct("P1")]))
        let afterDelete = try #require(try cache.lookup())
        #expect(try afterDelete.suggestions(of: "P1", store: "S1").store == nil)
        #expect(try afterDelete.suggestions(of: "P1", store: "S1").chain == nil)

        try cache.apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "again.jsonl",
                header: .delta(from: .init(7), to: .init(8), currency: .eur, createdAt: published),
                records: [Self.record("P2", store: nil, complement: "P3")]))
        #expect(try #require(try cache.lookup()).suggestions(of: "P2", store: "S1").chain != nil)
        try cache.apply(
            fileAt: try StorageFixtures.writeCatalog(
                in: directory, name: "snapshot2.jsonl", header: .snapshot(version: .init(9), currency: .eur, createdAt: published),
                records: try StorageFixtures.snapshotRecords()),
            now: published)
        #expect(try #require(try cache.lookup()).suggestions(of: "P2", store: "S1").chain == nil)
    }
}
