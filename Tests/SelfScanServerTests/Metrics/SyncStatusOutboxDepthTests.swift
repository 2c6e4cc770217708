import Foundation
import HummingbirdTesting
import SelfScanServer
import SelfScanStorage
import SelfScanSync
import Testing

/// `GET /v1/sync` counts the outbox as it is now. It once showed the depth the engine read at its last step,
/// so while it backed off from an unreachable referential, rows queued since were not counted.
@Suite("Sync status: the outbox depth is current while the engine backs off")
struct SyncStatusOutboxDepthTests {
    static func message(_ key: String) -> OutboxMessage {
        OutboxMessage(idempotencyKey: key, kind: "test", orderingKey: "order-\(key)", payload: Data("{}".utf8))
    }

    @Test func rowsQueuedDuringBackoffAreCounted() async throws {
        let refusing = try RefusingPort()
        var config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        config.referential = .init(url: "http://127.0.0.1:\(refusing.port)", token: "sst_none")
        try await withLiveDaemon(config) { daemon, client in
            let sync = try #require(daemon.sync)
            let outbox = Outbox(database: try #require(daemon.database))
            try outbox.enqueue([Self.message("first")])
            // The push fails: the engine backs off (its next attempt is later).
            guard case .failed = await sync.pushOnce() else {
                Issue.record("a push to a refusing port did not fail")
                return
            }
            // Rows queued since, without waking the engine (as any writer may).
            try outbox.enqueue([Self.message("second"), Self.message("third")])
            let depth = try outbox.status().depth
            #expect(depth == 3)
            let answer = try await client.json(.get, "/v1/sync")
            #expect(answer.status == .ok)
            #expect(answer.body["outboxDepth"] as? Int == depth, "\(answer.body)")
            let status = try await client.json(.get, "/v1/status")
            #expect((status.body["sync"] as? [String: Any])?["outboxDepth"] as? Int == depth, "\(status.body)")
        }
    }
}
