import Foundation
import SelfScanCore
import SelfScanStorage
import SelfScanSync

/// The answer to a payment request.
struct PaymentResult: Codable, Sendable {
    let payment: PaymentView
    /// `true` when this answer replays an already recorded payment (same `paymentID`): nothing was charged.
    let replayed: Bool
    let session: SessionView
}

extension LiveSessions {
    /// Takes a payment on the terminal and records its outcome, idempotently by `paymentID`: a retry with the
    /// same id returns the recorded outcome without charging again. A terminal timeout is resolved by asking
    /// the terminal for its last transaction. `amount` below what is due is a partial payment (recorded as
    /// its own payment); the session is `paid` when approved payments reach the total.
    func pay(session id: String, paymentID: String, amount requested: Money?) async throws -> PaymentResult {
        let sessionID = try Self.sessionID(id)
        guard let terminal else { throw PaymentError.noTerminal }
        guard !paymentID.isEmpty, paymentID.count <= 64 else { throw PaymentError.badAmount("paymentID must be 1…64 characters") }
        if let existing = try payments.payment(idempotencyKey: paymentID) {
            guard existing.sessionID == sessionID else {
                throw APIError(.conflict, code: "paymentIDReused", "payment \(paymentID) belongs to another session")
            }
            let session = try load(sessionID)
            return PaymentResult(
                payment: PaymentView(existing), replayed: true, session: try view(session, context: try context()))
        }
        let session = try load(sessionID)
        guard session.state == .readyToPay else { throw SessionError.notReadyToPay(state: session.state.rawValue) }
        guard !paymentsInFlight.contains(sessionID) else { throw SessionError.paymentInProgress }
        let context = try context()
        let total = try session.totals(context: context).total
        let paidSoFar = try approvedSum(sessionID, currency: total.currency)
        let due = try total.subtracting(paidSoFar)
        let amount = requested ?? due
        guard amount.currency == total.currency, amount.minor > 0, amount <= due else {
            throw PaymentError.badAmount("\(amount) requested, \(due) due")
        }

        paymentsInFlight.insert(sessionID)
        defer { paymentsInFlight.remove(sessionID) }
        let request = PaymentRequest(requestID: paymentID, amount: amount, reference: id)
        let outcome = try await charge(terminal, request)

        let record: PaymentRecord
        switch outcome {
        case .approved(let transaction), .declined(let transaction):
            record = try PaymentRecord(
                idempotencyKey: paymentID, sessionID: sessionID, amount: transaction.amount,
                outcome: transaction.approved ? .approved : .declined, scheme: transaction.scheme,
                last4: transaction.maskedPANLast4, authCode: transaction.authorisationCode,
                terminalTransactionID: transaction.terminalTransactionID, recordedAt: Date())
        case .cancelled:
            record = try PaymentRecord(
                idempotencyKey: paymentID, sessionID: sessionID, amount: amount, outcome: .cancelled, scheme: nil,
                last4: nil, authCode: nil, terminalTransactionID: nil, recordedAt: Date())
        }
        metrics.counter("selfscan_payments_total", [("outcome", record.outcome.rawValue)]).increment()
        let paymentMessage = try OutboxMessage.payment(record)

        var current = try load(sessionID)  // re-read after the terminal's await
        let newPaid = try paidSoFar.adding(record.amount)
        let fullyPaid = record.outcome == .approved && newPaid == total
        if fullyPaid {
            let references = try payments.payments(sessionID: sessionID)
                .filter { $0.outcome == .approved }.compactMap(\.terminalTransactionID)
                + [record.terminalTransactionID].compactMap { $0 }
            let paidOutcome = try current.pay(
                PaymentReceipt(amount: total, reference: references.joined(separator: "+")), context: context)
            let receipt = try Receipt(view: try view(current, context: context), issuedAt: Date())
            try commit(
                current, paidOutcome, context: context,
                outbox: [
                    paymentMessage, try OutboxMessage.receipt(receipt),
                    try OutboxMessage.closedBasket(
                        ClosedBasketPayload(
                            sessionID: id, closedAt: Date(), total: total,
                            lineCount: current.basket.activeItemLines.count,
                            loyaltyCard: current.loyaltyCard),
                        idempotencyKey: "closed-\(id)"),
                ], payment: record)
            _ = try issueExitPass(current, total: total)
            logger.info("session paid", metadata: ["session": "\(id)", "total": "\(total)"])
        } else {
            try payments.record(record, outbox: [paymentMessage])
            outboxListener()
        }
        await events.publish(type: "payment", session: id, encoding: PaymentView(record))
        current = try load(sessionID)
        let view = try await publishedView(current, context: context)
        return PaymentResult(payment: PaymentView(record), replayed: false, session: view)
    }

    /// Asks the terminal to take the payment; on a timeout, asks for its last transaction, which settles
    /// the payment when it carries this request's id (an approval whose answer was lost is not lost money).
    func charge(_ terminal: any PaymentTerminal, _ request: PaymentRequest) async throws -> TerminalOutcome {
        let error: PaymentError
        do {
            return try await terminal.pay(request)
        } catch let failure {
            error = failure
        }
        guard case .terminalTimeout = error else { throw error }
        logger.warning(
            "payment terminal timeout: asking for its last transaction", metadata: ["session": "\(request.reference)"])
        guard let last = try await terminal.lastTransaction(), last.requestID == request.requestID else {
            metrics.counter("selfscan_payments_total", [("outcome", "timeout")]).increment()
            throw PaymentError.terminalTimeout
        }
        return last.approved ? .approved(last) : .declined(last)
    }

