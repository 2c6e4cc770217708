import SelfScanTooling
import Foundation
@testable import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

@Suite("Catalog fast decoder agrees with JSONDecoder")
struct CatalogFastDecoderTests {
    func line(_ record: CatalogRecord) throws -> Data {
        var encoder = CatalogLineEncoder(header: .delta(from: .init(1), to: .init(2), currency: .eur, createdAt: Date(), formatVersion: 1))
        return try encoder.line(for: record).dropLast()
    }

    func bothWays(_ data: Data) throws -> (fast: CatalogRecord?, reference: CatalogRecord) {
        (CatalogFastDecoder.decode(data), try JSONDecoder().decode(CatalogRecord.self, from: data))
    }

    @Test func syntheticProductsAndStockDecodeIdentically() throws {
        let catalog = SyntheticCatalog(productCount: 3000, version: .init(1))
        var fastCount = 0
        for record in catalog.records() {
            let (fast, reference) = try bothWays(try line(record))
            #expect(reference == record)
            if let fast {
                #expect(fast == record)
                fastCount += 1
            }
        }
        #expect(fastCount == 6000)  // every product and stock line took the fast path
    }

    @Test func everyOptionalFieldAndEscapesDecodeIdentically() throws {
        let product = Product(
            id: "P\"1\\", gtins: [try GTIN("96385074"), try GTIN(StorageFixtures.gtin13("376000000001"))],
            itemReference: "00042", name: "Pâté \"maison\" 🍷\n\ttab/slash", pricing: .perKilogram(Money(minor: -5, currency: .eur)),
            vatRate: .frSuperReduced, minimumAge: 18, saleStop: SaleStop(reason: .recall, note: "lot «42»"),
            alwaysAudit: true, depositProductID: "DEP-1", promotionIDs: ["A", "B\u{1}"])
        let record = CatalogRecord.product(product)
        let (fast, reference) = try bothWays(try line(record))
        #expect(reference == record)
        #expect(fast == record)
        let stock = CatalogRecord.stock(StockLevel(productID: "P", storeID: "S", quantity: -12))
        #expect(try bothWays(try line(stock)).fast == stock)
        // \u escapes, surrogate pairs and nulls written by another producer.
        let handWritten = Data(#"""
            {"type":"product","product":{"id":"P\u00e9","gtins":[],"name":"Caf\u00e9 \ud83c\udf77","pricing":{"unit":{"_0":{"minor":12,"currency":"EUR"}}},"vatRate":550,"alwaysAudit":false,"promotionIDs":[],"itemReference":null,"minimumAge":null,"saleStop":null,"extra":[1,{"x":true}]}}
            """#.utf8)
        let (fastHand, referenceHand) = try bothWays(handWritten)
        #expect(fastHand == referenceHand)
        #expect(fastHand != nil)
    }

    @Test(arguments: [
        #"{"type":"promotion","promotion":{}}"#,
        #"{"type":"product","product":{"id":"P","gtins":[],"name":"x","pricing":{"unit":{"_0":{"minor":1.5,"currency":"EUR"}}},"vatRate":550,"alwaysAudit":false,"promotionIDs":[]}}"#,
        #"{"type":"product","product":{"id":"P","gtins":["123"],"name":"x","pricing":{"unit":{"_0":{"minor":1,"currency":"EUR"}}},"vatRate":550,"alwaysAudit":false,"promotionIDs":[]}}"#,
        #"{"type":"product","product":{"id":"P","gtins":[],"name":"x","pricing":{"unit":{"_0":{"minor":1,"currency":"EUR"}}},"vatRate":99999,"alwaysAudit":false,"promotionIDs":[]}}"#,
        #"{"type":"stock","stock":{"productID":"P","storeID":"S"}}"#,
        #"{"type":"stock","stock":{"productID":"P","storeID":"S","quantity":1}} x"#,
        #"{"type":"stock","type":"stock","stock":{"productID":"P","storeID":"S","quantity":1}}"#,
    ])
    func unusualShapesGoToJSONDecoder(text: String) {
        #expect(CatalogFastDecoder.decode(Data(text.utf8)) == nil)
    }
}
