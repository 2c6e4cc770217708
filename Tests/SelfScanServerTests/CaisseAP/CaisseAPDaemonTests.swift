import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanCore
import SelfScanDemo
import SelfScanServer
import SelfScanStorage
import Testing

/// A kiosk daemon configured with `payment.terminal = caisseAP`, paying over real TCP to the Caisse-AP simulator:
/// each outcome asserts the payment record and the simulator's ledger (nothing charged without a record, or
/// without an open intent that blocks the terminal until it is resolved).
@Suite("Caisse-AP payments on a daemon")
struct CaisseAPDaemonTests {
    static func config(_ simulator: CaisseAPSimulator) throws -> DaemonConfig {
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory("caisse-ap"))
        config.payment = .init(
            terminal: .caisseAP,
            caisseAP: .init(port: simulator.port, connectTimeout: .seconds(5), answerTimeout: .milliseconds(600)))
        return config
    }

    static func readyShopper(_ client: any TestClientProtocol) async throws -> MoneyShopper {
        let coffee = try DemoCodes.ean(DemoCatalog.coffee)
        let shopper = try await MoneyShopper.open(client)
        try await shopper.scan(coffee)
        _ = try await shopper.checkout(rescanning: [coffee])
        return shopper
    }

    @Test("approve: paid, one record with what the terminal answered, one debit on the terminal")
    func approve() async throws {
        let simulator = try CaisseAPSimulator(script: [.approve])
        defer { simulator.stop() }
        try await withLiveDaemon(try Self.config(simulator)) { daemon, client in
            let shopper = try await Self.readyShopper(client)
            let paid = try await shopper.pay("P-1")
            #expect(paid.status == .ok, "\(paid.body)")
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid")
            let records = paymentRecords(try await shopper.view())
            #expect(records.count == 1)
            #expect(records.first?["outcome"] as? String == "approved")
            #expect(records.first?["last4"] as? String == "4242")
            #expect(records.first?["scheme"] as? String == "CB")
            #expect(simulator.ledger.map(\.kind) == [.debit])
            #expect(simulator.ledger.first.map { Int($0.minor) } == viewMinor(try await shopper.view(), "totals", "total"))
        }
    }

    @Test("decline: a declined record, nothing charged, the session still ready to pay")
    func decline() async throws {
        let simulator = try CaisseAPSimulator(script: [.decline])
        defer { simulator.stop() }
        try await withLiveDaemon(try Self.config(simulator)) { daemon, client in
            let shopper = try await Self.readyShopper(client)
            _ = try await shopper.pay("P-1")
            let view = try await shopper.view()
            #expect(paymentRecords(view).map { $0["outcome"] as? String } == ["declined"])
            #expect(view["state"] as? String == "readyToPay")
            #expect(simulator.ledger.isEmpty)
        }
    }

    @Test(
        "no whole answer (timeout after approval, cut mid-answer, dropped): the intent stays open, no second charge",
        arguments: [CaisseAPSimulatorBehaviour.timeoutAfterApproval, .cutMidAnswer, .disconnect])
    func unknownOutcome(_ behaviour: CaisseAPSimulatorBehaviour) async throws {
        let simulator = try CaisseAPSimulator(script: [behaviour])
        defer { simulator.stop() }
        try await withLiveDaemon(try Self.config(simulator)) { daemon, client in
            let shopper = try await Self.readyShopper(client)
            let first = try await shopper.pay("P-1")
            #expect(first.status.kind == .serverError, "\(first.body)")
            #expect(simulator.ledger.count == 1)  // the card was charged, the answer lost
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().count == 1)
            // A retry must not charge again while the outcome is unknown.
            let retry = try await shopper.pay("P-1")
            #expect(retry.status.kind == .serverError, "\(retry.body)")
            #expect(simulator.requestCount == 1)
            #expect(simulator.ledger.count == 1)
            #expect(try PaymentIntentStore(database: database).openIntents().count == 1)
        }
    }

    @Test("timeout before the terminal decides: nothing charged, the intent open until resolved")
    func timeoutBeforeApproval() async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutBeforeApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try Self.config(simulator)) { daemon, client in
            let shopper = try await Self.readyShopper(client)
            let first = try await shopper.pay("P-1")
            #expect(first.status.kind == .serverError, "\(first.body)")
            #expect(simulator.ledger.isEmpty)
            #expect(paymentRecords(try await shopper.view()).isEmpty)
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().count == 1)
        }
    }
}
