import Foundation
import SelfScanAPI
import SelfScanCore
import Testing

@testable import SelfScanConsole

/// Issue 17 item 15 (and 14): the console as a store manager uses it — no raw identifiers, a confirmed approval
/// that names what is approved, nothing that matters cut at 80 columns, the store's time zone.
@Suite("Console in store use")
struct ConsoleStoreUseTests {
    static let page = "kiosk-60c4a1b2c3d4e5f6"
    static let storeID = "fr-paris-0042-rivoli"

    /// A kiosk page with a browser-profile id, its session waiting for an age check, a payment of unknown outcome.
    static func snapshot() -> ConsoleSnapshot {
        var snapshot = SnapshotFixtures.snapshot(sessions: 3, alerts: 0)
        snapshot.daemon.store = storeID
        snapshot.devices.append(DeviceRow(id: page, kind: "page", role: "kiosk", name: page, online: true, lastSeenSeconds: 2))
        snapshot.openSessions[0].device = page
        snapshot.openSessions[0].state = "approvalNeeded"
        snapshot.openSessions[0].pendingItems = ["Bordeaux rouge AOC Saint-Émilion Grand Cru 75cl (18+)"]
        let session = snapshot.openSessions[0].id
        snapshot.alerts = [
            AlertRow(
                id: "ageApproval-x", kind: "ageApproval", session: session, device: page, ageSeconds: 95,
                message: "check the ID: Bordeaux rouge AOC Saint-Émilion Grand Cru 75cl (18+)",
                item: "Bordeaux rouge AOC Saint-Émilion Grand Cru 75cl (18+)"),
            AlertRow(
                id: "payment-x", kind: "paymentUnknown", session: session, device: page, ageSeconds: 40,
                message: "the terminal's answer to a payment of 12.34 EUR was lost"),
        ]
        return snapshot
    }

    @Test("labels: alert kinds and states in words, a page's random id as a short stable label, names over ids")
    func labels() {
        #expect(ConsoleLabels.device(id: Self.page) == "Kiosk 60c4")
        #expect(ConsoleLabels.device(id: "handheld-9f00aa11bb22cc33") == "Handheld 9f00")
        #expect(ConsoleLabels.device(id: "kiosk-1") == "kiosk-1")
        #expect(ConsoleLabels.device(id: "scanner-2", kind: "scanner", name: "Zebra DS2208") == "Zebra DS2208")
        #expect(ConsoleLabels.device(id: "store-1", kind: "daemon", name: "selfscan store store-1 (store x)") == "store-1")
        #expect(ConsoleLabels.device(id: "6f1c2d3e-aaaa-bbbb-cccc-0123456789ab").count <= 12)
        #expect(ConsoleLabels.sessionState("approvalNeeded") == "AGE CHECK")
        #expect(ConsoleLabels.sessionState("auditRequired") == "AUDIT DUE")
        for kind in ["ageApproval", "help", "audit", "unknownCode", "saleRefused", "device", "paymentUnknown", "security"] {
            #expect(ConsoleLabels.alertKind(kind) != kind && ConsoleLabels.alertKind(kind).count <= ConsoleLabels.alertKindWidth)
        }
    }

