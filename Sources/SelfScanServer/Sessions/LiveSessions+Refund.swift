import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

extension LiveSessions {
    /// Supervisor refund of a line after payment (an item returned at the desk), on the terminal against one of
    /// the session's approved transactions, recorded as its own `refunded` payment.
    ///
    /// Money rules: the refund gives back what the line cost **after its share of the discounts**
    /// (`PaidLineShares`, recorded with the payment that completed the basket), never more than the session's
    /// net paid; a line is refunded once, keyed by its canonical id (`refund:<session>:line:<LINE-UUID>`), so
    /// the same line typed in another case is the same refund. Its intent is durable before the terminal is asked.
    func refundLine(session id: String, line: String, staff: StaffLogin) async throws -> PaymentResult {
        let sessionID = try Self.sessionID(id)
        let lineID = try Self.lineID(line)
        let key = PaymentKeys.lineRefund(session: sessionID, line: lineID)
        if let replay = try replayedRefund(key: key, line: lineID, sessionID: sessionID) { return replay }
        guard let terminal else { throw PaymentError.noTerminal }
        guard !terminalInUse else { throw PaymentError.terminalBusy }
        terminalInUse = true
        defer { terminalInUse = false }
        try await reconcileOpenIntents(terminal)
        if let replay = try replayedRefund(key: key, line: lineID, sessionID: sessionID) { return replay }

        let session = try load(sessionID)
        guard session.state == .paid || session.state == .exited else {
            throw SessionError.notPaid(state: session.state.rawValue)
        }
        guard let basketLine = session.basket.line(lineID), !basketLine.isVoided, !basketLine.isDeposit else {
            throw BasketError.unknownLine(lineID)
        }
        let context = try context()
        let currency = session.opening.currency
        let share = try paidShare(of: lineID, in: session, context: context)
        let net = try netPaid(sessionID, currency: currency)
        let amount = try RefundRule.allowance(share: share, refundedForLine: .zero(currency), sessionNetPaid: net)
        guard amount.minor > 0 else {
            throw PaymentError.nothingToRefund("line \(lineID) cost \(share) after discounts; \(net) is paid net")
        }
        let original = try refundableTransaction(of: sessionID, amount: amount)
        let record = try await refundOnTerminal(
            terminal, key: key, sessionID: sessionID, clientReference: lineID.uuidString, amount: amount,
            original: original)
        logger.info(
            "line refunded",
            metadata: [
                "session": "\(id)", "line": "\(basketLine.name)", "amount": "\(amount)", "staff": "\(staff.staffID)",
            ])
        return PaymentResult(
            payment: PaymentView(record), replayed: false, session: try view(try load(sessionID), context: context))
    }

    /// Refunds on the terminal everything still standing on a session (each approved transaction's unrefunded
    /// part): a staff void of a session with an approved payment gives the money back before voiding.
    func refundStandingPayments(of sessionID: SessionID, staff: StaffLogin) async throws {
        guard let terminal else { throw PaymentError.noTerminal }
        guard !terminalInUse else { throw PaymentError.terminalBusy }
        terminalInUse = true
        defer { terminalInUse = false }
        try await reconcileOpenIntents(terminal)
        for payment in try payments.payments(sessionID: sessionID) where payment.outcome == .approved {
            guard let transactionID = payment.terminalTransactionID else { continue }
            let key = PaymentKeys.transactionRefund(session: sessionID, transactionID: transactionID)
            guard try payments.payment(idempotencyKey: key) == nil else { continue }
            let left = payment.amount.minor - (try intents.refundedMinor(againstTransaction: transactionID))
            guard left > 0 else { continue }
            let amount = Money(minor: left, currency: payment.amount.currency)
            _ = try await refundOnTerminal(
                terminal, key: key, sessionID: sessionID, clientReference: transactionID, amount: amount,
                original: transactionID, cancellingIfLast: left == payment.amount.minor)
            logger.notice(
                "payment refunded before a staff void",
                metadata: ["session": "\(sessionID)", "amount": "\(amount)", "staff": "\(staff.staffID)"])
        }
    }

