import Foundation
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Catalog format v2 (docs/catalog-format.md): designed tagged objects, product attributes, v1 still read,
/// bad records refused whole with their line.
@Suite("Catalog format v2")
struct CatalogFormatV2Tests {
    let published = Date(timeIntervalSince1970: 1_795_000_000)

    static func yaourt() throws -> Product {
        Product(
            id: "P-YAOURT", gtins: [try GTIN(StorageFixtures.gtin13("376000000201"))], name: "Yaourt nature ×4",
            pricing: .unit(Money(minor: 199, currency: .eur)), vatRate: .frSuperReduced, promotionIDs: ["PROMO-3X2"],
            attributes: ProductAttributes(
                brand: "Laiterie du Val", department: "Crèmerie", category: "Yaourts nature",
                description: "Yaourts au lait entier", origin: "Normandie", ingredients: "Lait entier, ferments lactiques",
                allergens: ["lait"], nutriScore: .a, image: "https://images.example/yaourt.jpg",
                netContent: NetContent(unit: .kilogram, quantity: 500),
                links: ProductLinks(complements: ["P-CONFITURE"], substitutes: ["P-YAOURT-BIO"])))
    }

    static let everyPromotion: [Promotion] = [
        Promotion(id: "A", name: "3 pour 2", kind: .nForPrice(quantity: 3, price: .itemsPaid(2))),
        Promotion(
            id: "B", name: "2 pour 5 €", kind: .mixAndMatch(quantity: 2, price: .amount(Money(minor: 500, currency: .eur))),
            eligibility: .loyaltyMembers(minimumTier: .silver),
            validity: PromotionValidity(
                start: Instant(nanosecondsSinceEpoch: 1_795_000_000_000_000_000),
                end: Instant(nanosecondsSinceEpoch: 1_795_086_400_123_456_789))),
        Promotion(id: "C", name: "-10 %", kind: .percentOff(basisPoints: 1000), eligibility: .personalOffer),
        Promotion(id: "D", name: "2e à -60 %", kind: .secondItemPercentOff(basisPoints: 6000)),
        Promotion(id: "E", name: "Prix carte", kind: .loyaltyPrice(unitPrice: Money(minor: 149, currency: .eur))),
        Promotion(
            id: "F", name: "10 € dès 100 €",
            kind: .basketThreshold(
                minimum: Money(minor: 10_000, currency: .eur), reward: .amountOff(Money(minor: 1000, currency: .eur)))),
        Promotion(
            id: "G", name: "Bon -5 %",
            kind: .coupon(
                code: "BON5", reward: .percentOff(basisPoints: 500), scope: .basket,
                minimumBasket: Money(minor: 2000, currency: .eur)),
            validity: PromotionValidity(end: Instant(nanosecondsSinceEpoch: -1))),
    ]

    func lines(_ records: [CatalogRecord], header: CatalogFileHeader? = nil) throws -> [Data] {
        var encoder = CatalogLineEncoder(
            header: header ?? .snapshot(version: .init(1), currency: .eur, createdAt: published))
        var lines = [try encoder.headerLine()]
        for record in records { lines.append(try encoder.line(for: record)) }
        lines.append(encoder.trailerLine().line)
        return lines.map { $0.dropLast() }
    }

    func decodeAll(_ lines: [Data]) throws -> [CatalogRecord] {
        var decoder = CatalogLineDecoder()
        var records: [CatalogRecord] = []
        for line in lines {
            if case .record(let record) = try decoder.decode(line: line) { records.append(record) }
        }
        try decoder.finish()
        return records
    }

    @Test func everyProductAttributeAndPromotionKindRoundTrips() throws {
        let records = [CatalogRecord.product(try Self.yaourt())] + Self.everyPromotion.map(CatalogRecord.promotion) + [
            .customer(LoyaltyCustomer(id: "C1", tier: .gold, personalOffers: ["C"])),
            .stock(StockLevel(productID: "P-YAOURT", storeID: "S1", quantity: 7)),
        ]
        let encoded = try lines(records)
        #expect(try decodeAll(encoded) == records)
        let header = String(decoding: encoded[0], as: UTF8.self)
        #expect(header.contains(#""formatVersion":2"#))
    }

