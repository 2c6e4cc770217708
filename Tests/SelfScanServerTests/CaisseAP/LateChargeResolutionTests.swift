import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanServer
import SelfScanStorage
import Testing

/// A session that ended while its payment's outcome was unknown (the terminal's answer lost, staff voided the
/// basket meanwhile): a `charged` resolution still finishes the sale — one payment record, `paid`, a receipt, an
/// exit pass, the closed basket and receipt queued for the referential once; `notCharged` leaves it ended.
@Suite("Caisse-AP unknown outcome resolved after the session ended")
struct LateChargeResolutionTests {
    /// An audited basket (earbuds: always audited) whose payment's answer was lost.
    static func lostAnswer(_ client: any TestClientProtocol) async throws -> MoneyShopper {
        let earbuds = try DemoCodes.ean(DemoCatalog.earbuds)
        let shopper = try await MoneyShopper.open(client)
        try await shopper.scan(earbuds)
        _ = try await shopper.checkout(rescanning: [earbuds])
        let first = try await shopper.pay("P-1")
        #expect(first.status == .gatewayTimeout, "\(first.body)")
        return shopper
    }

    /// The sale-finishing rows queued for `session` (closed basket, payment, receipt), by kind.
    static func outbox(_ daemon: Daemon, session: String) throws -> [String] {
        try Outbox(database: try #require(daemon.database))
            .dueBatch(limit: 10_000, now: Date().addingTimeInterval(86_400))
            .filter { $0.message.orderingKey == session && ["closedBasket", "payment", "receipt"].contains($0.message.kind) }
            .map(\.message.kind).sorted()
    }

    static func void(_ client: any TestClientProtocol, _ id: String) async throws {
        let attendant = try await CaisseAPResolutionTests.attendant(client)
        let voided = try await client.json(
            .post, "/v1/staff/sessions/\(id)/void", body: ["reason": "customer left the store"], headers: attendant)
        #expect(voided.body["state"] as? String == "void", "\(voided.body)")
    }

    @Test("voided while the answer was lost, then resolved charged: paid, receipt, exit pass, synced once")
    func chargedAfterVoidFinishesTheSale() async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutAfterApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let shopper = try await Self.lostAnswer(client)
            // While the outcome is unknown the audited basket is not handed off (the answer belongs here).
            let handoff = try await client.json(.post, "/v1/sessions/\(shopper.id)/suspend", headers: shopper.headers)
            #expect(errorCode(handoff.body) == "paymentInProgress", "\(handoff.body)")
            try await Self.void(client, shopper.id)
            #expect(try Self.outbox(daemon, session: shopper.id).contains("receipt") == false)

            let journal = try #require(simulator.ledger.first)
            let staff = try await CaisseAPResolutionTests.supervisor(client)
            let requestID = try await CaisseAPResolutionTests.openRequestID(client, staff)
            let resolved = try await CaisseAPResolutionTests.resolve(
                client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(resolved.status == .ok, "\(resolved.body)")
            #expect((resolved.body["session"] as? [String: Any])?["state"] as? String == "paid", "\(resolved.body)")

            let view = try await shopper.view()
            #expect(view["state"] as? String == "paid")
            #expect(paymentRecords(view).map { $0["outcome"] as? String } == ["approved"])
            let receipt = try await client.json(.get, "/v1/sessions/\(shopper.id)/receipt", headers: shopper.headers)
            #expect(receipt.status == .ok, "\(receipt.body)")
            let pass = try await client.json(.get, "/v1/sessions/\(shopper.id)/exit-pass", headers: shopper.headers)
            #expect(pass.status == .ok, "\(pass.body)")
            #expect(try Self.outbox(daemon, session: shopper.id) == ["closedBasket", "payment", "receipt"])

            // Replayed: nothing more is recorded or queued.
            let again = try await CaisseAPResolutionTests.resolve(
                client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(again.body["replayed"] as? Bool == true)
            #expect(try Self.outbox(daemon, session: shopper.id) == ["closedBasket", "payment", "receipt"])
            #expect(simulator.ledger.map(\.kind) == [.debit])
        }
    }

    @Test("voided while the answer was lost, then resolved not charged: it stays void, no receipt")
    func notChargedAfterVoidLeavesItEnded() async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutBeforeApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let shopper = try await Self.lostAnswer(client)
            try await Self.void(client, shopper.id)
            let staff = try await CaisseAPResolutionTests.supervisor(client)
            let requestID = try await CaisseAPResolutionTests.openRequestID(client, staff)
            let resolved = try await CaisseAPResolutionTests.resolve(client, staff, requestID, "notCharged")
            #expect(resolved.status == .ok, "\(resolved.body)")
            let view = try await shopper.view()
            #expect(view["state"] as? String == "void")
            #expect(paymentRecords(view).isEmpty)
            let receipt = try await client.json(.get, "/v1/sessions/\(shopper.id)/receipt", headers: shopper.headers)
            #expect(receipt.status.code >= 400)
            #expect(try Self.outbox(daemon, session: shopper.id).isEmpty)
        }
    }
}
