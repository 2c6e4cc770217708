import SelfScanAPI
@testable import SelfScanConsole
import Testing

@Suite("Console keys")
struct ConsoleKeyMapTests {
    let snapshot = SnapshotFixtures.snapshot(sessions: 3, alerts: 2)

    @Test("moving never leaves the list")
    func moving() {
        var state = ConsoleViewState()
        state.focus = .sessions
        for _ in 0..<10 { _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot) }
        #expect(state.selectedSession == 2)
        for _ in 0..<10 { _ = ConsoleKeyMap.handle(.character("k"), state: &state, snapshot: snapshot) }
        #expect(state.selectedSession == 0)
    }

    @Test("approve, audit and acknowledge target the selected row")
    func actions() {
        var state = ConsoleViewState()
        #expect(state.focus == .alerts)
        _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot)
        #expect(ConsoleKeyMap.handle(.enter, state: &state, snapshot: snapshot) == .perform(.acknowledge(alert: "ageApproval-1")))
        // `a` asks first (approving from the office means the ID was checked in person); `y` approves.
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.dialog == .confirmApprove(ConsoleKeyMap.approvalQuestion(for: SnapshotFixtures.session(1).id, in: snapshot)))
        #expect(
            ConsoleKeyMap.handle(.character("y"), state: &state, snapshot: snapshot)
                == .perform(.approveAge(session: SnapshotFixtures.session(1).id)))
        #expect(state.dialog == nil)
        // Any other key cancels and approves nothing.
        _ = ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot)
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.dialog == nil && state.message?.hasPrefix("cancelled") == true)
        _ = ConsoleKeyMap.handle(.tab, state: &state, snapshot: snapshot)
        _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot)
        #expect(
            ConsoleKeyMap.handle(.character("u"), state: &state, snapshot: snapshot)
                == .perform(.startAudit(session: SnapshotFixtures.session(2).id)))
        #expect(ConsoleKeyMap.handle(.character("c"), state: &state, snapshot: snapshot) == .perform(.refreshCatalog))
        #expect(ConsoleKeyMap.handle(.character("q"), state: &state, snapshot: snapshot) == .quit)
    }

    @Test("voiding asks twice: y, then a reason by number; the action carries the core's reason")
    func voidConfirmed() throws {
        var state = ConsoleViewState()
        state.focus = .sessions
        _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot)
        let session = SnapshotFixtures.session(2).id
        #expect(ConsoleKeyMap.handle(.character("v"), state: &state, snapshot: snapshot) == .redraw)
        let dialog = try #require(state.dialog)
        #expect(dialog == .confirmVoid(session: session, summary: "kiosk-2, 2 items, 24.68 EUR, scanning"))
        #expect(dialog.question.contains("VOID session 20000000"))
        #expect(ConsoleKeyMap.handle(.character("y"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.dialog == .voidReason(session: session))
        #expect(state.dialog?.choices.contains("2 suspected fraud") == true)
        // A key that is not a reason keeps the dialog open and says what to press; list keys do nothing.
        #expect(ConsoleKeyMap.handle(.character("9"), state: &state, snapshot: snapshot) == .redraw)
        #expect(ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot) == .redraw)
        #expect(state.dialog == .voidReason(session: session))
        #expect(state.selectedSession == 1)
        #expect(state.message?.contains("pick a reason") == true)
        #expect(
            ConsoleKeyMap.handle(.character("2"), state: &state, snapshot: snapshot)
                == .perform(.voidSession(session: session, reason: .fraud)))
        #expect(state.dialog == nil)
    }

    @Test("any key but y at the question, or Esc at the reasons, cancels the void", arguments: [
        [ConsoleKey.character("n")], [.escape], [.enter], [.character("v")], [.character("y"), .escape],
        [.character("y"), .character("n")],
    ])
    func voidCancelled(keys: [ConsoleKey]) {
        var state = ConsoleViewState()
        state.focus = .sessions
        _ = ConsoleKeyMap.handle(.character("v"), state: &state, snapshot: snapshot)
        for key in keys {
            #expect(ConsoleKeyMap.handle(key, state: &state, snapshot: snapshot) == .redraw)
        }
        #expect(state.dialog == nil)
        #expect(state.message == "cancelled: void of 10000000")
    }

    @Test("d switches the upper table to devices and back; Tab returns to it; actions use the device's session")
    func devices() {
        var state = ConsoleViewState()
        _ = ConsoleKeyMap.handle(.character("d"), state: &state, snapshot: snapshot)
        #expect(state.showsDevices && state.focus == .devices)
        _ = ConsoleKeyMap.handle(.tab, state: &state, snapshot: snapshot)
        #expect(state.focus == .alerts)
        _ = ConsoleKeyMap.handle(.tab, state: &state, snapshot: snapshot)
        #expect(state.focus == .devices)
        for _ in 0..<9 { _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot) }
        #expect(state.selectedDevice == SnapshotFixtures.devices.count - 1)
        // The last fixture device is kiosk-1, on session 1.
        #expect(
            ConsoleKeyMap.handle(.character("u"), state: &state, snapshot: snapshot)
                == .perform(.startAudit(session: SnapshotFixtures.session(1).id)))
        _ = ConsoleKeyMap.handle(.up, state: &state, snapshot: snapshot)
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.message == "no session selected")
        _ = ConsoleKeyMap.handle(.character("d"), state: &state, snapshot: snapshot)
        #expect(!state.showsDevices && state.focus == .sessions)
    }

    @Test("actions without a target explain instead of acting")
    func noTarget() {
        var state = ConsoleViewState()
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: nil) == .redraw)
        #expect(state.messageIsError)
        #expect(ConsoleKeyMap.handle(.enter, state: &state, snapshot: SnapshotFixtures.snapshot(sessions: 1, alerts: 0)) == .redraw)
    }
}
