import Foundation
import Testing
import SelfScanAPI
@testable import SelfScanStorage

@Suite("Outbox: order per key, retries, status")
struct OutboxTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func message(_ key: String, basket: String) -> OutboxMessage {
        OutboxMessage(idempotencyKey: key, kind: "basketEvent", orderingKey: basket, payload: Data("{\"k\":\"\(key)\"}".utf8))
    }

    @Test func dueBatchKeepsPerBasketOrderAndAFailedHeadHoldsItsBasket() throws {
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory()))
        try outbox.enqueue([message("a1", basket: "A"), message("b1", basket: "B")], now: t0)
        try outbox.enqueue([message("a2", basket: "A"), message("b2", basket: "B"), message("a3", basket: "A")], now: t0)
        let batch = try outbox.dueBatch(limit: 10, now: t0)
        #expect(batch.map(\.message.idempotencyKey) == ["a1", "a2", "a3", "b1", "b2"])
        #expect(batch.filter { $0.message.orderingKey == "A" }.map(\.sequence) == [1, 2, 3])

        // a1 fails: basket A waits until its retry time; B goes on.
        let a1 = try #require(batch.first)
        try outbox.markFailed(ids: [a1.id], error: "HTTP 503", nextAttempt: t0.addingTimeInterval(30))
        let b1 = try #require(batch.first { $0.message.idempotencyKey == "b1" })
        try outbox.markDelivered(ids: [b1.id])
        #expect(try outbox.dueBatch(limit: 10, now: t0.addingTimeInterval(1)).map(\.message.idempotencyKey) == ["b2"])
        let retried = try outbox.dueBatch(limit: 10, now: t0.addingTimeInterval(31))
        #expect(retried.map(\.message.idempotencyKey) == ["a1", "a2", "a3", "b2"])
        #expect(retried.first?.attemptCount == 1)
        #expect(retried.first?.lastError == "HTTP 503")
        #expect(retried.first?.nextAttemptAt == t0.addingTimeInterval(30))
        #expect(try outbox.dueBatch(limit: 2, now: t0.addingTimeInterval(31)).count == 2)
    }

    @Test func statusReportsDepthOldestAndAlarm() throws {
        var options = StoreDatabase.Options()
        options.outboxAlarmDepth = 3
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory(), options: options))
        #expect(try outbox.status() == OutboxStatus(depth: 0, oldestUnsentAt: nil, failingCount: 0, alarmDepth: 3))
        try outbox.enqueue([message("x1", basket: "X")], now: t0)
        try outbox.enqueue([message("x2", basket: "X"), message("y1", basket: "Y")], now: t0.addingTimeInterval(5))
        let status = try outbox.status()
        #expect(status.depth == 3)
        #expect(status.oldestUnsentAt == t0)
        #expect(status.alarm)
        let first = try #require(try outbox.dueBatch(limit: 1, now: t0.addingTimeInterval(10)).first)
        try outbox.markDelivered(ids: [first.id])
        #expect(try outbox.status().alarm == false)
        #expect(try outbox.status().oldestUnsentAt == t0.addingTimeInterval(5))
    }

    @Test func sequencesAreNeverReusedAfterDelivery() throws {
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory()))
        try outbox.enqueue([message("k1", basket: "K")], now: t0)
        let first = try outbox.dueBatch(limit: 5, now: t0)
        try outbox.markDelivered(ids: first.map(\.id))
        try outbox.enqueue([message("k2", basket: "K")], now: t0)
        #expect(try outbox.dueBatch(limit: 5, now: t0).map(\.sequence) == [2])
    }

    @Test func bookkeepingByIdempotencyKey() throws {
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory()))
        try outbox.enqueue([message("e1", basket: "E"), message("e2", basket: "E")], now: t0)
        try outbox.markFailed(idempotencyKeys: ["e1"], error: "timeout", nextAttempt: t0.addingTimeInterval(10))
        #expect(try outbox.dueBatch(limit: 5, now: t0).isEmpty)
        #expect(try outbox.status().failingCount == 1)
        try outbox.markDelivered(idempotencyKeys: ["e1"])
        #expect(try outbox.dueBatch(limit: 5, now: t0).map(\.message.idempotencyKey) == ["e2"])
    }

    @Test func aDuplicateIdempotencyKeyIsRefusedWhole() throws {
        let outbox = Outbox(database: try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory()))
        try outbox.enqueue([message("d1", basket: "D")], now: t0)
        let error = #expect(throws: StorageError.self) {
            try outbox.enqueue([message("d2", basket: "D"), message("d1", basket: "D")], now: t0)
        }
        #expect(error?.code == .constraint)
        #expect(try outbox.status().depth == 1)
    }
}
