import Foundation
import SelfScanAPI
import SelfScanCore
@testable import SelfScanReferential
import Testing

/// Issue 16 item 1: the ingest body read without `JSONDecoder` (`IngestBodyParser`, `DecodedIngestBatch.fast`), the
/// stored payload written without `JSONEncoder` (`CanonicalPayloadJSON`) and the protocol's dates without a
/// calendar (`ISO8601Seconds`) must give exactly what the Foundation path gives — a stored fingerprint may never
/// change — or step aside (nil) so that the Foundation path answers.
@Suite("Referential ingest: the fast reader and writer agree with Foundation's")
struct FastIngestDecodingTests {
    @Test("ISO8601Seconds writes and reads the protocol's dates as ProtocolJSON does")
    func datesAgree() throws {
        var generator = SystemRandomNumberGenerator()
        var dates = [0, 951_782_400, 1_709_164_800, 4_107_542_399, 253_402_300_799].map { Date(timeIntervalSince1970: $0) }
        for _ in 0..<2000 { dates.append(Date(timeIntervalSince1970: Double(Int.random(in: 0..<253_402_300_800, using: &generator)))) }
        for date in dates {
            let text = ProtocolJSON.text(of: date)
            #expect(ISO8601Seconds.format(date) == text, "\(date.timeIntervalSince1970)")
            #expect(ISO8601Seconds.parse(text) == date, "\(text)")
            #expect(ISO8601Seconds.parse(text) == ProtocolJSON.date(from: text))
        }
        // Fractions and dates before 1970 are left to Foundation.
        #expect(ISO8601Seconds.format(Date(timeIntervalSince1970: 1_000_000.5)) == nil)
        #expect(ISO8601Seconds.format(Date(timeIntervalSince1970: -1)) == nil)
        #expect(ISO8601Seconds.text(of: Date(timeIntervalSince1970: 1_000_000.5)) == ProtocolJSON.text(of: Date(timeIntervalSince1970: 1_000_000.5)))
        for invalid in [
            "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:60Z", "2026-01-01T00:00:00+01:00",
            "2026-01-01T00:00:00z", "2026-01-01 00:00:00Z", "1969-12-31T23:59:59Z", "2026-1-01T00:00:00Z", "",
        ] {
            #expect(ISO8601Seconds.parse(invalid) == nil, "\(invalid)")
        }
        #expect(ISO8601Seconds.parse("2024-02-29T23:59:59Z") == ProtocolJSON.date(from: "2024-02-29T23:59:59Z"))
        #expect(ISO8601Seconds.parse("2000-02-29T00:00:00Z") == ProtocolJSON.date(from: "2000-02-29T00:00:00Z"))
    }

