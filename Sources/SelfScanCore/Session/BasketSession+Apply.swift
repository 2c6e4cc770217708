extension BasketSession {
    /// The reducer: checks that `event` may follow the log in the current state and applies it.
    /// Live commands and `replay(events:)` both go through here.
    mutating func apply(_ event: BasketEvent) throws(BasketError) {
        let expected = Int64(events.count + 1)
        guard event.sequence == expected else {
            throw .corruptLog(sequence: event.sequence, reason: "expected sequence \(expected)")
        }
        guard event.sessionID == id else {
            throw .corruptLog(sequence: event.sequence, reason: "event of session \(event.sessionID)")
        }
        // Nothing follows the end of a session, except the late charge a lost terminal answer turned out to be.
        if state.isTerminal, !(state.acceptsLateCharge && { if case .paid = event.payload { true } else { false } }()) {
            throw illegal(event.payload.name)
        }
        try applyPayload(event.payload)
        events.append(event)
    }

    private mutating func applyPayload(_ payload: BasketEventPayload) throws(BasketError) {
        let name = payload.name
        switch payload {
        case .sessionOpened:
            guard events.isEmpty else { throw illegal(name) }
            state = .open

        case .customerIdentified(let customerID):
            guard state.acceptsBasketChanges else { throw illegal(name) }
            if let current = basket.customerID, current != customerID { throw .customerAlreadyIdentified(current) }
            basket.customerID = customerID

        case .lineAdded(let line):
            guard state.acceptsBasketChanges else { throw illegal(name) }
            guard basket.line(line.id) == nil else {
                throw .corruptLog(sequence: Int64(events.count + 1), reason: "line \(line.id) added twice")
            }
            switch line.origin {
            case .scan, .staffPriced: break
            case .deposit(let parent):
                guard basket.line(parent)?.isVoided == false else { throw .unknownLine(parent) }
            case .audit: throw illegal(name)
            }
            guard line.unitPrice.currency == basket.currency else {
                throw .money(.currencyMismatch(basket.currency, line.unitPrice.currency))
            }
            try Self.money { () throws(MoneyError) in try basket.append(line) }
            if state == .open { state = .scanning }

        case .quantityChanged(let lineID, let quantity):
            guard state.acceptsBasketChanges else { throw illegal(name) }
            try setQuantity(of: lineID, to: quantity)

        case .lineVoided(let lineID, let reason, _):
            guard state.acceptsBasketChanges else { throw illegal(name) }
            try voidLine(lineID, reason: reason)
            if state == .approvalNeeded && pendingApprovalLineIDs.isEmpty { state = .scanning }

        case .unknownCodeScanned:
            guard state.acceptsBasketChanges else { throw illegal(name) }
            basket.unknownCodeCount += 1
            if state == .open { state = .scanning }

        case .saleRefused:
            guard state.acceptsBasketChanges else { throw illegal(name) }
            basket.refusedScanCount += 1
            if state == .open { state = .scanning }

        case .couponAdded(let coupon):
            guard state.acceptsBasketChanges else { throw illegal(name) }
            guard !basket.coupons.contains(where: { $0.code == coupon.code }) else { throw .duplicateCoupon(coupon.code) }
            basket.append(coupon)
            if state == .open { state = .scanning }

        case .approvalRequested(let lineID, _):
            guard state.acceptsBasketChanges else { throw illegal(name) }
            guard basket.line(lineID)?.isVoided == false else { throw .unknownLine(lineID) }
            pendingApprovalLineIDs.append(lineID)
            state = .approvalNeeded

        case .approvalGranted:
            guard state == .approvalNeeded else { throw illegal(name) }
            let ages = pendingApprovalLineIDs.compactMap { basket.line($0)?.minimumAge }
            approvedMinimumAge = max(approvedMinimumAge, ages.max() ?? 0)
            pendingApprovalLineIDs = []
            state = .scanning

        case .approvalRefused:
            guard state == .approvalNeeded else { throw illegal(name) }
            for lineID in pendingApprovalLineIDs { try voidLine(lineID, reason: .ageApprovalRefused) }
            pendingApprovalLineIDs = []
            state = .scanning

        case .checkoutRequested:
            guard state == .scanning else { throw illegal(name) }
            guard !basket.activeItemLines.isEmpty else { throw .emptyBasket }
            auditDecision = nil
            state = .checkoutRequested

        case .auditDecided(let decision):
            guard state == .checkoutRequested else { throw illegal(name) }
            auditDecision = decision
            state = decision.isRequired ? .auditRequired : .readyToPay

        case .auditStarted:
            guard state == .auditRequired else { throw illegal(name) }
            state = .auditing

        case .auditCompleted(let report):
            guard state == .auditing else { throw illegal(name) }
            try applyDifferences(report)
            auditReport = report
            state = .audited

        case .auditAcknowledged:
            guard state == .audited else { throw illegal(name) }
            state = .readyToPay

        case .scanningResumed:
            // Back to scanning only when no audit was required: an audit cannot be escaped.
            guard state == .readyToPay, auditDecision?.isRequired == false else { throw illegal(name) }
            auditDecision = nil
            state = .scanning

        case .suspended:
            guard isSuspendable else { throw illegal(name) }
            stateBeforeSuspension = state
            state = .suspended

        case .resumed(let deviceID):
            guard state == .suspended, let previous = stateBeforeSuspension else { throw illegal(name) }
            self.deviceID = deviceID
            stateBeforeSuspension = nil
            state = previous

        case .paid(let receipt):
            guard state.acceptsLateCharge else { throw illegal(name) }
            payment = receipt
            stateBeforeSuspension = nil
            state = .paid

        case .exited:
            guard state == .paid else { throw illegal(name) }
            state = .exited

        case .abandoned:
            guard state.isBeforePayment else { throw illegal(name) }
            state = .abandoned

        case .sessionVoided:
            guard state.isBeforePayment else { throw illegal(name) }
            state = .void
        }
    }

    /// Sets a counted line's quantity; its deposit lines follow (one deposit per unit).
    private mutating func setQuantity(of lineID: LineID, to quantity: Int) throws(BasketError) {
        guard let line = basket.line(lineID), !line.isVoided else { throw .unknownLine(lineID) }
        guard line.isCounted, !line.isDeposit else { throw .quantityNotChangeable(lineID) }
        guard quantity >= 1 else { throw .invalidQuantity(quantity) }
        try Self.money { () throws(MoneyError) in
            try basket.update(lineID) { $0.measure = .units(quantity) }
            for deposit in basket.depositLines(of: lineID) {
                try basket.update(deposit.id) { $0.measure = .units(quantity) }
            }
        }
    }

    /// Voids a line and its deposit lines.
    private mutating func voidLine(_ lineID: LineID, reason: LineVoidReason) throws(BasketError) {
        guard let line = basket.line(lineID), !line.isVoided else { throw .unknownLine(lineID) }
        guard !line.isDeposit else { throw .quantityNotChangeable(lineID) }
        try Self.money { () throws(MoneyError) in
            for deposit in basket.depositLines(of: lineID) { try basket.update(deposit.id) { $0.isVoided = true } }
            try basket.update(lineID) { $0.isVoided = true }
        }
        if reason == .customerRemoved { basket.customerVoidCount += 1 }
        pendingApprovalLineIDs.removeAll { $0 == lineID }
    }

    /// Applies an audit's corrections: missing items added, extra lines voided, quantities set.
    private mutating func applyDifferences(_ report: AuditReport) throws(BasketError) {
        for difference in report.differences {
            switch difference {
            case .missing(let line):
                let validOrigin: Bool
                switch line.origin {
                case .audit: validOrigin = true
                case .deposit(let parent): validOrigin = basket.line(parent)?.isVoided == false
                case .scan, .staffPriced: validOrigin = false
                }
                guard basket.line(line.id) == nil, validOrigin else {
                    throw .corruptLog(sequence: Int64(events.count + 1), reason: "bad audit line \(line.id)")
                }
                try Self.money { () throws(MoneyError) in try basket.append(line) }
            case .extra(let lineID, _):
                try voidLine(lineID, reason: .auditExtra)
            case .quantityMismatch(let lineID, _, _, let found):
                try setQuantity(of: lineID, to: found)
            }
        }
    }
}
