import Foundation
import SelfScanAPI
import SelfScanCore
@testable import SelfScanStorage

/// A fresh directory per test (tests run in parallel) and sample catalog data.
enum StorageFixtures {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("selfscan-storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func openDatabase(in directory: URL, options: StoreDatabase.Options = .init()) throws -> StoreDatabase {
        try StoreDatabase.open(atPath: directory.appendingPathComponent("store.sqlite").path, options: options)
    }

    /// A valid GTIN-13 from 12 digits (the check digit computed).
    static func gtin13(_ body: String) -> String {
        body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
    }

    static func product(
        _ id: String, name: String, gtin body: String?, price: Int64, itemReference: String? = nil,
        promotions: [PromotionID] = [], perKilogram: Bool = false
    ) throws -> Product {
        let money = Money(minor: price, currency: .eur)
        return Product(
            id: ProductID(id), gtins: try body.map { [try GTIN(gtin13($0))] } ?? [], itemReference: itemReference,
            name: name, pricing: perKilogram ? .perKilogram(money) : .unit(money), vatRate: .frReduced,
            promotionIDs: promotions)
    }

    static let threeForTwo = Promotion(
        id: "PROMO-3X2", name: "3 pour 2 yaourts", kind: .nForPrice(quantity: 3, price: .itemsPaid(2)))

    static func sampleProducts() throws -> [Product] {
        [
            try product("P1", name: "Pâté de campagne", gtin: "376000000001", price: 349),
            try product("P2", name: "Yaourt nature x4", gtin: "376000000002", price: 189, promotions: ["PROMO-3X2"]),
            // A UPC-A item (GTIN-12 = 0 + 12 digits as GTIN-13).
            try product("P3", name: "Crème brûlée", gtin: "003600029145", price: 499),
            try product("P4", name: "Tomates grappe", gtin: nil, price: 299, itemReference: "12345", perKilogram: true),
        ]
    }

    /// Writes a catalog file with the given header and records, returns its path.
    static func writeCatalog(
        in directory: URL, name: String = "catalog.jsonl", header: CatalogFileHeader, records: [CatalogRecord]
    ) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let writer = try CatalogFileWriter(path: path, header: header)
        for record in records { try writer.write(record) }
        try writer.finish()
        return path
    }

    static func snapshotRecords() throws -> [CatalogRecord] {
        try sampleProducts().map(CatalogRecord.product) + [
            .promotion(threeForTwo),
            .customer(LoyaltyCustomer(id: "C1", cardCodes: ["2900000000017"], tier: .gold)),
            .stock(StockLevel(productID: "P1", storeID: "S1", quantity: 12)),
            .stock(StockLevel(productID: "P1", storeID: "S2", quantity: 3)),
        ]
    }
}
