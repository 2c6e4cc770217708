import Foundation
import Hummingbird
import HummingbirdTesting
@testable import SelfScanServer
import Testing

/// Anyone on the store network could open sessions without end (each kept until it ends or goes idle): one
/// client address may now open `sessionOpensPerClient` in any 10 minutes. Driven by the daemon's test clock.
@Suite("Session opens: per-client rate limit")
struct SessionOpenLimitTests {
    @Test func opensBeyondTheLimitAreRefusedUntilTheWindowMoves() async throws {
        let clock = TestClock()
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory("opens"))
        config.sessionOpensPerClient = 3
        config.limitsLoopbackClients = true
        try await withLiveDaemon(config, clock: clock) { _, client in
            for index in 0..<3 {
                #expect(try await client.json(.post, "/v1/sessions").status == .created, "open \(index + 1)")
                clock.advance(by: 60)
            }
            let refused = try await client.execute(
                uri: "/v1/sessions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "420", "the first open (t) leaves the window at t+600; now t+180")
            let body = try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any] ?? [:]
            #expect(errorCode(body) == "tooManySessionsOpened")
            clock.advance(by: 421)
            #expect(try await client.json(.post, "/v1/sessions").status == .created, "the first open left the window")
            #expect(try await client.json(.post, "/v1/sessions").status == .tooManyRequests)
        }
    }

    @Test func theDeviceItselfIsNotLimited() async throws {
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory("opens-local"))
        config.sessionOpensPerClient = 2
        try await withLiveDaemon(config) { _, client in
            for index in 0..<5 {
                let status = try await client.json(.post, "/v1/sessions").status
                #expect(status == .created, "open \(index + 1) on loopback")
            }
        }
    }
}
