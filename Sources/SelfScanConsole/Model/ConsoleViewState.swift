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
    /// "APPROVE age check · 1a2b3c4d · Kiosk 60c4 · Bordeaux rouge (18+)?": approving from the office means
    /// someone checked the ID in person; `y` or Enter approves, any other key approves nothing.
    case confirmApprove(ApprovalQuestion)

    /// The session the dialog is about.
    public var session: String {
        switch self {
        case .confirmVoid(let session, _), .voidReason(let session): session
        case .confirmApprove(let question): question.session
        }
    }

    /// The question, shown in the alert colour on the message line.
    public var question: String { question(fitting: Int.max) }

    /// The question in at most `width` characters: what identifies the action stays whole (the verb, the session,
    /// the device); only names are shortened, last.
    public func question(fitting width: Int) -> String {
        switch self {
        case .confirmVoid(let session, let summary):
            let text = "VOID session \(session.prefix(8)) (\(summary))?"
            return text.count <= width ? text : ConsoleFormat.cell("VOID session \(session.prefix(8)) (\(summary)", width - 2) + ")?"
        case .voidReason(let session): return "Why void \(session.prefix(8))? Pick a reason:"
        case .confirmApprove(let question): return question.text(fitting: width)
        }
    }

    /// The answers, shown instead of the key help while the dialog is open.
    public var choices: String {
        switch self {
        case .confirmVoid: "y = yes, cancel the whole basket   n / Esc = no, keep the session"
        case .voidReason:
            SessionVoidReason.allCases.enumerated().map { "\($0.offset + 1) \($0.element.label)" }
                .joined(separator: "   ") + "   Esc = cancel"
        case .confirmApprove: "y / Enter = yes, I checked the ID in person   n / Esc = no, leave it waiting"
        }
    }
}

/// What the manager is asked before approving an age check from the office: whose session, on which device,
/// which items.
public struct ApprovalQuestion: Sendable, Hashable {
    public var session: String
    /// The device's label (`Kiosk 60c4`, a configured name), never a raw random id.
    public var device: String
    /// The items waiting, by name (`Bordeaux rouge (18+)`); empty when the console does not know them.
    public var items: [String]

    public init(session: String, device: String, items: [String]) {
        self.session = session
        self.device = device
        self.items = items
    }

    /// `APPROVE age check · 1a2b3c4d · Kiosk 60c4 · Bordeaux rouge (18+)?` in at most `width` characters: the
    /// items' names are ellipsized first, then the device label.
    public func text(fitting width: Int) -> String {
        let names = items.isEmpty ? "the age-restricted items" : items.joined(separator: ", ")
        let head = "APPROVE age check · \(session.prefix(8)) · "
        let full = head + device + " · " + names + "?"
        if full.count <= width { return full }
        let deviceRoom = min(device.count, max(8, width - head.count - 3 - 10 - 1))
        let label = ConsoleFormat.cell(device, deviceRoom).trimmingTrailingSpaces
        let room = width - head.count - label.count - 3 - 1
        return head + label + " · " + (room > 0 ? ConsoleFormat.cell(names, room).trimmingTrailingSpaces : "") + "?"
    }
}

extension String {
    /// Without its trailing spaces (a padded cell as running text).
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
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
