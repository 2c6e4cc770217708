import Foundation
public import SelfScanAPI
import SelfScanCore
import SelfScanStorage

extension StaffAlert {
    /// The action name the API returns for a core `SessionAction`.
    static func describe(_ action: SessionAction) -> String {
        switch action {
        case .updateDisplay: "updateDisplay"
        case .callStaff: "callStaff"
        case .requestAgeApproval: "ageApproval"
        case .requestAudit: "audit"
        case .showAuditDifferences: "showAuditDifferences"
        case .collectPayment: "collectPayment"
        case .openExitGate: "openExitGate"
        case .closeSession: "closeSession"
        }
    }
}

extension LiveSessions {
    /// Records the staff alert an action calls for, and drops alerts the session's state has resolved.
    func raiseAlerts(for session: BasketSession, action: SessionAction) {
        let sessionID = session.id.uuidString
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func add(_ kind: String, _ message: String, code: String? = nil) {
            let id = "\(kind)-\(sessionID)-\(session.events.count)"
            alerts[id] = StaffAlert(
                kind: kind, id: id, session: sessionID, device: session.deviceID.rawValue, at: now, message: message,
                code: code)
        }
        // Resolved by the state: approvals granted/refused, audits started.
        if session.state != .approvalNeeded {
            alerts = alerts.filter { !($0.value.session == sessionID && $0.value.kind == "ageApproval") }
        }
        if session.state != .auditRequired {
            alerts = alerts.filter { !($0.value.session == sessionID && $0.value.kind == "audit") }
        }
        switch action {
        case .callStaff(.unknownCode(let code)):
            add("unknownCode", "unknown code \(code): check the item", code: code)
        case .callStaff(.saleStopped(let product, let reason)):
            add("saleRefused", "\(product) may not be sold (\(reason.rawValue))")
        case .requestAgeApproval(let age):
            add("ageApproval", "age check: \(age)+ item in the basket")
        case .requestAudit(let decision):
            add("audit", "audit required (\(decision.score.probabilityBasisPoints / 100) % risk)")
        default:
            break
        }
    }

    /// Open alerts, oldest first.
    func openAlerts() -> [StaffAlert] { alerts.values.sorted { ($0.at, $0.id) < ($1.at, $1.id) } }

    /// Staff dismiss an alert (unknown code checked, …).
    func resolveAlert(_ id: String) throws {
        guard alerts.removeValue(forKey: id) != nil else { throw APIError.notFound("alert \(id)") }
    }
}

extension LiveSessions {
    /// A scanner of this daemon was unplugged: a `device` alert for staff (one per scanner), published.
    func raiseDeviceAlert(scanner: String) async {
        let id = "device-\(scanner)"
        guard alerts[id] == nil else { return }
        let alert = StaffAlert(
            kind: "device", id: id, session: nil, device: scanner, at: Int64(Date().timeIntervalSince1970 * 1000),
            message: "scanner \(scanner) unplugged: check its cable", code: nil, published: true)
        alerts[id] = alert
        await events.publish(type: "alert", session: nil, encoding: alert)
    }

    /// The scanner is back: its `device` alert is resolved.
    func resolveDeviceAlert(scanner: String) {
        alerts["device-\(scanner)"] = nil
    }
}

extension LiveSessions {
    /// The shopper pressed "call for help": a `help` alert for staff.
    func callForHelp(session id: String) async throws {
        let session = try load(try Self.sessionID(id))
        let alert = StaffAlert(
            kind: "help", id: "help-\(id)-\(session.events.count)", session: id, device: session.deviceID.rawValue,
            at: Int64(Date().timeIntervalSince1970 * 1000), message: "the shopper asks for help", code: nil,
            published: true)
        alerts[alert.id] = alert
        await events.publish(type: "alert", session: id, encoding: alert)
    }
}

extension LiveSessions {
    /// Writes the difference between `old` and the current alerts to SQLite (called on every change).
    /// A failed write is logged: the alert stays open in memory and is written with the next change.
    func persistAlerts(from old: [String: StaffAlert]) {
        let removed = old.keys.filter { alerts[$0] == nil }
        let upserted = alerts.values.filter { alert in old[alert.id].map { !$0.sameContent(as: alert) } ?? true }
        guard !removed.isEmpty || !upserted.isEmpty else { return }
        do {
            try StaffAlertStore(database: database).apply(upserted: upserted.map(\.stored), removed: removed)
        } catch {
            logger.error("could not save the staff alerts", metadata: ["error": "\(error)"])
        }
    }

    /// Reads the open alerts back after a restart (they were published before it).
    func restoreAlerts() throws {
        var restored: [String: StaffAlert] = [:]
        for stored in try StaffAlertStore(database: database).all() {
            restored[stored.id] = StaffAlert(
                kind: stored.kind, id: stored.id, session: stored.sessionID, device: stored.device, at: stored.raisedAt,
                message: stored.message, code: stored.code, published: true)
        }
        alerts = restored
    }
}

extension StaffAlert {
    var stored: StoredStaffAlert {
        StoredStaffAlert(
            id: id, kind: kind, sessionID: session, device: device, raisedAt: at, message: message, code: code)
    }

    /// Equal but for `published` (which is not stored).
    func sameContent(as other: StaffAlert) -> Bool { stored == other.stored }
}
