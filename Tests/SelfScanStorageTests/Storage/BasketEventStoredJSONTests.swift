import Foundation
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Issue 16 item 5: a scan's events are written to the log (and the outbox) by hand, not by `JSONEncoder`.
/// The stored bytes are compared with duplicates, decoded on replay and shipped to the referential: they must
/// stay byte for byte what `BasketStore.encoder` writes, for every shape and every awkward string.
@Suite("Basket events: the scan's JSON by hand, byte-equal to the encoder's")
struct BasketEventStoredJSONTests {
    static let names = [
        "Yaourt nature", "Jus d'orange 1/2 L", "Pâté \"maison\" \\ 200 g", "Crème fraîche 30 % — 20 cl", "🍫 chocolat",
        "tab\there", "line\nbreak", "nul\u{0}byte", "esc\u{1B}[0m", "del\u{7F}", "sep\u{2028}\u{2029}", "", "//",
    ]

    func event(_ payload: BasketEventPayload, sequence: Int64 = 7) -> BasketEvent {
        BasketEvent(
            id: EventID(uuid: UUID()), sessionID: SessionID(uuid: UUID()), sequence: sequence,
            timestamp: Instant(nanosecondsSinceEpoch: 1_800_000_000_123_456_789), payload: payload)
    }

    func line(
        name: String, measure: LineMeasure = .units(1), origin: LineOrigin = .scan, minimumAge: Int? = nil,
        promotions: [PromotionID] = [], voided: Bool = false, audit: Bool = false, code: String = "3760000000024"
    ) -> BasketLine {
        BasketLine(
            id: LineID(uuid: UUID()), productID: ProductID("P/\(name.count)"), name: name, scannedCode: code,
            measure: measure, unitPrice: Money(minor: 189, currency: .eur), vatRate: .frReduced,
            catalogVersion: .init(1_234_567), origin: origin, minimumAge: minimumAge, alwaysAudit: audit,
            promotionIDs: promotions, isVoided: voided)
    }

    func expectSameBytes(_ event: BasketEvent, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let byHand = try event.storedJSON(encoder: BasketStore.encoder)
        let encoded = try BasketStore.encoder.encode(event)
        #expect(
            byHand == encoded,
            "\(String(decoding: byHand, as: UTF8.self))\n≠ \(String(decoding: encoded, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }

    @Test func everyStringIsWrittenAsTheEncoderWritesIt() throws {
        for name in Self.names {
            try expectSameBytes(event(.lineAdded(line: line(name: name, code: name))))
        }
    }

    @Test func everyHandWrittenShapeMatches() throws {
        let parent = LineID(uuid: UUID())
        let shapes: [BasketLine] = [
            line(name: "units", measure: .units(12)),
            line(name: "weight", measure: .weight(grams: 1_250)),
            line(name: "deposit", origin: .deposit(parent: parent)),
            line(name: "weighed deposit", measure: .weight(grams: 0), origin: .deposit(parent: parent)),
            line(name: "age", minimumAge: 18),
            line(name: "promotions", promotions: ["PR-1", "PR/2", "PR\"3"]),
            line(name: "voided and audited", voided: true, audit: true),
            line(name: "negative", measure: .units(-3)),
        ]
        for shape in shapes { try expectSameBytes(event(.lineAdded(line: shape), sequence: Int64.max)) }
        try expectSameBytes(event(.quantityChanged(lineID: parent, quantity: 42)))
        try expectSameBytes(event(.quantityChanged(lineID: parent, quantity: 0), sequence: 1))
    }

    @Test func otherShapesAndEventsGoThroughTheEncoder() throws {
        let others: [BasketEventPayload] = [
            .lineAdded(line: line(name: "label", measure: .labelPrice(Money(minor: 350, currency: .eur), grams: 412))),
            .lineAdded(line: line(name: "audit", origin: .audit(staff: "S/1"))),
            .lineVoided(lineID: LineID(uuid: UUID()), reason: .customerRemoved, staffID: nil),
            .unknownCodeScanned(code: "12/34", symbology: nil),
            .checkoutRequested,
        ]
        for payload in others { try expectSameBytes(event(payload)) }
    }

    /// The `kind` column was the case name read by reflection; now `BasketEventPayload.name`: the same text.
    @Test func kindColumnIsTheCaseNameAsReflectionGaveIt() {
        let lineID = LineID(uuid: UUID())
        let payloads: [BasketEventPayload] = [
            .sessionOpened(SessionOpening(storeID: "S1", deviceID: "k1", currency: .eur, catalogVersion: .init(1))),
            .customerIdentified(customerID: "C1"), .lineAdded(line: line(name: "x")),
            .quantityChanged(lineID: lineID, quantity: 2), .lineVoided(lineID: lineID, reason: .staffRemoved, staffID: "S"),
            .unknownCodeScanned(code: "1", symbology: nil), .saleRefused(productID: "P", code: "1", reason: .recall),
            .approvalRequested(lineID: lineID, minimumAge: 18), .approvalGranted(staffID: "S"),
            .approvalRefused(staffID: "S"), .checkoutRequested, .auditAcknowledged, .scanningResumed,
            .suspended(reason: .paused), .resumed(deviceID: "k2"),
            .paid(payment: PaymentReceipt(amount: Money(minor: 1, currency: .eur), reference: "r")), .exited, .abandoned,
            .sessionVoided(staffID: "S", reason: .fraud),
        ]
        for payload in payloads {
            let reflected = Mirror(reflecting: payload).children.first?.label ?? String(describing: payload)
            #expect(BasketStore.kind(of: payload) == reflected)
        }
    }

    @Test func storedScansReplayToTheSameSession() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        var script = SessionScript()
        let events = [script.opened(), script.scanned("Jus 1/2 \"bio\""), script.scanned("Pâté")]
        try store.append(events, state: SessionStateUpdate(state: "scanning", total: nil, lineCount: 2))
        #expect(try store.events(sessionID: script.sessionID) == events)
        // A retried append of the same events is a duplicate: the stored bytes compare equal.
        let again = try store.append(
            Array(events.dropFirst()), state: SessionStateUpdate(state: "scanning", total: nil, lineCount: 2))
        #expect(again == .duplicate(lastSequence: 3))
    }
}
