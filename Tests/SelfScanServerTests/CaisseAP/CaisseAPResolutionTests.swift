import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SelfScanCore
import SelfScanDemo
import SelfScanServer
import SelfScanStorage
import Testing

/// Caisse-AP outcomes the terminal cannot tell (no last-transaction query): the intent stays open, staff see it
/// (a `paymentUnknown` alert, `GET /v1/staff/payment-intents`) and a supervisor resolves it from the terminal's
/// journal, exactly once. Everything over real loopback TCP (the simulator) and real HTTP.
@Suite("Caisse-AP unknown outcomes: staff resolution")
struct CaisseAPResolutionTests {
    static func supervisor(_ client: any TestClientProtocol) async throws -> HTTPFields {
        try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
    }

    static func attendant(_ client: any TestClientProtocol) async throws -> HTTPFields {
        try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
    }

    /// The one open intent's request id, as staff see it.
    static func openRequestID(_ client: any TestClientProtocol, _ staff: HTTPFields) async throws -> String {
        let listed = try await client.json(.get, "/v1/staff/payment-intents", headers: staff)
        #expect(listed.status == .ok, "\(listed.body)")
        let intents = try #require(listed.body["intents"] as? [[String: Any]])
        #expect(intents.count == 1)
        #expect(intents.first?["state"] as? String == "open")
        return try #require(intents.first?["requestID"] as? String)
    }

    static func resolve(
        _ client: any TestClientProtocol, _ staff: HTTPFields, _ requestID: String, _ resolution: String,
        authorisation: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var body: [String: Any] = ["requestID": requestID, "resolution": resolution]
        if let authorisation { body["authorisationCode"] = authorisation }
        return try await client.json(.post, "/v1/staff/payment-intents/resolutions", body: body, headers: staff)
    }

