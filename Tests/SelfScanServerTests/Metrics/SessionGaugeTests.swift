import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

@Suite("Sessions-by-state gauges follow transitions")
struct SessionGaugeTests {
    /// `selfscan_sessions{state="<state>"}` in a scrape, or nil when absent.
    static func gauge(_ state: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix("selfscan_sessions{state=\"\(state)\"} ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    static func scrape(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
    }

    @Test func aTransitionMovesTheScrapedGaugeAndARestartSeedsIt() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { _, client in
            var text = try await Self.scrape(client)
            #expect(Self.gauge("open", in: text) == 0)
            #expect(Self.gauge("void", in: text) == 0)

            let opened = try await client.json(.post, "/v1/sessions")
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            text = try await Self.scrape(client)
            #expect(Self.gauge("open", in: text) == 1)

            _ = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.coffee)],
                headers: SessionTripTests.sessionHeaders(token))
            text = try await Self.scrape(client)
            #expect(Self.gauge("open", in: text) == 0)
            #expect(Self.gauge("scanning", in: text) == 1)

            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            _ = try await client.json(.post, "/v1/staff/sessions/\(id)/void", body: ["reason": "test"], headers: staff)
            text = try await Self.scrape(client)
            #expect(Self.gauge("scanning", in: text) == 0)
            #expect(Self.gauge("void", in: text) == 1)
            _ = try await client.json(.post, "/v1/sessions")
        }
        // A new daemon on the same data: seeded from storage.
        try await withLiveDaemon(config) { _, client in
            let text = try await Self.scrape(client)
            #expect(Self.gauge("void", in: text) == 1)
            #expect(Self.gauge("open", in: text) == 1)
            #expect(Self.gauge("scanning", in: text) == 0)
        }
    }
}
