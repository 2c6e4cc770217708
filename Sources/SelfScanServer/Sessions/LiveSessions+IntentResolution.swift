import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// Payment intents whose outcome the terminal could not tell (Caisse-AP has no last-transaction query: a
/// timeout after the request left, or a connection cut mid-answer, may or may not have charged the card).
/// While one is open the daemon sends the terminal nothing new (it never charges twice); staff see it as a
/// `paymentUnknown` alert and in `GET /v1/staff/payment-intents`, read the terminal's journal, and a supervisor
/// resolves it: `charged` (the payment is recorded with the journal's authorisation number, finishing the
/// basket when it covers it) or `notCharged` (the intent closes; the shopper pays again). Exactly once: a
/// retried request answers the same, a different resolution of the same attempt is a conflict.
extension LiveSessions {
    /// Longest authorisation number accepted (terminals print 6; some acquirers use more).
    static let maximumAuthorisationCodeLength = 12
    /// Longest staff note kept with a resolution.
    static let maximumResolutionNoteLength = 200

    /// `GET /v1/staff/payment-intents`.
    func paymentIntentList() throws -> PaymentIntentList {
        let open = try intents.openIntents().map(intentView)
        let resolutions = try intents.staffResolutions().map(Self.resolutionView)
        return PaymentIntentList(intents: open, resolutions: resolutions)
    }

    /// `POST /v1/staff/payment-intents/resolutions` (supervisor).
    func resolvePaymentIntent(
        _ request: PaymentIntentResolutionRequest, staff: StaffLogin
    ) async throws -> PaymentIntentResolutionAnswer {
        let (kind, code, note) = try Self.checkResolution(request)
        // Never while the terminal is talking: the intent may be the request in flight, whose answer is coming.
        guard !terminalInUse else { throw PaymentError.terminalBusy }
        let currentTerminal = terminal
        let clock = self.clock
        let outcome = try await intents.resolveByStaff(
            requestID: request.requestID, kind: kind, authorisationCode: code, staffID: staff.staffID, note: note,
            record: { intent in
                try PaymentRecord(
                    idempotencyKey: intent.idempotencyKey, sessionID: intent.sessionID, amount: intent.amount,
                    outcome: intent.kind == .refund ? .refunded : .approved, scheme: nil, last4: nil, authCode: code,
                    terminalTransactionID: currentTerminal?.transactionID(forRequest: intent.requestID)
                        ?? "MANUAL-\(intent.requestID)",
                    recordedAt: clock.now().date, ticket: "SAISIE MANUELLE (journal du terminal)")
            },
            outbox: { record in [try OutboxMessage.payment(record)] })
        switch outcome {
        case .unknownIntent:
            throw PaymentError.unknownPaymentIntent(request.requestID)
        case .notOpen(let intent):
            throw PaymentError.paymentIntentNotOpen("\(request.requestID) is \(intent.state.rawValue)")
        case .conflicting(let existing):
            throw PaymentError.paymentIntentAlreadyResolved(
                "\(request.requestID) was resolved \(existing.kind.rawValue)"
                    + (existing.authorisationCode.map { " (authorisation \($0))" } ?? "") + " by \(existing.staffID)")
        case .replayed(let intent, let resolution, let payment):
            return try answer(intent: intent, resolution: resolution, payment: payment, replayed: true)
        case .resolved(let intent, let resolution, let payment):
            outboxListener()
            logger.notice(
                "payment intent resolved by staff from the terminal's journal",
                metadata: [
                    "payment": "\(intent.idempotencyKey)", "resolution": "\(resolution.kind.rawValue)",
                    "amount": "\(intent.amount)", "staff": "\(staff.staffID)",
                ])
            metrics.counter("selfscan_payment_intents_resolved_total", [("resolution", resolution.kind.rawValue)])
                .increment()
            alerts[Self.paymentAlertID(intent.requestID)] = nil
            if let payment {
                await events.publish(type: "payment", session: intent.sessionID.uuidString, encoding: PaymentView(payment))
                if intent.kind == .charge {
                    let respent = try await finishIfCovered(intent.sessionID)
                    await checkCouponsRespent(intent.sessionID, serials: respent)
                }
            }
            if let session = try? load(intent.sessionID), let context = try? context() {
                _ = try? await publishedView(session, context: context)
            } else {
                await publishAlertResolutions()
            }
            return try answer(intent: intent, resolution: resolution, payment: payment, replayed: false)
        }
    }

