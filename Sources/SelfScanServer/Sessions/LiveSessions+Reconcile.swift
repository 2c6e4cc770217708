import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// Reconciling payment intents with the terminal: every terminal request is preceded by a durable intent
/// (`PaymentIntentStore`), and one request is in flight at a time, so an intent still `open` is the terminal's
/// last request or never reached it. Its last transaction tells which: the answer is recorded exactly once
/// (approved, declined or refunded, with its outbox row, finishing the basket when it completes it), or the
/// intent is closed as `notCharged` (a retry is then a new attempt).
extension LiveSessions {
    /// At start-up: settles what a crash left open. A terminal that does not answer leaves the intents open:
    /// the next payment or refund reconciles them first (and is refused while it cannot).
    func reconcileAtStartUp() async {
        guard let terminal, !terminalInUse else { return }
        terminalInUse = true
        defer { terminalInUse = false }
        do {
            try await reconcileOpenIntents(terminal)
        } catch {
            logger.error(
                "open payment intents could not be reconciled at start-up",
                metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Reconciles every open intent. The caller holds the terminal (`terminalInUse`).
    func reconcileOpenIntents(_ terminal: any PaymentTerminal) async throws {
        let open = try intents.openIntents()
        guard !open.isEmpty else { return }
        let last: TerminalTransaction?
        do {
            last = try await terminal.lastTransaction()
        } catch {
            logger.error(
                "payment intents are open and the terminal does not say what it last did: no new request until staff resolve them",
                metadata: ["intents": "\(open.map(\.idempotencyKey))", "error": "\(error)"])
            await raisePaymentUnknownAlerts()
            throw PaymentError.paymentOutcomeUnknown(
                "\(open.count) intent(s) open and the terminal cannot say what it last did (\(error)): a supervisor resolves them from the terminal's journal (POST /v1/staff/payment-intents/resolutions)")
        }

        for intent in open {
            guard let last, last.requestID == intent.requestID, last.approved || intent.kind == .charge else {
                try await intents.markNotChargedGroupCommitted(key: intent.idempotencyKey)
                logger.notice(
                    "payment intent closed: the terminal never took it",
                    metadata: ["payment": "\(intent.idempotencyKey)", "session": "\(intent.sessionID)"])
                continue
            }
            let outcome: PaymentOutcome = intent.kind == .refund ? .refunded : (last.approved ? .approved : .declined)
            let record = try PaymentRecord(
                idempotencyKey: intent.idempotencyKey, sessionID: intent.sessionID, amount: last.amount,
                outcome: outcome, scheme: last.scheme, last4: last.maskedPANLast4, authCode: last.authorisationCode,
                terminalTransactionID: last.terminalTransactionID, recordedAt: clock.now().date, ticket: last.ticket)
            logger.warning(
                "payment recorded from the terminal's last transaction (its answer had not been recorded)",
                metadata: [
                    "payment": "\(intent.idempotencyKey)", "outcome": "\(outcome.rawValue)", "amount": "\(last.amount)",
                ])
            metrics.counter("selfscan_payments_reconciled_total", [("outcome", outcome.rawValue)]).increment()
            try await recordTerminalAnswer(record)
            await events.publish(type: "payment", session: intent.sessionID.uuidString, encoding: PaymentView(record))
        }
        await clearSettledPaymentAlerts()
    }
}
