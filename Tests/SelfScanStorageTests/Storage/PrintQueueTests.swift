import Foundation
import Testing
@testable import SelfScanStorage

/// The durable print queue: a job is born with the `receipt` outbox row (same transaction, by trigger) only
/// when the device prints, once per session, and stays pending across a reopen until marked printed.
@Suite("Print queue")
struct PrintQueueTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func receipt(_ session: String) -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: "receipt-\(session)", kind: "receipt", orderingKey: session,
            payload: Data(#"{"session":"\#(session)"}"#.utf8))
    }

    @Test func jobIsBornWithTheReceiptRowOnlyWhenPrintingIsOn() async throws {
        let directory = try StorageFixtures.temporaryDirectory()
        let database = try StorageFixtures.openDatabase(in: directory)
        let outbox = Outbox(database: database)
        let queue = PrintQueue(database: database)
        try outbox.enqueue([receipt("S-OFF")], now: t0)
        #expect(try queue.job(sessionID: "S-OFF") == nil)

        try await queue.setEnabled(true)
        try outbox.enqueue([receipt("S-1"), OutboxMessage(
            idempotencyKey: "basket-1", kind: "basketEvent", orderingKey: "S-1", payload: Data("{}".utf8))], now: t0)
        // Another receipt row for the same basket (never written today): still one job.
        try outbox.enqueue([OutboxMessage(
            idempotencyKey: "receipt-S-1-again", kind: "receipt", orderingKey: "S-1", payload: Data("{}".utf8))], now: t0)
        let job = try #require(try queue.nextPending())
        #expect(job.sessionID == "S-1" && job.state == .pending && job.attempts == 0)
        #expect(job.receiptJSON == #"{"session":"S-1"}"#)
        #expect(try queue.pendingCount() == 1)

        try await queue.startAttempt(id: job.id)
        try await queue.recordFailure(id: job.id, error: "paper out")
        // Reopened (a daemon restart): the job is still there, pending, with its attempt and reason.
        let reopened = PrintQueue(database: try StorageFixtures.openDatabase(in: directory))
        let kept = try #require(try reopened.nextPending())
        #expect(kept.id == job.id && kept.attempts == 1 && kept.lastError == "paper out")

        try await reopened.markPrinted(id: kept.id, at: 1_800_000_000_000)
        #expect(try reopened.nextPending() == nil)
        let printed = try #require(try reopened.job(sessionID: "S-1"))
        #expect(printed.state == .printed && printed.printedAt == 1_800_000_000_000 && printed.lastError == nil)
        #expect(try await reopened.deletePrinted(before: 1_800_000_000_001) == 1)
        #expect(try reopened.job(sessionID: "S-1") == nil)
    }
}
