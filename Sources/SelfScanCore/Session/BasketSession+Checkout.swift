extension BasketSession {
    /// Staff confirm the customer's age for every pending restricted line.
    public mutating func grantApproval(staffID: StaffID, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .approvalNeeded else { throw illegal("grantApproval") }
        return try record([.approvalGranted(staffID: staffID)], action: .updateDisplay, context: context)
    }

    /// Staff refuse the sale: the pending restricted lines are voided.
    public mutating func refuseApproval(staffID: StaffID, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .approvalNeeded else { throw illegal("refuseApproval") }
        return try record([.approvalRefused(staffID: staffID)], action: .updateDisplay, context: context)
    }

    /// The customer asks to pay: the audit policy decides (seeded draw), and the session goes to
    /// `auditRequired` or `readyToPay`.
    public mutating func requestCheckout(
        policy: AuditPolicy, seed: UInt64, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state == .scanning else { throw illegal("requestCheckout") }
        guard !basket.activeItemLines.isEmpty else { throw .emptyBasket }
        let customer = try basket.customerID.flatMap { id throws(BasketError) in
            try Self.lookup({ () throws(CatalogLookupError) in try context.catalog.customer(id: id) })
        }
        let decision = policy.decide(basket: basket, customer: customer, seed: seed)
        let action: SessionAction = decision.isRequired
            ? .requestAudit(decision) : .collectPayment(amount: try totals(context: context).total)
        return try record([.checkoutRequested, .auditDecided(decision: decision)], action: action, context: context)
    }

    /// Staff start the audit the policy required.
    public mutating func startAudit(staffID: StaffID, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .auditRequired, let mode = auditDecision?.mode else { throw illegal("startAudit") }
        return try record([.auditStarted(staffID: staffID, mode: mode)], action: .updateDisplay, context: context)
    }

    /// Staff report what they counted, per product (units; a weighed or label-priced line counts as one).
    /// A partial audit compares the products of the drawn lines; a full one compares everything, including
    /// products found in the bag but never scanned. The differences correct the basket.
    public mutating func completeAudit(
        staffID: StaffID, counted: [ProductID: Int], context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state == .auditing, let decision = auditDecision, let mode = decision.mode else {
            throw illegal("completeAudit")
        }
        let report = try reconcile(staffID: staffID, mode: mode, linesToCheck: decision.linesToCheck,
                                   counted: counted, context: context)
        if report.passed {
            return try record([.auditCompleted(report: report), .auditAcknowledged],
                              action: .collectPayment(amount: try totalAfter(report, context: context)), context: context)
        }
        return try record([.auditCompleted(report: report)], action: .showAuditDifferences(report), context: context)
    }

    /// The customer has seen the audit's differences: on to payment.
    public mutating func acknowledgeAudit(context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .audited else { throw illegal("acknowledgeAudit") }
        var copy = self
        _ = try copy.record([.auditAcknowledged], action: .updateDisplay, context: context)
        let total = try copy.totals(context: context).total
        return try record([.auditAcknowledged], action: .collectPayment(amount: total), context: context)
    }

    /// Back to scanning from `readyToPay` (only when no audit was required).
    public mutating func resumeScanning(context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .readyToPay, auditDecision?.isRequired == false else { throw illegal("resumeScanning") }
        return try record([.scanningResumed], action: .updateDisplay, context: context)
    }

    /// Pauses the session, e.g. to hand it off to another device: while the basket may change, or once an
    /// audit the policy required passed and the basket waits for payment (`isSuspendable`). An audited basket
    /// resumes in `readyToPay`, where it can neither change nor go back to scanning: what was audited is paid.
    public mutating func suspend(reason: SuspensionReason, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard isSuspendable else { throw illegal("suspend") }
        return try record([.suspended(reason: reason)], action: .updateDisplay, context: context)
    }

    /// Resumes a suspended session on `deviceID`, in the state it was suspended in.
    public mutating func resume(on deviceID: DeviceID, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .suspended else { throw illegal("resume") }
        return try record([.resumed(deviceID: deviceID)], action: .updateDisplay, context: context)
    }

    /// Records the payment; the amount must be the total due.
    public mutating func pay(_ receipt: PaymentReceipt, context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .readyToPay else { throw illegal("pay") }
        let due = try totals(context: context).total
        guard receipt.amount == due else { throw .paymentMismatch(expected: due, received: receipt.amount) }
        return try record([.paid(payment: receipt)], action: .openExitGate, context: context)
    }

    /// A charge the terminal made but could not report, confirmed later by staff from its journal, for a
    /// session that ended meanwhile (`abandoned`, `void`) or is suspended for a hand-off: the money was
    /// taken, so the sale is finished (`paid`). The amount must be the basket's total.
    public mutating func settleLateCharge(
        _ receipt: PaymentReceipt, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.acceptsLateCharge, state != .readyToPay else { throw illegal("settleLateCharge") }
        let due = try totals(context: context).total
        guard receipt.amount == due else { throw .paymentMismatch(expected: due, received: receipt.amount) }
        return try record([.paid(payment: receipt)], action: .openExitGate, context: context)
    }

    /// The customer left through the gate.
    public mutating func exit(context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state == .paid else { throw illegal("exit") }
        return try record([.exited], action: .closeSession, context: context)
    }

    /// The customer left without paying, or the session timed out.
    public mutating func abandon(context: SessionContext) throws(BasketError) -> SessionOutcome {
        guard state.isBeforePayment else { throw illegal("abandon") }
        return try record([.abandoned], action: .closeSession, context: context)
    }

    /// Staff cancel the whole session.
    public mutating func voidSession(
        staffID: StaffID, reason: SessionVoidReason, context: SessionContext
    ) throws(BasketError) -> SessionOutcome {
        guard state.isBeforePayment else { throw illegal("voidSession") }
        return try record([.sessionVoided(staffID: staffID, reason: reason)], action: .closeSession, context: context)
    }

    private func totalAfter(_ report: AuditReport, context: SessionContext) throws(BasketError) -> Money {
        var copy = self
        _ = try copy.record([.auditCompleted(report: report)], action: .updateDisplay, context: context)
        return try copy.totals(context: context).total
    }
}

extension BasketSession {
    /// Whether `suspend` is allowed now: the basket may still change, or an audit the policy required was
    /// completed and acknowledged (`readyToPay` with its report): the audited basket is handed off to pay.
    public var isSuspendable: Bool {
        state.acceptsBasketChanges
            || (state == .readyToPay && auditDecision?.isRequired == true && auditReport != nil)
    }

    /// When the last event happened (the epoch for a session without events).
    public var lastActivity: Instant { events.last?.timestamp ?? .epoch }

    /// Whether an unpaid session has seen no event for `timeout` at `now` (the adapter then calls
    /// `abandon(context:)`). Paid and finished sessions are never idle.
    public func isIdle(at now: Instant, timeout: Duration) -> Bool {
        state.isBeforePayment && now - lastActivity >= timeout
    }
}
