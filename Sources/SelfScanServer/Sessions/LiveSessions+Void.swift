import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage
import SelfScanSync

/// Why staff void a whole session, as the API receives it: free text for people, a category for the
/// basket event (the core's `SessionVoidReason`).
struct SessionVoidRequest: Sendable {
    /// 1…200 characters, kept verbatim in the audit log.
    let reason: String
    let category: SessionVoidReason

    static let maximumReasonLength = 200

    /// Validates the body of `POST /v1/staff/sessions/{id}/void`.
    init(reason: String?, category: String?) throws(APIError) {
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw APIError(.badRequest, code: "voidReasonMissing", "give a reason (1–200 characters) for voiding the session")
        }
        guard text.count <= Self.maximumReasonLength else {
            throw APIError(
                .badRequest, code: "voidReasonTooLong",
                "the reason has \(text.count) characters; at most \(Self.maximumReasonLength)")
        }
        var parsed = SessionVoidReason.customerRequest
        if let category {
            guard let known = SessionVoidReason(rawValue: category) else {
                throw APIError(
                    .badRequest, code: "badVoidCategory",
                    "category '\(category)' is not one of "
                        + SessionVoidReason.allCases.map(\.rawValue).joined(separator: ", "))
            }
            parsed = known
        }
        self.reason = text
        self.category = parsed
    }
}

extension LiveSessions {
    /// Staff cancel a whole session that was not paid (the core's `voidSession`): the `sessionVoided` event
    /// and its outbox row, plus an audit-log entry with the staff member's reason, in one transaction.
    /// Refused (`illegalTransition`, state unchanged) once paid, exited or already over.
    ///
    /// A session with a partial payment standing (approved, not refunded) is not voided over it: what was
    /// paid is refunded on the terminal first (each refund its own record), then the session is voided. A
    /// refund that fails leaves the session as it was (the refunds done are recorded; retrying continues).
    func voidSession(session id: String, request: SessionVoidRequest, staff: StaffLogin) async throws -> SessionView {
        let sessionID = try Self.sessionID(id)
        guard !paymentsInFlight.contains(sessionID) else { throw SessionError.paymentInProgress }
        var probe = try load(sessionID)
        _ = try probe.voidSession(staffID: StaffID(staff.staffID), reason: request.category, context: try context())
        if try netPaid(sessionID, currency: probe.opening.currency).minor > 0 {
            try await refundStandingPayments(of: sessionID, staff: staff)
        }
        let detail = try String(
            decoding: ProtocolJSON.encoder().encode(
                ["session": id, "reason": request.reason, "category": request.category.rawValue]),
            as: UTF8.self)
        let view = try await command(
            id, audit: [AuditLogDraft(kind: "sessionVoided", actor: staff.staffID, detail: detail)]
        ) { session, context throws in
            try session.voidSession(staffID: StaffID(staff.staffID), reason: request.category, context: context)
        }
        try await auditRescans.clearGroupCommitted(session: sessionID)
        alerts = alerts.filter { $0.value.session != id }
        await publishAlertResolutions()
        if boundSession == sessionID { boundSession = nil }
        logger.notice(
            "session voided by staff",
            metadata: ["session": "\(id)", "staff": "\(staff.staffID)", "category": "\(request.category.rawValue)"])
        return view
    }
}