    @Test func writesPlainTaggedObjectsNeverSwiftEnumEncoding() throws {
        let text = try lines([.product(try Self.yaourt())] + Self.everyPromotion.map(CatalogRecord.promotion))
            .map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        #expect(!text.contains("_0"))
        #expect(text.contains(#""pricing":{"kind":"unit","price":{"currency":"EUR","minor":199}}"#))
        #expect(text.contains(#""nutriScore":"A""#))
        #expect(text.contains(#""netContent":{"quantity":500,"unit":"kg"}"#))
        #expect(text.contains(#""offer":{"bundlePrice":{"items":2,"kind":"itemsPaid"},"kind":"nForPrice","quantity":3}"#))
        #expect(text.contains(#""eligibility":{"kind":"loyaltyMembers","minimumTier":1}"#))
        #expect(text.contains(#""validFrom":"2026-11-18T11:06:40Z","validUntil":"2026-11-19T11:06:40.123456789Z""#))
        #expect(text.contains(#""validUntil":"1969-12-31T23:59:59.999999999Z""#))
    }

    /// The format v1 example of docs/catalog-format.md (as written before v2) still reads.
    @Test func readsFormatVersion1Files() throws {
        let v1 = [
            #"{"baseVersion":41,"catalogVersion":42,"createdAt":"2026-11-18T11:06:40Z","currency":"EUR","format":"selfscan-catalog","formatVersion":1,"kind":"delta","storeID":"S1"}"#,
            #"{"product":{"alwaysAudit":false,"gtins":["03760000000017"],"id":"P1","name":"Pâté de campagne","pricing":{"unit":{"_0":{"currency":"EUR","minor":349}}},"promotionIDs":[],"vatRate":550},"type":"product"}"#,
            #"{"promotion":{"eligibility":{"everyone":{}},"id":"PROMO-3X2","kind":{"nForPrice":{"price":{"itemsPaid":{"_0":2}},"quantity":3}},"name":"3 pour 2 yaourts","validity":{}},"type":"promotion"}"#,
            #"{"id":"P9","type":"deleteProduct"}"#,
        ]
        var decoder = CatalogLineDecoder()
        var records: [CatalogRecord] = []
        for line in v1 {
            if case .record(let record) = try decoder.decode(line: Data(line.utf8)) { records.append(record) }
        }
        #expect(decoder.header?.formatVersion == 1)
        #expect(records.count == 3)
        guard case .product(let product) = records[0] else { Issue.record("not a product"); return }
        #expect(product.pricing == .unit(Money(minor: 349, currency: .eur)))
        #expect(product.attributes == nil)
        guard case .promotion(let promotion) = records[1] else { Issue.record("not a promotion"); return }
        #expect(promotion.kind == .nForPrice(quantity: 3, price: .itemsPaid(2)))
    }

    @Test func refusesAFutureFormatVersion() throws {
        var decoder = CatalogLineDecoder()
        let header = #"{"catalogVersion":1,"createdAt":"2026-11-18T11:06:40Z","currency":"EUR","format":"selfscan-catalog","formatVersion":3,"kind":"snapshot"}"#
        let error = #expect(throws: CatalogFileError.self) { _ = try decoder.decode(line: Data(header.utf8)) }
        #expect(error?.code == .unsupportedFormatVersion)
    }

