import Foundation
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Issue 15 item 1 at the storage layer: an intent is durable before the terminal, completed by its record in
/// the same transaction, and a key is never begun twice while open or completed.
@Suite("Payment intents (real SQLite)")
struct PaymentIntentStoreTests {
    let session = SessionID(uuid: UUID())
    let amount = Money(minor: 370, currency: .eur)

    func intent(_ key: String) -> PaymentIntent {
        PaymentIntent(idempotencyKey: key, kind: .charge, sessionID: session, clientReference: "P-1", amount: amount)
    }

    @Test func intentIsOpenUntilItsRecordCompletesItInOneTransaction() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let intents = PaymentIntentStore(database: database)
        let key = "payment:\(session.uuidString):P-1"
        let begun = try intents.begin(intent(key), lineShares: [LineID(uuid: UUID()): amount])
        #expect(begun.requestID == "\(key)#1")
        #expect(try intents.openIntents().map(\.idempotencyKey) == [key])
        #expect(try intents.lineShares(sessionID: session).values.map(\.minor) == [370])
        // Open: a second begin of the same key is refused (the caller must reconcile, never charge again).
        let refused = #expect(throws: StorageError.self) { try intents.begin(intent(key)) }
        #expect(refused?.code == .constraint)
        let record = try PaymentRecord(
            idempotencyKey: key, sessionID: session, amount: amount, outcome: .approved, scheme: "CB", last4: "4242",
            authCode: "100001", terminalTransactionID: "SIM-1", recordedAt: Date())
        try PaymentStore(database: database).record(
            record,
            outbox: [OutboxMessage(idempotencyKey: key, kind: "payment", orderingKey: session.uuidString, payload: Data("{}".utf8))])
        #expect(try intents.openIntents().isEmpty)
        #expect(try intents.intent(key: key)?.state == .completed)
        #expect(throws: StorageError.self) { try intents.begin(intent(key)) }
    }

    @Test func notChargedIntentStartsItsNextAttemptWithANewRequestID() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let intents = PaymentIntentStore(database: database)
        let key = "payment:\(session.uuidString):P-2"
        try intents.begin(intent(key))
        try intents.markNotCharged(key: key)
        #expect(try intents.openIntents().isEmpty)
        let next = try intents.begin(intent(key))
        #expect(next.attempt == 2)
        #expect(next.requestID == "\(key)#2")
        #expect(try intents.openIntents().map(\.requestID) == ["\(key)#2"])
    }
}
