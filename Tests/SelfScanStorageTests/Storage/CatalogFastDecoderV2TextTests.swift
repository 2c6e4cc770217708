import Foundation
import SelfScanCore
import Testing

@testable import SelfScanAPI

/// The v2 fast path with real-world text (issue 16): non-ASCII names, JSON escapes, every attribute key (each
/// sends the line to JSONDecoder), and bad records still refused whole with their line number.
@Suite("Catalog fast decoder v2: text, attributes and bad records")
struct CatalogFastDecoderV2TextTests {
    static func productLine(name: String, extra: String = "") -> Data {
        let head = #"{"product":{"alwaysAudit":false,"gtins":["03760000000017"],"id":"P1","name":"#
        let tail = #","pricing":{"kind":"unit","price":{"currency":"EUR","minor":499}},"promotionIDs":[],"vatRate":550"#
        return Data((head + "\"" + name + "\"" + tail + extra + #"},"type":"product"}"#).utf8)
    }

    static func bothWays(_ line: Data) throws -> (fast: CatalogRecord?, reference: CatalogRecord) {
        (CatalogFastDecoder.decodeV2(line), try JSONDecoder().decode(CatalogRecordV2.self, from: line).record)
    }

    /// (as written in the line, as decoded)
    @Test(arguments: [
        ("Crème brûlée", "Crème brûlée"),
        (#"Cr\u00e8me br\u00FBl\u00e9e"#, "Crème brûlée"),
        (#"Vin \ud83c\udf77 \"grand cru\" \\ 75cl\/\t"#, "Vin 🍷 \"grand cru\" \\ 75cl/\t"),
        ("Pâté 🍷 ½ kg", "Pâté 🍷 ½ kg"),
        ("plain ASCII name", "plain ASCII name"),
    ])
    func nonASCIIAndEscapedNamesTakeTheFastPathAndAgree(written: String, decoded: String) throws {
        let (fast, reference) = try Self.bothWays(Self.productLine(name: written))
        guard case .product(let product) = try #require(fast) else { Issue.record("not a product"); return }
        #expect(product.name == decoded)
        #expect(fast == reference)
    }

    /// Every attribute or link key sends the product to JSONDecoder, which keeps the attribute.
    @Test(arguments: [
        #""brand":"Maison Dupré""#, #""department":"Crèmerie""#, #""category":"Desserts""#,
        #""description":"Recette à l'ancienne""#, #""origin":"Bretagne""#, #""ingredients":"lait, œufs, sucre""#,
        #""allergens":["lait","œuf"]"#, #""nutriScore":"C""#, #""image":"creme.jpg""#,
        #""netContent":{"quantity":200,"unit":"kg"}"#, #""links":{"complements":["P2"],"substitutes":[]}"#,
    ])
    func everyAttributeKeyGoesToJSONDecoder(attribute: String) throws {
        let (fast, reference) = try Self.bothWays(Self.productLine(name: "Crème brûlée", extra: "," + attribute))
        #expect(fast == nil)
        guard case .product(let product) = reference else { Issue.record("not a product"); return }
        #expect(product.attributes != nil)
        #expect(product.name == "Crème brûlée")
    }

    /// A key neither core nor attribute is ignored by both paths alike.
    @Test func anUnknownKeyIsIgnoredByBothPaths() throws {
        let (fast, reference) = try Self.bothWays(Self.productLine(name: "Crème", extra: #","colour":{"r":[1,2]}"#))
        #expect(fast != nil)
        #expect(fast == reference)
    }

    /// Bad product lines in the fast path's shape refuse the whole file with their line (3 here).
    @Test(arguments: [
        (Array(#""gtins":["03760000000018"]"#.utf8), CatalogFileError.Code.malformedLine),  // check digit
        (Array(#""minor":-499"#.utf8), .invalidValue),  // ProductSanity: a price is more than zero
        (Array(#""name":"Cr"#.utf8) + [0xC3, 0x28] + Array(#"me""#.utf8), .malformedLine),  // invalid UTF-8
        (Array(#""name":"Cr\u00"#.utf8), .malformedLine),  // cut escape
    ] as [([UInt8], CatalogFileError.Code)])
    func aBadRecordIsRefusedWithItsLine(bad: [UInt8], code: CatalogFileError.Code) throws {
        var encoder = CatalogLineEncoder(header: .snapshot(version: .init(1), currency: .eur, createdAt: Date()))
        var lines = [try encoder.headerLine()]
        lines.append(try encoder.line(for: .stock(StockLevel(productID: "P0", storeID: "S1", quantity: 1))))
        let good = Self.productLine(name: "Crème brûlée")
        var line = String(decoding: good, as: UTF8.self)
        let replaced = [#""gtins":["03760000000017"]"#, #""minor":499"#, #""name":"Crème brûlée""#]
            .first { line.contains($0) && Self.sameKey($0, bad) }
        let target = try #require(replaced)
        line = line.replacingOccurrences(of: target, with: "\u{0}")
        var bytes = Array(line.utf8)
        let marker = try #require(bytes.firstIndex(of: 0))
        bytes.replaceSubrange(marker...marker, with: bad)
        lines.append(Data(bytes) + Data([0x0A]))
        var decoder = CatalogLineDecoder()
        let error = #expect(throws: CatalogFileError.self) {
            for line in lines { _ = try decoder.decode(line: line.dropLast()) }
        }
        #expect(error?.code == code)
        #expect(error?.line == 3)
    }

    static func sameKey(_ good: String, _ bad: [UInt8]) -> Bool {
        let key = good.prefix { $0 != ":" }
        return bad.starts(with: Array(key.utf8))
    }
}