    /// Each bad v2 record, at line 3 of a file, refuses the file with that line and its reason.
    @Test(arguments: [
        (#""nutriScore":"A""#, #""nutriScore":"F""#, CatalogFileError.Code.malformedLine, "nutriScore"),
        (#""kind":"unit""#, #""kind":"perLitre""#, .malformedLine, "perLitre"),
        (#""quantity":500"#, #""quantity":0"#, .invalidValue, "net content"),
        (#""minor":199"#, #""minor":0"#, .invalidValue, "more than zero"),
        (#""name":"Yaourt nature ×4","#, "", .malformedLine, "name"),
        (#""substitutes":["P-YAOURT-BIO"]"#, #""substitutes":["P-YAOURT"]"#, .invalidValue, "itself"),
    ])
    func refusesABadRecordWithItsLine(good: String, bad: String, code: CatalogFileError.Code, hint: String) throws {
        var encoded = try lines([
            .stock(StockLevel(productID: "P0", storeID: "S1", quantity: 1)), .product(try Self.yaourt()),
        ])
        let line = String(decoding: encoded[2], as: UTF8.self)
        #expect(line.contains(good))
        encoded[2] = Data(line.replacingOccurrences(of: good, with: bad).utf8)
        let error = #expect(throws: CatalogFileError.self) { _ = try decodeAll(encoded) }
        #expect(error?.code == code)
        #expect(error?.line == 3)
        #expect(error?.message.contains(hint) == true, "\(error?.message ?? "")")
    }

    @Test func aBadRecordLeavesTheCacheWhole() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let yaourt = try Self.yaourt()
        try cache.apply(snapshot: CatalogSnapshot(version: .init(1), currency: .eur, products: [yaourt]))
        var delta = try lines(
            [
                .stock(StockLevel(productID: "P-YAOURT", storeID: "S1", quantity: 99)),
                .product(yaourt),
            ], header: .delta(from: .init(1), to: .init(2), currency: .eur, createdAt: published))
        delta[2] = Data(String(decoding: delta[2], as: UTF8.self).replacingOccurrences(of: #""nutriScore":"A""#, with: #""nutriScore":"Z""#).utf8)
        let path = directory.appendingPathComponent("bad-delta.jsonl").path
        try Data(delta.map { $0 + Data([0x0A]) }.joined()).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StorageError.self) { _ = try cache.apply(fileAt: path) }
        #expect(error?.code == .catalogRejected)
        #expect(error?.message.contains("at line 3") == true, "\(error?.message ?? "")")
        let lookup = try #require(try cache.lookup())
        #expect(lookup.version == CatalogVersion(1))
        #expect(try lookup.stock(of: "P-YAOURT").isEmpty)
    }

    @Test func theCacheKeepsAttributesOffTheScanPath() throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let cache = CatalogCache(database: try StorageFixtures.openDatabase(in: directory))
        let yaourt = try Self.yaourt()
        let plain = try StorageFixtures.sampleProducts()
        let path = try StorageFixtures.writeCatalog(
            in: directory, header: .snapshot(version: .init(4), currency: .eur, createdAt: published),
            records: (plain + [yaourt]).map(CatalogRecord.product))
        _ = try cache.apply(fileAt: path)
        let lookup = try #require(try cache.lookup())
        let gtin = try #require(yaourt.gtins.first)
        #expect(try lookup.productWithAttributes(gtin: gtin) == yaourt)
        #expect(try lookup.product(gtin: gtin)?.attributes == nil)
        #expect(try lookup.products(department: "Crèmerie").map(\.id) == ["P-YAOURT"])
        #expect(try lookup.productWithAttributes(id: plain[0].id) == plain[0])
    }

    @Test(arguments: [
        (Int64(199), MeasureUnit.kilogram, Int64(500), Int64(398)),  // 1.99 € for 500 g: 3.98 €/kg
        (129, .litre, 1500, 86),  // 1.29 € for 1.5 l: 0.86 €/l
        (100, .kilogram, 3, 33_333),  // 1.00 € for 3 g: 333.33 €/kg
        (5, .litre, 330, 15),  // 0.05 € for 33 cl: 0.1515… → 0.15 €/l
    ])
    func unitPricePerKilogramOrLitre(minor: Int64, unit: MeasureUnit, quantity: Int64, expected: Int64) {
        let content = NetContent(unit: unit, quantity: quantity)
        #expect(content.unitPrice(of: Money(minor: minor, currency: .eur)) == Money(minor: expected, currency: .eur))
    }

    @Test func unitPriceOfAPerKilogramProductIsItsPrice() throws {
        let tomatoes = Product(
            id: "T", name: "Tomates", pricing: .perKilogram(Money(minor: 299, currency: .eur)), vatRate: .frSuperReduced)
        #expect(tomatoes.unitPricePerMeasure?.price == Money(minor: 299, currency: .eur))
        #expect(tomatoes.unitPricePerMeasure?.unit == .kilogram)
        #expect(try Self.yaourt().unitPricePerMeasure?.price == Money(minor: 398, currency: .eur))
    }
}