    static func auditEntries(_ daemon: Daemon) throws -> [AuditEntry] {
        try AuditLog(database: try #require(daemon.database)).entries().filter { $0.kind == "paymentIntentResolved" }
    }

    @Test("timeout after approval: alert, listed, resolved charged with the journal's number; replay; conflict")
    func chargedResolution() async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutAfterApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let first = try await shopper.pay("P-1")
            #expect(first.status == .gatewayTimeout, "\(first.body)")
            let journal = try #require(simulator.ledger.first)  // what the terminal's journal shows

            let staff = try await Self.supervisor(client)
            let alerts = try await client.json(.get, "/v1/staff/alerts", headers: staff)
            let kinds = (alerts.body["alerts"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("paymentUnknown"))
            let requestID = try await Self.openRequestID(client, staff)

            // Attendants see it, only supervisors resolve it.
            let attendant = try await Self.attendant(client)
            let seen = try await client.json(.get, "/v1/staff/payment-intents", headers: attendant)
            #expect(seen.status == .ok)
            let refused = try await Self.resolve(client, attendant, requestID, "charged", authorisation: journal.authorisation)
            #expect(refused.status == .forbidden)
            #expect(errorCode(refused.body) == "staffRoleTooLow")

            let resolved = try await Self.resolve(client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(resolved.status == .ok, "\(resolved.body)")
            #expect(resolved.body["replayed"] as? Bool == false)
            let payment = try #require(resolved.body["payment"] as? [String: Any])
            #expect(payment["outcome"] as? String == "approved")
            #expect(payment["authCode"] as? String == journal.authorisation)
            #expect((payment["terminalTransactionID"] as? String)?.hasPrefix("CAP-") == true)
            #expect((resolved.body["session"] as? [String: Any])?["state"] as? String == "paid")

            // The same resolution again: replayed, nothing changes.
            let again = try await Self.resolve(client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(again.status == .ok)
            #expect(again.body["replayed"] as? Bool == true)
            // A different one: a typed conflict, nothing changes.
            let other = try await Self.resolve(client, staff, requestID, "notCharged")
            #expect(other.status == .conflict)
            #expect(errorCode(other.body) == "paymentIntentAlreadyResolved")
            let otherNumber = try await Self.resolve(client, staff, requestID, "charged", authorisation: "999999")
            #expect(errorCode(otherNumber.body) == "paymentIntentAlreadyResolved")

            let view = try await shopper.view()
            #expect(paymentRecords(view).map { $0["outcome"] as? String } == ["approved"])
            #expect(try Self.auditEntries(daemon).count == 1)
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().isEmpty)
            let after = try await client.json(.get, "/v1/staff/alerts", headers: staff)
            let left = (after.body["alerts"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(!left.contains("paymentUnknown"))
            #expect(simulator.ledger.map(\.kind) == [.debit])

            // The terminal takes payments again.
            let next = try await CaisseAPDaemonTests.readyShopper(client)
            let nextPaid = try await next.pay("P-2")
            #expect(nextPaid.status == .ok, "\(nextPaid.body)")
            #expect(simulator.ledger.map(\.kind) == [.debit, .debit])
        }
    }

    @Test("timeout before the terminal decides: resolved not charged, the shopper pays again, one debit")
    func notChargedResolution() async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutBeforeApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let first = try await shopper.pay("P-1")
            #expect(first.status == .gatewayTimeout, "\(first.body)")
            // Refused while open: nothing is sent to the terminal.
            let retry = try await shopper.pay("P-1")
            #expect(retry.status.kind == .serverError)
            #expect(simulator.requestCount == 1)

            let staff = try await Self.supervisor(client)
            let requestID = try await Self.openRequestID(client, staff)
            let resolved = try await Self.resolve(client, staff, requestID, "notCharged")
            #expect(resolved.status == .ok, "\(resolved.body)")
            #expect(resolved.body["payment"] == nil)
            let replay = try await Self.resolve(client, staff, requestID, "notCharged")
            #expect(replay.body["replayed"] as? Bool == true)
            let conflict = try await Self.resolve(client, staff, requestID, "charged", authorisation: "123456")
            #expect(errorCode(conflict.body) == "paymentIntentAlreadyResolved")

            let paid = try await shopper.pay("P-1")  // the same payment id: its next attempt
            #expect(paid.status == .ok, "\(paid.body)")
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid")
            #expect(simulator.ledger.map(\.kind) == [.debit])
            let view = try await shopper.view()
            #expect(paymentRecords(view).map { $0["outcome"] as? String } == ["approved"])
            #expect(try Self.auditEntries(daemon).count == 1)
        }
    }

    @Test("connection cut mid-answer: resolved charged; the record carries the journal's number")
    func cutMidAnswerResolved() async throws {
        let simulator = try CaisseAPSimulator(script: [.cutMidAnswer])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { _, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let first = try await shopper.pay("P-1")
            #expect(first.status.kind == .serverError)
            let staff = try await Self.supervisor(client)
            let requestID = try await Self.openRequestID(client, staff)
            let journal = try #require(simulator.ledger.first)
            let resolved = try await Self.resolve(client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(resolved.status == .ok)
            let view = try await shopper.view()
            #expect(paymentRecords(view).first?["authCode"] as? String == journal.authorisation)
        }
    }

    @Test("after a restart the open intent is still alerted, listed, blocking, and resolvable")
    func afterRestart() async throws {
        let simulator = try CaisseAPSimulator(script: [.cutMidAnswer])
        defer { simulator.stop() }
        let config = try CaisseAPDaemonTests.config(simulator)
        try await withLiveDaemon(config) { _, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let lost = try await shopper.pay("P-1")
            #expect(lost.status == .gatewayTimeout, "\(lost.body)")
        }
        try await withLiveDaemon(config) { daemon, client in
            let staff = try await Self.supervisor(client)
            let alerts = try await client.json(.get, "/v1/staff/alerts", headers: staff)
            let kinds = (alerts.body["alerts"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0 == "paymentUnknown" }.count == 1)
            let requestID = try await Self.openRequestID(client, staff)
            // Nothing new reaches the terminal while the outcome is unknown.
            let other = try await CaisseAPDaemonTests.readyShopper(client)
            let blocked = try await other.pay("P-2")
            #expect(blocked.status == .serviceUnavailable)
            #expect(errorCode(blocked.body) == "paymentOutcomeUnknown")
            #expect(simulator.requestCount == 1)
            let journal = try #require(simulator.ledger.first)
            let resolved = try await Self.resolve(client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(resolved.status == .ok, "\(resolved.body)")
            let paid = try await other.pay("P-2")
            #expect(paid.status == .ok, "\(paid.body)")
            #expect(simulator.ledger.count == 2)
            #expect(try Self.auditEntries(daemon).count == 1)
        }
    }

    @Test("bad requests: unknown intent 404, bad resolutions 400, a settled intent 409")
    func refusals() async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutAfterApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let staff = try await Self.supervisor(client)
            let unknown = try await Self.resolve(client, staff, "payment:nothing#1", "notCharged")
            #expect(unknown.status == .notFound)
            #expect(errorCode(unknown.body) == "unknownPaymentIntent")

            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            _ = try await shopper.pay("P-1")
            let requestID = try await Self.openRequestID(client, staff)
            for (resolution, authorisation) in [
                ("maybe", nil), ("charged", nil), ("charged", ""), ("charged", "12 34"), ("charged", "1234567890123"),
                ("notCharged", "123456"),
            ] as [(String, String?)] {
                let bad = try await Self.resolve(client, staff, requestID, resolution, authorisation: authorisation)
                #expect(bad.status == .badRequest, "\(resolution) \(authorisation ?? "nil")")
                #expect(errorCode(bad.body) == "badResolution")
            }
            #expect(try Self.auditEntries(daemon).isEmpty)  // nothing changed
            let stillOpen = try await Self.openRequestID(client, staff)
            #expect(stillOpen == requestID)

            // An intent the daemon settled itself (here: an approved payment) is not open.
            let paidShopper = try await CaisseAPDaemonTests.readyShopper(client)
            _ = try await Self.resolve(client, staff, requestID, "charged", authorisation: "100001")
            _ = try await paidShopper.pay("P-9")
            let database = try #require(daemon.database)
            let settled = try #require(
                try PaymentIntentStore(database: database).intent(key: "payment:\(paidShopper.id):P-9"))
            #expect(settled.state == .completed)
            let notOpen = try await Self.resolve(client, staff, settled.requestID, "notCharged")
            #expect(notOpen.status == .conflict)
            #expect(errorCode(notOpen.body) == "paymentIntentNotOpen")
        }
    }

