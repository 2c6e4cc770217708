import FoundationEssentials
import Foundation
import Testing
@testable import SelfScanCore

@Suite struct CatalogTypesTests {
    static let eur = Currency.eur
    static func euros(_ cents: Int64) -> Money { Money(minor: cents, currency: .eur) }

    static func snapshot() throws -> CatalogSnapshot {
        CatalogSnapshot(
            version: CatalogVersion(7), currency: .eur,
            products: [
                Product(id: "P1", gtins: [try GTIN("3017620422003")], name: "Pâte à tartiner 400 g",
                        pricing: .unit(euros(389)), vatRate: .frReduced, promotionIDs: ["PR1"]),
                Product(id: "TOM", itemReference: "12345", name: "Tomates grappe",
                        pricing: .perKilogram(euros(349)), vatRate: .frReduced),
            ],
            promotions: [
                Promotion(id: "PR1", name: "3 pour 2", kind: .nForPrice(quantity: 3, price: .itemsPaid(2))),
                Promotion(id: "C1", name: "Bon 1 €", kind: .coupon(code: "CPN1", reward: .amountOff(euros(100)),
                                                                   scope: .basket, minimumBasket: nil)),
            ],
            customers: [LoyaltyCustomer(id: "CU1", cardCodes: ["2990000000011"], tier: .gold)])
    }

    @Test func indexFindsByGTINItemReferenceIDCouponAndCard() throws {
        let index = try CatalogIndex(Self.snapshot())
        #expect(index.product(gtin: try GTIN("03017620422003"))?.id == "P1")
        #expect(index.product(itemReference: "12345")?.id == "TOM")
        #expect(index.product(id: "P1")?.name == "Pâte à tartiner 400 g")
        #expect(index.couponPromotion(code: "CPN1")?.id == "C1")
        #expect(index.customer(cardCode: "2990000000011")?.tier == .gold)
        #expect(index.product(gtin: try GTIN("96385074")) == nil)
        #expect(index.version == CatalogVersion(7))
    }

    @Test func duplicateKeysAreTypedErrors() throws {
        let snapshot = try Self.snapshot()
        let duplicated = CatalogSnapshot(
            version: snapshot.version, currency: .eur, products: snapshot.products + [snapshot.products[0]])
        #expect(throws: CatalogIndexError.duplicateProductID("P1")) { try CatalogIndex(duplicated) }
        let sameGTIN = Product(id: "P2", gtins: snapshot.products[0].gtins, name: "x",
                               pricing: .unit(Self.euros(1)), vatRate: .frStandard)
        #expect(throws: CatalogIndexError.self) {
            try CatalogIndex(CatalogSnapshot(version: snapshot.version, currency: .eur,
                                             products: snapshot.products + [sameGTIN]))
        }
    }

    @Test func snapshotAndEventsRoundTripThroughJSON() throws {
        let snapshot = try Self.snapshot()
        let decoded = try JSONDecoder().decode(CatalogSnapshot.self, from: JSONEncoder().encode(snapshot))
        #expect(decoded == snapshot)

        var ids = SeededIdentifierSource(seed: 42)
        let line = BasketLine(
            id: LineID(uuid: ids.nextUUID()), productID: "TOM", name: "Tomates grappe", scannedCode: "2112345012349",
            measure: .weight(grams: 1234), unitPrice: Self.euros(349), vatRate: .frReduced,
            catalogVersion: CatalogVersion(7))
        let event = BasketEvent(
            id: EventID(uuid: ids.nextUUID()), sessionID: SessionID(uuid: ids.nextUUID()), sequence: 3,
            timestamp: Instant(nanosecondsSinceEpoch: 1_700_000_000_000_000_000), payload: .lineAdded(line: line))
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(BasketEvent.self, from: data) == event)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"id\":\"\(event.id.uuidString)\""))  // ids encode as plain UUID strings
        #expect(try line.amount() == Self.euros(431))  // 3.49 €/kg × 1.234 kg = 4.30666 → 4.31
    }

    @Test func seededIdentifiersAreReproducibleVersion4() {
        var a = SeededIdentifierSource(seed: 1)
        var b = SeededIdentifierSource(seed: 1)
        let first = a.nextUUID()
        #expect(first == b.nextUUID())
        #expect(first != a.nextUUID())
        #expect(Array(first.uuidString)[14] == "4")
    }
}
