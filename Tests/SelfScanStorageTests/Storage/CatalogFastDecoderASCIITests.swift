import Foundation
@testable import SelfScanAPI
import SelfScanCore
import Testing

/// The fast decoder's ASCII path (issue 16): ASCII strings skip the generic UTF-8 validation, other text
/// is still validated, so a malformed byte never becomes a product name.
@Suite("Catalog fast decoder: ASCII fast path, other text still validated")
struct CatalogFastDecoderASCIITests {
    func productLine(name: [UInt8]) -> Data {
        var line = Data(#"{"type":"product","product":{"id":"P1","gtins":[],"name":""#.utf8)
        line.append(contentsOf: name)
        line.append(contentsOf: Data(#"","pricing":{"unit":{"_0":{"minor":12,"currency":"EUR"}}},"vatRate":550,"alwaysAudit":false,"promotionIDs":[]}}"#.utf8))
        return line
    }

    @Test func asciiAndValidUTF8NamesDecode() throws {
        for name in ["Lait demi-ecreme 1L", "Pâté 🍷"] {
            let record = try #require(CatalogFastDecoder.decode(productLine(name: Array(name.utf8))))
            guard case .product(let product) = record else { Issue.record("not a product"); return }
            #expect(product.name == name)
            #expect(product.id == "P1")
        }
    }

    @Test(arguments: [[0xC3, 0x28], [0x41, 0xFF, 0x42], [0xE2, 0x82]] as [[UInt8]])
    func malformedUTF8IsNeverANameOnTheFastPath(bytes: [UInt8]) {
        #expect(CatalogFastDecoder.decode(productLine(name: bytes)) == nil)
    }

    /// Member names are compared as bytes on the fast path, so it keeps only ASCII names: a name `==` would
    /// equate with another spelling (U+212A KELVIN SIGN is canonically "K") goes to JSONDecoder, whose answer the
    /// fast path must never contradict; ASCII duplicates are still refused; the usual names are still found.
    @Test func memberNamesAreASCIIOrLeftToJSONDecoder() throws {
        let plain = Data(#"{"type":"product","product":{"id":"P1","gtins":[],"name":"N","pricing":{"unit":{"_0":{"minor":12,"currency":"EUR"}}},"vatRate":550,"alwaysAudit":false,"promotionIDs":[],"minimumAge":18}}"#.utf8)
        guard case .product(let product)? = CatalogFastDecoder.decode(plain) else {
            Issue.record("the plain line is not decoded on the fast path"); return
        }
        #expect(product.minimumAge == 18 && product.vatRate.basisPoints == 550 && product.name == "N")
        #expect("\u{212A}" == "K")  // why bytes alone would not be `==` for any text
        let kelvin = Data(#"{"type":"product","product":{"id":"P1","gtins":[],"name":"N","pricing":{"unit":{"_0":{"minor":12,"currency":"EUR"}}},"vatRate":550,"alwaysAudit":false,"promotionIDs":[],"\#u{212A}":1}}"#.utf8)
        #expect(CatalogFastDecoder.decode(kelvin) == nil)
        let duplicate = Data(#"{"type":"product","type":"stock","product":{}}"#.utf8)
        #expect(CatalogFastDecoder.decode(duplicate) == nil)
        #expect(FastJSONParser.sameKey("minimumAge", "minimumAge"))
        #expect(!FastJSONParser.sameKey("minimumAge", "minimumAgf"))
        #expect(!FastJSONParser.sameKey("id", "ids"))
    }
}