    @Test("a terminal that cannot be reached leaves no open intent: nothing was sent, nothing charged")
    func unreachableClosesTheIntent() async throws {
        let closed = try ClosedLoopbackPort()  // bound, not listening: connections are refused
        defer { closed.close() }
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory("caisse-ap-unreachable"))
        config.payment = .init(
            terminal: .caisseAP, caisseAP: .init(port: closed.port, connectTimeout: .seconds(5), answerTimeout: .seconds(1)))
        try await withLiveDaemon(config) { daemon, client in
            let shopper = try await CaisseAPDaemonTests.readyShopper(client)
            let refused = try await shopper.pay("P-1")
            #expect(refused.status == .serviceUnavailable, "\(refused.body)")
            #expect(errorCode(refused.body) == "terminalUnavailable")
            let database = try #require(daemon.database)
            #expect(try PaymentIntentStore(database: database).openIntents().isEmpty)
            #expect(try PaymentIntentStore(database: database).intent(key: "payment:\(shopper.id):P-1")?.state == .notCharged)
        }
    }
}

/// A loopback TCP port that is bound but not listening, so a connection to it is refused (a terminal switched
/// off), and no other test can take the port meanwhile.
final class ClosedLoopbackPort: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SimulatorFailure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            throw SimulatorFailure()
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }

    struct SimulatorFailure: Error {}
}
