import Foundation
import SelfScanAPI
import SelfScanCore
import Testing

/// `SessionView.protocolJSON()` (written by hand for the scan path) is byte for byte what `JSONEncoder` with
/// `ProtocolJSON`'s settings writes: every member present, every optional absent, awkward text.
@Suite("Session view JSON written by hand")
struct SessionViewJSONTests {
    static func eur(_ minor: Int64) -> Money { Money(minor: minor, currency: .eur) }

    static let awkwardTexts = [
        "", "Yaourt nature 4×125 g", "Crème fraîche épaisse", "a/b", #"quote " and \ backslash"#, "emoji 😀 ok",
        "line\nbreak", "tab\there", "bell\u{7}", "unit\u{1f}sep", "gs\u{1d}(01)", "\u{7f}del", "sep\u{2028}\u{2029}",
        "nul\u{0}byte", "cr\r", "ff\u{c}bs\u{8}", "中文", "-", "0",
    ]

    static func line(_ index: Int, everything: Bool, name: String = "Lait demi-écrémé 1 L") -> SessionView.Line {
        var line = SessionView.Line(
            id: "2F6C8A84-1111-4B2E-9A7C-00000000000\(index % 10)", productID: "P\(index)", name: name,
            scannedCode: "3\(index)56789012345", kind: everything ? "weighed" : "item", quantity: index + 1,
            weightGrams: everything ? 1_234 : nil, unitPrice: eur(-129 + Int64(index)), total: eur(Int64.max - Int64(index)),
            vatRate: 550, minimumAge: everything ? 18 : nil, ageApproved: everything ? index % 2 == 0 : nil,
            isVoided: index % 3 == 0, depositFor: everything ? "parent/\(index)" : nil, catalogVersion: 42 + Int64(index))
        if everything { line.staffPriceReason = "notInCatalog" }
        return line
    }

    static func view(everything: Bool, names: [String] = ["Lait"]) -> SessionView {
        let lines = names.enumerated().map { line($0.offset, everything: everything || $0.offset % 2 == 1, name: $0.element) }
        let discounts = [
            SessionView.Discount(
                name: "3 pour 2", kind: "nForPrice", promotionID: everything ? "PROMO-1" : nil,
                couponCode: everything ? "CPN/1" : nil, amount: eur(-250),
                allocations: [.init(lineID: "L1", amount: eur(-125)), .init(lineID: "L2", amount: eur(-125))],
                reason: everything ? "offre réservée aux membres \"Or\"" : nil),
            SessionView.Discount(name: "Remise", kind: "percentOff", amount: eur(0), allocations: []),
        ]
        let totals = SessionView.Totals(
            itemsSubtotal: eur(1_000), discounts: discounts, discountTotal: eur(-250), depositTotal: eur(Int64.min + 1),
            total: eur(750),
            vatBreakdown: [
                .init(rate: 550, label: "5,5 %", gross: eur(500), vat: eur(26), net: eur(474)),
                .init(rate: 2_000, label: "20 %", gross: eur(250), vat: eur(42), net: eur(208)),
            ])
        var audit = SessionView.Audit(
            required: true, mode: "partial(2)", probabilityBasisPoints: 1_000, reasons: ["new customer"],
            linesToCheck: ["L1"], passed: false, differences: ["missing: Lait (added)"])
        audit.changes = [.init(kind: "missing", name: "Lait", scanned: 0, found: 1, unitPrice: eur(129))]
        let records = [
            PaymentView(
                paymentID: "pay-1", outcome: "approved", amount: eur(500), scheme: "CB", last4: "4242", authCode: "A1",
                terminalTransactionID: "T/9", ticket: "CARTE BANCAIRE\nMERCI"),
            PaymentView(paymentID: "pay-2", outcome: "declined", amount: eur(250)),
        ]
        return SessionView(
            id: "9E1B6C0A-2222-4C3D-8E9F-0123456789AB", store: "FR-TEST-001", device: "kiosk/1",
            state: everything ? .approvalNeeded : .scanning, catalogVersion: 7,
            customer: everything ? .init(identified: true) : nil, lines: lines, totals: totals,
            pendingApprovalLineIDs: everything ? ["L1", "L2"] : [], audit: everything ? audit : nil,
            payment: .init(paid: eur(500), due: eur(250), records: everything ? records : []),
            exitPass: everything ? .init(code: "SSX1.abc/def+", expiresAt: Date(timeIntervalSince1970: 1_790_000_123)) : nil)
    }

    static func expectSameBytes(_ view: SessionView, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try ProtocolJSON.encoder().encode(view)
        let written = try view.protocolJSON()
        #expect(
            written == expected,
            "hand-written:\n\(String(decoding: written, as: UTF8.self))\nJSONEncoder:\n\(String(decoding: expected, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    @Test func everyMemberPresent() throws {
        try Self.expectSameBytes(Self.view(everything: true, names: ["Lait", "Beurre", "Œufs"]))
    }

    @Test func everyOptionalAbsentAndNoLines() throws {
        try Self.expectSameBytes(Self.view(everything: false, names: []))
        try Self.expectSameBytes(Self.view(everything: false, names: ["Lait"]))
    }

    @Test(arguments: SessionViewJSONTests.awkwardTexts)
    func awkwardTextInEveryStringMember(_ text: String) throws {
        try Self.expectSameBytes(Self.view(everything: true, names: [text, text + text]))
        var writer = ProtocolJSONWriter()
        writer.string(text)
        #expect(writer.data == (try ProtocolJSON.encoder().encode(text)), "\(text.debugDescription)")
    }

    @Test func integersAtTheirLimits() throws {
        for value in [0, 1, -1, 9, 10, -10, 1_234_567_890, Int64.max, Int64.min, Int64.min + 1] {
            var writer = ProtocolJSONWriter()
            writer.int(value)
            #expect(writer.data == (try ProtocolJSON.encoder().encode(value)), "\(value)")
        }
    }

    @Test func aThirtyLineBasket() throws {
        try Self.expectSameBytes(Self.view(everything: false, names: (0..<30).map { "Produit n°\($0)" }))
    }
}
