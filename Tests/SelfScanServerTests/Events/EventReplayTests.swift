import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Synchronization
import Testing

@Suite("Event stream without gaps: seq and ?since=")
struct EventReplayTests {
    /// The first `count` events of a stream, or fewer if they do not come within 5 s (never hangs).
    static func first(_ count: Int, of stream: AsyncStream<DaemonEvent>) async -> [DaemonEvent] {
        await withTimeout(.seconds(5)) {
            var out: [DaemonEvent] = []
            for await event in stream {
                out.append(event)
                if out.count == count { break }
            }
            return out
        } ?? []
    }

    @Test func hubReplaysWhatFollowsSinceAndResyncsWhenItIsGone() async throws {
        let hub = EventHub(replayCapacity: 5, firstSequence: 100)
        for index in 0..<4 { await hub.publish(type: "basket", session: index % 2 == 0 ? "A" : "B", data: Data("{}".utf8)) }
        #expect(await hub.lastSequence == 103)

        // Everything after 101, then live: no gap, no duplicate.
        let all = await hub.subscribe(.init(session: nil), since: 101)
        await hub.publish(type: "alert", session: nil, data: Data("{}".utf8))
        #expect(await Self.first(3, of: all).map(\.sequence) == [102, 103, 104])
        // A shopper gets only its session's events.
        let onlyA = await hub.subscribe(.init(session: "A"), since: 99)
        await hub.publish(type: "basket", session: "A", data: Data("{}".utf8))
        #expect(await Self.first(3, of: onlyA).map(\.sequence) == [100, 102, 105])

        // 106…110 push 100…105 out of the 5 kept: asking from 100 is a resync.
        for _ in 0..<5 { await hub.publish(type: "basket", session: "B", data: Data("{}".utf8)) }
        let late = await hub.subscribe(.init(session: nil), since: 100)
        let resync = try #require(await Self.first(1, of: late).first)
        #expect(resync.type == "resync")
        #expect(resync.sequence == 110)
        // From the oldest kept one on, it is a replay again; a seq from the future (another run) is a resync.
        let kept = await hub.subscribe(.init(session: nil), since: 105)
        #expect(await Self.first(5, of: kept).map(\.sequence) == [106, 107, 108, 109, 110])
        let future = await hub.subscribe(.init(session: nil), since: 5_000)
        #expect(await Self.first(1, of: future).first?.type == "resync")
        await hub.finishAll()
    }

    /// Connects to `/v1/events` and collects text messages until `until` says stop (bounded: 10 s).
    /// `whileConnected` starts once the daemon's `subscribed` handshake has arrived (the handshake itself is
    /// checked, then left out of the collected events).
    static func collect(
        port: Int, query: String, until: @escaping @Sendable ([[String: Any]]) -> Bool,
        whileConnected: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> [[String: Any]] {
        let received = Received()
        let connected: Void? = try await withTimeout(.seconds(10)) {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/events?\(query)", logger: Logger(label: "ws")
            ) { inbound, outbound, _ in
                var actions: Task<Void, any Error>?
                defer { actions?.cancel() }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    if actions == nil {
                        let handshake = Self.parse(text)
                        #expect(handshake?["type"] as? String == "subscribed", "the first message is the handshake")
                        #expect((handshake?["data"] as? [String: Any])?["lastSeq"] is Int)
                        actions = Task { try await whileConnected() }
                        continue
                    }
                    let done = received.texts.withLock { texts in
                        texts.append(text)
                        return until(texts.compactMap(Self.parse))
                    }
                    if done {
                        try await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                }
            }
        }
        if connected == nil { throw CancellationError() }  // nothing came within 10 s: a failure bound
        return received.texts.withLock { $0 }.compactMap(Self.parse)
    }

    final class Received: Sendable {
        let texts = Mutex<[String]>([])
    }

    static func parse(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test func aReconnectingClientGetsTheEventsItMissedOverAWebSocket() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let port = try #require(client.port)
            let staff = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let token = try #require(staff[.authorization]?.dropFirst("Bearer ".count)).description
            let opened = try await client.json(.post, "/v1/sessions")
            let shopperToken = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let shopper = SessionTripTests.sessionHeaders(shopperToken)
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let before = await daemon.events.lastSequence

            // Missed while disconnected: two scans.
            for _ in 0..<2 {
                _ = try await client.json(.post, "/v1/sessions/\(id)/scans", body: ["payload": coffee], headers: shopper)
            }
            // Reconnect with since: both basket events come back, in order, then a live one follows.
            let events = try await Self.collect(
                port: port, query: "staff=\(token)&since=\(before)",
                until: { $0.filter { $0["type"] as? String == "basket" }.count >= 3 },
                whileConnected: {
                    _ = try await client.json(
                        .post, "/v1/sessions/\(id)/scans", body: ["payload": coffee], headers: shopper)
                })
            let seqs = events.compactMap { $0["seq"] as? Int }
            #expect(seqs.count == events.count, "every event carries seq")
            #expect(seqs.first == before + 1)
            #expect(seqs == Array(seqs.indices.map { before + 1 + $0 }), "no gap, no duplicate: \(seqs)")
            let baskets = events.filter { $0["type"] as? String == "basket" }
            let counts = baskets.compactMap { (($0["data"] as? [String: Any])?["lines"] as? [Any])?.count }
            #expect(counts == [1, 2, 3])

            // A since the daemon no longer has (or never had) → resync first.
            let stale = try await Self.collect(port: port, query: "staff=\(token)&since=1", until: { !$0.isEmpty })
            #expect(stale.first?["type"] as? String == "resync")
            #expect(stale.first?["seq"] as? Int == (await daemon.events.lastSequence))

            await #expect(throws: (any Error).self) {
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/v1/events?staff=\(token)&since=abc", logger: Logger(label: "ws")
                ) { _, _, _ in }
            }
        }
    }
}