    /// One refund: intent first, then the terminal, then the record (with its outbox row). `cancellingIfLast`: the
    /// whole of `original` goes back, so when it is still the terminal's last transaction it is cancelled rather
    /// than credited (the cardholder is never charged; a declined cancellation falls back to a credit).
    private func refundOnTerminal(
        _ terminal: any PaymentTerminal, key: String, sessionID: SessionID, clientReference: String, amount: Money,
        original: String, cancellingIfLast: Bool = false
    ) async throws -> PaymentRecord {
        let intent = try await intents.beginGroupCommitted(
            PaymentIntent(
                idempotencyKey: key, kind: .refund, sessionID: sessionID, clientReference: clientReference,
                amount: amount, originalTransactionID: original))
        let transaction: TerminalTransaction
        do {
            let request = PaymentRequest(requestID: intent.requestID, amount: amount, reference: sessionID.uuidString)
            if cancellingIfLast, let cancelled = try await terminal.cancelLastTransaction(request, of: original),
                cancelled.approved
            {
                transaction = cancelled
                logger.notice("payment cancelled on the terminal", metadata: ["session": "\(sessionID)", "amount": "\(amount)"])
            } else {
                transaction = try await terminal.refund(request, of: original)
            }
        } catch PaymentError.terminalTimeout {
            await raisePaymentUnknownAlerts()
            throw PaymentError.terminalTimeout
        } catch {
            try closeUnsent(intentKey: key, error: error)
            throw error
        }
        guard transaction.approved else {
            try await intents.markNotChargedGroupCommitted(key: key)
            throw PaymentError.unknownTransaction("the terminal refused the refund of \(original)")
        }
        let record = try PaymentRecord(
            idempotencyKey: key, sessionID: sessionID, amount: transaction.amount, outcome: .refunded,
            scheme: transaction.scheme, last4: transaction.maskedPANLast4, authCode: transaction.authorisationCode,
            terminalTransactionID: transaction.terminalTransactionID, recordedAt: clock.now().date, ticket: transaction.ticket)
        try await recordTerminalAnswer(record)
        metrics.counter("selfscan_payments_total", [("outcome", "refunded")]).increment()
        await events.publish(type: "payment", session: sessionID.uuidString, encoding: PaymentView(record))
        return record
    }

    /// The recorded refund of this line, as a replay: under its key, or under the key of earlier builds
    /// (`refund-<line id as typed>`), compared by the parsed line id.
    private func replayedRefund(key: String, line: LineID, sessionID: SessionID) throws -> PaymentResult? {
        var existing = try payments.payment(idempotencyKey: key)
        if existing == nil {
            existing = try payments.payments(sessionID: sessionID).first { record in
                record.outcome == .refunded && record.idempotencyKey.hasPrefix("refund-")
                    && LineID(uuidString: String(record.idempotencyKey.dropFirst("refund-".count))) == line
            }
        }
        guard let existing else { return nil }
        return PaymentResult(
            payment: PaymentView(existing), replayed: true, session: try view(try load(sessionID), context: try context()))
    }

    /// What the line cost after discounts: as recorded with the completing payment, or (sessions paid before
    /// that was recorded) recomputed with the basket's totals at the moment it was paid.
    private func paidShare(of line: LineID, in session: BasketSession, context: SessionContext) throws -> Money {
        let stored = try intents.lineShares(sessionID: session.id)
        if !stored.isEmpty { return stored[line] ?? .zero(session.opening.currency) }
        let paidAt = session.events.last { if case .paid = $0.payload { true } else { false } }?.timestamp
        var atPayment = context
        if let paidAt { atPayment.clock = ManualClock(at: paidAt) }
        let totals = try session.totals(context: atPayment)
        let shares = try PaidLineShares.compute(basket: session.basket, totals: totals)
        return shares.share(of: line) ?? .zero(session.opening.currency)
    }

    /// The latest approved transaction of the session with at least `amount` not yet refunded.
    private func refundableTransaction(of sessionID: SessionID, amount: Money) throws -> String {
        let approved = try payments.payments(sessionID: sessionID).filter { $0.outcome == .approved }
        guard !approved.isEmpty else { throw PaymentError.unknownTransaction("none for session \(sessionID)") }
        for payment in approved.reversed() {
            guard let transactionID = payment.terminalTransactionID else { continue }
            let left = payment.amount.minor - (try intents.refundedMinor(againstTransaction: transactionID))
            if left >= amount.minor { return transactionID }
        }
        throw PaymentError.refundSpansPayments("\(amount) is more than any one payment has left; refund at the desk")
    }
}
