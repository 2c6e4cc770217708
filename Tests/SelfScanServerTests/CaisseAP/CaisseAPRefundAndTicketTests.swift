import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import SelfScanCore
@testable import SelfScanServer
import SelfScanStorage
import Testing

/// The rest of issue 20's "done when" on a daemon over real TCP: the cardholder's abandon, a refund (a Caisse-AP
/// credit), a refund whose answer is lost, and the terminal's ticket on the payment record and the receipt.
@Suite("Caisse-AP refunds, abandons and tickets on a daemon")
struct CaisseAPRefundAndTicketTests {
    static func firstLineID(_ view: [String: Any]) throws -> String {
        let lines = try #require(view["lines"] as? [[String: Any]])
        return try #require(lines.first { ($0["kind"] as? String) != "deposit" }?["id"] as? String)
    }

    @Test("the cardholder abandons on the terminal: a cancelled record, nothing charged, no open intent")
    func abandon() async throws {
        let simulator = try CaisseAPSimulator(script: [.abandon])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let answer = try await shopper.pay("P-1")
            #expect(answer.status == .ok, "\(answer.body)")
            #expect((answer.body["payment"] as? [String: Any])?["outcome"] as? String == "cancelled")
            #expect(simulator.ledger.isEmpty)
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().isEmpty)
            let view = try await shopper.view()
            #expect(view["state"] as? String == "readyToPay")
        }
    }

    @Test("refund: a Caisse-AP credit of the line's paid share, recorded as refunded, once")
    func refund() async throws {
        let simulator = try CaisseAPSimulator()
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { _, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            #expect(try await shopper.pay("P-1").status == .ok)
            let line = try Self.firstLineID(try await shopper.view())
            let staff = try await CaisseAPResolutionTests.supervisor(client)
            let refunded = try await client.json(
                .post, "/v1/staff/sessions/\(shopper.id)/refunds", body: ["lineID": line], headers: staff)
            #expect(refunded.status == .ok, "\(refunded.body)")
            #expect((refunded.body["payment"] as? [String: Any])?["outcome"] as? String == "refunded")
            #expect(simulator.ledger.map(\.kind) == [.debit, .credit])
            #expect(simulator.ledger.last?.minor == simulator.ledger.first?.minor)  // one line: all of it
            let again = try await client.json(
                .post, "/v1/staff/sessions/\(shopper.id)/refunds", body: ["lineID": line], headers: staff)
            #expect(again.body["replayed"] as? Bool == true)
            #expect(simulator.ledger.count == 2)
        }
    }

    @Test("a staff void gives a part payment back by cancelling it while it is the terminal's last transaction, else by a credit")
    func voidCancelsTheLastTransaction() async throws {
        let simulator = try CaisseAPSimulator()
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { _, client in
            let attendant = try await CaisseAPResolutionTests.attendant(client)
            // Still the terminal's last transaction: cancelled (CD=2), never charged.
            let first = try await CaisseAPDaemonTests.readyShopper(client)
            #expect(try await first.pay("P-1", minor: 100).status == .ok)
            let voided = try await client.json(
                .post, "/v1/staff/sessions/\(first.id)/void", body: ["reason": "shopper left"], headers: attendant)
            #expect(voided.body["state"] as? String == "void", "\(voided.body)")
            #expect(simulator.ledger.map(\.kind) == [.debit, .cancellation])
            let records = paymentRecords(try await client.json(.get, "/v1/sessions/\(first.id)", headers: attendant).body)
            #expect(records.map { $0["outcome"] as? String } == ["approved", "refunded"])

            // Another sale came after it: the terminal can no longer cancel it, so it is credited.
            let second = try await CaisseAPDaemonTests.readyShopper(client)
            let third = try await CaisseAPDaemonTests.readyShopper(client)
            #expect(try await second.pay("P-2", minor: 100).status == .ok)
            #expect(try await third.pay("P-3", minor: 200).status == .ok)
            let later = try await client.json(
                .post, "/v1/staff/sessions/\(second.id)/void", body: ["reason": "shopper left"], headers: attendant)
            #expect(later.body["state"] as? String == "void", "\(later.body)")
            #expect(simulator.ledger.map(\.kind) == [.debit, .cancellation, .debit, .debit, .credit])
            #expect(simulator.ledger.last?.minor == 100)
        }
    }

    @Test("a refund whose answer is lost: the intent stays open, staff resolve it charged from the journal")
    func refundAnswerLost() async throws {
        let simulator = try CaisseAPSimulator(script: [.approve, .timeoutAfterApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { _, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            #expect(try await shopper.pay("P-1").status == .ok)
            let line = try Self.firstLineID(try await shopper.view())
            let staff = try await CaisseAPResolutionTests.supervisor(client)
            let lost = try await client.json(
                .post, "/v1/staff/sessions/\(shopper.id)/refunds", body: ["lineID": line], headers: staff)
            #expect(lost.status == .gatewayTimeout, "\(lost.body)")
            #expect(simulator.ledger.map(\.kind) == [.debit, .credit])

            let listed = try await client.json(.get, "/v1/staff/payment-intents", headers: staff)
            let intent = try #require((listed.body["intents"] as? [[String: Any]])?.first)
            #expect(intent["kind"] as? String == "refund")
            let requestID = try #require(intent["requestID"] as? String)
            let credit = try #require(simulator.ledger.last)
            let resolved = try await CaisseAPResolutionTests.resolve(
                client, staff, requestID, "charged", authorisation: credit.authorisation)
            #expect(resolved.status == .ok, "\(resolved.body)")
            #expect((resolved.body["payment"] as? [String: Any])?["outcome"] as? String == "refunded")
            let view = try await shopper.view()
            #expect(paymentRecords(view).compactMap { $0["outcome"] as? String } == ["approved", "refunded"])
            #expect(viewMinor(view, "payment", "paid") == 0)
        }
    }

    @Test("the terminal's ticket: on the payment record and the receipt, with auth number and transaction id")
    func ticketOnReceipt() async throws {
        let simulator = try CaisseAPSimulator()
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { _, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let paid = try await shopper.pay("P-1")
            let payment = try #require(paid.body["payment"] as? [String: Any])
            let authorisation = try #require(simulator.ledger.first?.authorisation)
            #expect(payment["authCode"] as? String == authorisation)
            let ticket = try #require(payment["ticket"] as? String)
            #expect(ticket.contains("CB SANS CONTACT"))
            #expect(ticket.contains("AUTORISATION \(authorisation)"))
            #expect(ticket.contains("CARTE ############4242"))
            #expect(!ticket.contains("497010"))  // never more of the card number than its last four digits
            let response = try await client.execute(
                uri: "/v1/sessions/\(shopper.id)/receipt?format=text", method: .get, headers: shopper.headers)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(text.contains("Autorisation \(authorisation)"))
            #expect(text.contains("Transaction CAP-"))
            #expect(text.contains("CB SANS CONTACT"))
        }
    }
}

@Suite("Caisse-AP simulator scripted through the daemon")
struct CaisseAPScriptEndpointTests {
    @Test("PUT /v1/payment-terminal/script scripts the TCP simulator (the demo's wiring); unknown names are 400")
    func scriptsTheSimulator() async throws {
        let simulator = try CaisseAPSimulator()
        defer { simulator.stop() }
        simulator.setAmountRules([1: .decline])  // no basket costs 0.01: the rule never fires here
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try await Daemon.open(
            config: try CaisseAPDaemonTests.config(simulator), logger: logger, scriptableTerminal: simulator)
        let app = try buildApplication(daemon: daemon)
        try await app.test(.live) { client in
            let staff = try await CaisseAPResolutionTests.supervisor(client)
            let set = try await client.json(
                .put, "/v1/payment-terminal/script", body: ["script": ["decline", "cancel"]], headers: staff)
            #expect(set.status == .ok, "\(set.body)")
            let got = try await client.json(.get, "/v1/payment-terminal/script", headers: staff)
            #expect(got.body["script"] as? [String] == ["decline", "abandon"])
            let bad = try await client.json(
                .put, "/v1/payment-terminal/script", body: ["script": ["explode"]], headers: staff)
            #expect(bad.status == .badRequest)
            #expect(simulator.script == [.decline, .abandon])  // a refused script changes nothing

            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let declined = try await shopper.pay("P-1")
            #expect((declined.body["payment"] as? [String: Any])?["outcome"] as? String == "declined")
            let cancelled = try await shopper.pay("P-2")
            #expect((cancelled.body["payment"] as? [String: Any])?["outcome"] as? String == "cancelled")
            let paid = try await shopper.pay("P-3")
            #expect((paid.body["payment"] as? [String: Any])?["outcome"] as? String == "approved")
            #expect(simulator.ledger.map(\.kind) == [.debit])
        }
    }

    @Test("an amount rule decides every debit of that amount, before the script")
    func amountRule() async throws {
        let simulator = try CaisseAPSimulator(script: [.approve])
        defer { simulator.stop() }
        simulator.setAmountRules([900: .decline])
        let terminal = CaisseAPTerminal(settings: .init(port: simulator.port, answerTimeout: .seconds(5)))
        let request = PaymentRequest(requestID: "R-1", amount: Money(minor: 900, currency: .eur), reference: "S")
        guard case .declined = try await terminal.pay(request) else {
            Issue.record("the 9.00 rule declines")
            return
        }
        #expect(simulator.script == [.approve])  // the script was not consumed
        let other = PaymentRequest(requestID: "R-2", amount: Money(minor: 901, currency: .eur), reference: "S")
        guard case .approved = try await terminal.pay(other) else {
            Issue.record("other amounts follow the script")
            return
        }
        #expect(simulator.ledger.map(\.minor) == [901])
    }
}

@Suite("Caisse-AP ticket text")
struct CaisseAPTicketTests {
    @Test("written from the answer's fields: application, read mode, PAN tail, contract, auth, amount")
    func fromAnswer() {
        let message = CaisseAPMessage([
            ("CZ", "0300"), ("CB", "1250"), ("CD", "0"), ("CE", "978"), ("AE", "10"), ("AC", "123456"),
            ("AA", "497010######1234"), ("CC", "001"), ("CI", "2"), ("CG", "42"),
        ])
        let text = CaisseAPTicket.text(
            message, amount: Money(minor: 1250, currency: .eur), action: "0", approved: true, last4: "1234",
            scheme: "CB")
        #expect(
            text == ["CB SANS CONTACT", "CARTE ############1234", "CONTRAT 42", "AUTORISATION 123456", "DEBIT 12.50 EUR",
                "TRANSACTION ACCEPTEE"].joined(separator: "\n"))
    }
}
