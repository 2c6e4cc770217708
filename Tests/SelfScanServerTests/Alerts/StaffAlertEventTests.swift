import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 17 items 9-10: every alert change is an event, alerts are listed most urgent first, and a session that
/// ends takes its alerts with it.
@Suite("Staff alerts as events, by urgency")
struct StaffAlertEventTests {
    /// The `alertResolved` events' alert ids among the first events of `stream` (gives up after 5 s).
    static func resolvedIDs(_ stream: AsyncStream<DaemonEvent>, until expected: Set<String>) async -> Set<String> {
        await withTimeout(.seconds(5)) {
            var seen: Set<String> = []
            for await event in stream where event.type == "alertResolved" {
                let body = (try? JSONSerialization.jsonObject(with: event.data)) as? [String: Any]
                if let id = body?["id"] as? String { seen.insert(id) }
                if expected.isSubset(of: seen) { break }
            }
            return seen
        } ?? []
    }

    @Test func dismissalsAndEndedSessionsAreEventsAndTheWaitingShopperComesFirst() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let events = await daemon.events.subscribe(.init(session: nil))
            func open() async throws -> (String, HTTPFields) {
                let opened = try await client.json(.post, "/v1/sessions", body: [:] as [String: String])
                let token = try #require(opened.body["token"] as? String)
                let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
                return (id, SessionTripTests.sessionHeaders(token))
            }
            // Older: an unknown item in one basket. Newer: an 18+ item waiting for staff in another.
            let (first, firstShopper) = try await open()
            _ = try await client.json(
                .post, "/v1/sessions/\(first)/scans", body: ["payload": "3760000099998"], headers: firstShopper)
            let (second, secondShopper) = try await open()
            _ = try await client.json(
                .post, "/v1/sessions/\(second)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.whisky)],
                headers: secondShopper)

            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let listed = try #require(
                try await client.json(.get, "/v1/staff/alerts", headers: staff).body["alerts"] as? [[String: Any]])
            #expect(listed.map { $0["kind"] as? String } == ["ageApproval", "unknownCode"], "the waiting shopper first")
            #expect((listed.first?["item"] as? [String: Any])?["name"] as? String != nil, "the age check names the item")
            let ageAlert = try #require(listed.first?["id"] as? String)
            let unknownAlert = try #require(listed.last?["id"] as? String)

            // A dismissal and a session that ends (suspended) are both announced to every subscriber.
            let dismissed = try await client.json(.delete, "/v1/staff/alerts/\(unknownAlert)", headers: staff)
            #expect(dismissed.status == .noContent)
            _ = try await client.json(.post, "/v1/sessions/\(second)/suspend", headers: secondShopper)
            let resolved = await Self.resolvedIDs(events, until: [ageAlert, unknownAlert])
            #expect(resolved.isSuperset(of: [ageAlert, unknownAlert]))
            let left = try await client.json(.get, "/v1/staff/alerts", headers: staff).body["alerts"] as? [[String: Any]]
            #expect(left?.isEmpty == true, "the suspended basket's age check left the list")
        }
    }
}
