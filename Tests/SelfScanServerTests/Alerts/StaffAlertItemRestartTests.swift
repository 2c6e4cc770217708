import Foundation
import HummingbirdTesting
import SelfScanDemo
import SelfScanServer
import Testing

/// An open alert's `item` (the product of an age check) is stored with it: after a daemon restart staff still
/// see which item to check (it used to come back without one).
@Suite("Staff alerts keep their item across a restart")
struct StaffAlertItemRestartTests {
    @Test func theAgeCheckStillNamesItsItemAfterARestart() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        let before = Box()
        try await withLiveDaemon(config) { _, client in
            let opened = try await client.json(.post, "/v1/sessions", body: [:] as [String: String])
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            _ = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.whisky)],
                headers: SessionTripTests.sessionHeaders(token))
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let listed = try #require(
                try await client.json(.get, "/v1/staff/alerts", headers: staff).body["alerts"] as? [[String: Any]])
            let alert = try #require(listed.first { $0["kind"] as? String == "ageApproval" })
            before.item = try #require(alert["item"] as? [String: Any])
            before.id = alert["id"] as? String
        }
        try await withLiveDaemon(config) { _, client in
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let listed = try #require(
                try await client.json(.get, "/v1/staff/alerts", headers: staff).body["alerts"] as? [[String: Any]])
            let alert = try #require(listed.first { $0["id"] as? String == before.id }, "\(listed)")
            let item = try #require(alert["item"] as? [String: Any], "the restored alert names no item")
            #expect(item["name"] as? String == before.item?["name"] as? String)
            #expect(item["name"] as? String != nil)
            #expect(item["minimumAge"] as? Int == before.item?["minimumAge"] as? Int)
            #expect((item["minimumAge"] as? Int ?? 0) >= 18)
            #expect(item["productID"] as? String == before.item?["productID"] as? String)
        }
    }

    /// What the first daemon showed, for the second.
    final class Box: @unchecked Sendable {  // written by the first daemon's body, read after it returned
        var item: [String: Any]?
        var id: String?
    }
}
