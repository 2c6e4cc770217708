import Foundation
@testable import SelfScanReferential
import SelfScanAPI
import SelfScanCore
import Testing

/// Issue 16 #1: on PostgreSQL the ingest writes each table with one `unnest` statement per request; nullable
/// columns travel as one text value in array syntax (`PostgresArrayLiteral`). Values that need escaping, NULLs and
/// the text "NULL" must land exactly as sent, on both backends.
@Suite("Referential ingest: set-based writes keep every value")
struct SetBasedIngestTests {
    @Test("array literals quote and escape every element; nil is NULL")
    func arrayLiterals() {
        #expect(PostgresArrayLiteral.text(["a", nil, "NULL", #"q"u\o,{}"#, ""]) == #"{"a",NULL,"NULL","q\"u\\o,{}",""}"#)
        #expect(PostgresArrayLiteral.text([]) == "{}")
        #expect(PostgresArrayLiteral.text(["Crème \"brûlée\" ✓\\", nil]) == #"{"Crème \"brûlée\" ✓\\",NULL}"#)
        #expect(PostgresArrayLiteral.integers([1, nil, -7]) == "{1,NULL,-7}")
    }

    @Test("quotes, backslashes, braces, NULLs and the text NULL in nullable columns are stored as sent", arguments: TestBackend.allCases)
    func nullableColumnsRoundTrip(backend: TestBackend) async throws {
        try await backend.withStore { store in
            let sql = try #require(store as? SQLReferentialStore)
            let storeID = StoreID("vannes-1")
            _ = try await store.issueDeviceToken(store: storeID, device: "kiosk-1", creatingStore: true)
            let date = Fixtures.day()
            let session = UUID()
            let odd = #"a"b\c,{d} é"#
            let payment = PaymentPayload(
                idempotencyKey: "PAY-ODD", sessionID: SessionID(uuid: session), amount: Money(minor: 500, currency: .eur),
                outcome: .approved, scheme: odd, last4: nil, authCode: "NULL", terminalTransactionID: nil, recordedAt: date)
            let withCard = ClosedBasketPayload(
                sessionID: "S-CARD", closedAt: date, total: Money(minor: 500, currency: .eur), lineCount: 2, loyaltyCard: "x,\"y\"")
            let withoutCard = ClosedBasketPayload(
                sessionID: "S-NONE", closedAt: date, total: Money(minor: 700, currency: .eur), lineCount: 1)
            let items = [
                IngestItem(
                    id: "I-1", kind: .payment, storeID: storeID.rawValue, orderingKey: odd, sequence: 7, createdAt: date,
                    payload: try ProtocolJSON.value(of: payment)),
                IngestItem(
                    id: "I-2", kind: .closedBasket, storeID: storeID.rawValue, orderingKey: nil, sequence: nil, createdAt: date,
                    payload: try ProtocolJSON.value(of: withCard)),
                IngestItem(
                    id: "I-3", kind: .closedBasket, storeID: storeID.rawValue, orderingKey: "NULL", sequence: -1, createdAt: date,
                    payload: try ProtocolJSON.value(of: withoutCard)),
            ]
            let identity = DeviceIdentity(storeID: storeID, deviceID: "kiosk-1")
            #expect(try await store.ingest(items, from: identity).map(\.outcome) == [.accepted, .accepted, .accepted])
            #expect(try await store.ingest(items, from: identity).map(\.outcome) == [.duplicate, .duplicate, .duplicate])
            let stored = try await sql.backend.query("SELECT id, ordering_key, sequence FROM ingest_items ORDER BY id")
            #expect(stored == [
                [.text("I-1"), .text(odd), .integer(7)],
                [.text("I-2"), .null, .null],
                [.text("I-3"), .text("NULL"), .integer(-1)],
            ])
            let payments = try await sql.backend.query(
                "SELECT payment_id, scheme, last4, auth_code, terminal_transaction_id, amount_minor FROM payments")
            #expect(payments == [[.text("PAY-ODD"), .text(odd), .null, .text("NULL"), .null, .integer(500)]])
            let baskets = try await sql.backend.query(
                "SELECT session_id, loyalty_card, line_count, item_id FROM baskets ORDER BY session_id")
            #expect(baskets == [
                [.text("S-CARD"), .text("x,\"y\""), .integer(2), .text("I-2")],
                [.text("S-NONE"), .null, .integer(1), .text("I-3")],
            ])
        }
    }
}
