import SelfScanAPI
@testable import SelfScanConsole
import SelfScanCore
import Testing

@Suite("Console layout")
struct ConsoleLayoutTests {
    let now: Int64 = 1_790_000_005_000

    @Test("every size from 80×24 up gives exactly height lines of exactly width characters", arguments: [
        (80, 24), (81, 25), (100, 30), (120, 40), (200, 60),
    ])
    func exactSize(width: Int, height: Int) {
        for (sessions, alerts) in [(0, 0), (3, 2), (50, 30)] {
            let lines = ConsoleLayout(width: width, height: height).render(
                snapshot: SnapshotFixtures.snapshot(sessions: sessions, alerts: alerts), state: ConsoleViewState(), now: now)
            #expect(lines.count == height)
            #expect(lines.allSatisfy { $0.text.count == width })
        }
    }

    @Test("80×24 shows the header, sync, totals, sessions, alerts and the key help")
    func standardScreen() {
        var state = ConsoleViewState()
        state.connection = .connected
        let text = ConsoleLayout(width: 80, height: 24)
            .render(snapshot: SnapshotFixtures.snapshot(sessions: 3, alerts: 2), state: state, now: now)
            .map(\.text)
        #expect(text[0].contains("store FR-0042"))
        #expect(text[0].contains("CONNECTED"))
        #expect(text[1].contains("OFFLINE") && text[1].contains("outbox 12 (oldest 6m40)") && text[1].contains("catalog v7"))
        #expect(text[2].contains("sess 40 paid 31") && text[2].contains("1234.56 EUR") && text[2].contains("diff 25%"))
        #expect(text.contains { $0.contains("OPEN SESSIONS (3)") })
        #expect(text.contains { $0.contains("10000000") && $0.contains("kiosk-1") && $0.contains("12.34 EUR") })
        #expect(text.contains { $0.contains("ALERTS (2)") })
        #expect(text.contains { $0.contains("AGE CHECK") && $0.contains("age check") })
        #expect(!text.contains { $0.contains("ageApproval") }, "no raw identifiers on screen")
        #expect(text[23].contains("q quit"))
        #expect(text.contains { $0.hasSuffix("AUDIT ") || $0.contains(" AUDIT") })
        // 80 columns: short session ids only.
        #expect(!text.contains { $0.contains(SnapshotFixtures.session(1).id) })
    }

    @Test("a wide terminal shows full session ids and more rows")
    func wideScreen() {
        let snapshot = SnapshotFixtures.snapshot(sessions: 30, alerts: 1)
        let small = ConsoleLayout(width: 80, height: 24).render(snapshot: snapshot, state: ConsoleViewState(), now: now)
        let large = ConsoleLayout(width: 140, height: 50).render(snapshot: snapshot, state: ConsoleViewState(), now: now)
        #expect(large.contains { $0.text.contains(SnapshotFixtures.session(1).id) })
        #expect(large[2].text.contains("sessions 40 (31 paid)") && large[2].text.contains("25% with differences"))
        let rows = { (lines: [ScreenLine]) in lines.filter { $0.text.contains("kiosk-") && $0.text.contains("EUR") }.count }
        #expect(rows(large) > rows(small))
    }

    @Test("panes sized by need, urgent first: 10 alerts and 8 sessions at 80×24 show every alert")
    func panesByNeed() {
        let snapshot = SnapshotFixtures.snapshot(sessions: 8, alerts: 10)
        let text = ConsoleLayout(width: 80, height: 24).render(snapshot: snapshot, state: ConsoleViewState(), now: now)
            .map(\.text)
        let alertRows = text.filter { $0.contains("age check: 18+ item in the basket #") }
        #expect(alertRows.count == 10)
        // The sessions keep the rest, and no row is blank while something is cut.
        let sessionRows = text.filter { $0.contains("kiosk-") && $0.contains("EUR") }
        #expect(sessionRows.count == 5)
        #expect(ConsoleLayout.paneRows(room: 15, alerts: 0, sessions: 8) == (7, 8))
        #expect(ConsoleLayout.paneRows(room: 15, alerts: 10, sessions: 8) == (10, 5))
        #expect(ConsoleLayout.paneRows(room: 15, alerts: 30, sessions: 0) == (14, 1))
        #expect(ConsoleLayout.paneRows(room: 15, alerts: 2, sessions: 40) == (2, 13))
    }

