import Foundation
import SelfScanCore
import Testing

@testable import SelfScanServer

/// The adapter against the TCP simulator on loopback: each outcome, what the terminal charged (its ledger), and
/// what the adapter says it knows (`lastTransaction()`).
@Suite("Caisse-AP terminal over TCP")
struct CaisseAPTerminalTests {
    static func pair(
        _ script: [CaisseAPSimulatorBehaviour], answerTimeout: Duration = .seconds(30)
    ) throws -> (CaisseAPSimulator, CaisseAPTerminal) {
        let simulator = try CaisseAPSimulator(script: script, slowAnswer: .milliseconds(200))
        let terminal = CaisseAPTerminal(
            settings: .init(port: simulator.port, connectTimeout: .seconds(5), answerTimeout: answerTimeout))
        return (simulator, terminal)
    }

    static func request(_ id: String, _ minor: Int64 = 1250) -> PaymentRequest {
        PaymentRequest(requestID: id, amount: Money(minor: minor, currency: .eur), reference: "session")
    }

    @Test("approve: one debit on the terminal, the answer carries auth code, PAN tail and scheme")
    func approve() async throws {
        let (simulator, terminal) = try Self.pair([.approve])
        defer { simulator.stop() }
        let outcome = try await terminal.pay(Self.request("A1"))
        guard case .approved(let transaction) = outcome else {
            Issue.record("expected approved, got \(outcome)")
            return
        }
        #expect(transaction.amount == Money(minor: 1250, currency: .eur))
        #expect(transaction.maskedPANLast4 == "4242")
        #expect(transaction.scheme == "CB")
        #expect(transaction.authorisationCode == simulator.ledger.first?.authorisation)
        #expect(simulator.ledger.map(\.kind) == [.debit])
        #expect(simulator.ledger.first?.currencyNumeric == "978")
        #expect(try await terminal.lastTransaction() == transaction)
    }

    @Test("decline and abandon: nothing charged")
    func declineAndAbandon() async throws {
        let (simulator, terminal) = try Self.pair([.decline, .abandon])
        defer { simulator.stop() }
        guard case .declined(let declined) = try await terminal.pay(Self.request("D1")) else {
            Issue.record("expected declined")
            return
        }
        #expect(!declined.approved)
        #expect(declined.declineReason == "refused (AF=04)")
        #expect(try await terminal.pay(Self.request("D2")) == .cancelled)
        #expect(simulator.ledger.isEmpty)
    }

    @Test("slow answer within the timeout is an approval")
    func slow() async throws {
        let (simulator, terminal) = try Self.pair([.slow])
        defer { simulator.stop() }
        guard case .approved = try await terminal.pay(Self.request("S1")) else {
            Issue.record("expected approved")
            return
        }
        #expect(simulator.ledger.count == 1)
    }

    @Test(
        "no whole answer: the outcome is unknown, said so, never guessed",
        arguments: [
            CaisseAPSimulatorBehaviour.timeoutBeforeApproval, .timeoutAfterApproval, .disconnect, .cutMidAnswer,
        ])
    func unknownOutcome(_ behaviour: CaisseAPSimulatorBehaviour) async throws {
        let (simulator, terminal) = try Self.pair([.approve, behaviour], answerTimeout: .milliseconds(500))
        defer { simulator.stop() }
        _ = try await terminal.pay(Self.request("K1"))
        await #expect(throws: PaymentError.terminalTimeout) { try await terminal.pay(Self.request("K2")) }
        await simulator.waitForRequests(2)
        // The terminal charged (or not) without the register knowing: the adapter must not claim a last
        // transaction (an earlier one would make the daemon close the intent as "not charged").
        await #expect(throws: PaymentError.self) { try await terminal.lastTransaction() }
        let charged = behaviour == .timeoutBeforeApproval ? 1 : 2
        #expect(simulator.ledger.count == charged)
    }

    @Test("a terminal that cannot be reached: nothing sent, nothing charged, the last transaction still known")
    func unreachable() async throws {
        let (simulator, terminal) = try Self.pair([.approve])
        _ = try await terminal.pay(Self.request("U1"))
        simulator.stop()
        await simulator.waitForRequests(1)
        let closed = CaisseAPTerminal(settings: .init(port: simulator.port, connectTimeout: .seconds(2)))
        await #expect(throws: PaymentError.self) { try await closed.pay(Self.request("U2")) }
        #expect(simulator.ledger.count == 1)
    }

    @Test("refund is a credit; cancellation undoes the last debit of the same amount only")
    func refundAndCancel() async throws {
        let (simulator, terminal) = try Self.pair([])
        defer { simulator.stop() }
        _ = try await terminal.pay(Self.request("P1", 900))
        let refund = try await terminal.refund(Self.request("R1", 300), of: "CAP-P1")
        #expect(refund.approved)
        #expect(refund.amount == Money(minor: 300, currency: .eur))
        let wrongAmount = try await terminal.cancelLast(Self.request("C0", 100))
        #expect(wrongAmount?.approved == false)
        let cancelled = try await terminal.cancelLast(Self.request("C1", 900))
        #expect(cancelled?.approved == true)
        #expect(simulator.ledger.map(\.kind) == [.debit, .credit, .cancellation])
        let again = try await terminal.cancelLast(Self.request("C2", 900))
        #expect(again?.approved == false)
    }
}

/// Interoperability with a terminal that is not ours: runs only when `SELFSCAN_CAISSEAP_PORT` names a Caisse-AP
/// server on 127.0.0.1 (an independent simulator, or a real terminal in the lab: it charges 0.01 EUR!).
/// `SELFSCAN_CAISSEAP_EXPECT` is `approved` (default) or `declined`.
@Suite("Caisse-AP interop (external terminal)")
struct CaisseAPInteropTests {
    static let port = ProcessInfo.processInfo.environment["SELFSCAN_CAISSEAP_PORT"].flatMap(Int.init)

    @Test("a 1-cent purchase on an external Caisse-AP server", .enabled(if: port != nil))
    func externalPurchase() async throws {
        let terminal = CaisseAPTerminal(settings: .init(port: try #require(Self.port), answerTimeout: .seconds(60)))
        let outcome = try await terminal.pay(
            PaymentRequest(requestID: "INTEROP", amount: Money(minor: 1, currency: .eur), reference: "interop"))
        let expectDeclined = ProcessInfo.processInfo.environment["SELFSCAN_CAISSEAP_EXPECT"] == "declined"
        switch outcome {
        case .approved(let transaction):
            #expect(!expectDeclined)
            #expect(transaction.authorisationCode != nil)
            #expect(transaction.maskedPANLast4?.count == 4)
        case .declined:
            #expect(expectDeclined)
        case .cancelled:
            Issue.record("abandoned on the terminal")
        }
    }
}
