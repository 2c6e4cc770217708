import Foundation
import SelfScanAPI
import SelfScanStorage
import Testing

@Suite("Outbox: expediting one ordering key (hand-off)")
struct OutboxExpediteTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func message(_ key: String, basket: String) -> OutboxMessage {
        OutboxMessage(idempotencyKey: key, kind: "basketEvent", orderingKey: basket, payload: Data("{\"k\":\"\(key)\"}".utf8))
    }

    @Test func expediteMakesOnlyThatKeyDueAgainAndKeepsItsOrder() throws {
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory()))
        try outbox.enqueue([message("a1", basket: "A"), message("b1", basket: "B"), message("a2", basket: "A")], now: t0)
        let batch = try outbox.dueBatch(limit: 10, now: t0)
        // Both keys failed and back off for 10 minutes.
        try outbox.markFailed(ids: batch.map(\.id), error: "transport", nextAttempt: t0.addingTimeInterval(600))
        let soon = t0.addingTimeInterval(5)
        #expect(try outbox.dueBatch(limit: 10, now: soon).isEmpty)

        #expect(try outbox.expedite(orderingKey: "A", now: soon) == 2)
        let due = try outbox.dueBatch(limit: 10, now: soon)
        #expect(due.map(\.message.idempotencyKey) == ["a1", "a2"])
        #expect(due.allSatisfy { $0.attemptCount == 1 && $0.lastError == "transport" })
        #expect(try outbox.expedite(orderingKey: "A", now: soon) == 0)
        #expect(try outbox.expedite(orderingKey: "nothing", now: soon) == 0)
    }
}