    @Test("at 80×24 and 160×48 nothing that matters is cut and no raw identifier shows", arguments: [(80, 24), (160, 48)])
    func nothingThatMattersIsCut(width: Int, height: Int) {
        var state = ConsoleViewState()
        state.connection = .connected
        state.eventsLive = true
        let text = ConsoleLayout(width: width, height: height, utcOffsetSeconds: 3600)
            .render(snapshot: Self.snapshot(), state: state, now: 0).map(\.text)
        #expect(text.count == height && text.allSatisfy { $0.count == width })
        let screen = text.joined(separator: "\n")
        #expect(text[0].contains("store \(Self.storeID)") && text[0].contains("01:00:00") && text[0].contains("CONNECTED"))
        #expect(screen.contains("PAYMENT UNKNOWN") && screen.contains("AGE CHECK"))
        #expect(screen.contains("Kiosk 60c4"))
        for raw in ["approvalNeeded", "paymentUnknown", "ageApproval", Self.page] { #expect(!screen.contains(raw), "raw \(raw)") }
        // The alert row keeps its instruction; only the name may be shortened.
        let ageRow = text.first { $0.contains("AGE CHECK") && $0.contains("1m35") }
        #expect(ageRow?.contains("check the ID: Bordeaux rouge") == true)
        if width >= 160 { #expect(screen.contains("Saint-Émilion Grand Cru 75cl (18+)")) }
        // The session row: its state in words, its device by label, its total.
        #expect(text.contains { $0.contains("10000000") && $0.contains("AGE CHECK") && $0.contains("Kiosk 60c4") && $0.contains("12.34 EUR") })
    }

    @Test("an unknown payment reads as the instruction and the amount, which fit in 80 columns")
    func paymentUnknownMessage() {
        let alert = StaffAlert(
            kind: "paymentUnknown", id: "p", session: "s", device: "kiosk-demo", at: Date(),
            message: "the terminal's answer to a payment of 12.34 EUR was lost: check the terminal's journal and resolve it (charged / not charged); no payment until then",
            code: "terminalTimeout")
        #expect(SnapshotAssembler.describe(alert) == "payment of 12.34 EUR lost: check the terminal")
        #expect(SnapshotAssembler.describe(alert).count <= 45, "the WHAT column at 80 columns")
        let other = StaffAlert(kind: "paymentUnknown", id: "q", session: nil, device: "d", at: Date(), message: "odd", code: nil)
        #expect(SnapshotAssembler.describe(other) == "odd")
    }

    @Test("columns are dropped by priority, never the ones that matter")
    func columnsByPriority() {
        let columns: [TableColumns.Column] = [
            .init("A", priority: 0, width: 10), .init("B", priority: 2, width: 10), .init("C", priority: 1, width: 10),
            .init("D", priority: 0, width: 10, maxWidth: 30),
        ]
        #expect(TableColumns(columns, width: 80).indices == [0, 1, 2, 3])
        #expect(TableColumns(columns, width: 80).shown.last?.width == 30)
        #expect(TableColumns(columns, width: 40).indices == [0, 2, 3])
        #expect(TableColumns(columns, width: 25).indices == [0, 3])
        #expect(
            TableColumns(columns, width: 25).row(["a", "b", "c", "d"])
                == "  a" + String(repeating: " ", count: 10) + "d" + String(repeating: " ", count: 11))
    }

    @Test("one `a` approves nothing: the question names the session, the device and the item; y or Enter approve, Esc cancels",
        arguments: [(80, 24), (160, 48)])
    func approvalIsConfirmed(width: Int, height: Int) throws {
        let snapshot = Self.snapshot()
        let session = snapshot.openSessions[0].id
        var state = ConsoleViewState()
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot) == .redraw)
        let dialog = try #require(state.dialog)
        let lines = ConsoleLayout(width: width, height: height).render(snapshot: snapshot, state: state, now: 0).map(\.text)
        let question = lines[height - 2]
        #expect(question.contains("APPROVE age check · \(session.prefix(8)) · Kiosk 60c4 · Bordeaux rouge"), "\(question)")
        #expect(question.trimmingTrailingSpaces.hasSuffix("?"))
        #expect(lines[height - 1].contains("y / Enter = yes") && lines[height - 1].contains("Esc = no"))
        if width >= 160 { #expect(question.contains("Grand Cru 75cl (18+)?")) }
        #expect(ConsoleKeyMap.handle(.escape, state: &state, snapshot: snapshot) == .redraw)
        #expect(state.dialog == nil && state.message == "cancelled: approval of \(session.prefix(8))")
        state.dialog = dialog
        #expect(ConsoleKeyMap.handle(.enter, state: &state, snapshot: snapshot) == .perform(.approveAge(session: session)))
        state.dialog = dialog
        #expect(ConsoleKeyMap.handle(.character("y"), state: &state, snapshot: snapshot) == .perform(.approveAge(session: session)))
    }

