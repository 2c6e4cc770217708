import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
@testable import SelfScanServer
import Testing

/// The sessions in memory are a bounded cache of the event log: every session ever opened used to stay in
/// memory until the process ended (20,000 anonymous opens grew a store daemon by 25 MB, without bound).
@Suite("Sessions in memory are bounded; a dropped session reads back from its log")
struct SessionMemoryBoundTests {
    @Test("beyond the limit the least recently used are dropped, and still answer and scan like before")
    func leastRecentlyUsedAreDroppedAndReadBack() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let sessions = try #require(daemon.sessions)
            await sessions.setCachedSessionLimit(8)
            let (first, firstShopper) = try await SessionVoidTests.openWithItems(client, [DemoCatalog.coffee])
            var opened: [String] = []
            for _ in 0..<40 {
                opened.append(try await SessionVoidTests.openWithItems(client, []).id)
            }
            let cached = await sessions.cachedSessionCount
            #expect(cached <= 8, "\(cached) sessions in memory")
            // The first session left memory long ago: it answers from its log, and takes a scan.
            let scan = try await client.json(
                .post, "/v1/sessions/\(first)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.coffee)],
                headers: firstShopper)
            #expect(scan.status == .ok, "\(scan.body)")
            let view = try await client.json(.get, "/v1/sessions/\(first)", headers: firstShopper)
            let lines = try #require(view.body["lines"] as? [[String: Any]])
            #expect(lines.count == 2, "the coffee scanned before it was dropped, and after: \(lines)")
            #expect(await sessions.cachedSessionCount <= 8)
        }
    }

    @Test("an ended session leaves memory and reads back as it ended")
    func endedSessionsLeaveMemory() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory())
        try await withLiveDaemon(config) { daemon, client in
            let sessions = try #require(daemon.sessions)
            let (id, shopper) = try await SessionVoidTests.openWithItems(client, [DemoCatalog.coffee])
            #expect(await sessions.cachedSessionCount == 1)
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let voided = try await client.json(
                .post, "/v1/staff/sessions/\(id)/void", body: ["reason": "left"], headers: attendant)
            #expect(voided.body["state"] as? String == "void", "\(voided.body)")
            #expect(await sessions.cachedSessionCount == 0)
            let reread = try await client.json(.get, "/v1/sessions/\(id)", headers: shopper)
            #expect(reread.body["state"] as? String == "void")
            #expect((reread.body["lines"] as? [Any])?.count == 1)
        }
    }
}
