import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage
import SelfScanSync

/// The answer to a payment request.
struct PaymentResult: Codable, Sendable {
    /// The payment taken; absent when the basket was finished with nothing to pay (a 0.00 basket, or one whose
    /// approved payments already cover its total).
    let payment: PaymentView?
    /// `true` when this answer replays an already recorded payment (same `paymentID`): nothing was charged.
    let replayed: Bool
    let session: SessionView
}

extension LiveSessions {
    /// Takes a payment on the terminal and records its outcome, idempotently by the session and the client's
    /// `paymentID`: a retry with the same id returns the recorded outcome without charging again.
    ///
    /// Money rules (docs/api.md, "Money rules"): the payment **intent** is written before the terminal is
    /// asked; the terminal's answer completes it in the transaction that records the payment (with the `paid`
    /// event, receipt and closed basket when it completes the basket). An intent left open (a crash, a lost
    /// answer, a failed commit) is reconciled through the terminal's last transaction before anything else is
    /// sent to the terminal, and at start-up. `amount` below what is due is a partial payment; the session is
    /// `paid` when approved payments reach the total. A basket with nothing due finishes without the terminal.
    func pay(session id: String, paymentID clientID: String, amount requested: Money?) async throws -> PaymentResult {
        let sessionID = try Self.sessionID(id)
        try PaymentKeys.checkClientPaymentID(clientID)
        let key = PaymentKeys.charge(session: sessionID, clientPaymentID: clientID)
        if let replay = try replayedPayment(key: key, sessionID: sessionID) { return replay }
        guard !paymentsInFlight.contains(sessionID) else { throw SessionError.paymentInProgress }
        _ = try load(sessionID)  // 404 before anything else
        if let terminal {
            guard !terminalInUse else { throw PaymentError.terminalBusy }
            terminalInUse = true
            defer { terminalInUse = false }
            paymentsInFlight.insert(sessionID)
            defer { paymentsInFlight.remove(sessionID) }
            try await reconcileOpenIntents(terminal)
            return try await charge(
                session: sessionID, key: key, clientID: clientID, amount: requested, terminal: terminal)
        }
        let session = try load(sessionID)
        guard session.state == .readyToPay else { throw SessionError.notReadyToPay(state: session.state.rawValue) }
        let context = try context()
        let total = try session.totals(context: context).total
        guard try netPaid(sessionID, currency: total.currency) >= total else { throw PaymentError.noTerminal }
        return try await finishWithNothingDue(session, context: context)
    }

    /// The recorded payment of `key`, as a replay (nothing charged), if there is one.
    private func replayedPayment(key: String, sessionID: SessionID) throws -> PaymentResult? {
        guard let existing = try payments.payment(idempotencyKey: key) else { return nil }
        let session = try load(sessionID)
        return PaymentResult(
            payment: PaymentView(existing), replayed: true, session: try view(session, context: try context()))
    }

    /// The charge itself, with the terminal reserved and open intents reconciled.
    private func charge(
        session sessionID: SessionID, key: String, clientID: String, amount requested: Money?,
        terminal: any PaymentTerminal
    ) async throws -> PaymentResult {
        // Reconciling may have recorded this very payment (its answer had been lost).
        if let replay = try replayedPayment(key: key, sessionID: sessionID) { return replay }
        let session = try load(sessionID)
        guard session.state == .readyToPay else { throw SessionError.notReadyToPay(state: session.state.rawValue) }
        let context = try context()
        let totals = try session.totals(context: context)
        let total = totals.total
        let paidSoFar = try netPaid(sessionID, currency: total.currency)
        let due = try total.subtracting(paidSoFar)
        if due.minor <= 0 { return try await finishWithNothingDue(session, context: context) }
        let amount = requested ?? due
        guard amount.currency == total.currency, amount.minor > 0, amount <= due else {
            throw PaymentError.badAmount("\(amount) requested, \(due) due")
        }
        // What each line costs after discounts, kept with the payment that completes the basket (refund caps).
        var shares: [LineID: Money]?
        if amount == due { shares = try PaidLineShares.compute(basket: session.basket, totals: totals).shares }
        let intent = try await intents.beginGroupCommitted(
            PaymentIntent(
                idempotencyKey: key, kind: .charge, sessionID: sessionID, clientReference: clientID, amount: amount),
            lineShares: shares)
        let request = PaymentRequest(requestID: intent.requestID, amount: amount, reference: sessionID.uuidString)
        let outcome: TerminalOutcome
        do {
            outcome = try await charge(terminal, request, intentKey: key)
        } catch {
            // An outcome left unknown keeps the intent open: staff are told (a `paymentUnknown` alert).
            if try intents.intent(key: key)?.state == .open { await raisePaymentUnknownAlerts() }
            throw error
        }

        let record: PaymentRecord
        switch outcome {
        case .approved(let transaction), .declined(let transaction):
            record = try PaymentRecord(
                idempotencyKey: key, sessionID: sessionID, amount: transaction.amount,
                outcome: transaction.approved ? .approved : .declined, scheme: transaction.scheme,
                last4: transaction.maskedPANLast4, authCode: transaction.authorisationCode,
                terminalTransactionID: transaction.terminalTransactionID, recordedAt: clock.now().date, ticket: transaction.ticket)
        case .cancelled:
            record = try PaymentRecord(
                idempotencyKey: key, sessionID: sessionID, amount: amount, outcome: .cancelled, scheme: nil,
                last4: nil, authCode: nil, terminalTransactionID: nil, recordedAt: clock.now().date)
        }
        metrics.counter("selfscan_payments_total", [("outcome", record.outcome.rawValue)]).increment()
        try await recordTerminalAnswer(record)
        await events.publish(type: "payment", session: sessionID.uuidString, encoding: PaymentView(record))
        let view = try await publishedView(try load(sessionID), context: context)
        return PaymentResult(payment: PaymentView(record), replayed: false, session: view)
    }

