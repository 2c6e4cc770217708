import Foundation
import SelfScanCore
import SelfScanDemo
import SelfScanDevices
import SelfScanStorage
import Testing

@testable import SelfScanServer

/// `selfscan labels`: the sheet's QR codes, rasterised and read back by zbar, are the products' GS1 Digital
/// Links; prices and unit prices are printed as French shelf labels require.
@Suite("Shelf label sheet")
struct ShelfLabelSheetTests {
    static let base = "https://magasin-0042.example"

    /// Each embedded QR `<svg … data-link=…>…</svg>` of the sheet, as a standalone document.
    static func qrDocuments(in sheet: String) -> [String] {
        sheet.matches(of: #/<svg x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" data-link="[^"]*" .*?</svg>/#)
            .map { String($0.output) }
    }

    @Test("every QR code of a department's sheet decodes (zbar) to its product's Digital Link")
    func qrCodesDecodeToTheDigitalLinks() throws {
        let products = DemoCatalog.frenchHypermarket().products.filter { $0.attributes?.department == "Épicerie salée" }
        #expect(products.count == 3)  // plain and paprika crisps, pasta
        let sheet = try ShelfLabelSheet(baseURL: Self.base + "/").render(products)
        let documents = Self.qrDocuments(in: sheet)
        #expect(documents.count == products.count)
        var decoded: [String] = []
        for document in documents {
            let symbols = try BarcodeDecoder().decodeBlocking(frame: try QRRouteTests.rasterise(document))
            #expect(symbols.count == 1 && symbols.first?.symbology == .qr)
            decoded += symbols.map { String(decoding: $0.payload, as: UTF8.self) }
        }
        let expected = try products.map { "\(Self.base)/01/\(try #require($0.gtins.first).digits14)" }
        #expect(decoded == expected)
        // And the decoded link is a GS1 Digital Link the code interpreter reads back to the product's GTIN.
        for (link, product) in zip(decoded, products) {
            guard case .digitalLink(let data, _) = try CodeInterpreter().interpret(link, symbology: nil) else {
                Issue.record("\(link) is not read as a Digital Link")
                continue
            }
            #expect(data.gtin == product.gtins.first)
        }
    }

    @Test("price and unit price per kg or L on each label; weighed goods without a GTIN get no label")
    func pricesAndUnitPrices() throws {
        let catalog = DemoCatalog.frenchHypermarket().products
        let coffee = try #require(catalog.first { $0.id == DemoCatalog.coffee })
        let milk = try #require(catalog.first { $0.id == DemoCatalog.milk })
        let tomatoes = try #require(catalog.first { $0.id == DemoCatalog.tomatoes })
        let sheet = try ShelfLabelSheet(baseURL: Self.base).render([coffee, milk, tomatoes])
        #expect(sheet.contains(">3,79 €<") && sheet.contains(">soit 15,16 € / kg<"))
        #expect(sheet.contains(">1,09 €<") && sheet.contains(">soit 1,09 € / L<"))
        #expect(sheet.components(separatedBy: "class=\"label\"").count == 3, "two labels: the tomatoes have no GTIN")
    }
}
