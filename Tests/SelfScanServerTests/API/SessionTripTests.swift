import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import SelfScanStorage
import SelfScanSync
import Testing

@Suite("Shopper trip over loopback HTTP")
struct SessionTripTests {
    static func storeConfig(_ dir: String) -> DaemonConfig {
        var config = testConfig(role: .store, dataDirectory: dir)
        config.catalogSeed = .frenchHypermarketDemo
        return config
    }

    static func sessionHeaders(_ token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Session-Token")!] = token  // a valid literal field name
        return headers
    }

    @Test func fullTripWithApprovalAuditPaymentAndGate() async throws {
        let config = Self.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            // Open with Marie's loyalty card.
            let opened = try await client.json(.post, "/v1/sessions", body: ["loyaltyCard": DemoCatalog.marieCard])
            #expect(opened.status == .created)
            let token = try #require(opened.body["token"] as? String)
            let session = try #require(opened.body["session"] as? [String: Any])
            let id = try #require(session["id"] as? String)
            // The card is attached; the customer id and tier are not echoed (card enumeration).
            #expect((session["customer"] as? [String: Any])?["identified"] as? Bool == true)
            #expect((session["customer"] as? [String: Any])?["id"] == nil)
            let shopper = Self.sessionHeaders(token)
            func scan(_ payload: String) async throws -> [String: Any] {
                let answer = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": payload], headers: shopper)
                #expect(answer.status == .ok, "scan \(payload): \(answer.body)")
                return try #require(answer.body["session"] as? [String: Any])
            }

            // Weighed tomatoes, three yogurts (3 pour 2), then whisky (18+, always audited).
            var view = try await scan(try DemoCodes.scaleLabel("21", DemoCatalog.tomatoes, value: 1234))
            let tomatoLine = try #require((view["lines"] as? [[String: Any]])?.first)
            #expect(tomatoLine["kind"] as? String == "weighed")
            #expect(tomatoLine["weightGrams"] as? Int == 1234)
            for _ in 0..<3 { view = try await scan(try DemoCodes.ean(DemoCatalog.yogurt)) }
            let discounts = try #require((view["totals"] as? [String: Any])?["discounts"] as? [[String: Any]])
            #expect(!discounts.isEmpty, "3 pour 2 applies")
            view = try await scan(try DemoCodes.ean(DemoCatalog.whisky))
            #expect(view["state"] as? String == "approvalNeeded")

            // Checkout is refused until staff approve; the state does not change.
            let early = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: shopper)
            #expect(early.status == .conflict)
            #expect(errorCode(early.body) == "illegalTransition")
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let alerts = try await client.json(.get, "/v1/staff/alerts", headers: attendant)
            #expect((alerts.body["alerts"] as? [[String: Any]])?.contains { $0["kind"] as? String == "ageApproval" } == true)
            let approved = try await client.json(
                .post, "/v1/staff/sessions/\(id)/approve-age", body: ["approve": true], headers: attendant)
            #expect(approved.body["state"] as? String == "scanning")

