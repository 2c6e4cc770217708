import Testing
import SelfScanDemo
@testable import SelfScanCore

/// Two transitions beyond the happy path: an audited basket handed off to pay (the phone after its audit), and
/// a charge staff confirm from the terminal's journal after the session ended.
@Suite struct AuditedHandoffAndLateChargeTests {
    /// Earbuds (always audited) and a baguette, checked out and audited with no difference: `readyToPay`.
    static func auditedBasket(_ harness: TripHarness) throws -> BasketSession {
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.earbuds), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 1, context: harness.context)
        #expect(session.state == .auditRequired)
        _ = try session.startAudit(staffID: "S2", context: harness.context)
        _ = try session.completeAudit(
            staffID: "S2", counted: [DemoCatalog.earbuds: 1, DemoCatalog.baguette: 1], context: harness.context)
        #expect(session.state == .readyToPay)
        return session
    }

    @Test func anAuditedBasketIsHandedOffAndResumesOnPaymentWithItsAudit() throws {
        let harness = try TripHarness.demo()
        var session = try Self.auditedBasket(harness)
        let report = try #require(session.auditReport)
        let total = try harness.totals(session).total
        #expect(session.isSuspendable)

        _ = try session.suspend(reason: .handoff, context: harness.context)
        #expect(session.state == .suspended)
        _ = try session.resume(on: "kiosk-2", context: harness.context)
        // The kiosk lands on payment with the audit kept: no way back to scanning, no basket change.
        #expect(session.state == .readyToPay)
        #expect(session.deviceID == "kiosk-2")
        #expect(session.auditReport == report)
        #expect(session.auditDecision?.isRequired == true)
        #expect(throws: BasketError.illegalTransition(action: "resumeScanning", state: .readyToPay)) {
            try session.resumeScanning(context: harness.context)
        }
        #expect(throws: BasketError.self) { try session.scan(try item(DemoCatalog.coffee), context: harness.context) }
        #expect(throws: BasketError.self) {
            try session.voidLine(try #require(session.basket.activeItemLines.first?.id), context: harness.context)
        }
        _ = try session.pay(PaymentReceipt(amount: total, reference: "T1"), context: harness.context)
        #expect(session.state == .paid)

        // The log replays (a daemon importing the hand-off rebuilds the same session).
        let replayed = try BasketSession.replay(events: session.events)
        #expect(replayed == session)
    }

    @Test func onlyAnAuditedBasketIsSuspendedWhileWaitingForPayment() throws {
        let harness = try TripHarness.demo()
        // No audit drawn: readyToPay is not handed off as such (back to scanning first, as before).
        var unaudited = try harness.open(card: DemoCatalog.marieCard)
        _ = try unaudited.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try unaudited.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 3, context: harness.context)
        #expect(unaudited.state == .readyToPay)
        #expect(!unaudited.isSuspendable)
        #expect(throws: BasketError.illegalTransition(action: "suspend", state: .readyToPay)) {
            try unaudited.suspend(reason: .handoff, context: harness.context)
        }
        // An audit required but not done yet (or in progress) is never escaped by a hand-off.
        var pending = try harness.open(sessionSeed: 5)
        _ = try pending.scan(try item(DemoCatalog.earbuds), context: harness.context)
        _ = try pending.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 1, context: harness.context)
        #expect(throws: BasketError.illegalTransition(action: "suspend", state: .auditRequired)) {
            try pending.suspend(reason: .handoff, context: harness.context)
        }
        _ = try pending.startAudit(staffID: "S2", context: harness.context)
        #expect(throws: BasketError.illegalTransition(action: "suspend", state: .auditing)) {
            try pending.suspend(reason: .handoff, context: harness.context)
        }
    }

    @Test(arguments: ["abandoned", "void", "suspended"])
    func aLateChargeFinishesAnEndedSale(_ ending: String) throws {
        let harness = try TripHarness.demo()
        var session = try Self.auditedBasket(harness)
        let total = try harness.totals(session).total
        switch ending {
        case "abandoned": _ = try session.abandon(context: harness.context)
        case "void": _ = try session.voidSession(staffID: "S1", reason: .customerRequest, context: harness.context)
        default: _ = try session.suspend(reason: .handoff, context: harness.context)
        }
        #expect(session.state.rawValue == ending)
        #expect(throws: BasketError.paymentMismatch(expected: total, received: euros(1))) {
            try session.settleLateCharge(PaymentReceipt(amount: euros(1), reference: "X"), context: harness.context)
        }
        let outcome = try session.settleLateCharge(PaymentReceipt(amount: total, reference: "CAP-1"), context: harness.context)
        #expect(outcome.action == .openExitGate)
        #expect(session.state == .paid)
        #expect(session.stateBeforeSuspension == nil)
        // Once paid, the sale is over like any other: exit, and nothing else.
        #expect(throws: BasketError.self) { try session.abandon(context: harness.context) }
        _ = try session.exit(context: harness.context)
        #expect(try BasketSession.replay(events: session.events) == session)
    }

    @Test func aLateChargeIsOnlyForAnEndedSale() throws {
        let harness = try TripHarness.demo()
        var ready = try Self.auditedBasket(harness)
        let total = try harness.totals(ready).total
        // readyToPay pays the ordinary way; a scanning basket or a finished one takes no late charge.
        #expect(throws: BasketError.illegalTransition(action: "settleLateCharge", state: .readyToPay)) {
            try ready.settleLateCharge(PaymentReceipt(amount: total, reference: "T"), context: harness.context)
        }
        var scanning = try harness.open(sessionSeed: 7)
        _ = try scanning.scan(try item(DemoCatalog.baguette), context: harness.context)
        #expect(throws: BasketError.illegalTransition(action: "settleLateCharge", state: .scanning)) {
            try scanning.settleLateCharge(PaymentReceipt(amount: euros(115), reference: "T"), context: harness.context)
        }
        _ = try ready.pay(PaymentReceipt(amount: total, reference: "T"), context: harness.context)
        _ = try ready.exit(context: harness.context)
        #expect(throws: BasketError.self) {
            try ready.settleLateCharge(PaymentReceipt(amount: total, reference: "T2"), context: harness.context)
        }
    }
}
