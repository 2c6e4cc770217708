import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 15 item 11: a hand-off code is bound to one suspension, and an expired one strands nothing.
@Suite("Money rules: hand-off codes")
struct HandoffCodeBindingTests {
    @Test func oldHandoffCodeDoesNotResumeALaterSuspension() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { _, client in
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(try DemoCodes.ean(DemoCatalog.coffee))
            let first = try await client.json(.post, "/v1/sessions/\(shopper.id)/suspend", headers: shopper.headers)
            let oldCode = try #require((first.body["handoff"] as? [String: Any])?["code"] as? String)
            let resumed = try await client.json(.post, "/v1/sessions/resume", body: ["code": oldCode])
            #expect(resumed.status == .ok)
            let second = try await client.json(.post, "/v1/sessions/\(shopper.id)/suspend", headers: shopper.headers)
            let newCode = try #require((second.body["handoff"] as? [String: Any])?["code"] as? String)
            let replayed = try await client.json(.post, "/v1/sessions/resume", body: ["code": oldCode])
            #expect(replayed.status == .conflict)
            #expect(errorCode(replayed.body) == "handoffSuperseded")
            #expect(try await shopper.view()["state"] as? String == "suspended")
            let current = try await client.json(.post, "/v1/sessions/resume", body: ["code": newCode])
            #expect(current.status == .ok)
        }
    }

    @Test func expiredHandoffCodeLetsTheOriginTakeTheSessionBack() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        let clock = TestClock()
        try await withLiveDaemon(config, clock: clock) { _, client in
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(try DemoCodes.ean(DemoCatalog.coffee))
            let suspended = try await client.json(.post, "/v1/sessions/\(shopper.id)/suspend", headers: shopper.headers)
            let code = try #require((suspended.body["handoff"] as? [String: Any])?["code"] as? String)
            let early = try await client.json(.post, "/v1/sessions/\(shopper.id)/resume-scanning", headers: shopper.headers)
            #expect(early.status == .conflict)
            #expect(errorCode(early.body) == "handoffPending")
            clock.advance(by: Int64(config.signing.handoffLifetimeSeconds) + 1)
            let expired = try await client.json(.post, "/v1/sessions/resume", body: ["code": code])
            #expect(expired.status == .gone)
            let back = try await client.json(.post, "/v1/sessions/\(shopper.id)/resume-scanning", headers: shopper.headers)
            #expect(back.status == .ok, "\(back.body)")
            #expect(back.body["state"] as? String == "scanning")
            #expect(try await shopper.scan(try DemoCodes.ean(DemoCatalog.baguette)).status == .ok)
        }
    }
}