    @Test("the clock shows the store's time; the device column a known name")
    func storeClockAndNames() {
        #expect(ConsoleLayout.clock(0, utcOffsetSeconds: 3600) == "01:00:00")
        #expect(ConsoleLayout.clock(0) == "00:00:00Z")
        #expect(ConsoleLayout.clock(3_600_000, utcOffsetSeconds: -7200) == "23:00:00")
        let snapshot = SnapshotFixtures.snapshot(sessions: 1, alerts: 1)
        #expect(ConsoleLabels.device("scanner-2", in: snapshot) == "Zebra DS2208")
        #expect(ConsoleLabels.device("kiosk-9", in: snapshot) == "kiosk-9")
        let header = ConsoleLayout(width: 80, height: 24, utcOffsetSeconds: 3600)
            .render(snapshot: snapshot, state: ConsoleViewState(), now: 0)[0].text
        #expect(header.contains("01:00:00") && !header.contains("00:00:00Z"))
    }

    @Test("the selected session stays visible when the list scrolls")
    func scrolling() {
        let snapshot = SnapshotFixtures.snapshot(sessions: 40, alerts: 0)
        var state = ConsoleViewState()
        state.focus = .sessions
        state.selectedSession = 39
        let lines = ConsoleLayout(width: 80, height: 24).render(snapshot: snapshot, state: state, now: now)
        let selected = lines.filter { $0.segments.contains { $0.style == .selected } }
        #expect(selected.count == 1)
        #expect(selected.first?.text.contains("kiosk-40") == true)
    }

    @Test("a terminal under 80×24 gets a clear message, not a broken screen", arguments: [(79, 24), (80, 23), (20, 5), (0, 0)])
    func tooSmall(width: Int, height: Int) {
        let layout = ConsoleLayout(width: width, height: height)
        #expect(!layout.fits)
        let lines = layout.render(snapshot: SnapshotFixtures.snapshot(sessions: 2, alerts: 1), state: ConsoleViewState(), now: now)
        #expect(lines.count == max(height, 0))
        #expect(lines.allSatisfy { $0.text.count == max(width, 0) })
        if width >= 40 && height > 0 { #expect(lines[0].text.contains("Terminal too small")) }
    }

    @Test("a lost daemon is shown as DISCONNECTED with the reason, keeping the last data")
    func disconnected() {
        var state = ConsoleViewState()
        state.connection = .disconnected(since: now - 65_000, reason: "connection refused")
        let text = ConsoleLayout(width: 80, height: 24)
            .render(snapshot: SnapshotFixtures.snapshot(sessions: 2, alerts: 0), state: state, now: now).map(\.text)
        #expect(text[0].contains("DISCONNECTED 1m05"))
        #expect(text.contains { $0.contains("disconnected: connection refused") })
        #expect(text.contains { $0.contains("OPEN SESSIONS (2)") })
    }

    @Test("NO_COLOR turns every colour off; otherwise alerts are coloured")
    func monochrome() {
        let mono = ConsoleTheme(environment: ["NO_COLOR": "1"], terminalHasColors: true)
        #expect(!mono.usesColor)
        #expect(TextStyle.allCases.allSatisfy { mono.look($0).colors == nil })
        #expect(mono.look(.selected).reverse)
        let color = ConsoleTheme(environment: [:], terminalHasColors: true)
        // curses colours: 1 red, 2 green, 3 yellow (amber), 7 white, -1 the terminal's default.
        #expect(color.look(.danger).colors?.foreground == 1 && color.look(.danger).colors?.background == -1)
        #expect(color.look(.alarm).colors?.foreground == 7 && color.look(.alarm).colors?.background == 1)
        #expect(color.look(.warning).colors?.foreground == 3)
        #expect(color.look(.good).colors?.foreground == 2)
        // The selection is reverse video in both modes.
        #expect(color.look(.selected).reverse && color.look(.selected).colors == nil)
        #expect(mono.look(.alarm).reverse && !mono.look(.danger).reverse)
        #expect(ConsoleTheme(environment: ["NO_COLOR": ""], terminalHasColors: true).usesColor)
        #expect(!ConsoleTheme(environment: [:], terminalHasColors: false).usesColor)
    }
}

@Suite("Console dialogs on screen")
struct ConsoleDialogLayoutTests {
    @Test("an open void dialog replaces the message and help lines, in the alert style, at every size", arguments: [
        (80, 24), (120, 40),
    ])
    func voidDialog(width: Int, height: Int) {
        var state = ConsoleViewState()
        state.connection = .disconnected(since: 0, reason: "daemon unreachable")
        for dialog in [ConsoleDialog.confirmVoid(session: "12345678-x", summary: "kiosk-1, 1 item"), .voidReason(session: "12345678-x")] {
            state.dialog = dialog
            let lines = ConsoleLayout(width: width, height: height)
                .render(snapshot: SnapshotFixtures.snapshot(sessions: 2, alerts: 1), state: state, now: 0)
            #expect(lines.count == height && lines.allSatisfy { $0.text.count == width })
            #expect(lines[height - 2].text.contains(dialog.question))
            #expect(lines[height - 2].segments.allSatisfy { $0.style == .alarm })
            #expect(lines[height - 1].text.contains(dialog.choices))
            #expect(!lines.contains { $0.text.contains("q quit") })
        }
    }
}

@Suite("Console devices view")
struct ConsoleDevicesLayoutTests {
    let snapshot = SnapshotFixtures.snapshot(sessions: 2, alerts: 1)