    /// A basket whose approved payments now cover its total goes to `paid` (receipt, exit pass, the closed
    /// basket synced once) — also when it was abandoned, voided or suspended while the answer was unknown:
    /// the card was charged, so the sale is finished. Under the session's gate, re-read there. Returns the
    /// single-use coupon serials spent again (the session had released them when it was voided or abandoned).
    private func finishIfCovered(_ sessionID: SessionID) async throws -> [String] {
        try await withGate(sessionID) { () async throws -> [String] in
            var current = try load(sessionID)
            guard current.state.acceptsLateCharge else { return [] }
            let context = try context()
            let total = try current.totals(context: context).total
            guard try netPaid(sessionID, currency: total.currency) >= total else {
                if current.state != .readyToPay {
                    logger.warning(
                        "a charge confirmed after the session ended does not cover its total: the sale stays unfinished",
                        metadata: ["session": "\(sessionID)", "total": "\(total)"])
                }
                return []
            }
            let wasEnded = current.state != .readyToPay
            let respent = current.state == .void || current.state == .abandoned ? Self.respentSerials(current) : []
            try await finishPaid(&current, total: total, context: context, payment: nil, paymentMessage: nil)
            if wasEnded {
                logger.notice("a session that had ended was paid by a charge staff confirmed", metadata: ["session": "\(sessionID)"])
            }
            return respent
        }
    }

    private func answer(
        intent: PaymentIntent, resolution: PaymentIntentResolution, payment: PaymentRecord?, replayed: Bool
    ) throws -> PaymentIntentResolutionAnswer {
        let session = try? load(intent.sessionID)
        let view = try session.map { try self.view($0, context: try context()) }
        return PaymentIntentResolutionAnswer(
            resolution: Self.resolutionView(resolution), replayed: replayed, payment: payment.map(PaymentView.init),
            session: view)
    }

    /// Checks a resolution request: the kind, a charged resolution's authorisation number, the note.
    static func checkResolution(
        _ request: PaymentIntentResolutionRequest
    ) throws(PaymentError) -> (PaymentIntentResolution.Kind, String?, String?) {
        guard !request.requestID.isEmpty, request.requestID.utf8.count <= 300 else {
            throw .badResolution("requestID must be 1…300 characters")
        }
        guard let kind = PaymentIntentResolution.Kind(rawValue: request.resolution) else {
            throw .badResolution("resolution must be 'charged' or 'notCharged', got '\(request.resolution)'")
        }
        var code: String?
        switch kind {
        case .charged:
            guard let given = request.authorisationCode?.trimmingCharacters(in: .whitespaces), !given.isEmpty,
                given.utf8.count <= maximumAuthorisationCodeLength,
                given.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
            else {
                throw .badResolution(
                    "'charged' needs the authorisation number from the terminal's journal (1…\(maximumAuthorisationCodeLength) letters or digits)")
            }
            code = given
        case .notCharged:
            guard request.authorisationCode == nil else {
                throw .badResolution("'notCharged' takes no authorisation number")
            }
        }
        let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > maximumResolutionNoteLength {
            throw .badResolution("note longer than \(maximumResolutionNoteLength) characters")
        }
        return (kind, code, note?.isEmpty == true ? nil : note)
    }

    func intentView(_ intent: PaymentIntent) -> PaymentIntentView {
        PaymentIntentView(
            requestID: intent.requestID, kind: intent.kind.rawValue, sessionID: intent.sessionID.uuidString,
            amount: intent.amount, state: intent.state.rawValue, createdAt: intent.createdAt,
            originalTransactionID: intent.originalTransactionID,
            terminalTransactionID: terminal?.transactionID(forRequest: intent.requestID))
    }

    static func resolutionView(_ resolution: PaymentIntentResolution) -> PaymentIntentResolutionView {
        PaymentIntentResolutionView(
            requestID: resolution.requestID, resolution: resolution.kind.rawValue,
            authorisationCode: resolution.authorisationCode, staffID: resolution.staffID, note: resolution.note,
            resolvedAt: resolution.resolvedAt)
    }

    // MARK: - The staff alert

    static func paymentAlertID(_ requestID: String) -> String { "payment-\(requestID)" }

    /// A `paymentUnknown` alert for each open intent (after a lost answer, or found at start-up): the kiosk
    /// takes no payment until staff resolve it.
    func raisePaymentUnknownAlerts() async {
        guard let open = try? intents.openIntents() else { return }
        for intent in open where alerts[Self.paymentAlertID(intent.requestID)] == nil {
            let alert = StaffAlert(
                kind: "paymentUnknown", id: Self.paymentAlertID(intent.requestID),
                session: intent.sessionID.uuidString, device: deviceID.rawValue, at: clock.now().date,
                message:
                    "the terminal's answer to a \(intent.kind.rawValue) of \(intent.amount) was lost: check the terminal's journal and resolve it (charged / not charged); no payment until then",
                code: "terminalTimeout", published: true)
            alerts[alert.id] = alert
            await events.publish(type: "alert", session: alert.session, encoding: alert)
        }
    }

    /// Drops the `paymentUnknown` alerts of intents that are no longer open (reconciled automatically).
    func clearSettledPaymentAlerts() async {
        guard let open = try? intents.openIntents() else { return }
        let openIDs = Set(open.map { Self.paymentAlertID($0.requestID) })
        let settled = alerts.values.filter { $0.kind == "paymentUnknown" && !openIDs.contains($0.id) }.map(\.id)
        guard !settled.isEmpty else { return }
        for id in settled { alerts[id] = nil }
        await publishAlertResolutions()
    }
}