    func approvedSum(_ sessionID: SessionID, currency: Currency) throws -> Money {
        try Money.sum(
            try payments.payments(sessionID: sessionID).filter { $0.outcome == .approved }.map(\.amount),
            currency: currency)
    }

    /// The session's exit pass (issued at payment; re-issued when expired or after a restart).
    func exitPass(session id: String) throws -> SessionView.ExitPass {
        let session = try load(try Self.sessionID(id))
        guard session.state == .paid else { throw SessionError.notPaid(state: session.state.rawValue) }
        if let pass = exitPasses[session.id], pass.expiresAt > now() { return pass }
        let total = try session.totals(context: try context()).total
        return try issueExitPass(session, total: total)
    }

    @discardableResult
    func issueExitPass(_ session: BasketSession, total: Money) throws -> SessionView.ExitPass {
        let issuedAt = now()
        let pass = SignedPass(
            kind: .exit, store: storeID.rawValue, session: session.id.uuidString, total: total, issuedAt: issuedAt,
            expiresAt: issuedAt + Int64(signing.exitPassLifetimeSeconds), nonce: PassCodec.newNonce())
        let issued = SessionView.ExitPass(
            code: SignedPass.qrPayload(kind: .exit, token: try passes.issue(pass)), expiresAt: pass.expiresAt)
        exitPasses[session.id] = issued
        return issued
    }

    /// The gate let this session out (a store box holding the session records it).
    func markExited(session id: String) async {
        guard let sessionID = try? Self.sessionID(id), var session = try? load(sessionID), session.state == .paid,
            let context = try? context(), let outcome = try? session.exit(context: context)
        else { return }
        do {
            try commit(session, outcome, context: context)
            exitPasses[sessionID] = nil
            _ = try await publishedView(session, context: context)
        } catch {
            logger.error("recording the exit failed", metadata: ["session": "\(id)", "error": "\(error)"])
        }
    }

    /// The shopper's receipt (after payment).
    func receipt(session id: String) throws -> Receipt {
        let session = try load(try Self.sessionID(id))
        guard session.state == .paid || session.state == .exited else {
            throw SessionError.notPaid(state: session.state.rawValue)
        }
        return try Receipt(view: try view(session, context: try context()), issuedAt: Date())
    }

    /// Supervisor refund of a line after payment (an item returned at the desk): refunded on the terminal
    /// against the session's approved transaction, recorded as its own `refunded` payment.
    /// The refund's id is derived from the line (`refund-<lineID>`), so a line is refunded at most once.
    func refundLine(session id: String, line: String, staff: StaffLogin) async throws -> PaymentResult {
        let sessionID = try Self.sessionID(id)
        let refundID = "refund-\(line)"
        guard let terminal else { throw PaymentError.noTerminal }
        if let existing = try payments.payment(idempotencyKey: refundID) {
            return PaymentResult(
                payment: PaymentView(existing), replayed: true, session: try view(try load(sessionID), context: try context()))
        }
        let session = try load(sessionID)
        guard session.state == .paid || session.state == .exited else {
            throw SessionError.notPaid(state: session.state.rawValue)
        }
        let lineID = try Self.lineID(line)
        guard let basketLine = session.basket.line(lineID), !basketLine.isVoided else {
            throw BasketError.unknownLine(lineID)
        }
        let records = try payments.payments(sessionID: sessionID)
        guard let original = records.last(where: { $0.outcome == .approved }), let transactionID = original.terminalTransactionID
        else { throw PaymentError.unknownTransaction("none for session \(id)") }
        var amount = try basketLine.amount()
        for deposit in session.basket.depositLines(of: lineID) where !deposit.isVoided {
            amount = try amount.adding(try deposit.amount())
        }
        let transaction = try await terminal.refund(
            PaymentRequest(requestID: refundID, amount: amount, reference: id), of: transactionID)
        let record = try PaymentRecord(
            idempotencyKey: refundID, sessionID: sessionID, amount: transaction.amount, outcome: .refunded,
            scheme: transaction.scheme, last4: transaction.maskedPANLast4, authCode: transaction.authorisationCode,
            terminalTransactionID: transaction.terminalTransactionID, recordedAt: Date())
        try payments.record(record, outbox: [try OutboxMessage.payment(record)])
        outboxListener()
        metrics.counter("selfscan_payments_total", [("outcome", "refunded")]).increment()
        logger.info(
            "line refunded", metadata: ["session": "\(id)", "line": "\(basketLine.name)", "staff": "\(staff.staffID)"])
        await events.publish(type: "payment", session: id, encoding: PaymentView(record))
        return PaymentResult(
            payment: PaymentView(record), replayed: false, session: try view(session, context: try context()))
    }
}

extension OutboxMessage {
    /// The digital receipt for the referential (kind `receipt`), keyed by session.
    static func receipt(_ receipt: Receipt) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: "receipt-\(receipt.session)", kind: "receipt", orderingKey: receipt.session,
            payload: try ProtocolJSON.encoder().encode(receipt))
    }
}
