import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanCore
import SelfScanServer
import Testing

/// The sync engine's gauges reach the daemon's `/metrics` (they once went to a never-bootstrapped global
/// metrics system and were invisible).
@Suite("Sync gauges at /metrics")
struct SyncGaugeTests {
    static func value(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.split(separator: " ").last ?? "")
        }
        return nil
    }

    @Test func aDaemonThatPushedToTheReferentialShowsItsSyncGauges() async throws {
        try await EmbeddedReferential.with { referential in
            var config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
            config.referential = .init(url: referential.url, token: try await referential.token(store: config.store))
            try await withLiveDaemon(config) { daemon, client in
                let sync = try #require(daemon.sync)
                // One exchange with the referential, so the engine has something to report.
                _ = await sync.pullOnce()
                #expect(sync.status.connectivity == .online)
                let text = try await SessionGaugeTests.scrape(client)
                #expect(Self.value("selfscan_sync_online", in: text) == 1, "\(text)")
                #expect(Self.value("selfscan_sync_outbox_depth", in: text) != nil)
                #expect(Self.value("selfscan_sync_catalog_version", in: text) != nil)
                #expect(text.contains("selfscan_sync_alarm{alarm=\"itemsRejected\"} 0"))
            }
        }
    }

    @Test func aDaemonThatCannotReachTheReferentialSaysSoAtMetrics() async throws {
        let refusing = try RefusingPort()
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        config.referential = .init(url: "http://127.0.0.1:\(refusing.port)", token: "sst_none")
        try await withLiveDaemon(config) { daemon, client in
            let sync = try #require(daemon.sync)
            _ = await sync.pullOnce()
            #expect(sync.status.connectivity == .offline)
            let text = try await SessionGaugeTests.scrape(client)
            #expect(Self.value("selfscan_sync_online", in: text) == 0, "\(text)")
        }
    }
}