    @Test("CanonicalPayloadJSON writes the typed payloads byte for byte as the encoder does")
    func typedPayloadsAgree() throws {
        let date = Date(timeIntervalSince1970: 1_764_849_600)
        let baskets = [
            ClosedBasketPayload(sessionID: UUID().uuidString, closedAt: date, total: Money(minor: 1234, currency: .eur), lineCount: 3),
            ClosedBasketPayload(
                sessionID: "s-1", closedAt: date, total: Money(minor: -5, currency: .jpy), lineCount: 0, loyaltyCard: "2900001",
                customerID: "c-42", products: ["p-1", "p-2"]),
            ClosedBasketPayload(sessionID: "s", closedAt: date, total: Money(minor: .max, currency: .gbp), lineCount: 1, products: []),
        ]
        for basket in baskets {
            let fast = try #require(CanonicalPayloadJSON.encode(basket))
            #expect(fast == (try ProtocolJSON.sharedEncoder.encode(basket)), "\(String(decoding: fast, as: UTF8.self))")
        }
        let payments = [
            PaymentPayload(
                idempotencyKey: UUID().uuidString, sessionID: SessionID(uuid: UUID()), amount: Money(minor: 1234, currency: .eur),
                outcome: .approved, scheme: "CB", last4: "4242", authCode: "A1", terminalTransactionID: "T-1", recordedAt: date),
            PaymentPayload(
                idempotencyKey: "k", sessionID: SessionID(uuid: UUID()), amount: Money(minor: 0, currency: .chf),
                outcome: .declined, scheme: nil, last4: nil, authCode: nil, terminalTransactionID: nil, recordedAt: date),
        ]
        for payment in payments {
            let fast = try #require(CanonicalPayloadJSON.encode(payment))
            #expect(fast == (try ProtocolJSON.sharedEncoder.encode(payment)), "\(String(decoding: fast, as: UTF8.self))")
        }
        // What the encoder would escape is left to it.
        #expect(CanonicalPayloadJSON.encode(
            ClosedBasketPayload(sessionID: "a\"b", closedAt: date, total: Money(minor: 1, currency: .eur), lineCount: 1)) == nil)
        #expect(CanonicalPayloadJSON.encode(
            ClosedBasketPayload(sessionID: "s", closedAt: date.addingTimeInterval(0.25), total: Money(minor: 1, currency: .eur), lineCount: 1)) == nil)
    }

    @Test("CanonicalPayloadJSON writes untyped payloads as the encoder does, or leaves them to it")
    func untypedPayloadsAgree() throws {
        let values: [JSONValue] = [
            .object([:]),
            .object(["sessionID": .string("S"), "sequence": .integer(7), "event": .string("itemAdded")]),
            .object([
                "event": .string("lineAdded"), "line": .object(["quantity": .integer(-3), "voided": .bool(false), "note": .null]),
                "tags": .array([.string("a"), .integer(Int64.min), .bool(true), .array([]), .object(["x": .integer(1)])]),
            ]),
            .object(["Beta": .integer(1), "cat": .integer(2), "Dog": .integer(3)]),
        ]
        for value in values {
            let fast = try #require(CanonicalPayloadJSON.encode(value), "\(value)")
            #expect(fast == (try ProtocolJSON.sharedEncoder.encode(value)), "\(String(decoding: fast, as: UTF8.self))")
        }
        // The encoder's order is the keys' bytes (not case-insensitive, not numeric); text other than quotes,
        // backslashes and control characters is written as is.
        let more: [JSONValue] = [
            .object(["gtin14": .string("1"), "a10": .integer(1), "a9": .integer(2), "_x": .null, "B": .integer(3)]),
            .object(["a": .integer(1), "A": .integer(2), "Zeta": .integer(1), "alpha": .integer(2)]),
            .object(["name": .string("Crème brûlée \u{2028} ✓"), "path": .string("a/b<>&\u{7F}")]),
        ]
        for value in more {
            let fast = try #require(CanonicalPayloadJSON.encode(value), "\(value)")
            #expect(fast == (try ProtocolJSON.sharedEncoder.encode(value)), "\(String(decoding: fast, as: UTF8.self))")
        }
        let leftToTheEncoder: [JSONValue] = [
            .object(["text": .string("line\nbreak")]),
            .object(["quote": .string("a\"b")]),
            .object(["back": .string("a\\b")]),
            .object(["clé": .string("x")]),
            .object(["price": .double(1.5)]),
        ]
        for value in leftToTheEncoder { #expect(CanonicalPayloadJSON.encode(value) == nil, "\(value)") }
    }

    @Test("the fast body reader gives the items JSONDecoder gives")
    func bodiesAgree() throws {
        let storeID = StoreID("paris-11")
        let date = Date(timeIntervalSince1970: 1_764_849_600)
        var items = try (0..<3).flatMap { _ in try Fixtures.basketWithPayment(store: storeID, at: date) }
        let session = UUID().uuidString
        items.append(IngestItem(
            id: "e-1", kind: .basketEvent, storeID: storeID.rawValue, orderingKey: session, sequence: 4, createdAt: date,
            payload: .object(["sessionID": .string(session), "sequence": .integer(4), "event": .string("itemAdded"), "name": .string("Crème brûlée")])))
        items.append(IngestItem(
            id: "a-1", kind: .auditResult, storeID: "other-store", orderingKey: nil, sequence: nil, createdAt: date,
            payload: .object(["result": .string("ok"), "gtin14": .string("03012345678901")])))
        items.append(IngestItem(
            id: "n-1", kind: .basketEvent, storeID: storeID.rawValue, orderingKey: nil, sequence: nil, createdAt: date,
            payload: .array([.integer(1)])))
        // A closed basket with products (a member the type knows, not in its known list: kept as sent).
        let basket = ClosedBasketPayload(
            sessionID: session, closedAt: date, total: Money(minor: 99, currency: .eur), lineCount: 2, customerID: "c-1",
            products: ["p-2", "p-1"])
        items.append(IngestItem(
            id: "c-1", kind: .closedBasket, storeID: storeID.rawValue, orderingKey: session, sequence: 5, createdAt: date,
            payload: try ProtocolJSON.value(of: basket)))
        items.append(items[0])  // a repeat inside the batch
        let body = try ProtocolJSON.encoder().encode(IngestBatch(storeID: storeID.rawValue, items: items))
        let fast = try #require(body.withUnsafeBytes { DecodedIngestBatch.fast($0) })
        let slow = try ProtocolJSON.sharedDecoder.decode(DecodedIngestBatch.self, from: body)
        #expect(fast.storeID == slow.storeID)
        #expect(fast.items.count == slow.items.count)
        for (a, b) in zip(fast.items, slow.items) {
            #expect(a.item == b.item)
            #expect(a.payloadText == b.payloadText)
            #expect(a.fingerprint == b.fingerprint)
            #expect(a.basket == b.basket)
            #expect(a.payment == b.payment)
            #expect(a.rejection?.reason == b.rejection?.reason)
            #expect(a.rejection?.detail == b.rejection?.detail)
        }
        // Spaced out JSON reads the same.
        let pretty = ProtocolJSON.encoder()
        pretty.outputFormatting.insert(.prettyPrinted)
        let spaced = try pretty.encode(IngestBatch(storeID: storeID.rawValue, items: items))
        let fastSpaced = try #require(spaced.withUnsafeBytes { DecodedIngestBatch.fast($0) })
        #expect(fastSpaced.items.map(\.fingerprint) == slow.items.map(\.fingerprint))
    }

    @Test("a payload sent in canonical form is stored as sent; any other form is stored as the encoder writes it")
    func canonicalPayloadsKeptAsSent() throws {
        func item(_ payload: String, id: String = "e-1") -> String {
            #"{"createdAt":"2026-12-04T12:00:00Z","id":"\#(id)","kind":"basketEvent","payload":\#(payload),"storeID":"s"}"#
        }
        // Canonical already, then forms that are not: spaces, keys out of byte order, -0, a non-ASCII key,
        // nesting of each, members in another order around the payload, unknown members beside it.
        let payloads = [
            #"{"event":"itemAdded","sequence":4,"sessionID":"S"}"#, #"{}"#, #"[]"#, #"[1,-2,true,false,null,"x"]"#,
            #"{"A":1,"B":[{"a":{"b":null}}],"a":"Crème ✓","a10":1,"a9":2}"#,
            #"{ "a":1}"#, #"{"a": 1}"#, #"{"a":1 }"#, #"{"b":1,"a":2}"#, #"{"a":-0}"#, #"{"a":[-0]}"#,
            #"{"clé":1}"#, #"{"a":{"d":1,"c":2}}"#, #"{"a":[1, 2]}"#, #"{"a10":1,"a9":2,"a":3}"#, #"{"Z":1,"a":2,"_":3}"#,
        ]
        for payload in payloads {
            for text in [item(payload), item(" \(payload) "),
                         #"{"payload":\#(payload),"kind":"basketEvent","extra":{"z":1,"a":2},"storeID":"s","id":"e-1","createdAt":"2026-12-04T12:00:00Z"}"#] {
                let body = Data(#"{"items":[\#(text)],"storeID":"s"}"#.utf8)
                let fast = try #require(body.withUnsafeBytes { DecodedIngestBatch.fast($0) }, "\(text)")
                let slow = try ProtocolJSON.sharedDecoder.decode(DecodedIngestBatch.self, from: body)
                #expect(fast.items.map(\.payloadText) == slow.items.map(\.payloadText), "\(text)")
                #expect(fast.items.map(\.fingerprint) == slow.items.map(\.fingerprint), "\(text)")
                #expect(fast.items.map(\.item) == slow.items.map(\.item), "\(text)")
            }
        }
        // Repeated members of the body or of an item are left to JSONDecoder.
        for body in [
            #"{"items":[],"storeID":"s","storeID":"s"}"#, #"{"items":[],"items":[],"storeID":"s"}"#,
            #"{"items":[],"storeID":"s","x":1,"x":2}"#, #"{"items":[\#(item("{}").dropLast()),"id":"e-2"}],"storeID":"s"}"#,
            #"{"items":[\#(item("{}").dropLast()),"z":1,"z":2}],"storeID":"s"}"#, #"{"items":[]}"#, #"{"storeID":"s"}"#,
        ] {
            #expect(Data(body.utf8).withUnsafeBytes { DecodedIngestBatch.fast($0) } == nil, "\(body)")
        }
    }

    @Test("bodies outside the fast reader's shape are left to JSONDecoder")
    func unusualBodiesFallBack() throws {
        let item = #"{"id":"i","kind":"basketEvent","storeID":"s","createdAt":"2026-12-04T12:00:00Z","payload":%@}"#
        func body(_ payload: String, kind: String = "basketEvent", createdAt: String = "2026-12-04T12:00:00Z") -> Data {
            let text = item.replacingOccurrences(of: "%@", with: payload)
                .replacingOccurrences(of: "basketEvent", with: kind)
                .replacingOccurrences(of: "2026-12-04T12:00:00Z", with: createdAt)
            return Data(#"{"storeID":"s","items":[\#(text)]}"#.utf8)
        }
        #expect(body(#"{"a":1}"#).withUnsafeBytes { DecodedIngestBatch.fast($0) } != nil)
        for data in [
            body(#"{"a":"x\ny"}"#), body(#"{"a":1.5}"#), body(#"{"a":1e3}"#), body(#"{"a":1,"a":2}"#),
            body(#"{"a":01}"#), body(#"{"a":99999999999999999999}"#), body(#"{"a":1}"#, kind: "exited"),
            body(#"{"a":1}"#, createdAt: "2026-12-04T12:00:00.5Z"), body(#"{"sessionID":7}"#, kind: "closedBasket"),
            body(#"{"a":tru}"#), Data(#"{"storeID":"s","items":[]} x"#.utf8), Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]),
        ] {
            #expect(data.withUnsafeBytes { DecodedIngestBatch.fast($0) } == nil, "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test("the ingest answer is written as the encoder writes it")
    func answerAgrees() throws {
        let response = IngestResponse(results: [
            IngestItemResult(id: "a", outcome: .accepted),
            IngestItemResult(id: "b\"\\", outcome: .duplicate),
            IngestItemResult(id: "c", outcome: .rejected, reason: .conflictingDuplicate, detail: "id already stored\n\u{1}é/"),
            IngestItemResult(id: "d", outcome: .rejected, reason: .wrongStore),
        ])
        #expect(IngestAnswerWriter.encode(response) == (try ProtocolJSON.sharedEncoder.encode(response)))
        #expect(IngestAnswerWriter.encode(IngestResponse(results: [])) == (try ProtocolJSON.sharedEncoder.encode(IngestResponse(results: []))))
    }
}
