import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

@Suite("Catalog cache: atomic apply, versions, lookups, search")
struct CatalogCacheTests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    func cacheWithSnapshot(version: Int64 = 5) throws -> (CatalogCache, URL) {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "snapshot.jsonl",
            header: .snapshot(version: .init(version), currency: .eur, createdAt: published),
            records: try StorageFixtures.snapshotRecords())
        let result = try cache.apply(fileAt: path, now: published.addingTimeInterval(60))
        #expect(result.version == CatalogVersion(version))
        #expect(result.productCount == 4)
        return (cache, directory)
    }

    @Test func snapshotAppliesWithItsVersionAndAge() throws {
        let (cache, _) = try cacheWithSnapshot()
        let state = try #require(try cache.state())
        #expect(state.version == CatalogVersion(5))
        #expect(state.currency == .eur)
        #expect(state.lastKind == .snapshot)
        #expect(state.age(now: published.addingTimeInterval(660)) == 600)
    }

    /// P1 is stored from its GTIN-13, P3 from its UPC-A (GTIN-12): each is found from 12, 13 and 14 digits.
    @Test(arguments: [
        ("P1", StorageFixtures.gtin13("376000000001")), ("P1", "0" + StorageFixtures.gtin13("376000000001")),
        ("P3", String(StorageFixtures.gtin13("003600029145").dropFirst())),
        ("P3", StorageFixtures.gtin13("003600029145")), ("P3", "0" + StorageFixtures.gtin13("003600029145")),
    ])
    func findsAProductByEveryGTINForm(expected: String, code: String) throws {
        let (cache, _) = try cacheWithSnapshot()
        let lookup = try #require(try cache.lookup())
        let gtin = try GTIN(code)
        let product = try #require(try lookup.product(gtin: gtin))
        #expect(product.id.rawValue == expected)
        #expect(product.gtins.contains(gtin))
    }

    @Test func findsByGTIN8AndKeepsEveryField() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let ean8 = try GTIN("9638507" + String(GTIN.checkDigit(of: [9, 6, 3, 8, 5, 0, 7])))
        let product = Product(
            id: "P8", gtins: [ean8, try GTIN(StorageFixtures.gtin13("376000000099"))], name: "Chewing-gum",
            pricing: .unit(Money(minor: 120, currency: .eur)), vatRate: .frStandard, minimumAge: 18,
            saleStop: SaleStop(reason: .recall, note: "lot 42"), alwaysAudit: true, depositProductID: "DEP",
            promotionIDs: ["A", "B"])
        try cache.apply(snapshot: CatalogSnapshot(version: .init(1), currency: .eur, products: [product]))
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.product(gtin: ean8) == product)
        #expect(try lookup.product(gtin: GTIN("00000" + ean8.digits14.suffix(9))) == product)
        #expect(try lookup.product(id: "P8") == product)
    }

    @Test func findsVariableMeasureItemsByItemReferenceAndByInternalCode() throws {
        let (cache, _) = try cacheWithSnapshot()
        let lookup = try #require(try cache.lookup())
        let tomatoes = try #require(try lookup.product(itemReference: "12345"))
        #expect(tomatoes.id == "P4")
        #expect(tomatoes.pricing == .perKilogram(Money(minor: 299, currency: .eur)))
        #expect(try lookup.product(id: "P2")?.name == "Yaourt nature x4")
        #expect(try lookup.product(id: "NOPE") == nil)
        #expect(try lookup.product(itemReference: "99999") == nil)
    }

    @Test func answersAnyCodeAPersonMayTypeOrScan() throws {
        let (cache, _) = try cacheWithSnapshot()
        // A French weight label: 21 + item reference 12345 + 1.250 kg + check digit.
        let label = StorageFixtures.gtin13("211234501250")
        let weighed = try #require(try cache.answer(code: label))
        #expect(weighed.product.id == "P4")
        #expect(weighed.matchedBy == "variableMeasure")
        let byGTIN = try #require(try cache.answer(code: "0" + StorageFixtures.gtin13("376000000002")))
        #expect(byGTIN.product.id == "P2")
        #expect(byGTIN.promotions == [StorageFixtures.threeForTwo])
        #expect(byGTIN.catalogVersion == CatalogVersion(5))
        #expect(try cache.answer(code: "P1")?.matchedBy == "internalCode")
        #expect(try cache.answer(code: "12345")?.product.id == "P4")
        #expect(try cache.answer(code: "does-not-exist") == nil)
    }

    @Test func promotionsCustomersAndStock() throws {
        let (cache, _) = try cacheWithSnapshot()
        let lookup = try #require(try cache.lookup())
        let yoghurt = try #require(try lookup.product(id: "P2"))
        #expect(try lookup.promotions(of: yoghurt) == [StorageFixtures.threeForTwo])
        #expect(try lookup.customer(cardCode: "2900000000017")?.tier == .gold)
        // Stored as its PBKDF2 hash only (docs/privacy.md).
        #expect(try lookup.customer(id: "C1")?.cardCodes == [])
        #expect(try lookup.customer(id: "C1")?.cardHashes.count == 1)
        #expect(try lookup.stock(of: "P1").map(\.quantity) == [12, 3])
    }

    @Test(arguments: [("pâté", "P1"), ("pate", "P1"), ("PATE campagne", "P1"), ("creme brulee", "P3"), ("brûl", "P3")])
    func searchFoldsAccentsAndCase(query: String, expected: String) throws {
        let (cache, _) = try cacheWithSnapshot()
        let lookup = try #require(try cache.lookup())
        #expect(try lookup.search(name: query).map(\.id.rawValue) == [expected])
    }

    @Test func deltaAppliesChangesAtomicallyWithItsVersion() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let newPate = try StorageFixtures.product("P1", name: "Pâté en croûte", gtin: "376000000001", price: 399)
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "delta.jsonl",
            header: .delta(from: .init(5), to: .init(6), currency: .eur, createdAt: published),
            records: [.product(newPate), .deleteProduct("P3"), .stock(.init(productID: "P1", storeID: "S1", quantity: 11))])
        let result = try cache.apply(fileAt: path)
        #expect(result.previousVersion == CatalogVersion(5))
        #expect(result.version == CatalogVersion(6))
        let lookup = try #require(try cache.lookup())
        #expect(lookup.version == CatalogVersion(6))
        #expect(try lookup.product(gtin: GTIN(StorageFixtures.gtin13("376000000001")))?.pricing.price.minor == 399)
        #expect(try lookup.product(id: "P3") == nil)
        #expect(try lookup.search(name: "croute").map(\.id) == ["P1"])
        #expect(try lookup.search(name: "campagne").isEmpty)
        #expect(try lookup.stock(of: "P1").first?.quantity == 11)
    }

    @Test func deltaForTheWrongBaseIsRejectedAndNothingChanges() throws {
        let (cache, directory) = try cacheWithSnapshot()
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "delta.jsonl",
            header: .delta(from: .init(4), to: .init(6), currency: .eur, createdAt: published),
            records: [.deleteProduct("P1")])
        let error = #expect(throws: StorageError.self) { try cache.apply(fileAt: path) }
        #expect(error?.code == .catalogRejected)
        #expect(error?.message.contains("wrongBaseVersion") == true)
        #expect(try cache.state()?.version == CatalogVersion(5))
        #expect(try cache.lookup()?.product(id: "P1") != nil)
    }

    @Test func olderSnapshotIsRejected() throws {
        let (cache, directory) = try cacheWithSnapshot(version: 5)
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "old.jsonl", header: .snapshot(version: .init(4), currency: .eur, createdAt: published),
            records: [])
        let error = #expect(throws: StorageError.self) { try cache.apply(fileAt: path) }
        #expect(error?.message.contains("staleVersion") == true)
        #expect(try cache.state()?.version == CatalogVersion(5))
    }

    /// A snapshot cut before its trailer: its records were already being written when the cut is found;
    /// the transaction rolls back and the old version is whole.
    @Test func truncatedSnapshotKeepsThePreviousVersionWhole() throws {
        let (cache, directory) = try cacheWithSnapshot(version: 5)
        let replacement = try (10..<60).map {
            CatalogRecord.product(try StorageFixtures.product("N\($0)", name: "Nouveau \($0)", gtin: "37700000\(1000 + $0)", price: 100))
        }
        let path = try StorageFixtures.writeCatalog(
            in: directory, name: "new.jsonl", header: .snapshot(version: .init(6), currency: .eur, createdAt: published),
            records: replacement)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        try whole.prefix(whole.count * 3 / 4).write(to: URL(fileURLWithPath: path))
        #expect(throws: StorageError.self) { try cache.apply(fileAt: path) }
        let lookup = try #require(try cache.lookup())
        #expect(lookup.version == CatalogVersion(5))
        #expect(try lookup.product(id: "P1") != nil)
        #expect(try lookup.product(id: "N10") == nil)
        #expect(try lookup.search(name: "pate").count == 1)
    }

    @Test func duplicateGTINInASnapshotIsRejectedWhole() throws {
        let (cache, _) = try cacheWithSnapshot(version: 5)
        let clash = try StorageFixtures.product("Z", name: "Clash", gtin: "376000000001", price: 1)
        let products = try StorageFixtures.sampleProducts() + [clash]
        let error = #expect(throws: StorageError.self) {
            try cache.apply(snapshot: CatalogSnapshot(version: .init(9), currency: .eur, products: products))
        }
        #expect(error?.message.contains("already belongs to product P1") == true)
        #expect(try cache.state()?.version == CatalogVersion(5))
    }

    @Test func diskFullDuringImportIsATypedErrorAndKeepsTheOldVersion() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        var options = StoreDatabase.Options()
        options.maxPageCount = 120
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory, options: options))
        try cache.apply(snapshot: CatalogSnapshot(version: .init(1), currency: .eur, products: try StorageFixtures.sampleProducts()))
        let big = try (0..<5000).map {
            try StorageFixtures.product("B\($0)", name: "Produit volumineux numéro \($0)", gtin: String(format: "37800%07d", $0), price: 100)
        }
        let error = #expect(throws: StorageError.self) {
            try cache.apply(snapshot: CatalogSnapshot(version: .init(2), currency: .eur, products: big))
        }
        #expect(error?.code == .diskFull)
        #expect(try cache.state()?.version == CatalogVersion(1))
        #expect(try cache.lookup()?.product(id: "P1") != nil)
        #expect(try cache.lookup()?.product(id: "B1") == nil)
    }
}
