import SelfScanCore

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
/// Keys: ↑/↓ (or k/j) move, Tab switches sessions/alerts, `a` asks to approve the age check of the selected
/// session (or of the selected alert's session), naming the session, its device and the items, and approves on
/// `y` or Enter only, `u` sends an audit, `v` voids a session (asks `y`, then a reason),
/// `d` shows devices instead of sessions (and back), `c` forces a catalog refresh, Enter/`x` acknowledges the selected alert, `q` quits.
public enum ConsoleKeyMap {
    public static let help = "↑↓ Tab  d devices  a approve age  u audit  v void  c catalog  ⏎/x ack  q quit"

    public static func handle(
        _ key: ConsoleKey, state: inout ConsoleViewState, snapshot: ConsoleSnapshot?
    ) -> ConsoleKeyOutcome {
        if let dialog = state.dialog { return answer(key, to: dialog, state: &state) }
        switch key {
        case .up, .character("k"): move(-1, &state, snapshot)
        case .down, .character("j"): move(1, &state, snapshot)
        case .tab:
            state.focus = state.focus != .alerts ? .alerts : state.showsDevices ? .devices : .sessions
        case .character("d"):
            state.showsDevices.toggle()
            state.focus = state.showsDevices ? .devices : .sessions
        case .character("q"), .character("Q"):
            return .quit
        case .character("c"):
            return .perform(.refreshCatalog)
        case .character("a"):
            guard let session = targetSession(state, snapshot) else { return nothing(&state, "no session selected") }
            state.dialog = .confirmApprove(approvalQuestion(for: session, in: snapshot))
        case .character("u"):
            guard let session = targetSession(state, snapshot) else { return nothing(&state, "no session selected") }
            return .perform(.startAudit(session: session))
        case .character("v"):
            guard let session = targetSession(state, snapshot) else { return nothing(&state, "no session selected") }
            state.dialog = .confirmVoid(session: session, summary: summary(of: session, in: snapshot))
        case .enter, .character("x"):
            guard state.focus == .alerts, let alerts = snapshot?.alerts, alerts.indices.contains(state.selectedAlert)
            else { return nothing(&state, "select an alert first (Tab)") }
            return .perform(.acknowledge(alert: alerts[state.selectedAlert].id))
        default:
            break
        }
        return .redraw
    }

    /// A key while a dialog is open: the dialog's answers, or a cancel. Never falls through to the lists.
    static func answer(_ key: ConsoleKey, to dialog: ConsoleDialog, state: inout ConsoleViewState) -> ConsoleKeyOutcome {
        switch dialog {
        case .confirmVoid(let session, _):
            if key == .character("y") || key == .character("Y") {
                state.dialog = .voidReason(session: session)
                return .redraw
            }
            return cancel(&state, "void of \(session.prefix(8))")
        case .confirmApprove(let question):
            if key == .character("y") || key == .character("Y") || key == .enter {
                state.dialog = nil
                return .perform(.approveAge(session: question.session))
            }
            return cancel(&state, "approval of \(question.session.prefix(8))")
        case .voidReason(let session):
            let reasons = SessionVoidReason.allCases
            if case .character(let character) = key, let number = character.wholeNumberValue,
                reasons.indices.contains(number - 1)
            {
                state.dialog = nil
                return .perform(.voidSession(session: session, reason: reasons[number - 1]))
            }
            if key == .escape || key == .character("n") || key == .character("q") {
                return cancel(&state, "void of \(session.prefix(8))")
            }
            state.message = "pick a reason: 1…\(reasons.count), or Esc to cancel"
            state.messageIsError = true
            return .redraw
        }
    }

    private static func cancel(_ state: inout ConsoleViewState, _ what: String) -> ConsoleKeyOutcome {
        state.dialog = nil
        state.message = "cancelled: \(what)"
        state.messageIsError = false
        return .redraw
    }

    /// "kiosk-1, 3 items, 12.34 EUR, scanning": what the manager is about to void (device label, state in words).
    static func summary(of session: String, in snapshot: ConsoleSnapshot?) -> String {
        guard let row = snapshot?.openSessions.first(where: { $0.id == session }) else { return "not in the open list" }
        return "\(ConsoleLabels.device(row.device, in: snapshot)), \(row.items) item\(row.items == 1 ? "" : "s"), "
            + "\(ConsoleFormat.money(row.total)), \(ConsoleLabels.sessionState(row.state))"
    }

    /// What the approval question names: the session, its device's label and the items waiting (from the
    /// session's detail, else from its age-check alerts).
    static func approvalQuestion(for session: String, in snapshot: ConsoleSnapshot?) -> ApprovalQuestion {
        let row = snapshot?.openSessions.first { $0.id == session }
        let alerts = snapshot?.alerts.filter { $0.session == session && $0.kind == "ageApproval" } ?? []
        let deviceID = row?.device ?? alerts.first?.device
        var items = row?.pendingItems ?? []
        if items.isEmpty { items = alerts.compactMap(\.item) }
        return ApprovalQuestion(
            session: session, device: deviceID.map { ConsoleLabels.device($0, in: snapshot) } ?? "device unknown",
            items: items)
    }

    /// The session an action applies to: the selected session, the selected alert's session, or the session
    /// the selected device is on.
    static func targetSession(_ state: ConsoleViewState, _ snapshot: ConsoleSnapshot?) -> String? {
        guard let snapshot else { return nil }
        switch state.focus {
        case .sessions:
            return snapshot.openSessions.indices.contains(state.selectedSession)
                ? snapshot.openSessions[state.selectedSession].id : nil
        case .alerts:
            // Sync and device alerts are about no session ("").
            return snapshot.alerts.indices.contains(state.selectedAlert) && !snapshot.alerts[state.selectedAlert].session.isEmpty
                ? snapshot.alerts[state.selectedAlert].session : nil
        case .devices:
            return snapshot.devices.indices.contains(state.selectedDevice)
                ? snapshot.devices[state.selectedDevice].sessionID : nil
        }
    }

    private static func move(_ delta: Int, _ state: inout ConsoleViewState, _ snapshot: ConsoleSnapshot?) {
        switch state.focus {
        case .sessions: state.selectedSession += delta
        case .devices: state.selectedDevice += delta
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
