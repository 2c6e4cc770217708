import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SelfScanCore
import SelfScanServer
import SelfScanStorage
import Testing

/// A shopper on a live daemon over loopback HTTP, for the money-rule tests: open, scan, check out (passing
/// the audit when the policy draws one), pay.
struct MoneyShopper {
    let client: any TestClientProtocol
    let id: String
    let headers: HTTPFields

    static func open(_ client: any TestClientProtocol) async throws -> MoneyShopper {
        let opened = try await client.json(.post, "/v1/sessions")
        let token = try #require(opened.body["token"] as? String)
        let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
        return MoneyShopper(client: client, id: id, headers: SessionTripTests.sessionHeaders(token))
    }

    @discardableResult
    func scan(_ payload: String) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": payload], headers: headers)
    }

    /// Checks out; when an audit is drawn, an auditor rescans `payloads` and validates. Returns the total due.
    func checkout(rescanning payloads: [String]) async throws -> Int {
        var checkout = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: headers)
        if checkout.body["state"] as? String == "auditRequired" {
            let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
            _ = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: auditor)
            for payload in payloads {
                _ = try await client.json(
                    .post, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": payload], headers: auditor)
            }
            checkout = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/validate", headers: auditor)
            if checkout.body["state"] as? String == "audited" {
                checkout = try await client.json(.post, "/v1/sessions/\(id)/audit/acknowledge", headers: headers)
            }
        }
        #expect(checkout.body["state"] as? String == "readyToPay", "\(checkout.body)")
        return try #require(
            ((checkout.body["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int)
    }

    @discardableResult
    func pay(_ paymentID: String, minor: Int? = nil) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var body: [String: Any] = ["paymentID": paymentID]
        if let minor { body["amount"] = ["minor": minor, "currency": "EUR"] }
        return try await client.json(.post, "/v1/sessions/\(id)/payment", body: body, headers: headers)
    }

    func view() async throws -> [String: Any] {
        try await client.json(.get, "/v1/sessions/\(id)", headers: headers).body
    }
}

/// Minor units at `path` (`["payment", "paid"]`) in a session view.
func viewMinor(_ view: [String: Any], _ path: String...) -> Int? {
    var node: Any? = view
    for key in path { node = (node as? [String: Any])?[key] }
    return (node as? [String: Any])?["minor"] as? Int
}

/// The payment records of a session view.
func paymentRecords(_ view: [String: Any]) -> [[String: Any]] {
    ((view["payment"] as? [String: Any])?["records"] as? [[String: Any]]) ?? []
}

/// A live daemon whose simulated terminal is `terminal` (the same "terminal" across a restart).
func withMoneyDaemon(
    _ config: DaemonConfig, terminal: SimulatedPaymentTerminal, clock: TestClock = TestClock(),
    _ body: @Sendable (Daemon, any TestClientProtocol) async throws -> Void
) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let daemon = try await Daemon.open(config: config, logger: logger, clock: clock.session, simulatedTerminal: terminal)
    let app = try buildApplication(daemon: daemon)
    try await app.test(.live) { client in try await body(daemon, client) }
}

/// A face-value store coupon (`26` + 5-digit id + value in cents, EAN-13).
func faceValueCoupon(id: Int, cents: Int) -> String {
    let idText = String(id)
    let valueText = String(cents)
    let body = "26" + String(repeating: "0", count: 5 - idText.count) + idText
        + String(repeating: "0", count: 5 - valueText.count) + valueText
    return body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
}
