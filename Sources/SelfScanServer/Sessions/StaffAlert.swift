import Foundation
public import SelfScanAPI
import SelfScanCore
import SelfScanStorage

extension StaffAlert {
    /// `alertResolved` event payload: the alert is gone (resolved, dismissed, or its session ended).
    struct Resolution: Codable, Sendable {
        let id: String
        let kind: String
        let session: String?
    }

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
    /// Records the staff alert an action calls for, and drops alerts the session's state has resolved
    /// (all of them once the session is over: paid, exited, suspended, abandoned or void).
    func raiseAlerts(for session: BasketSession, action: SessionAction, context: SessionContext? = nil) {
        let sessionID = session.id.uuidString
        let now = Date()
        func add(_ kind: String, _ message: String, code: String? = nil, item: StaffAlert.AlertItem? = nil) {
            let id = "\(kind)-\(sessionID)-\(session.events.count)"
            var alert = StaffAlert(
                kind: kind, id: id, session: sessionID, device: session.deviceID.rawValue, at: now, message: message,
                code: code)
            alert.item = item
            alerts[id] = alert
        }
        let ended: Set<SessionState> = [.paid, .exited, .suspended, .abandoned, .void]
        if ended.contains(session.state) {
            // A payment of unknown outcome outlives its session: it closes only when the intent is resolved; a
            // coupon reused after a late charge is about a finished sale: staff dismiss it.
            let outliving: Set<String> = ["paymentUnknown", "couponReused"]
            let stale = alerts.values.filter { $0.session == sessionID && !outliving.contains($0.kind) }.map(\.id)
            if !stale.isEmpty { alerts = alerts.filter { !stale.contains($0.key) } }
            return
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
            let name = (try? context?.catalog.product(id: product))??.name
            // The product's name when the catalog knows it (also in the message, for clients that show no `item`).
            add(
                "saleRefused", "\(name ?? "\(product)") may not be sold (\(reason.rawValue))",
                item: name.map { StaffAlert.AlertItem(name: $0, minimumAge: nil, productID: "\(product)") })
        case .requestAgeApproval(let age):
            let line = session.basket.activeLines.last { ($0.minimumAge ?? 0) > 0 }
            add(
                "ageApproval", "age check: \(age)+ item in the basket",
                item: line.map { StaffAlert.AlertItem(name: $0.name, minimumAge: $0.minimumAge, productID: "\($0.productID)") })
        case .requestAudit(let decision):
            add("audit", "audit required (\(decision.score.probabilityBasisPoints / 100) % risk)")
        default:
            break
        }
    }

    /// Open alerts, most urgent first (a shopper waiting for staff before anything else), then oldest first: the
    /// contract's one order (`StaffAlert.urgentFirst`, SelfScanAPI), the console's too.
    func openAlerts() -> [StaffAlert] {
        alerts.values.sorted(by: StaffAlert.urgentFirst)
    }

    /// Staff dismiss an alert (unknown code checked, …); every device hears of it (`alertResolved`).
    func resolveAlert(_ id: String) async throws {
        guard alerts.removeValue(forKey: id) != nil else { throw APIError.notFound("alert \(id)") }
        await publishAlertResolutions()
    }

    /// Publishes one `alertResolved` event per alert removed since the last call, so every handheld, the
    /// console and the session's kiosk drop it (two staff must not walk to the same kiosk).
    func publishAlertResolutions() async {
        await flushAlertWrites()
        let resolved = unpublishedResolutions
        unpublishedResolutions = []
        for resolution in resolved {
            await events.publish(type: "alertResolved", session: resolution.session, encoding: resolution)
        }
    }
}

extension LiveSessions {
    /// A scanner of this daemon was unplugged: a `device` alert for staff (one per scanner), published.
    func raiseDeviceAlert(scanner: String) async {
        let id = "device-\(scanner)"
        guard alerts[id] == nil else { return }
        let alert = StaffAlert(
            kind: "device", id: id, session: nil, device: scanner, at: Date(),
            message: "scanner \(scanner) unplugged: check its cable", code: nil, published: true)
        alerts[id] = alert
        await flushAlertWrites()
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
            at: Date(), message: "the shopper asks for help", code: nil,
            published: true)
        alerts[alert.id] = alert
        await flushAlertWrites()
        await events.publish(type: "alert", session: id, encoding: alert)
    }
}

extension LiveSessions {
    /// Writes the difference between `old` and the current alerts to SQLite (called on every change).
    /// A failed write is logged: the alert stays open in memory and is written with the next change.
    func persistAlerts(from old: [String: StaffAlert]) {
        let removed = old.keys.filter { alerts[$0] == nil }
        unpublishedResolutions += removed.compactMap { id in
            old[id].map { StaffAlert.Resolution(id: $0.id, kind: $0.kind, session: $0.session) }
        }
        let upserted = alerts.values.filter { alert in old[alert.id].map { !$0.sameContent(as: alert) } ?? true }
        guard !removed.isEmpty || !upserted.isEmpty else { return }
        // Written off the actor (group-committed), one change after the other; `flushAlertWrites()` waits for
        // them before anything is answered or published.
        let store = StaffAlertStore(database: database)
        let stored = upserted.map(\.stored)
        let logger = logger
        let previous = alertWrites
        alertWrites = Task {
            await previous?.value
            do {
                try await store.applyGroupCommitted(upserted: stored, removed: removed)
            } catch {
                logger.error("could not save the staff alerts", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Waits until every alert change made so far is written (durable before it is announced).
    func flushAlertWrites() async {
        await alertWrites?.value
    }

    /// Reads the open alerts back after a restart (they were published before it).
    func restoreAlerts() throws {
        var restored: [String: StaffAlert] = [:]
        for stored in try StaffAlertStore(database: database).all() {
            var alert = StaffAlert(
                kind: stored.kind, id: stored.id, session: stored.sessionID, device: stored.device, at: Date(unixMilliseconds: stored.raisedAt),
                message: stored.message, code: stored.code, published: true)
            alert.item = stored.item
            restored[stored.id] = alert
        }
        alerts = restored
    }
}

extension StaffAlert {
    var stored: StoredStaffAlert {
        StoredStaffAlert(
            id: id, kind: kind, sessionID: session, device: device, raisedAt: at.unixMilliseconds, message: message, code: code,
            item: item)
    }

    /// Equal but for `published` (which is not stored).
    func sameContent(as other: StaffAlert) -> Bool { stored == other.stored }
}
