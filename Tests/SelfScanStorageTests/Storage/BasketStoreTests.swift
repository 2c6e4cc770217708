import Foundation
import GRDB
import SelfScanAPI
import SelfScanCore
import Testing
@testable import SelfScanStorage

/// Builds the events of one session.
struct SessionScript {
    let sessionID = SessionID(uuid: UUID())
    var sequence: Int64 = 0

    mutating func event(_ payload: BasketEventPayload) -> BasketEvent {
        sequence += 1
        return BasketEvent(
            id: EventID(uuid: UUID()), sessionID: sessionID, sequence: sequence,
            timestamp: Instant(nanosecondsSinceEpoch: 1_800_000_000_000_000_000 + sequence * 1_000_000), payload: payload)
    }

    mutating func opened() -> BasketEvent {
        event(.sessionOpened(SessionOpening(storeID: "S1", deviceID: "kiosk-1", currency: .eur, catalogVersion: .init(5))))
    }

    mutating func scanned(_ name: String = "Yaourt", price: Int64 = 189) -> BasketEvent {
        event(.lineAdded(line: BasketLine(
            id: LineID(uuid: UUID()), productID: "P2", name: name, scannedCode: "3760000000024", measure: .units(1),
            unitPrice: Money(minor: price, currency: .eur), vatRate: .frReduced, catalogVersion: .init(5))))
    }
}

@Suite("Basket store: event log, materialised state, outbox in one transaction")
struct BasketStoreTests {
    func scanning(_ lines: Int, total: Int64) -> SessionStateUpdate {
        SessionStateUpdate(state: "scanning", total: Money(minor: total, currency: .eur), lineCount: lines)
    }

    @Test func appendStoresEventsStateAndOutboxRowsTogether() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        var script = SessionScript()
        let opened = script.opened()
        let scan = script.scanned()
        #expect(try store.append([opened], state: .init(state: "open", total: nil, lineCount: 0)) == .stored(lastSequence: 1))
        #expect(try store.append([scan], state: scanning(1, total: 189)) == .stored(lastSequence: 2))
        #expect(try store.events(sessionID: script.sessionID) == [opened, scan])
        #expect(try store.contains(eventID: scan.id))
        let summary = try #require(try store.session(id: script.sessionID))
        #expect(summary.state == "scanning")
        #expect(summary.total == Money(minor: 189, currency: .eur))
        #expect(summary.storeID == "S1")
        #expect(summary.lastSequence == 2)
        let due = try Outbox(database: database).dueBatch(limit: 10)
        #expect(due.map(\.message.idempotencyKey) == [opened.id.uuidString, scan.id.uuidString])
        #expect(due.allSatisfy { $0.message.orderingKey == script.sessionID.uuidString })
        let decoded = try JSONDecoder().decode(BasketEvent.self, from: try #require(due.last).message.payload)
        #expect(decoded == scan)
        #expect(try store.sessions(inStates: ["scanning"]).map(\.id) == [script.sessionID])
        #expect(try store.sessions(inStates: ["paid"]).isEmpty)
    }

