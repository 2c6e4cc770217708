import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanCore
import SelfScanServer
import Testing

@Suite("Daemon JSON dates are ISO 8601")
struct ISODateTests {
    /// `2026-11-23T15:45:39Z`: whole seconds, UTC.
    static var isoPattern: Regex<Substring> { #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/# }

    @Test func sessionListAndStatusDatesAreISOTextThatRoundTrips() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            let before = Date().addingTimeInterval(-1)
            _ = try await client.json(.post, "/v1/sessions")
            let after = Date().addingTimeInterval(1)
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let list = try await client.json(.get, "/v1/sessions", headers: attendant)
            let item = try #require((list.body["sessions"] as? [[String: Any]])?.first)
            let text = try #require(item["updatedAt"] as? String, "updatedAt is \(String(describing: item["updatedAt"]))")
            #expect(text.wholeMatch(of: Self.isoPattern) != nil, "\(text)")
            let date = try Date(text, strategy: .iso8601)
            #expect(date.formatted(.iso8601) == text)
            #expect(date >= before.addingTimeInterval(-1) && date <= after, "\(text) is the time of the request")
            let opened = try #require(item["openedAt"] as? String, "openedAt is \(String(describing: item["openedAt"]))")
            #expect(try Date(opened, strategy: .iso8601) <= date)

            // A ResponseEncodable answer (Hummingbird's encoder) uses the same format.
            let status = try await client.json(.get, "/v1/status")
            let applied = try #require((status.body["catalog"] as? [String: Any])?["appliedAt"] as? String)
            #expect(applied.wholeMatch(of: Self.isoPattern) != nil, "\(applied)")
        }
    }
}
