/// A key the console reacts to, independent of curses key codes.
public enum ConsoleKey: Sendable, Hashable {
    case up, down, tab, enter, escape
    case character(Character)
}

/// What a key press leads to: nothing, a redraw, an action for the daemon, or quitting.
public enum ConsoleKeyOutcome: Sendable, Hashable {
    case redraw
    case perform(ConsoleAction)
    case quit
}

/// The keyboard as a pure state machine over `ConsoleViewState`: tests drive it without a terminal.
///
/// Keys: ↑/↓ (or k/j) move, Tab switches sessions/alerts, `a` approves the age check of the selected
/// session (or of the selected alert's session), `u` sends an audit, `v` voids a session (asks `y`/`n`),
/// `c` forces a catalog refresh, Enter/`x` acknowledges the selected alert, `q` quits.
public enum ConsoleKeyMap {
    public static let help = "↑↓ move  Tab list  a approve age  u audit  v void  c catalog  ⏎/x ack  q quit"

    public static func handle(
        _ key: ConsoleKey, state: inout ConsoleViewState, snapshot: ConsoleSnapshot?
    ) -> ConsoleKeyOutcome {
        if let pending = state.pendingConfirmation {
            state.pendingConfirmation = nil
            if key == .character("y") || key == .character("Y") { return .perform(pending) }
            state.message = "cancelled: \(pending.title)"
            state.messageIsError = false
            return .redraw
        }
        switch key {
        case .up, .character("k"): move(-1, &state, snapshot)
        case .down, .character("j"): move(1, &state, snapshot)
        case .tab:
            state.focus = state.focus == .sessions ? .alerts : .sessions
        case .character("q"), .character("Q"):
            return .quit
        case .character("c"):
            return .perform(.refreshCatalog)
        case .character("a"):
            guard let session = targetSession(state, snapshot) else { return nothing(&state, "no session selected") }
            return .perform(.approveAge(session: session))
        case .character("u"):
            guard let session = targetSession(state, snapshot) else { return nothing(&state, "no session selected") }
            return .perform(.startAudit(session: session))
        case .character("v"):
            guard let session = targetSession(state, snapshot) else { return nothing(&state, "no session selected") }
            let action = ConsoleAction.voidSession(session: session)
            state.pendingConfirmation = action
            state.message = "\(action.title)? y = yes, any other key = no"
            state.messageIsError = true
        case .enter, .character("x"):
            guard state.focus == .alerts, let alerts = snapshot?.alerts, alerts.indices.contains(state.selectedAlert)
            else { return nothing(&state, "select an alert first (Tab)") }
            return .perform(.acknowledge(alert: alerts[state.selectedAlert].id))
        default:
            break
        }
        return .redraw
    }

    /// The session an action applies to: the selected session, or the selected alert's session.
    static func targetSession(_ state: ConsoleViewState, _ snapshot: ConsoleSnapshot?) -> String? {
        guard let snapshot else { return nil }
        switch state.focus {
        case .sessions:
            return snapshot.openSessions.indices.contains(state.selectedSession)
                ? snapshot.openSessions[state.selectedSession].id : nil
        case .alerts:
            return snapshot.alerts.indices.contains(state.selectedAlert)
                ? snapshot.alerts[state.selectedAlert].session : nil
        }
    }

    private static func move(_ delta: Int, _ state: inout ConsoleViewState, _ snapshot: ConsoleSnapshot?) {
        switch state.focus {
        case .sessions: state.selectedSession += delta
        case .alerts: state.selectedAlert += delta
        }
        state.clamp(to: snapshot)
    }

    private static func nothing(_ state: inout ConsoleViewState, _ message: String) -> ConsoleKeyOutcome {
        state.message = message
        state.messageIsError = true
        return .redraw
    }
}
