public import SelfScanCore

/// What the manager is looking at and doing: focus, selection, an open dialog, the last message,
/// the link to the daemon. Changed only by `ConsoleKeyMap` and the controller; drawn by `ConsoleLayout`.
public struct ConsoleViewState: Sendable, Hashable {
    /// The list the arrow keys move in.
    public enum Focus: Sendable, Hashable {
        case sessions
        case devices
        case alerts
    }

    /// The link to the daemon.
    public enum Connection: Sendable, Hashable {
        case connecting
        case connected
        /// Since when (unix ms) and why; the last snapshot stays on screen, marked stale.
        case disconnected(since: Int64, reason: String)
    }

    public var focus: Focus = .alerts
    public var selectedSession = 0
    public var selectedAlert = 0
    public var selectedDevice = 0
    /// The upper table shows devices instead of open sessions (`d` switches).
    public var showsDevices = false
    /// A question waiting for the manager's answer (destructive actions); keys go to it first.
    public var dialog: ConsoleDialog?
    /// The result of the last action (or a hint), shown above the key help.
    public var message: String?
    public var messageIsError = false
    public var connection: Connection = .connecting
    /// The daemon's live event stream is open (updates arrive at once, not at the next poll).
    public var eventsLive = false

    public init() {}

    /// Keeps selections inside the lists after they changed.
    public mutating func clamp(to snapshot: ConsoleSnapshot?) {
        let sessions = snapshot?.openSessions.count ?? 0
        let alerts = snapshot?.alerts.count ?? 0
        let devices = snapshot?.devices.count ?? 0
        selectedSession = sessions == 0 ? 0 : min(max(0, selectedSession), sessions - 1)
        selectedAlert = alerts == 0 ? 0 : min(max(0, selectedAlert), alerts - 1)
        selectedDevice = devices == 0 ? 0 : min(max(0, selectedDevice), devices - 1)
    }
}

/// A question on screen: the manager answers with a key, `Esc` (or `n`) always backs out.
public enum ConsoleDialog: Sendable, Hashable {
    /// "VOID session …? y = yes": the first step of a void.
    case confirmVoid(session: String, summary: String)
    /// The second step: why (the core's `SessionVoidReason`, picked by number).
    case voidReason(session: String)
    /// "APPROVE the age check …? y = yes": approving from the office means someone checked the ID in person.
    case confirmApprove(session: String, summary: String)

    /// The question, shown in the alert colour on the message line.
    public var question: String {
        switch self {
        case .confirmVoid(let session, let summary):
            "VOID session \(session.prefix(8)) (\(summary))?"
        case .voidReason(let session): "Why void \(session.prefix(8))? Pick a reason:"
        case .confirmApprove(let session, let summary):
            "APPROVE the age check of \(session.prefix(8)) (\(summary))? Only if the ID was checked in person."
        }
    }

    /// The answers, shown instead of the key help while the dialog is open.
    public var choices: String {
        switch self {
        case .confirmVoid: "y = yes, cancel the whole basket   n / Esc = no, keep the session"
        case .voidReason:
            SessionVoidReason.allCases.enumerated().map { "\($0.offset + 1) \($0.element.label)" }
                .joined(separator: "   ") + "   Esc = cancel"
        case .confirmApprove: "y = yes, the ID was checked   n / Esc = no, leave it waiting"
        }
    }
}

extension SessionVoidReason {
    /// How the reason reads on screen and in the audit log's free-text reason.
    public var label: String {
        switch self {
        case .customerRequest: "customer request"
        case .fraud: "suspected fraud"
        case .technical: "technical problem"
        }
    }
}

/// Something the manager asked the daemon to do.
public enum ConsoleAction: Sendable, Hashable {
    case approveAge(session: String)
    case startAudit(session: String)
    case voidSession(session: String, reason: SessionVoidReason)
    case refreshCatalog
    case acknowledge(alert: String)

    /// Destructive actions go through a `ConsoleDialog` first.
    public var needsConfirmation: Bool {
        if case .voidSession = self { return true }
        return false
    }

    /// How the action is named on screen.
    public var title: String {
        switch self {
        case .approveAge(let session): "approve age-restricted items of \(session.prefix(8))"
        case .startAudit(let session): "send an audit to \(session.prefix(8))"
        case .voidSession(let session, let reason): "VOID session \(session.prefix(8)) (\(reason.label))"
        case .refreshCatalog: "force a catalog refresh"
        case .acknowledge(let alert): "acknowledge alert \(alert.prefix(24))"
        }
    }
}
