import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
@testable import SelfScanServer
import Testing

/// Nothing ever abandoned a session: a basket walked away from stayed open for good (live on the console, never
/// synced as closed, never pruned). Idle sessions are now abandoned — unless money is on them.
@Suite("Idle sessions are abandoned, never one with money on it")
struct IdleSessionTests {
    @Test("idle baskets are abandoned; paid, part-paid and suspended ones are left; recent ones too")
    func idleSessionsAreAbandoned() async throws {
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory("idle"))
        config.sessionIdleMinutes = 0  // the test runs the passes itself
        try await withLiveDaemon(config) { daemon, client in
            let sessions = try #require(daemon.sessions)
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let walkedAway = try await MoneyShopper.open(client)
            try await walkedAway.scan(coffee)
            let empty = try await MoneyShopper.open(client)
            let paid = try await MoneyShopper.open(client)
            try await paid.scan(coffee)
            _ = try await paid.checkout(rescanning: [coffee])
            #expect(try await paid.pay("P-1").status == .ok)
            let partPaid = try await MoneyShopper.open(client)
            try await partPaid.scan(coffee)
            _ = try await partPaid.checkout(rescanning: [coffee])
            #expect(try await partPaid.pay("P-2", minor: 100).status == .ok)
            let suspended = try await MoneyShopper.open(client)
            try await suspended.scan(coffee)
            let suspend = try await client.json(
                .post, "/v1/sessions/\(suspended.id)/suspend", headers: suspended.headers)
            #expect(suspend.status == .ok, "\(suspend.body)")

            let now = Int64(Date().timeIntervalSince1970)
            #expect(await sessions.abandonIdleSessions(lastChangeBefore: now - 3600) == 0, "nothing idle an hour ago")
            #expect(await sessions.abandonIdleSessions(lastChangeBefore: now + 3600) == 2)

            for (shopper, state) in [
                (walkedAway, "abandoned"), (empty, "abandoned"), (paid, "paid"), (partPaid, "readyToPay"),
                (suspended, "suspended"),
            ] {
                #expect(try await shopper.view()["state"] as? String == state, "\(shopper.id)")
            }
            let late = try await walkedAway.scan(coffee)
            #expect(late.status == .conflict, "an abandoned basket takes no scan: \(late.body)")
            #expect(await sessions.abandonIdleSessions(lastChangeBefore: now + 3600) == 0, "each once")
        }
    }

    @Test("sessionIdleMinutes: 0 to 10080, default 120")
    func configuration() throws {
        let base = #"{"store": "s1", "device": "k1", "role": "kiosk", "dataDir": "/tmp/x""#
        #expect(try DaemonConfig.parse(json: Data((base + "}").utf8)).sessionIdleMinutes == 120)
        #expect(try DaemonConfig.parse(json: Data((base + #", "sessionIdleMinutes": 0}"#).utf8)).sessionIdleMinutes == 0)
        #expect(throws: ConfigError.self) { try DaemonConfig.parse(json: Data((base + #", "sessionIdleMinutes": -1}"#).utf8)) }
        #expect(throws: ConfigError.self) {
            try DaemonConfig.parse(json: Data((base + #", "sessionIdleMinutes": 10081}"#).utf8))
        }
    }
}
