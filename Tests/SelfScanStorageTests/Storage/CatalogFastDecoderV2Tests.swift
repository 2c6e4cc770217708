import Foundation
import SelfScanCore
import SelfScanTooling
import Testing

@testable import SelfScanAPI

@Suite("Catalog fast decoder agrees with JSONDecoder on format v2")
struct CatalogFastDecoderV2Tests {
    func line(_ record: CatalogRecord) throws -> Data {
        var encoder = CatalogLineEncoder(header: .delta(from: .init(1), to: .init(2), currency: .eur, createdAt: Date()))
        return try encoder.line(for: record).dropLast()
    }

    func bothWays(_ data: Data) throws -> (fast: CatalogRecord?, reference: CatalogRecord) {
        (CatalogFastDecoder.decodeV2(data), try JSONDecoder().decode(CatalogRecordV2.self, from: data).record)
    }

    /// The bug this catches: v2 (what every writer emits) went through JSONDecoder for every line, half of a
    /// 1M-product import's CPU (perf, 2026-12-04: 53 % under `CatalogRecordV2.init(from:)`).
    @Test func syntheticProductsAndStockTakeTheFastPathAndDecodeIdentically() throws {
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
        #expect(fastCount == 6000)
    }

    @Test func everyCoreFieldAndEscapesDecodeIdentically() throws {
        let product = Product(
            id: "P\"1\\", gtins: [try GTIN("96385074")], itemReference: "00042", name: "Pâté \"maison\" 🍷\n",
            pricing: .perKilogram(Money(minor: -5, currency: .eur)), vatRate: .frSuperReduced, minimumAge: 18,
            saleStop: SaleStop(reason: .recall, note: "lot «42»"), alwaysAudit: true, depositProductID: "DEP-1",
            promotionIDs: ["A", "B\u{1}"])
        let (fast, reference) = try bothWays(try line(.product(product)))
        #expect(reference == .product(product))
        #expect(fast == .product(product))
        // Optional arrays and flags left out or null, as an ERP may write them.
        let sparse = Data(#"{"type":"product","product":{"id":"P","name":"x","pricing":{"kind":"unit","price":{"minor":12,"currency":"EUR"}},"vatRate":550,"gtins":null,"alwaysAudit":null}}"#.utf8)
        let (fastSparse, referenceSparse) = try bothWays(sparse)
        #expect(fastSparse != nil)
        #expect(fastSparse == referenceSparse)
    }

    @Test func productsWithAttributesAreDecodedByJSONDecoder() throws {
        let product = Product(
            id: "P1", gtins: [], name: "Café", pricing: .unit(Money(minor: 349, currency: .eur)), vatRate: .frReduced,
            attributes: ProductAttributes(brand: "Maison", nutriScore: .b))
        let data = try line(.product(product))
        #expect(CatalogFastDecoder.decodeV2(data) == nil)
        #expect(try JSONDecoder().decode(CatalogRecordV2.self, from: data).record == .product(product))
    }

    @Test(arguments: [
        #"{"type":"promotion","promotion":{}}"#,
        #"{"type":"product","product":{"id":"P","name":"x","pricing":{"unit":{"_0":{"minor":1,"currency":"EUR"}}},"vatRate":550}}"#,
        #"{"type":"product","product":{"id":"P","name":"x","pricing":{"kind":"each","price":{"minor":1,"currency":"EUR"}},"vatRate":550}}"#,
        #"{"type":"product","product":{"id":"P","name":"x","pricing":{"kind":"unit","price":{"minor":1.5,"currency":"EUR"}},"vatRate":550}}"#,
        #"{"type":"product","product":{"id":"P","name":"x","pricing":{"kind":"unit","price":{"minor":1,"currency":"EUR"}},"vatRate":550,"alwaysAudit":"yes"}}"#,
        #"{"type":"product","product":{"id":"P","gtins":["123"],"name":"x","pricing":{"kind":"unit","price":{"minor":1,"currency":"EUR"}},"vatRate":550}}"#,
    ])
    func unusualShapesGoToJSONDecoder(text: String) {
        #expect(CatalogFastDecoder.decodeV2(Data(text.utf8)) == nil)
    }
}
