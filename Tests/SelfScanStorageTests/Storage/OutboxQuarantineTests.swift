import Foundation
import Testing
@testable import SelfScanStorage

/// Issue 15 #2: a quarantined row is kept, never due again, and holds back nothing.
@Suite("Outbox quarantine")
struct OutboxQuarantineTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func message(_ key: String, basket: String) -> OutboxMessage {
        OutboxMessage(idempotencyKey: key, kind: "basketEvent", orderingKey: basket, payload: Data("{\"k\":\"\(key)\"}".utf8))
    }

    @Test func aQuarantinedHeadNoLongerHoldsItsKeyAndIsNeverDueAgain() throws {
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory()))
        try outbox.enqueue([message("a1", basket: "A"), message("a2", basket: "A"), message("b1", basket: "B")], now: t0)
        let a1 = try #require(try outbox.dueBatch(limit: 10, now: t0).first)
        try outbox.quarantine(ids: [a1.id], reason: "rejected by the referential: invalidPayload", now: t0)
        #expect(try outbox.dueBatch(limit: 10, now: t0.addingTimeInterval(86_400 * 365)).map(\.message.idempotencyKey) == ["a2", "b1"])
        let status = try outbox.status()
        #expect(status.depth == 2)
        #expect(status.quarantinedCount == 1)
        let kept = try outbox.quarantined()
        #expect(kept.map(\.idempotencyKey) == ["a1"])
        #expect(kept.first?.reason == "rejected by the referential: invalidPayload")
        #expect(kept.first?.payloadBytes == 10)
        #expect(kept.first?.quarantinedAt == t0)
    }
}
