import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

extension LiveSessions {
    /// Staff approve (or refuse) the age-restricted items waiting in a session.
    func decideAgeApproval(session id: String, approve: Bool, staff: StaffLogin) async throws -> SessionView {
        let draft = AuditLogDraft(
            kind: approve ? "ageApproved" : "ageRefused", actor: staff.staffID, detail: "{\"session\":\"\(id)\"}")
        return try await command(id, audit: [draft]) { session, context throws in
            approve
                ? try session.grantApproval(staffID: StaffID(staff.staffID), context: context)
                : try session.refuseApproval(staffID: StaffID(staff.staffID), context: context)
        }
    }

    /// Staff start the audit the policy required; rescans are counted from now.
    func startAudit(session id: String, staff: StaffLogin) async throws -> SessionView {
        let view = try await command(
            id, audit: [AuditLogDraft(kind: "auditStarted", actor: staff.staffID, detail: "{\"session\":\"\(id)\"}")]
        ) { session, context throws in
            try session.startAudit(staffID: StaffID(staff.staffID), context: context)
        }
        try await auditRescans.clearGroupCommitted(session: try Self.sessionID(id))  // counts of an earlier audit of this session
        return view
    }

    /// One item rescanned by the auditor: counted against its product (stored before answering, so a
    /// restarted daemon resumes the audit with every acknowledged rescan).
    func auditRescan(session id: String, payload: String) async throws -> AuditProgress {
        let sessionID = try Self.sessionID(id)
        // Under the session's gate: the count is written off the actor, and `completeAudit` must not read the
        // counts while a rescan it acknowledged is still being written.
        await enterGate(sessionID)
        defer { leaveGate(sessionID) }
        let session = try load(sessionID)
        guard session.state == .auditing else { throw SessionError.noAuditInProgress }
        let context = try context()
        let code = try interpreter.interpret(payload, symbology: nil)
        let product: Product?
        switch code {
        case .gtin(let gtin): product = try context.catalog.product(gtin: gtin)
        case .variableMeasure(let label): product = try context.catalog.product(itemReference: label.itemReference)
        case .gs1(let data), .digitalLink(let data, _):
            product = try data.gtin.flatMap { try context.catalog.product(gtin: $0) }
        default: product = nil
        }
        // An item staff priced by hand (not in the catalog) is counted against its own line.
        let counted: (id: ProductID, name: String)
        if let product {
            counted = (product.id, product.name)
        } else if let line = session.basket.activeItemLines.first(where: { $0.isStaffPriced && $0.scannedCode == payload }) {
            counted = (line.productID, line.name)
        } else {
            throw APIError(.unprocessableContent, code: "unknownProduct", "'\(payload)' is no catalog product")
        }
        let counts = try await auditRescans.countGroupCommitted(counted.id, session: sessionID)
        let progress = AuditProgress(
            session: id, counted: counts.map { .init(productID: $0.key.rawValue, count: $0.value) }
                .sorted { $0.productID < $1.productID }, lastProduct: counted.name)
        await events.publish(type: "audit", session: id, encoding: progress)
        return progress
    }

    /// Staff finish the audit: the counts are reconciled with the basket, differences correct it.
    func completeAudit(session id: String, staff: StaffLogin) async throws -> SessionView {
        let sessionID = try Self.sessionID(id)
        guard try load(sessionID).state == .auditing else { throw SessionError.noAuditInProgress }
        let rescans = auditRescans
        let view = try await command(
            id, audit: [AuditLogDraft(kind: "auditCompleted", actor: staff.staffID, detail: "{\"session\":\"\(id)\"}")]
        ) { session, context throws in
            // Read under the gate: every acknowledged rescan is counted.
            let counted = try rescans.counts(session: sessionID)
            return try session.completeAudit(staffID: StaffID(staff.staffID), counted: counted, context: context)
        }
        try await auditRescans.clearGroupCommitted(session: sessionID)
        return view
    }
}

/// What the auditor has counted so far.
struct AuditProgress: Codable, Sendable {
    struct Count: Codable, Sendable {
        let productID: String
        let count: Int
    }
    let session: String
    let counted: [Count]
    let lastProduct: String
}
