import Foundation
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Staff resolution of an intent of unknown outcome at the storage layer: exactly once (the resolution row, the
/// payment or the closed intent, and the audit entry commit together), a retry is a replay, a different decision
/// a conflict, and a ticket is kept with its payment.
@Suite("Payment intent resolutions (real SQLite)")
struct PaymentIntentResolutionStoreTests {
    let session = SessionID(uuid: UUID())
    let amount = Money(minor: 370, currency: .eur)

    func begin(_ intents: PaymentIntentStore, _ key: String) throws -> PaymentIntent {
        try intents.begin(
            PaymentIntent(idempotencyKey: key, kind: .charge, sessionID: session, clientReference: "P-1", amount: amount))
    }

    func resolve(
        _ intents: PaymentIntentStore, _ requestID: String, _ kind: PaymentIntentResolution.Kind, _ code: String?
    ) async throws -> PaymentIntentResolutionOutcome {
        try await intents.resolveByStaff(
            requestID: requestID, kind: kind, authorisationCode: code, staffID: "S200", note: "journal checked",
            record: { intent in
                try PaymentRecord(
                    idempotencyKey: intent.idempotencyKey, sessionID: intent.sessionID, amount: intent.amount,
                    outcome: .approved, scheme: nil, last4: nil, authCode: code,
                    terminalTransactionID: "CAP-\(intent.requestID)", recordedAt: Date(), ticket: "SAISIE MANUELLE")
            },
            outbox: { record in [try OutboxMessage.payment(record)] })
    }

    @Test func chargedOnceThenReplayedThenConflicting() async throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let intents = PaymentIntentStore(database: database)
        let intent = try begin(intents, "payment:\(session.uuidString):P-1")

        guard case .resolved(_, let resolution, let payment?) = try await resolve(intents, intent.requestID, .charged, "123456")
        else { Issue.record("not resolved"); return }
        #expect(resolution.authorisationCode == "123456")
        #expect(payment.outcome == .approved)
        #expect(try intents.intent(key: intent.idempotencyKey)?.state == .completed)
        let stored = try PaymentStore(database: database).payment(idempotencyKey: intent.idempotencyKey)
        #expect(stored?.authCode == "123456")
        #expect(stored?.ticket == "SAISIE MANUELLE")

        guard case .replayed = try await resolve(intents, intent.requestID, .charged, "123456") else {
            Issue.record("a retry is a replay"); return
        }
        guard case .conflicting(let standing) = try await resolve(intents, intent.requestID, .notCharged, nil) else {
            Issue.record("a different decision is a conflict"); return
        }
        #expect(standing.kind == .charged)
        guard case .conflicting = try await resolve(intents, intent.requestID, .charged, "654321") else {
            Issue.record("another authorisation number is a conflict"); return
        }
        let audit = try AuditLog(database: database).entries().filter { $0.kind == "paymentIntentResolved" }
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "S200")
        #expect(try AuditLog(database: database).verify() == .intact(count: try AuditLog(database: database).entries().count))
        #expect(try PaymentStore(database: database).payments(sessionID: session).count == 1)
    }

    @Test func notChargedClosesTheIntentAndTheNextAttemptIsNew() async throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let intents = PaymentIntentStore(database: database)
        let key = "payment:\(session.uuidString):P-2"
        let intent = try begin(intents, key)
        guard case .resolved(_, _, nil) = try await resolve(intents, intent.requestID, .notCharged, nil) else {
            Issue.record("not resolved"); return
        }
        #expect(try intents.intent(key: key)?.state == .notCharged)
        #expect(try PaymentStore(database: database).payments(sessionID: session).isEmpty)
        let next = try begin(intents, key)
        #expect(next.attempt == 2)
        // The first attempt's resolution still stands (its row was replaced by the retry's).
        guard case .conflicting = try await resolve(intents, intent.requestID, .charged, "1") else {
            Issue.record("the first attempt is resolved"); return
        }
        guard case .unknownIntent = try await resolve(intents, "payment:nothing#1", .notCharged, nil) else {
            Issue.record("unknown"); return
        }
        #expect(try intents.staffResolutions().map(\.requestID) == [intent.requestID])
    }

    @Test func aSettledIntentIsNotOpen() async throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let intents = PaymentIntentStore(database: database)
        let intent = try begin(intents, "payment:\(session.uuidString):P-3")
        try intents.markNotCharged(key: intent.idempotencyKey)
        guard case .notOpen = try await resolve(intents, intent.requestID, .charged, "123456") else {
            Issue.record("a closed intent is not open"); return
        }
        #expect(try AuditLog(database: database).entries().isEmpty)
    }
}
