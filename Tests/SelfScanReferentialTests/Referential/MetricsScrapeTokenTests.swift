import Foundation
import SelfScanAPI
import SelfScanReferential
import Testing

/// `GET /v1/metrics` takes the node's own scrape token (config `--metrics-token-file`), never a device's token
/// (it used to answer any device); a node without one answers 404 `notFound`.
@Suite("Referential: the metrics scrape token")
struct MetricsScrapeTokenTests {
    @Test func onlyTheScrapeTokenReadsTheMetrics() async throws {
        try await TestBackend.sqlite.withStore { store in
            try await TestServer.with(store: store) { server in
                let device = try await server.token(store: "rouen-1", device: "kiosk-1")
                let path = ReferentialEndpoints.metrics.path
                let byDevice = try await server.raw("GET", path, token: device)
                #expect(byDevice.status == 401)
                #expect(byDevice.error?.error.code == .unauthorized)
                let anonymous = try await server.raw("GET", path, token: nil)
                #expect(anonymous.status == 401)
                #expect(anonymous.error?.error.code == .unauthorized)
                let wrong = try await server.raw("GET", path, token: TestServer.metricsToken + "x")
                #expect(wrong.status == 401)
                let scraped = try await server.raw("GET", path, token: TestServer.metricsToken)
                #expect(scraped.status == 200)
                #expect(String(decoding: scraped.body, as: UTF8.self).contains("selfscan_referential_delta_chunk_hits_total"))
                // The scrape token is not a device's: it opens nothing else.
                let other = try await server.raw("GET", ReferentialEndpoints.ownStore.path, token: TestServer.metricsToken)
                #expect(other.status == 401)
            }
        }
    }

    @Test func withoutAScrapeTokenTheRouteIsNotThere() async throws {
        try await TestBackend.sqlite.withStore { store in
            try await TestServer.with(store: store, metricsToken: nil) { server in
                let device = try await server.token(store: "rouen-1", device: "kiosk-1")
                let answer = try await server.raw("GET", ReferentialEndpoints.metrics.path, token: device)
                #expect(answer.status == 404)
                #expect(answer.error?.error.code == .notFound)
                #expect(!String(decoding: answer.body, as: UTF8.self).contains("selfscan_referential"))
            }
        }
    }
}