    @Test("the question fits any width from 80: the name is shortened, the session and device are not")
    func questionFits() {
        let question = ApprovalQuestion(
            session: "12345678-aaaa", device: "Borne entrée parking 2", items: [String(repeating: "Whisky ", count: 20)])
        for width in [79, 100, 159] {
            let text = question.text(fitting: width)
            #expect(text.count <= width)
            #expect(text.hasPrefix("APPROVE age check · 12345678 · Borne ") && text.hasSuffix("?"))
        }
    }
}

@Suite("Alert urgency: one order for the daemon and the console")
struct AlertUrgencyTests {
    static func alert(_ kind: String, _ id: String, secondsAgo: Double) -> StaffAlert {
        StaffAlert(
            kind: kind, id: id, session: "s", device: "kiosk-1", at: Date(timeIntervalSince1970: 1_790_000_000 - secondsAgo),
            message: kind, code: nil)
    }

    @Test("a shopper waiting for an age check first, then help and unknown payments, audits, items, the rest")
    func order() throws {
        let kinds = ["ageApproval", "help", "paymentUnknown", "audit", "unknownCode", "saleRefused", "device", "security"]
        #expect(kinds.map(StaffAlert.urgency(ofKind:)) == [0, 1, 1, 2, 3, 3, 4, 4])
        let alerts = [
            Self.alert("device", "d", secondsAgo: 900), Self.alert("audit", "a", secondsAgo: 600),
            Self.alert("paymentUnknown", "p", secondsAgo: 30), Self.alert("ageApproval", "g", secondsAgo: 5),
            Self.alert("help", "h", secondsAgo: 60),
        ]
        #expect(alerts.sorted(by: StaffAlert.urgentFirst).map(\.id) == ["g", "h", "p", "a", "d"])
        // The console keeps the daemon's order whatever order the list came in (older daemons: oldest first).
        let snapshot = SnapshotAssembler(url: "http://x", now: 1_790_000_000_000).assemble(
            status: try DaemonFixtures.status(now: 1_790_000_000), sessions: [], alerts: alerts, details: [:], metrics: nil)
        #expect(snapshot.alerts.map(\.id) == ["g", "h", "p", "a", "d"])
    }
}

@Suite("The store's time zone")
struct StoreTimeZoneTests {
    @Test("the clock and today follow the daemon's time zone, not the console machine's")
    func storeDay() throws {
        #expect(StoreTimeZone.utcOffsetSeconds("Asia/Tokyo", at: 0) == 9 * 3600)
        #expect(StoreTimeZone.utcOffsetSeconds("Not/AZone", at: 0) == TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: 0)))
        // 16:00 UTC = 01:00 in Tokyo the next day; a basket paid at 14:00 UTC (23:00 in Tokyo) was yesterday there.
        let now: Int64 = 1_796_400_000_000  // 2026-12-04T16:00:00Z
        let paid = try DaemonFixtures.item("p", "paid", 1500, updatedAt: now / 1000 - 2 * 3600)
        func status(_ zone: String?) -> DaemonResponses.Status {
            DaemonStatus(
                store: "s", device: "d", role: "store", startedAt: Date(), uptimeSeconds: 1, eventSubscribers: 0,
                payment: .init(terminal: "none"), signing: .init(trustedKeyIDs: []), timeZone: zone)
        }
        let tokyo = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: status("Asia/Tokyo"), sessions: [paid], alerts: [], details: [:], metrics: nil)
        #expect(tokyo.daemon.timeZone == "Asia/Tokyo")
        #expect(tokyo.totals.completed == 0)
        let utc = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: status("UTC"), sessions: [paid], alerts: [], details: [:], metrics: nil)
        #expect(utc.totals.completed == 1)
    }
}