            // Checkout: the whisky forces an audit; paying now is refused.
            let checkout = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: shopper)
            #expect(checkout.body["state"] as? String == "auditRequired")
            let totalBefore = try #require(((checkout.body["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int)
            let tooEarly = try await client.json(
                .post, "/v1/sessions/\(id)/payment", body: ["paymentID": "P-0"], headers: shopper)
            #expect(tooEarly.status == .conflict)
            #expect(errorCode(tooEarly.body) == "notReadyToPay")

            // Audit: an attendant may not; an auditor rescans and finds one yogurt pack where three were scanned.
            let notAuditor = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: attendant)
            #expect(notAuditor.status == .forbidden)
            let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
            let started = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: auditor)
            #expect(started.body["state"] as? String == "auditing")
            for payload in [
                try DemoCodes.scaleLabel("21", DemoCatalog.tomatoes, value: 1234), try DemoCodes.ean(DemoCatalog.whisky),
                try DemoCodes.ean(DemoCatalog.yogurt),
            ] {
                let rescan = try await client.json(
                    .post, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": payload], headers: auditor)
                #expect(rescan.status == .ok)
            }
            let validated = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/validate", headers: auditor)
            #expect(validated.body["state"] as? String == "audited")
            let audit = try #require(validated.body["audit"] as? [String: Any])
            #expect(audit["passed"] as? Bool == false)
            #expect((audit["differences"] as? [String])?.isEmpty == false)
            let acknowledged = try await client.json(.post, "/v1/sessions/\(id)/audit/acknowledge", headers: shopper)
            #expect(acknowledged.body["state"] as? String == "readyToPay")
            let totalAfter = try #require(((acknowledged.body["totals"] as? [String: Any])?["total"] as? [String: Any])?["minor"] as? Int)
            #expect(totalAfter < totalBefore)

            // Pay: declined first, then a timeout the daemon resolves from the terminal's last transaction.
            let terminal = try #require(daemon.simulatedTerminal)
            await terminal.setScript([.decline, .timeout])
            let declined = try await client.json(
                .post, "/v1/sessions/\(id)/payment", body: ["paymentID": "P-1"], headers: shopper)
            #expect((declined.body["payment"] as? [String: Any])?["outcome"] as? String == "declined")
            #expect((declined.body["session"] as? [String: Any])?["state"] as? String == "readyToPay")
            let paid = try await client.json(
                .post, "/v1/sessions/\(id)/payment", body: ["paymentID": "P-2"], headers: shopper)
            #expect((paid.body["payment"] as? [String: Any])?["outcome"] as? String == "approved")
            let paidSession = try #require(paid.body["session"] as? [String: Any])
            #expect(paidSession["state"] as? String == "paid")
            // The closed basket sent to the referential carries the shopper's loyalty card (issue 15 #11).
            let closed = try Outbox(database: try #require(daemon.database))
                .dueBatch(limit: 10_000, now: Date().addingTimeInterval(86_400))
                .filter { $0.message.kind == IngestKind.closedBasket.rawValue }
            #expect(closed.count == 1)
            let closedBasket = try ProtocolJSON.decoder().decode(
                ClosedBasketPayload.self, from: try #require(closed.first).message.payload)
            // The customer, never the card number (docs/privacy.md).
            #expect(closedBasket.customerID == DemoCatalog.marie.rawValue)
            #expect(closedBasket.loyaltyCard == nil)
            let charges = await terminal.chargeCount
            // A retried request with the same payment id never charges again.
            let retried = try await client.json(
                .post, "/v1/sessions/\(id)/payment", body: ["paymentID": "P-2"], headers: shopper)
            #expect(retried.body["replayed"] as? Bool == true)
            #expect(await terminal.chargeCount == charges)

            // Receipt, JSON and text.
            let receipt = try await client.json(.get, "/v1/sessions/\(id)/receipt", headers: shopper)
            #expect((receipt.body["total"] as? [String: Any])?["minor"] as? Int == totalAfter)
            #expect((receipt.body["vatBreakdown"] as? [Any])?.isEmpty == false)
            try await client.execute(uri: "/v1/sessions/\(id)/receipt?format=text", method: .get, headers: shopper) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("TOTAL EUR"))
                #expect(text.contains("TVA"))
            }

            // Exit pass, verified by the gate once; a replay is refused.
            let pass = try await client.json(.get, "/v1/sessions/\(id)/exit-pass", headers: shopper)
            let code = try #require(pass.body["code"] as? String)
            #expect(code.hasPrefix("selfscan:exit:"))
            let gate = try await client.json(.post, "/v1/gate/passes", body: ["code": code])
            #expect(gate.status == .ok)
            #expect(((gate.body["pass"] as? [String: Any])?["t"] as? [String: Any])?["minor"] as? Int == totalAfter)
            let replay = try await client.json(.post, "/v1/gate/passes", body: ["code": code])
            #expect(replay.status == .conflict)
            #expect(errorCode(replay.body) == "passReplayed")
            let final = try await client.json(.get, "/v1/sessions/\(id)", headers: shopper)
            #expect(final.body["state"] as? String == "exited")
        }
    }

    @Test func errorPathsAreClearAndChangeNothing() async throws {
        let config = Self.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let opened = try await client.json(.post, "/v1/sessions")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let other = try await client.json(.post, "/v1/sessions")
            let otherToken = try #require(other.body["token"] as? String)
            let shopper = Self.sessionHeaders(token)
            let scanned = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.yogurt)], headers: shopper)
            #expect(scanned.status == .ok)

            let badCheckDigit = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": "3760000001051"], headers: shopper)
            #expect(badCheckDigit.status == .unprocessableContent)
            #expect(errorCode(badCheckDigit.body) == "badCheckDigit")
            let badJSON = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": 42], headers: shopper)
            #expect(badJSON.status == .badRequest)
            let badSymbology = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": "1", "symbology": "E0"], headers: shopper)
            #expect(badSymbology.status == .badRequest)
            let noToken = try await client.json(.get, "/v1/sessions/\(id)")
            #expect(noToken.status == .unauthorized)
            #expect(errorCode(noToken.body) == "missingSessionToken")
            let wrongSession = try await client.json(.get, "/v1/sessions/\(id)", headers: Self.sessionHeaders(otherToken))
            #expect(wrongSession.status == .forbidden)
            #expect(errorCode(wrongSession.body) == "wrongSessionToken")
            var forged = HTTPFields()
            forged[.authorization] = "Bearer st_not-a-real-token"
            let forgedStaff = try await client.json(.post, "/v1/staff/sessions/\(id)/approve-age", body: ["approve": true], headers: forged)
            #expect(forgedStaff.status == .unauthorized)
            let noStaff = try await client.json(.get, "/v1/staff/alerts")
            #expect(errorCode(noStaff.body) == "missingStaffToken")
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let unknown = try await client.json(.get, "/v1/sessions/\(UUID().uuidString)", headers: attendant)
            #expect(unknown.status == .notFound)
            #expect(errorCode(unknown.body) == "sessionNotFound")
            let badID = try await client.json(.get, "/v1/sessions/not-a-uuid", headers: attendant)
            #expect(badID.status == .badRequest)
            let badLine = try await client.json(
                .patch, "/v1/sessions/\(id)/lines/\(UUID().uuidString)", body: ["quantity": 2], headers: shopper)
            #expect(badLine.status == .notFound)
            #expect(errorCode(badLine.body) == "unknownLine")
            let notPaid = try await client.json(.get, "/v1/sessions/\(id)/exit-pass", headers: shopper)
            #expect(notPaid.status == .conflict)
            #expect(errorCode(notPaid.body) == "notPaid")
            let notApproval = try await client.json(
                .post, "/v1/staff/sessions/\(id)/approve-age", body: ["approve": true], headers: attendant)
            #expect(notApproval.status == .conflict)
            #expect(errorCode(notApproval.body) == "illegalTransition")

            // Nothing above changed the basket: still one yogurt line, still scanning.
            let after = try await client.json(.get, "/v1/sessions/\(id)", headers: shopper)
            #expect(after.body["state"] as? String == "scanning")
            #expect((after.body["lines"] as? [Any])?.count == 1)
            let lineID = try #require(((after.body["lines"] as? [[String: Any]])?.first)?["id"] as? String)
            let zero = try await client.json(
                .patch, "/v1/sessions/\(id)/lines/\(lineID)", body: ["quantity": 0], headers: shopper)
            #expect(zero.status == .unprocessableContent)
            let three = try await client.json(
                .patch, "/v1/sessions/\(id)/lines/\(lineID)", body: ["quantity": 3], headers: shopper)
            #expect(((three.body["lines"] as? [[String: Any]])?.first)?["quantity"] as? Int == 3)
        }
    }

    @Test func handoffMovesASuspendedBasketOnceAndRefusesAForgedCode() async throws {
        let config = Self.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let opened = try await client.json(.post, "/v1/sessions")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let shopper = Self.sessionHeaders(token)
            _ = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.coffee)], headers: shopper)
            let suspended = try await client.json(.post, "/v1/sessions/\(id)/suspend", headers: shopper)
            #expect((suspended.body["session"] as? [String: Any])?["state"] as? String == "suspended")
            let code = try #require((suspended.body["handoff"] as? [String: Any])?["code"] as? String)
            #expect(code.hasPrefix("selfscan:handoff:"))
            let scanWhileSuspended = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.coffee)], headers: shopper)
            #expect(scanWhileSuspended.status == .conflict)

            let forged = try await client.json(.post, "/v1/sessions/resume", body: ["code": code + "x"])
            #expect(forged.status == .forbidden || forged.status == .badRequest)
            let resumed = try await client.json(.post, "/v1/sessions/resume", body: ["code": code])
            #expect(resumed.status == .ok)
            #expect((resumed.body["session"] as? [String: Any])?["state"] as? String == "scanning")
            #expect(((resumed.body["session"] as? [String: Any])?["lines"] as? [Any])?.count == 1)
            #expect(resumed.body["token"] as? String == token)
            let again = try await client.json(.post, "/v1/sessions/resume", body: ["code": code])
            #expect(again.status == .conflict)
            #expect(errorCode(again.body) == "handoffAlreadyUsed")
        }
    }
}
