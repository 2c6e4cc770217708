import SelfScanConsole
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
        #expect(
            ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot)
                == .perform(.approveAge(session: SnapshotFixtures.session(1).id)))
        _ = ConsoleKeyMap.handle(.tab, state: &state, snapshot: snapshot)
        _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot)
        #expect(
            ConsoleKeyMap.handle(.character("u"), state: &state, snapshot: snapshot)
                == .perform(.startAudit(session: SnapshotFixtures.session(2).id)))
        #expect(ConsoleKeyMap.handle(.character("c"), state: &state, snapshot: snapshot) == .perform(.refreshCatalog))
        #expect(ConsoleKeyMap.handle(.character("q"), state: &state, snapshot: snapshot) == .quit)
    }

    @Test("voiding asks first: y performs it, anything else cancels")
    func confirmation() {
        var state = ConsoleViewState()
        state.focus = .sessions
        let void = ConsoleAction.voidSession(session: SnapshotFixtures.session(1).id)
        #expect(ConsoleKeyMap.handle(.character("v"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.pendingConfirmation == void)
        #expect(ConsoleKeyMap.handle(.character("n"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.pendingConfirmation == nil)
        #expect(state.message?.contains("cancelled") == true)
        _ = ConsoleKeyMap.handle(.character("v"), state: &state, snapshot: snapshot)
        #expect(ConsoleKeyMap.handle(.character("y"), state: &state, snapshot: snapshot) == .perform(void))
    }

    @Test("actions without a target explain instead of acting")
    func noTarget() {
        var state = ConsoleViewState()
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: nil) == .redraw)
        #expect(state.messageIsError)
        #expect(ConsoleKeyMap.handle(.enter, state: &state, snapshot: SnapshotFixtures.snapshot(sessions: 1, alerts: 0)) == .redraw)
    }
}
