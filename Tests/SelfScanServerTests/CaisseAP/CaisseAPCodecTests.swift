import SelfScanCore
import Testing

@testable import SelfScanServer

/// The I/O-free codec: bytes are `TAG` + three-digit length + printable ASCII value, `CZ` first. The expected
/// bytes are written by hand from the field layout (and match what the open Python Caisse-AP-over-IP simulator
/// by Rémi de Lattre parses and writes: `'%s%s%s' % (tag, str(len(value)).zfill(3), value)`).
@Suite("Caisse-AP codec")
struct CaisseAPCodecTests {
    @Test("a purchase request encodes as tag, three-digit length, value; CZ first")
    func encodesPurchase() throws {
        let request = PaymentRequest(requestID: "R1", amount: Money(minor: 1234, currency: .eur), reference: "S")
        let message = try CaisseAPRequest.message(request, action: .debit, settings: .init())
        var reordered = message
        reordered[CaisseAPTag.version] = nil
        reordered.append(tag: CaisseAPTag.version, value: "0300")
        let bytes = try CaisseAPCodec.encode(reordered)
        #expect(String(decoding: bytes, as: UTF8.self) == "CZ0040300CJ012000000000000CA00201CB0041234CD0010CE003978")
    }

    @Test("a refund is CD=1 and a cancellation CD=2, with the ISO 4217 numeric currency")
    func actions() throws {
        let request = PaymentRequest(requestID: "R1", amount: Money(minor: 5, currency: .chf), reference: "S")
        let refund = try CaisseAPRequest.message(request, action: .credit, settings: .init())
        #expect(refund[CaisseAPTag.action] == "1")
        #expect(refund[CaisseAPTag.currency] == "756")
        #expect(refund[CaisseAPTag.amount] == "05")
        let cancel = try CaisseAPRequest.message(request, action: .cancellation, settings: .init())
        #expect(cancel[CaisseAPTag.action] == "2")
    }

    @Test("a zero amount is refused before anything is sent")
    func zeroAmount() {
        let request = PaymentRequest(requestID: "R1", amount: Money(minor: 0, currency: .eur), reference: "S")
        #expect(throws: PaymentError.self) { try CaisseAPRequest.message(request, action: .debit, settings: .init()) }
    }

    @Test("decoding: whole, cut inside a field, malformed")
    func decodes() throws {
        let bytes = Array("CZ0040300AE00210AC006123456".utf8)
        guard case .complete(let message) = try CaisseAPCodec.decode(bytes) else {
            Issue.record("not complete")
            return
        }
        #expect(message[CaisseAPTag.result] == "10")
        #expect(message[CaisseAPTag.authorisation] == "123456")
        for cut in 1..<bytes.count where ![9, 16].contains(cut) {
            let partial = try CaisseAPCodec.decode(Array(bytes.prefix(cut)))
            guard case .incomplete = partial else {
                Issue.record("a buffer cut at \(cut) reads as complete")
                continue
            }
        }
        #expect(throws: CaisseAPCodec.DecodeError.self) { try CaisseAPCodec.decode(Array("CZ00x".utf8)) }
        #expect(throws: CaisseAPCodec.DecodeError.self) { try CaisseAPCodec.decode(Array("cz0010".utf8)) }
        #expect(throws: CaisseAPCodec.DecodeError.self) { try CaisseAPCodec.decode(Array("CZ000".utf8)) }
        #expect(throws: CaisseAPCodec.DecodeError.self) { try CaisseAPCodec.decode([0x43, 0x5A, 0x30, 0x30, 0x31, 0x07]) }
    }

    @Test("encode refuses empty, over-long and non-ASCII values")
    func encodeRefuses() {
        #expect(throws: CaisseAPCodec.EncodeError.self) { try CaisseAPCodec.encode(CaisseAPMessage([("CB", "")])) }
        #expect(throws: CaisseAPCodec.EncodeError.self) {
            try CaisseAPCodec.encode(CaisseAPMessage([("CB", String(repeating: "1", count: 1000))]))
        }
        #expect(throws: CaisseAPCodec.EncodeError.self) { try CaisseAPCodec.encode(CaisseAPMessage([("CB", "é")])) }
        #expect(throws: CaisseAPCodec.EncodeError.self) { try CaisseAPCodec.encode(CaisseAPMessage([("C", "1")])) }
    }

    @Test("an answer maps to the payment record's fields; AF=11 is an abandon")
    func mapsAnswer() throws {
        let request = PaymentRequest(requestID: "R9", amount: Money(minor: 700, currency: .eur), reference: "S")
        let approved = CaisseAPAnswer.decode(
            CaisseAPMessage([
                ("CZ", "0300"), ("AE", "10"), ("AC", "654321"), ("AA", "497010######9876"), ("AI", "A0000000031010"),
                ("CB", "700"),
            ]), for: request, transactionID: "CAP-R9")
        let transaction = try #require(approved.transaction)
        #expect(transaction.approved)
        #expect(transaction.authorisationCode == "654321")
        #expect(transaction.maskedPANLast4 == "9876")
        #expect(transaction.scheme == "VISA")
        #expect(transaction.amount == Money(minor: 700, currency: .eur))
        #expect(transaction.terminalTransactionID == "CAP-R9")
        let declined = CaisseAPAnswer.decode(
            CaisseAPMessage([("CZ", "0300"), ("AE", "01"), ("AF", "04")]), for: request, transactionID: "CAP-R9")
        #expect(declined.transaction?.approved == false)
        #expect(declined.transaction?.authorisationCode == nil)
        let abandoned = CaisseAPAnswer.decode(
            CaisseAPMessage([("CZ", "0300"), ("AE", "01"), ("AF", "11")]), for: request, transactionID: "CAP-R9")
        #expect(abandoned.transaction == nil)
    }
}

@Suite("Caisse-AP answer framing")
struct CaisseAPAnswerFramingTests {
    @Test("an answer cut after AE is not whole: approvals need AC, failures AF")
    func wholeness() {
        #expect(!CaisseAPAnswer.isWhole(CaisseAPMessage([("CZ", "0300"), ("AE", "10")])))
        #expect(CaisseAPAnswer.isWhole(CaisseAPMessage([("CZ", "0300"), ("AE", "10"), ("AC", "1")])))
        #expect(!CaisseAPAnswer.isWhole(CaisseAPMessage([("CZ", "0300"), ("AE", "01")])))
        #expect(CaisseAPAnswer.isWhole(CaisseAPMessage([("CZ", "0300"), ("AE", "01"), ("AF", "04")])))
        #expect(!CaisseAPAnswer.isWhole(CaisseAPMessage([("CZ", "0300"), ("CB", "100")])))
    }
}
