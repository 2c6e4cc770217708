import Foundation
import Hummingbird
import HummingbirdTesting
import SelfScanAPI
import SelfScanCore
import SelfScanDemo
import SelfScanServer
import Testing

/// `POST /v1/shelf/{gtin}/orders` takes no token: each client address may try 5 orders in any 10 minutes, then
/// `429 tooManyShelfOrders` with `Retry-After` (issue 18 follow-up). Driven by the daemon's test clock.
@Suite("Shelf orders: per-client rate limit")
struct ShelfOrderLimitTests {
    @Test func theSixthOrderInTenMinutesIsRefusedThenAllowedOnceTheWindowMoves() async throws {
        let refusing = try RefusingPort()
        let clock = TestClock()
        var config = testConfig(role: .store, dataDirectory: try makeTemporaryDirectory())
        config.catalogSeed = .frenchHypermarketDemo
        config.referential = .init(url: refusing.url, token: "none")
        try await withLiveDaemon(config, clock: clock) { _, client in
            let code = try DemoCodes.ean(DemoCatalog.yogurt)
            func order() async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
                try await client.json(.post, "/v1/shelf/\(code)/orders", body: ["id": UUID().uuidString, "quantity": 1])
            }
            for index in 0..<5 {
                let answer = try await order()
                #expect(answer.status == .accepted, "order \(index + 1): \(answer.body)")  // queued: referential down
                clock.advance(by: 60)
            }
            // 5 orders between t and t+240: the sixth at t+300 waits until t+600.
            let refused = try await client.execute(
                uri: "/v1/shelf/\(code)/orders", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"id":"\#(UUID().uuidString)","quantity":1}"#))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "300")
            let body = try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any] ?? [:]
            #expect(errorCode(body) == "tooManyShelfOrders")
            // A refused attempt is not counted as an order but does not reset the window either.
            clock.advance(by: 301)
            #expect(try await order().status == .accepted, "the first order left the window")
            #expect(try await order().status == .tooManyRequests, "the second one has not")
        }
    }
}