    @Test func aRetriedAppendIsANoOp() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        var script = SessionScript()
        let events = [script.opened(), script.scanned()]
        try store.append(events, state: scanning(1, total: 189))
        #expect(try store.append(events, state: scanning(1, total: 189)) == .duplicate(lastSequence: 2))
        #expect(try store.events(sessionID: script.sessionID).count == 2)
        #expect(try Outbox(database: database).status().depth == 2)
    }

    @Test func gapsForeignStartsAndReusedIdsAreRefusedAndNothingIsWritten() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        var script = SessionScript()
        let opened = script.opened()
        let scan = script.scanned()
        let unopened = #expect(throws: StorageError.self) { try store.append([scan], state: scanning(1, total: 189)) }
        #expect(unopened?.code == .invalidInput)
        try store.append([opened], state: .init(state: "open", total: nil, lineCount: 0))
        _ = script.scanned()  // sequence 3 skipped to make a gap
        let late = script.scanned()
        let gap = #expect(throws: StorageError.self) { try store.append([late], state: scanning(1, total: 189)) }
        #expect(gap?.code == .invalidInput)
        let reused = BasketEvent(id: opened.id, sessionID: script.sessionID, sequence: 2, timestamp: Instant(nanosecondsSinceEpoch: 1), payload: .checkoutRequested)
        let clash = #expect(throws: StorageError.self) { try store.append([reused], state: scanning(0, total: 0)) }
        #expect(clash?.code == .constraint)
        #expect(try store.events(sessionID: script.sessionID) == [opened])
        #expect(try Outbox(database: database).status().depth == 1)
    }

    /// The outbox row cannot be written (its key is taken): the event and the state change roll back too.
    @Test func aFailingOutboxRowRollsBackTheEvents() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        var script = SessionScript()
        let opened = script.opened()
        try store.append([opened], state: .init(state: "open", total: nil, lineCount: 0))
        let scan = script.scanned()
        let taken = OutboxMessage(idempotencyKey: opened.id.uuidString, kind: "basketEvent", orderingKey: "x", payload: Data("{}".utf8))
        #expect(throws: StorageError.self) { try store.append([scan], state: scanning(1, total: 189), outbox: [taken]) }
        #expect(try store.contains(eventID: scan.id) == false)
        #expect(try store.session(id: script.sessionID)?.state == "open")
    }

    @Test func thePaidEventItsPaymentAndItsAuditEntryCommitTogether() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let store = BasketStore(database: database)
        var script = SessionScript()
        try store.append([script.opened(), script.scanned()], state: scanning(1, total: 189))
        let amount = Money(minor: 189, currency: .eur)
        let paid = script.event(.paid(payment: PaymentReceipt(amount: amount, reference: "T-1")))
        let payment = try PaymentRecord(
            idempotencyKey: UUID().uuidString, sessionID: script.sessionID, amount: amount, outcome: .approved,
            scheme: "CB", last4: "4242", authCode: "A1B2C3", terminalTransactionID: "T-1", recordedAt: Date())
        try store.append(
            [paid], state: .init(state: "paid", total: amount, lineCount: 1),
            outbox: [try .basketEvent(paid), OutboxMessage(idempotencyKey: payment.idempotencyKey, kind: "payment", orderingKey: script.sessionID.uuidString, payload: Data("{}".utf8))],
            payment: payment, audit: [AuditLogDraft(kind: "paid", actor: "kiosk-1")])
        let stored = try #require(try PaymentStore(database: database).payments(sessionID: script.sessionID).first)
        #expect(stored.hasSameContent(as: payment))
        #expect(try AuditLog(database: database).entries().map(\.kind) == ["paid"])
        #expect(try Outbox(database: database).status().depth == 4)
    }
}

@Suite("Payments and the audit log")
struct PaymentAndAuditTests {
    @Test func paymentsRefuseCardDataAndReplaysAreNoOps() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let payments = PaymentStore(database: database)
        let session = SessionID(uuid: UUID())
        let card = #expect(throws: StorageError.self) {
            _ = try PaymentRecord(
                idempotencyKey: "k", sessionID: session, amount: Money(minor: 100, currency: .eur), outcome: .approved,
                scheme: "VISA", last4: "4970101234564242", authCode: nil, terminalTransactionID: nil, recordedAt: Date())
        }
        #expect(card?.code == .invalidInput)
        let payment = try PaymentRecord(
            idempotencyKey: "pay-1", sessionID: session, amount: Money(minor: 1234, currency: .eur), outcome: .approved,
            scheme: "CB", last4: "0042", authCode: "XYZ", terminalTransactionID: "T9", recordedAt: Date())
        let message = OutboxMessage(idempotencyKey: "pay-1", kind: "payment", orderingKey: session.uuidString, payload: Data("{}".utf8))
        #expect(try payments.record(payment, outbox: [message]) == .stored)
        #expect(try payments.record(payment, outbox: [message]) == .duplicate)
        #expect(try payments.payment(idempotencyKey: "pay-1")?.amount == Money(minor: 1234, currency: .eur))
        #expect(try Outbox(database: database).status().depth == 1)
        // Even written around the Swift type, SQL refuses a long number in last4.
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in
                try db.execute(sql: "UPDATE payment SET last4 = '4970101234564242'")
            }
        }
    }

    @Test func theAuditLogChainsAndDetectsTampering() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let log = AuditLog(database: database)
        for index in 1...5 {
            try log.append(kind: "lineVoided", actor: "staff-\(index)", sessionID: "S", detail: #"{"line":\#(index)}"#)
        }
        #expect(try log.verify() == .intact(count: 5))
        let entries = try log.entries()
        #expect(entries[1].previousHash == entries[0].hash)
        // The triggers refuse edits through SQL…
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'nobody' WHERE sequence = 3") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE sequence = 5") }
        }
        // …and the chain catches an edit made around them.
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'nobody' WHERE sequence = 3")
        }
        #expect(try log.verify() == .broken(atSequence: 3, reason: "its content does not match its hash"))
    }

    @Test func aDeletedEntryBreaksTheChain() throws {
        let database = try StorageFixtures.openDatabase(in: try StorageFixtures.temporaryDirectory())
        let log = AuditLog(database: database)
        for index in 1...4 { try log.append(kind: "k", actor: "a\(index)") }
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_delete")
            try db.execute(sql: "DELETE FROM audit_log WHERE sequence = 2")
        }
        guard case .broken(let sequence, _) = try log.verify() else {
            Issue.record("a deleted entry went unnoticed")
            return
        }
        #expect(sequence == 3)
    }
}