    /// Records what the terminal answered: with the `paid` event, receipt and closed basket when it completes
    /// the basket, alone otherwise. When that transaction fails, the payment is recorded alone (the basket is
    /// finished by the next payment request); when even that fails the intent stays open and is reconciled
    /// with the terminal before its next request. Never lost, never at debug level.
    ///
    /// Holds the session's gate (the write is group-committed off the actor): the caller must not hold it.
    func recordTerminalAnswer(_ record: PaymentRecord) async throws {
        let paymentMessage = try OutboxMessage.payment(record)
        await enterGate(record.sessionID)
        defer { leaveGate(record.sessionID) }
        do {
            var current = try load(record.sessionID)
            let context = try context()
            let total = try current.totals(context: context).total
            var newPaid = try netPaid(record.sessionID, currency: total.currency)
            if record.outcome == .approved { newPaid = try newPaid.adding(record.amount) }
            if record.outcome == .approved, current.state == .readyToPay, newPaid >= total {
                try await finishPaid(
                    &current, total: total, context: context, payment: record, paymentMessage: paymentMessage)
            } else {
                try await payments.recordGroupCommitted(record, outbox: [paymentMessage])
                outboxListener()
            }
        } catch {
            logger.error(
                "recording a terminal answer with its basket failed: recording the payment alone",
                metadata: ["payment": "\(record.idempotencyKey)", "error": "\(String(reflecting: error))"])
            do {
                try await payments.recordGroupCommitted(record, outbox: [paymentMessage])
                outboxListener()
            } catch let second {
                logger.critical(
                    "a terminal answer could not be recorded: its intent stays open and is reconciled with the terminal",
                    metadata: ["payment": "\(record.idempotencyKey)", "error": "\(String(reflecting: second))"])
                throw second
            }
        }
    }

    /// Moves a fully paid session to `paid` with its receipt and closed basket (and the payment that completed
    /// it), in one transaction, then issues the exit pass. The caller holds the session's gate.
    func finishPaid(
        _ current: inout BasketSession, total: Money, context: SessionContext, payment record: PaymentRecord?,
        paymentMessage: OutboxMessage?
    ) async throws {
        let id = current.id.uuidString
        let references = try payments.payments(sessionID: current.id)
            .filter { $0.outcome == .approved }.compactMap(\.terminalTransactionID)
            + [record?.terminalTransactionID].compactMap { $0 }
        var paid = try netPaid(current.id, currency: total.currency)
        if let record, record.outcome == .approved { paid = try paid.adding(record.amount) }
        if paid > total {
            logger.warning(
                "approved payments exceed the basket's total (prices changed between payments): refund the difference",
                metadata: ["session": "\(id)", "paid": "\(paid)", "total": "\(total)"])
        }
        let receipt = PaymentReceipt(amount: total, reference: references.joined(separator: "+"))
        // A charge staff confirmed after the session was voided or abandoned spends again the coupons that end
        // gave back, with the sale (LiveSessions+CouponRespend.swift).
        let couponRespends = try Self.couponRespends(settling: current, at: clock.now().date)
        // A charge staff confirmed after the session ended (or was suspended) still finishes the sale.
        let paidOutcome = current.state == .readyToPay
            ? try current.pay(receipt, context: context) : try current.settleLateCharge(receipt, context: context)
        let paperReceipt = try Receipt(
            view: try view(current, context: context), issuedAt: clock.now().date, paying: record.map(PaymentView.init))
        try await commit(
            current, paidOutcome, context: context,
            outbox: [paymentMessage].compactMap { $0 } + [
                try OutboxMessage.receipt(paperReceipt),
                try OutboxMessage.closedBasket(
                    ClosedBasketPayload(
                        sessionID: id, closedAt: clock.now().date, total: total,
                        lineCount: current.basket.activeItemLines.count,
                        customerID: current.identifiedCustomerID?.rawValue,
                        products: Array(Set(current.basket.activeItemLines.map(\.productID.rawValue))).sorted()),
                    idempotencyKey: "closed-\(id)"),
            ] + couponRespends, payment: record)
        _ = try issueExitPass(current, total: total)
        logger.info("session paid", metadata: ["session": "\(id)", "total": "\(total)"])
    }