    func styles(of text: String, in line: ScreenLine) -> Set<TextStyle> {
        Set(line.segments.filter { $0.text.contains(text) }.map(\.style))
    }

    @Test("the summary line counts online/offline and names each fault in the alert style")
    func summary() throws {
        let lines = ConsoleLayout(width: 80, height: 24).render(snapshot: snapshot, state: ConsoleViewState(), now: 0)
        let line = try #require(lines.first { $0.text.hasPrefix(" DEVICES") })
        #expect(line.text.contains("DEVICES 4: 2 online · 2 OFFLINE · FAULT Zebra DS2208: unplugged"))
        #expect(styles(of: "FAULT Zebra DS2208", in: line) == [.danger])
        #expect(styles(of: "2 OFFLINE", in: line) == [.warning])
        #expect(styles(of: "2 online", in: line) == [.good])
    }

    @Test("d shows the devices table: link, last contact, last scan, fault in the alert style", arguments: [(80, 24), (140, 40)])
    func table(width: Int, height: Int) throws {
        var state = ConsoleViewState()
        _ = ConsoleKeyMap.handle(.character("d"), state: &state, snapshot: snapshot)
        _ = ConsoleKeyMap.handle(.down, state: &state, snapshot: snapshot)
        let lines = ConsoleLayout(width: width, height: height).render(snapshot: snapshot, state: state, now: 0)
        #expect(lines.count == height && lines.allSatisfy { $0.text.count == width })
        #expect(lines.contains { $0.text.contains("▶ DEVICES (4)") })
        #expect(!lines.contains { $0.text.contains("OPEN SESSIONS") })
        // 80 columns: the device by its label (the scanner's model); a wide table shows the id and the name.
        let scanner = try #require(lines.first { $0.text.hasPrefix(width >= 120 ? "  scanner-2 " : "  Zebra DS2208 ") })
        #expect(scanner.text.contains("OFFLINE") && scanner.text.contains("5m00") && scanner.text.contains("5m10"))
        #expect(scanner.text.contains("unplugged"))
        #expect(scanner.segments.filter { !$0.text.allSatisfy(\.isWhitespace) }.allSatisfy { $0.style == .danger })
        // The second row is selected (reversed); the kiosk's link cell is green.
        let selected = try #require(lines.first { $0.segments.contains { $0.style == .selected } })
        #expect(selected.text.contains("handheld-3"))
        let kiosk = try #require(lines.first { $0.text.hasPrefix("  kiosk-1 ") })
        #expect(styles(of: "online", in: kiosk) == [.good])
        #expect(kiosk.text.contains("10000000 (1 open)"))
        if width >= 120 { #expect(lines.contains { $0.text.contains("Zebra DS2208") }) }
    }
}
