/// What the manager is looking at and doing: focus, selection, a pending confirmation, the last message,
/// the link to the daemon. Changed only by `ConsoleKeyMap` and the controller; drawn by `ConsoleLayout`.
public struct ConsoleViewState: Sendable, Hashable {
    /// The list the arrow keys move in.
    public enum Focus: Sendable, Hashable {
        case sessions
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
    /// A destructive action waiting for `y`.
    public var pendingConfirmation: ConsoleAction?
    /// The result of the last action (or a hint), shown above the key help.
    public var message: String?
    public var messageIsError = false
    public var connection: Connection = .connecting

    public init() {}

    /// Keeps selections inside the lists after they changed.
    public mutating func clamp(to snapshot: ConsoleSnapshot?) {
        let sessions = snapshot?.openSessions.count ?? 0
        let alerts = snapshot?.alerts.count ?? 0
        selectedSession = sessions == 0 ? 0 : min(max(0, selectedSession), sessions - 1)
        selectedAlert = alerts == 0 ? 0 : min(max(0, selectedAlert), alerts - 1)
    }
}

/// Something the manager asked the daemon to do.
public enum ConsoleAction: Sendable, Hashable {
    case approveAge(session: String)
    case startAudit(session: String)
    case voidSession(session: String)
    case refreshCatalog
    case acknowledge(alert: String)

    /// Destructive actions need a `y` first.
    public var needsConfirmation: Bool {
        if case .voidSession = self { return true }
        return false
    }

    /// How the action is named on screen.
    public var title: String {
        switch self {
        case .approveAge(let session): "approve age-restricted items of \(session.prefix(8))"
        case .startAudit(let session): "send an audit to \(session.prefix(8))"
        case .voidSession(let session): "VOID session \(session.prefix(8))"
        case .refreshCatalog: "force a catalog refresh"
        case .acknowledge(let alert): "acknowledge alert \(alert.prefix(24))"
        }
    }
}
