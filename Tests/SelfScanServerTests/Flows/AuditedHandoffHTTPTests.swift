import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanServer
import Testing

/// Scan & go after an audit: the phone's audited basket is handed to a kiosk to pay (issue 19 item 1). Over real
/// loopback HTTP: the signed code stays single-use, the audit travels with the basket, and the kiosk that
/// resumes it lands on payment with no way to change the basket.
@Suite("Audited basket handed off to a kiosk")
struct AuditedHandoffHTTPTests {
    @Test("audit passed → suspend → resume lands on payment with the audit kept; single-use; pays")
    func auditedBasketIsPaidAtAKiosk() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("audited-handoff"))
        try await withLiveDaemon(config) { _, client in
            let earbuds = try DemoCodes.ean(DemoCatalog.earbuds)  // always audited: the draw is deterministic
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(earbuds)
            let checkout = try await client.json(.post, "/v1/sessions/\(shopper.id)/checkout", headers: shopper.headers)
            #expect(checkout.body["state"] as? String == "auditRequired")
            // Before the audit a hand-off would escape it: refused, nothing changes.
            let early = try await client.json(.post, "/v1/sessions/\(shopper.id)/suspend", headers: shopper.headers)
            #expect(early.status == .conflict, "\(early.body)")
            #expect(errorCode(early.body) == "illegalTransition")

            let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
            _ = try await client.json(.post, "/v1/staff/sessions/\(shopper.id)/audit", headers: auditor)
            _ = try await client.json(
                .post, "/v1/staff/sessions/\(shopper.id)/audit/scans", body: ["payload": earbuds], headers: auditor)
            let validated = try await client.json(.post, "/v1/staff/sessions/\(shopper.id)/audit/validate", headers: auditor)
            #expect(validated.body["state"] as? String == "readyToPay", "\(validated.body)")
            let audit = try #require(validated.body["audit"] as? [String: Any])

            // The phone hands the audited basket over.
            let suspended = try await client.json(.post, "/v1/sessions/\(shopper.id)/suspend", headers: shopper.headers)
            #expect(suspended.status == .ok, "\(suspended.body)")
            let code = try #require((suspended.body["handoff"] as? [String: Any])?["code"] as? String)
            #expect(code.hasPrefix("selfscan:handoff:"))
            #expect((suspended.body["session"] as? [String: Any])?["state"] as? String == "suspended")

            // The kiosk resumes it: on payment, the audit kept.
            let resumed = try await client.json(.post, "/v1/sessions/resume", body: ["code": code])
            #expect(resumed.status == .ok, "\(resumed.body)")
            let kioskToken = try #require(resumed.body["token"] as? String)
            let kiosk = SessionTripTests.sessionHeaders(kioskToken)
            let view = try #require(resumed.body["session"] as? [String: Any])
            #expect(view["state"] as? String == "readyToPay")
            let keptAudit = try #require(view["audit"] as? [String: Any])
            #expect(keptAudit["required"] as? Bool == true)
            #expect(keptAudit["passed"] as? Bool == audit["passed"] as? Bool)
            #expect(keptAudit["passed"] as? Bool == true)

            // No change to the audited basket from the kiosk, no way back to scanning.
            let added = try await client.json(
                .post, "/v1/sessions/\(shopper.id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.coffee)],
                headers: kiosk)
            #expect(added.status.code >= 400, "\(added.body)")
            let back = try await client.json(.post, "/v1/sessions/\(shopper.id)/resume-scanning", headers: kiosk)
            #expect(back.status == .conflict, "\(back.body)")
            let lines = try await client.json(.get, "/v1/sessions/\(shopper.id)", headers: kiosk)
            #expect((lines.body["lines"] as? [[String: Any]])?.count == 1)

            // Single use: the same code again is refused.
            let again = try await client.json(.post, "/v1/sessions/resume", body: ["code": code])
            #expect(again.status == .conflict, "\(again.body)")
            #expect(errorCode(again.body) == "handoffAlreadyUsed")

            let paid = try await client.json(
                .post, "/v1/sessions/\(shopper.id)/payment", body: ["paymentID": "P-1"], headers: kiosk)
            #expect(paid.status == .ok, "\(paid.body)")
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid")
        }
    }
}
