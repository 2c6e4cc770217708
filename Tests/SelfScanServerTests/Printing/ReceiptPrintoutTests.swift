import Foundation
import SelfScanAPI
import SelfScanDevices
import Testing

@testable import SelfScanServer

/// The paper receipt's bytes against python-escpos 3.1 (an independent ESC/POS implementation): the reference
/// receipt built by scripts/gen-printer-fixtures with python-escpos's Dummy printer (receipt.bin) must be what
/// the daemon's `Receipt.escPosDocument` writes for the same receipt, byte for byte; and what the paper says.
@Suite("Receipt printout")
struct ReceiptPrintoutTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SelfScanDevicesTests/Fixtures/printers")

    /// The values scripts/gen-printer-fixtures prints.
    static let referenceReceiptJSON = """
        {"store": "fr-paris-0042", "device": "kiosk-07", "session": "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
         "issuedAt": "2026-12-04T16:05:00Z", "loyaltyCard": true,
         "items": [
          {"name": "Œufs plein air x6", "quantity": 1, "unitPrice": {"minor": 320, "currency": "EUR"},
           "amount": {"minor": 320, "currency": "EUR"}, "vatRate": 550, "isDeposit": false},
          {"name": "Yaourt nature brassé", "quantity": 3, "unitPrice": {"minor": 150, "currency": "EUR"},
           "amount": {"minor": 450, "currency": "EUR"}, "vatRate": 550, "isDeposit": false},
          {"name": "Bœuf haché 5 % 350 g", "quantity": 1, "weightGrams": 512, "unitPrice": {"minor": 1290, "currency": "EUR"},
           "amount": {"minor": 660, "currency": "EUR"}, "vatRate": 550, "isDeposit": false},
          {"name": "Eau gazeuse 1,5 L", "quantity": 1, "unitPrice": {"minor": 89, "currency": "EUR"},
           "amount": {"minor": 89, "currency": "EUR"}, "vatRate": 550, "isDeposit": false},
          {"name": "Consigne bouteille", "quantity": 1, "unitPrice": {"minor": 20, "currency": "EUR"},
           "amount": {"minor": 20, "currency": "EUR"}, "vatRate": 2000, "isDeposit": true}],
         "discounts": [{"name": "3 pour 2 yaourts", "kind": "nForPrice", "promotionID": "PROMO-3POUR2-YAOURT",
           "amount": {"minor": -150, "currency": "EUR"}, "allocations": []}],
         "itemsSubtotal": {"minor": 1519, "currency": "EUR"}, "discountTotal": {"minor": -150, "currency": "EUR"},
         "depositTotal": {"minor": 20, "currency": "EUR"}, "total": {"minor": 1389, "currency": "EUR"},
         "vatBreakdown": [
          {"rate": 550, "label": "5,5 %", "gross": {"minor": 1369, "currency": "EUR"}, "vat": {"minor": 71, "currency": "EUR"},
           "net": {"minor": 1298, "currency": "EUR"}},
          {"rate": 2000, "label": "20 %", "gross": {"minor": 20, "currency": "EUR"}, "vat": {"minor": 3, "currency": "EUR"},
           "net": {"minor": 17, "currency": "EUR"}}],
         "payments": [{"paymentID": "P-1", "outcome": "approved", "amount": {"minor": 1389, "currency": "EUR"},
           "scheme": "CB", "last4": "4242"}]}
        """

    static func reference() throws -> Receipt {
        try ProtocolJSON.decoder().decode(Receipt.self, from: Data(referenceReceiptJSON.utf8))
    }

    @Test("the printed date is the store's local time (config timeZone), UTC said as such")
    func printedDateInTheStoresZone() throws {
        let instant = Date(timeIntervalSince1970: 1_796_401_500)  // 2026-12-04T16:25:00Z
        #expect(Receipt.printedDate(instant, timeZone: try #require(TimeZone(identifier: "Europe/Paris"))) == "04/12/2026 17:25")
        #expect(Receipt.printedDate(instant, timeZone: try #require(TimeZone(identifier: "Pacific/Chatham"))) == "05/12/2026 06:10")
        #expect(Receipt.printedDate(instant, timeZone: .gmt) == "04/12/2026 16:25 UTC")
        let paper = String(decoding: try Self.reference().escPosDocument(
            columns: 48, qr: nil, timeZone: try #require(TimeZone(identifier: "Europe/Paris"))).bytes, as: UTF8.self)
        #expect(!paper.contains(" UTC"))
    }

    @Test("the daemon's receipt bytes are python-escpos's bytes for the same receipt")
    func matchesPythonEscpos() throws {
        let ours = try Self.reference().escPosDocument(columns: 48, qr: "SSX1:fixture-exit-pass").bytes
        let theirs = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("receipt.bin")))
        if ours != theirs {
            let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
            Issue.record("first difference at byte \(first) (ours \(ours.count) bytes, python-escpos \(theirs.count))")
        }
        #expect(ours == theirs)
    }

    @Test("what the paper says: lines, promotion, deposit, VAT per rate, bold double-size total, exit pass QR, cut")
    func paperSays() throws {
        let bytes = try Self.reference().escPosDocument(columns: 48, qr: "SSX1:fixture-exit-pass").bytes
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("receipt.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let paper = try paperText(bytes)
        #expect(paper == expected, "\(paper.enumerated().filter { $0.offset >= expected.count || expected[$0.offset] != $0.element })")
        let rendered = try EscPosTextRenderer.render(bytes)
        #expect(rendered.contains("**[2x]TOTAL            13,89 €"), "\(rendered)")
        #expect(rendered.contains("Œufs plein air x6                           3,20"))
    }

    @Test("58 mm paper: every text line fits 32 characters")
    func narrowPaper() throws {
        let bytes = try Self.reference().escPosDocument(columns: 32, qr: nil).bytes
        let paper = try paperText(bytes)
        for line in paper where !line.hasPrefix("TOTAL") {
            #expect(line.count <= 32, "\(line)")
        }
        #expect(paper.contains { $0.hasPrefix("TOTAL") && $0.count <= 16 }, "double width: 16 characters")
        #expect(!paper.contains { $0.hasPrefix("[QR:") })
    }
}
