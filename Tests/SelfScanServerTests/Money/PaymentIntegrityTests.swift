import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import SelfScanStorage
import Synchronization
import Testing

/// Issue 15 item 1: a card charged is always recorded, exactly once.
@Suite("Money rules: every terminal approval is recorded exactly once")
struct PaymentIntegrityTests {
    @Test func paymentIDNamedAfterAnotherSessionsReceiptIsChargedAndRecordedOnce() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { daemon, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            // Shopper B pays: its receipt row `receipt-<B>` is in the outbox.
            let other = try await MoneyShopper.open(client)
            try await other.scan(coffee)
            _ = try await other.checkout(rescanning: [coffee])
            let paidB = try await other.pay("B-1")
            #expect(paidB.status == .ok)
            // Shopper A pays with B's receipt key as its payment id: once charged, once recorded.
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            _ = try await shopper.checkout(rescanning: [coffee])
            let charges = try #require(await daemon.simulatedTerminal?.chargeCount)
            let attack = try await shopper.pay("receipt-\(other.id)")
            #expect(attack.status == .ok, "\(attack.body)")
            #expect((attack.body["session"] as? [String: Any])?["state"] as? String == "paid")
            #expect((attack.body["payment"] as? [String: Any])?["paymentID"] as? String == "receipt-\(other.id)")
            #expect(await daemon.simulatedTerminal?.chargeCount == charges + 1)
            let retry = try await shopper.pay("receipt-\(other.id)")
            #expect(retry.body["replayed"] as? Bool == true)
            #expect(await daemon.simulatedTerminal?.chargeCount == charges + 1)
            // Both sessions' rows are in the outbox, each under its own namespaced key.
            let database = try #require(daemon.database)
            let keys = try Outbox(database: database).dueBatch(limit: 1000).map(\.message.idempotencyKey)
            #expect(keys.contains("receipt-\(other.id)"))
            #expect(keys.contains("payment:\(shopper.id.uppercased()):receipt-\(other.id)"))
            #expect(keys.filter { $0.hasPrefix("payment:\(shopper.id.uppercased()):") }.count == 1)
            #expect(paymentRecords(try await shopper.view()).count == 1)
            #expect(paymentRecords(try await other.view()).count == 1)
            // The same client id in two sessions is two payments, not a conflict.
            let third = try await MoneyShopper.open(client)
            try await third.scan(coffee)
            _ = try await third.checkout(rescanning: [coffee])
            #expect(try await third.pay("B-1").status == .ok)
        }
    }

    @Test func paymentIDWithSpacesOrTooLongIsATyped400() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { daemon, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            _ = try await shopper.checkout(rescanning: [coffee])
            for bad in ["a b", String(repeating: "x", count: 65), "é"] {
                let answer = try await shopper.pay(bad)
                #expect(answer.status == .badRequest)
                #expect(errorCode(answer.body) == "badPaymentID")
            }
            #expect(await daemon.simulatedTerminal?.chargeCount == 0)
        }
    }

    @Test func lostTerminalAnswerIsReconciledOnRetryWithoutASecondCharge() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        let terminal = SimulatedPaymentTerminal(script: [.lostAnswer])
        try await withMoneyDaemon(config, terminal: terminal) { daemon, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            _ = try await shopper.checkout(rescanning: [coffee])
            let lost = try await shopper.pay("K-1")
            #expect(lost.status.kind == .serverError, "\(lost.body)")
            #expect(await terminal.chargeCount == 1)  // the card was charged; the answer was lost
            #expect(paymentRecords(try await shopper.view()).isEmpty)
            let retry = try await shopper.pay("K-1")
            #expect(retry.status == .ok, "\(retry.body)")
            #expect(retry.body["replayed"] as? Bool == true)
            #expect((retry.body["session"] as? [String: Any])?["state"] as? String == "paid")
            #expect(await terminal.chargeCount == 1)
            let records = paymentRecords(try await shopper.view())
            #expect(records.count == 1)
            #expect(records.first?["outcome"] as? String == "approved")
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().isEmpty)
        }
    }

    @Test func approvalLeftOpenByACrashIsRecordedAtStartUp() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        let terminal = SimulatedPaymentTerminal(script: [.lostAnswer])
        let opened = Mutex<(id: String, headers: HTTPFields)?>(nil)
        try await withMoneyDaemon(config, terminal: terminal) { _, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            _ = try await shopper.checkout(rescanning: [coffee])
            #expect(try await shopper.pay("C-1").status.kind == .serverError)
            opened.withLock { $0 = (shopper.id, shopper.headers) }
        }
        #expect(await terminal.chargeCount == 1)
        let (id, headers) = try #require(opened.withLock { $0 })
        // The restarted daemon asks the terminal before anything else: the approval becomes the payment.
        try await withMoneyDaemon(config, terminal: terminal) { daemon, client in
            let view = try await client.json(.get, "/v1/sessions/\(id)", headers: headers).body
            #expect(view["state"] as? String == "paid")
            let records = paymentRecords(view)
            #expect(records.count == 1)
            #expect(records.first?["paymentID"] as? String == "C-1")
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().isEmpty)
            let keys = try Outbox(database: database).dueBatch(limit: 1000).map(\.message.idempotencyKey)
            #expect(keys.filter { $0 == "payment:\(id.uppercased()):C-1" }.count == 1)
            #expect(keys.contains("closed-\(id)"))
            let retry = try await client.json(
                .post, "/v1/sessions/\(id)/payment", body: ["paymentID": "C-1"], headers: headers)
            #expect(retry.body["replayed"] as? Bool == true)
        }
        #expect(await terminal.chargeCount == 1)
    }
}