    /// A basket with nothing (left) to pay: a 0.00 € basket, or one whose approved payments cover the total.
    /// It goes to `paid` with its exit pass, without the terminal.
    private func finishWithNothingDue(_ session: BasketSession, context: SessionContext) async throws -> PaymentResult {
        let current = try await withGate(session.id) { () async throws -> BasketSession in
            // Re-read under the gate: another command of this session may have committed since.
            var current = try load(session.id)
            guard current.state == .readyToPay else { throw SessionError.notReadyToPay(state: current.state.rawValue) }
            let total = try current.totals(context: context).total
            guard try netPaid(session.id, currency: total.currency) >= total else {
                throw SessionError.notReadyToPay(state: current.state.rawValue)
            }
            try await finishPaid(&current, total: total, context: context, payment: nil, paymentMessage: nil)
            return current
        }
        let view = try await publishedView(current, context: context)
        return PaymentResult(payment: nil, replayed: false, session: view)
    }

    /// Approved minus refunded, over the session's payment records.
    func netPaid(_ sessionID: SessionID, currency: Currency) throws -> Money {
        let records = try payments.payments(sessionID: sessionID)
        let approved = try Money.sum(records.filter { $0.outcome == .approved }.map(\.amount), currency: currency)
        let refunded = try Money.sum(records.filter { $0.outcome == .refunded }.map(\.amount), currency: currency)
        return try approved.subtracting(refunded)
    }

    /// Refuses a change that would take a line out of a basket on which a payment stands (approved and not
    /// refunded): after a payment, lines leave the basket only through a staff refund.
    func refuseIfPaymentStanding(_ sessionID: SessionID) throws {
        let session = try load(sessionID)
        guard try netPaid(sessionID, currency: session.opening.currency).minor > 0 else { return }
        throw SessionError.basketLockedByPayment
    }

    /// Asks the terminal to take the payment; on a timeout, asks for its last transaction, which settles
    /// the payment when it carries this request's id (an approval whose answer was lost is not lost money).
    /// Any other error of `pay` means the request never reached the terminal (`PaymentTerminal`'s contract):
    /// the intent `intentKey` is closed as not charged at once, so a terminal that was merely unreachable never
    /// leaves an intent open (after a restart the adapter could not tell it apart from a lost answer).
    func charge(
        _ terminal: any PaymentTerminal, _ request: PaymentRequest, intentKey: String
    ) async throws -> TerminalOutcome {
        let error: PaymentError
        do {
            return try await terminal.pay(request)
        } catch let failure {
            error = failure
        }
        guard case .terminalTimeout = error else {
            try closeUnsent(intentKey: intentKey, error: error)
            throw error
        }
        logger.warning(
            "payment terminal timeout: asking for its last transaction", metadata: ["session": "\(request.reference)"])
        // A terminal that cannot say what it last did leaves the outcome unknown: still a timeout for the shopper
        // (never "not charged"), the intent stays open.
        let last = try? await terminal.lastTransaction()
        guard let last, last.requestID == request.requestID else {
            metrics.counter("selfscan_payments_total", [("outcome", "timeout")]).increment()
            throw PaymentError.terminalTimeout
        }
        return last.approved ? .approved(last) : .declined(last)
    }

    /// The terminal refused a request before taking it (unreachable, bad amount): nothing was charged.
    func closeUnsent(intentKey: String, error: any Error) throws {
        try intents.markNotCharged(key: intentKey)
        logger.notice(
            "payment intent closed: the request never reached the terminal",
            metadata: ["payment": "\(intentKey)", "error": "\(error)"])
    }

    /// The session's exit pass (issued at payment; re-issued when expired or after a restart).
    func exitPass(session id: String) throws -> SessionView.ExitPass {
        let session = try load(try Self.sessionID(id))
        guard session.state == .paid else { throw SessionError.notPaid(state: session.state.rawValue) }
        if let pass = exitPasses[session.id], pass.expiresAt > Date(unixSeconds: now()) { return pass }
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
            code: SignedPass.qrPayload(kind: .exit, token: try passes.issue(pass)), expiresAt: Date(unixSeconds: pass.expiresAt))
        exitPasses[session.id] = issued
        return issued
    }

    /// The gate let this session out (a store box holding the session records it).
    func markExited(session id: String) async {
        guard let sessionID = try? Self.sessionID(id) else { return }
        await enterGate(sessionID)
        defer { leaveGate(sessionID) }
        guard var session = try? load(sessionID), session.state == .paid,
            let context = try? context(), let outcome = try? session.exit(context: context)
        else { return }
        do {
            try await commit(session, outcome, context: context)
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
        return try Receipt(view: try view(session, context: try context()), issuedAt: clock.now().date)
    }

    /// The receipt and, while the basket is paid and not yet out, its exit pass (what the shopper's phone shows).
    func receiptWithExitPass(session id: String) throws -> (Receipt, SessionView.ExitPass?) {
        let session = try load(try Self.sessionID(id))
        guard session.state == .paid || session.state == .exited else {
            throw SessionError.notPaid(state: session.state.rawValue)
        }
        let view = try view(session, context: try context())
        return (try Receipt(view: view, issuedAt: clock.now().date), session.state == .paid ? view.exitPass : nil)
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
