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

@Suite("Staff void a whole session over loopback HTTP")
struct SessionVoidTests {
    /// Opens a session and scans `products`; returns its id and shopper headers.
    static func openWithItems(
        _ client: some TestClientProtocol, _ products: [ProductID]
    ) async throws -> (id: String, shopper: HTTPFields) {
        let opened = try await client.json(.post, "/v1/sessions")
        let token = try #require(opened.body["token"] as? String)
        let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
        let shopper = SessionTripTests.sessionHeaders(token)
        for product in products {
            let scan = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(product)], headers: shopper)
            #expect(scan.status == .ok)
        }
        return (id, shopper)
    }

    @Test func attendantVoidsAnOpenSessionWithAReason() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let (id, shopper) = try await Self.openWithItems(client, [DemoCatalog.coffee, DemoCatalog.baguette])
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let voided = try await client.json(
                .post, "/v1/staff/sessions/\(id)/void", body: ["reason": "customer left the store"], headers: attendant)
            #expect(voided.status == .ok, "\(voided.body)")
            #expect(voided.body["state"] as? String == "void")
            #expect(voided.body["id"] as? String == id)

            // Stored: the shopper sees it void and can no longer scan.
            let reread = try await client.json(.get, "/v1/sessions/\(id)", headers: shopper)
            #expect(reread.body["state"] as? String == "void")
            let scan = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.coffee)],
                headers: shopper)
            #expect(scan.status == .conflict)

            // The event log holds the core's sessionVoided event, with the staff member, and its outbox row.
            let database = try #require(daemon.database)
            let events = try BasketStore(database: database).events(sessionID: try #require(SessionID(uuidString: id)))
            guard case .sessionVoided(let staffID, let reason) = try #require(events.last).payload else {
                Issue.record("last event is \(String(describing: events.last?.payload.name))")
                return
            }
            #expect(staffID == StaffID("S100"))
            #expect(reason == .customerRequest)
            let outbox = try Outbox(database: database).status()
            #expect(outbox.depth >= events.count)
            // The reason text is in the audit log.
            let audit = try AuditLog(database: database).entries()
            let entry = try #require(audit.last { $0.kind == "sessionVoided" })
            #expect(entry.detail.contains("customer left the store"))
            #expect(entry.actor == "S100")
        }
    }

    @Test func categoryIsRecordedOnTheEvent() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let (id, _) = try await Self.openWithItems(client, [DemoCatalog.coffee])
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let voided = try await client.json(
                .post, "/v1/staff/sessions/\(id)/void", body: ["reason": "scanner broke", "category": "technical"],
                headers: attendant)
            #expect(voided.status == .ok)
            let database = try #require(daemon.database)
            let events = try BasketStore(database: database).events(sessionID: try #require(SessionID(uuidString: id)))
            guard case .sessionVoided(_, let reason) = try #require(events.last).payload else {
                Issue.record("no sessionVoided event")
                return
            }
            #expect(reason == .technical)
        }
    }

    @Test func badRequestsAreRefusedWithTypedErrorsAndChangeNothing() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let (id, shopper) = try await Self.openWithItems(client, [DemoCatalog.coffee])
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let path = "/v1/staff/sessions/\(id)/void"

            let noToken = try await client.json(.post, path, body: ["reason": "x"])
            #expect(noToken.status == .unauthorized)
            #expect(errorCode(noToken.body) == "missingStaffToken")
            let noBody = try await client.json(.post, path, headers: attendant)
            #expect(noBody.status == .badRequest)
            #expect(errorCode(noBody.body) == "voidReasonMissing")
            let blank = try await client.json(.post, path, body: ["reason": "   "], headers: attendant)
            #expect(errorCode(blank.body) == "voidReasonMissing")
            let long = try await client.json(
                .post, path, body: ["reason": String(repeating: "é", count: 201)], headers: attendant)
            #expect(long.status == .badRequest)
            #expect(errorCode(long.body) == "voidReasonTooLong")
            let category = try await client.json(
                .post, path, body: ["reason": "x", "category": "whim"], headers: attendant)
            #expect(errorCode(category.body) == "badVoidCategory")
            let unknown = try await client.json(
                .post, "/v1/staff/sessions/\(UUID().uuidString)/void", body: ["reason": "x"], headers: attendant)
            #expect(unknown.status == .notFound)
            #expect(errorCode(unknown.body) == "sessionNotFound")
            let notAnID = try await client.json(.post, "/v1/staff/sessions/nope/void", body: ["reason": "x"], headers: attendant)
            #expect(notAnID.status == .badRequest)

            let state = try await client.json(.get, "/v1/sessions/\(id)", headers: shopper)
            #expect(state.body["state"] as? String == "scanning")

            // Exactly 200 characters is accepted; a second void is a conflict and changes nothing.
            let first = try await client.json(
                .post, path, body: ["reason": String(repeating: "é", count: 200)], headers: attendant)
            #expect(first.status == .ok)
            let second = try await client.json(.post, path, body: ["reason": "again"], headers: attendant)
            #expect(second.status == .conflict)
            #expect(errorCode(second.body) == "illegalTransition")
        }
    }

    @Test func aPaidSessionCannotBeVoided() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let (id, shopper) = try await Self.openWithItems(client, [DemoCatalog.baguette])
            var checkout = try await client.json(.post, "/v1/sessions/\(id)/checkout", headers: shopper)
            if checkout.body["state"] as? String == "auditRequired" {
                let auditor = try await client.staffHeaders(badge: "BADGE-S200", pin: "4321", role: "auditor")
                _ = try await client.json(.post, "/v1/staff/sessions/\(id)/audit", headers: auditor)
                _ = try await client.json(
                    .post, "/v1/staff/sessions/\(id)/audit/scans",
                    body: ["payload": try DemoCodes.ean(DemoCatalog.baguette)], headers: auditor)
                checkout = try await client.json(.post, "/v1/staff/sessions/\(id)/audit/validate", headers: auditor)
            }
            #expect(checkout.body["state"] as? String == "readyToPay")
            let paid = try await client.json(.post, "/v1/sessions/\(id)/payment", body: ["paymentID": "V-1"], headers: shopper)
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid")

            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let refused = try await client.json(
                .post, "/v1/staff/sessions/\(id)/void", body: ["reason": "too late"], headers: attendant)
            #expect(refused.status == .conflict)
            #expect(errorCode(refused.body) == "illegalTransition")
            let state = try await client.json(.get, "/v1/sessions/\(id)", headers: shopper)
            #expect(state.body["state"] as? String == "paid")
        }
    }
}
