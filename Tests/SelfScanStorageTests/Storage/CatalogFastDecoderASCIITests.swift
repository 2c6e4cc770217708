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
}
