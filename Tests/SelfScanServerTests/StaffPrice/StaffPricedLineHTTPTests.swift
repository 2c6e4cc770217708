import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import SelfScanStorage
import Testing

/// Issue 17 item 11: an unknown item answered on the handheld by a supervisor with a price and a reason.
@Suite("Staff-priced lines over loopback HTTP")
struct StaffPricedLineHTTPTests {
    @Test func supervisorPricesAnUnknownItemAuditedAndTheAlertCloses() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let (id, shopper) = try await SessionVoidTests.openWithItems(client, [DemoCatalog.coffee])
            let unknown = DemoCatalog.ean13("376000009999").printedForm
            let scan = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": unknown], headers: shopper)
            #expect(scan.status == .ok)
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let alerts = try await client.json(.get, "/v1/staff/alerts", headers: attendant)
            let alert = try #require((alerts.body["alerts"] as? [[String: Any]])?.first { $0["kind"] as? String == "unknownCode" })
            let alertID = try #require(alert["id"] as? String)
            let body: [String: Any] = [
                "code": unknown, "name": "Confiture", "price": ["minor": 450, "currency": "EUR"],
                "reason": "notInCatalog", "alert": alertID,
            ]

            // Attendants may not set prices.
            let refused = try await client.json(.post, "/v1/staff/sessions/\(id)/priced-lines", body: body, headers: attendant)
            #expect(refused.status == .forbidden)
            #expect((refused.body["error"] as? [String: Any])?["code"] as? String == "staffRoleTooLow")

            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            var zero = body
            zero["price"] = ["minor": 0, "currency": "EUR"]
            let bad = try await client.json(.post, "/v1/staff/sessions/\(id)/priced-lines", body: zero, headers: supervisor)
            #expect(bad.status == .unprocessableContent)
            #expect((bad.body["error"] as? [String: Any])?["code"] as? String == "staffPriceOutOfRange")

            let priced = try await client.json(.post, "/v1/staff/sessions/\(id)/priced-lines", body: body, headers: supervisor)
            #expect(priced.status == .ok, "\(priced.body)")
            let line = try #require((priced.body["lines"] as? [[String: Any]])?.last)
            #expect(line["staffPriceReason"] as? String == "notInCatalog")
            #expect((line["total"] as? [String: Any])?["minor"] as? Int == 450)

            // Stored: the event names the staff member and the reason; the audit log has the row.
            let database = try #require(daemon.database)
            let events = try BasketStore(database: database).events(sessionID: try #require(SessionID(uuidString: id)))
            guard case .lineAdded(let added) = try #require(events.last).payload else {
                Issue.record("last event is \(String(describing: events.last?.payload.name))")
                return
            }
            #expect(added.origin == .staffPriced(staff: "S200", reason: .notInCatalog))
            let entry = try #require(try AuditLog(database: database).entries().last { $0.kind == "staffPricedLine" })
            #expect(entry.actor == "S200")
            #expect(entry.detail.contains("\"priceMinor\":450"))
            // The alert it answered is gone for everyone.
            let after = try await client.json(.get, "/v1/staff/alerts", headers: attendant)
            #expect(!((after.body["alerts"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == alertID })
        }
    }

    @Test func anAuditorCountsAStaffPricedItemByItsCode() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let (id, shopper) = try await SessionVoidTests.openWithItems(client, [DemoCatalog.whisky])
            let unknown = DemoCatalog.ean13("376000009999").printedForm
            _ = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": unknown], headers: shopper)
            let supervisor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "supervisor")
            let priced = try await client.json(
                .post, "/v1/staff/sessions/\(id)/priced-lines",
                body: ["code": unknown, "price": ["minor": 300, "currency": "EUR"], "reason": "unreadableCode"],
                headers: supervisor)
            #expect(priced.status == .ok, "\(priced.body)")
            let approved = try await client.json(
                .post, "/v1/staff/sessions/\(id)/approve-age", body: ["approve": true], headers: supervisor)
            #expect(approved.status == .ok)
            let checkout = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: shopper)
            #expect(checkout.status == .ok, "\(checkout.body)")  // the whisky is always audited
            let started = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: supervisor)
            #expect(started.status == .ok, "\(started.body)")
            let rescan = try await client.json(
                .post, "/v1/staff/sessions/\(id)/audit/scans", body: ["payload": unknown], headers: supervisor)
            #expect(rescan.status == .ok, "\(rescan.body)")
            let counted = (rescan.body["counted"] as? [[String: Any]]) ?? []
            #expect(counted.contains { $0["productID"] as? String == "staff-priced:\(unknown)" && $0["count"] as? Int == 1 })
        }
    }
}
