import SelfScanConsole
import SelfScanCore
import Testing

/// Issue 15 item 11: text from the daemon (an unknown code's payload, a reason typed by anyone) reached
/// `selfscan console --once` and the curses screen raw: a newline forged a line, ESC sequences could clear or
/// recolour the manager's terminal. Every segment the layout makes is free of control characters.
@Suite("Console: control characters never reach the terminal")
struct ConsoleControlCharacterTests {
    static let hostile = "3760000001052\n2026-12-04T10:00:00Z PAID 0.00 EUR\u{1B}[2J\u{1B}]0;owned\u{07}\r\u{9B}31m\u{7F}"

    @Test func segmentsHoldNoControlCharacter() {
        var segment = Segment(Self.hostile, .danger)
        #expect(!segment.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(segment.text.contains("3760000001052"))
        segment.text = "line\nbreak"
        #expect(segment.text == "line\u{FFFD}break")
    }

    @Test func renderedScreenHasExactlyItsLinesAndNoEscapes() {
        let base = SnapshotFixtures.snapshot(sessions: 1, alerts: 0)
        let snapshot = ConsoleSnapshot(
            daemon: base.daemon, takenAt: base.takenAt, devices: base.devices, openSessions: base.openSessions,
            alerts: [
                AlertRow(
                    id: "unknownCode-1", kind: "unknownCode", session: base.openSessions.first?.id ?? "", device: "kiosk-1\u{1B}[31m",
                    ageSeconds: 5, message: "unknown code \(Self.hostile): check the item")
            ],
            sync: base.sync, totals: base.totals)
        var state = ConsoleViewState()
        state.connection = .connected
        let lines = ConsoleLayout(width: 80, height: 24).render(snapshot: snapshot, state: state, now: 1_790_000_005_000)
        #expect(lines.count == 24)
        for line in lines {
            #expect(line.text.count == 80)
            #expect(!line.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(line.text)")
        }
        #expect(lines.contains { $0.text.contains("unknown code 3760000001052") })
    }
}
