import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanSync
import Testing

@testable import SelfScanConsole

@Suite("Snapshot assembly")
struct SnapshotAssemblerTests {
    let now: Int64 = 1_790_000_000_000
    let eur = Currency.eur

    func item(_ id: String, _ state: String, _ minor: Int64, secondsAgo: Int64, device: String = "kiosk-1") throws
        -> DaemonResponses.SessionList.Item
    {
        try DaemonFixtures.item(id, state, minor, updatedAt: now / 1000 - secondsAgo, device: device)
    }

    func status(sync: SelfScanAPI.SyncStatus? = nil) throws -> DaemonResponses.Status {
        try DaemonFixtures.status(sync: sync, now: now / 1000)
    }

    @Test("AGE counts from the session's opening, IDLE from its last change; an older daemon's list (no openedAt) uses the last change for both")
    func ageFromOpeningIdleFromLastChange() throws {
        let opened = try DaemonFixtures.item("a", "scanning", 1000, updatedAt: now / 1000 - 20, openedAt: now / 1000 - 600)
        let older = try DaemonFixtures.item("b", "scanning", 1000, updatedAt: now / 1000 - 30)
        let snapshot = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: try status(), sessions: [opened, older], alerts: [], details: [:], metrics: nil)
        let rows = Dictionary(uniqueKeysWithValues: snapshot.openSessions.map { ($0.id, $0) })
        #expect(rows["a"]?.ageSeconds == 600)
        #expect(rows["a"]?.idleSeconds == 20)
        #expect(rows["b"]?.ageSeconds == 30)
        #expect(rows["b"]?.idleSeconds == 30)
    }

    @Test("open sessions exclude closed states; totals count today's paid sessions and audits")
    func sessionsAndTotals() throws {
        let sessions = [
            try item("a", "scanning", 1000, secondsAgo: 5), try item("b", "paid", 2000, secondsAgo: 50),
            try item("c", "exited", 4000, secondsAgo: 70, device: "kiosk-2"), try item("d", "void", 999, secondsAgo: 10),
        ]
        let audited = try DaemonFixtures.detail(
            id: "c", state: "exited",
            audit: DaemonFixtures.audit(required: true, basisPoints: 4200, passed: false, differences: ["missing: x"]))
        let pending = try DaemonFixtures.detail(
            id: "a", state: "scanning", pending: ["l1"],
            audit: DaemonFixtures.audit(required: false, basisPoints: 300, passed: nil, differences: []))
        let snapshot = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: try status(), sessions: sessions, alerts: [], details: ["c": audited, "a": pending], metrics: nil)
        #expect(snapshot.openSessions.map(\.id) == ["a"])
        #expect(snapshot.openSessions.first?.pendingApprovals == 1)
        #expect(snapshot.openSessions.first?.auditScoreBasisPoints == 300)
        #expect(snapshot.totals.completed == 2)
        #expect(snapshot.totals.sales == Money(minor: 6000, currency: eur))
        #expect(snapshot.totals.averageBasket == Money(minor: 3000, currency: eur))
        #expect(snapshot.totals.auditsDone == 1 && snapshot.totals.auditDifferencePercent == 100)
        #expect(snapshot.devices.map(\.id) == ["store-1", "kiosk-1", "kiosk-2"])
        #expect(snapshot.devices[1].openSessions == 1 && snapshot.devices[1].lastSeenSeconds == 5)
        #expect(snapshot.devices[0].kind == "daemon" && snapshot.devices[0].online == true)
        #expect(snapshot.devices[1].kind == "sessions" && snapshot.devices[1].online == nil)
        #expect(snapshot.sync.catalogVersion == 9 && snapshot.sync.outboxDepth == 4 && snapshot.sync.online == nil)
    }

    @Test("GET /v1/devices (ISO dates) gives the rows: faults first, then offline; ages, sessions, faults kept")
    func reportedDevices() throws {
        let json = #"""
            {"devices":[
             {"id":"store-1","kind":"daemon","role":"store","name":"Store box","online":true,
              "lastSeenAt":"2026-09-21T14:13:20Z","lastScanAt":null,"fault":null,"sessionID":null},
             {"id":"kiosk-1","kind":"page","role":"kiosk","name":"kiosk page","online":true,
              "lastSeenAt":"2026-09-21T14:13:16Z","lastScanAt":"2026-09-21T14:12:20Z","fault":null,"sessionID":"a"},
             {"id":"handheld-2","kind":"page","role":"handheld","name":"handheld page","online":false,
              "lastSeenAt":"2026-09-21T14:11:20Z","lastScanAt":null,"fault":null,"sessionID":null},
             {"id":"usb-1d6b","kind":"scanner","role":null,"name":"Honeywell 1900","online":false,
              "lastSeenAt":"2026-09-21T14:03:20Z","lastScanAt":"2026-09-21T14:03:00Z","fault":"unplugged","sessionID":null}
            ]}
            """#
        let list = try DaemonResponses.decoder().decode(DaemonResponses.DeviceList.self, from: Data(json.utf8))
        // now = 1_790_000_000 s = 2026-09-21T14:13:20Z
        let snapshot = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: try status(), sessions: [try item("a", "scanning", 100, secondsAgo: 3, device: "kiosk-1")], alerts: [], details: [:],
            metrics: nil, devices: list.devices)
        #expect(snapshot.devices.map(\.id) == ["usb-1d6b", "handheld-2", "store-1", "kiosk-1"])
        let scanner = snapshot.devices[0]
        #expect(scanner.fault == "unplugged" && scanner.online == false && scanner.lastScanSeconds == 620)
        #expect(scanner.name == "Honeywell 1900" && scanner.lastSeenSeconds == 600)
        #expect(snapshot.devices[1].lastSeenSeconds == 120 && snapshot.devices[1].role == "handheld")
        let kiosk = snapshot.devices[3]
        #expect(kiosk.sessionID == "a" && kiosk.openSessions == 1 && kiosk.lastSeenSeconds == 4 && kiosk.lastScanSeconds == 60)
        let summary = DeviceSummary(snapshot.devices)
        #expect(summary.total == 4 && summary.online == 2 && summary.offline == 2 && summary.faults == ["usb-1d6b: unplugged"])
    }

    @Test("a device alert (no session) decodes and stays an alert; session actions do not target it")
    func deviceAlert() throws {
        let json = #"{"alerts":[{"at":"2026-09-21T14:13:20Z","device":"scanner-1","id":"device-scanner-1-1","kind":"device","message":"scanner unplugged","published":true}]}"#
        let alerts = try DaemonResponses.decoder().decode(DaemonResponses.AlertList.self, from: Data(json.utf8)).alerts
        let snapshot = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: try status(), sessions: [], alerts: alerts, details: [:], metrics: nil)
        #expect(snapshot.alerts.map(\.kind) == ["device"] && snapshot.alerts.first?.session == "")
        var state = ConsoleViewState()
        #expect(ConsoleKeyMap.handle(.character("a"), state: &state, snapshot: snapshot) == .redraw)
        #expect(state.message == "no session selected")
        #expect(ConsoleKeyMap.handle(.enter, state: &state, snapshot: snapshot) == .perform(.acknowledge(alert: "device-scanner-1-1")))
    }

    @Test("the sync engine's state and alarms reach the sync line and the alerts")
    func syncAlarms() throws {
        var sync = SelfScanAPI.SyncStatus()
        sync.connectivity = .offline
        sync.outboxDepth = 4
        sync.oldestUnsentAt = Date(timeIntervalSince1970: TimeInterval(now / 1000 - 90))
        sync.lastError = "refused"
        sync.alarms = [.outboxOverCapacity, .catalogStale]
        let snapshot = SnapshotAssembler(url: "http://x", now: now).assemble(
            status: try status(sync: sync), sessions: [], alerts: [], details: [:], metrics: nil)
        #expect(snapshot.sync.online == false)
        #expect(snapshot.sync.outboxOldestSeconds == 90)
        #expect(snapshot.alerts.map(\.id) == ["sync-outboxOverCapacity", "sync-catalogStale"])
        #expect(snapshot.alerts.allSatisfy { $0.kind == "sync" })
    }

    @Test("metrics gauges fill what the status lacks")
    func metrics() {
        let text = """
            # TYPE selfscan_outbox_depth gauge
            selfscan_outbox_depth 17
            selfscan_catalog_version 3
            selfscan_catalog_age_seconds 42.5
            selfscan_sessions{state="open"} 2
            """
        let sync = SnapshotAssembler.sync(fromMetrics: text)
        #expect(sync.outboxDepth == 17 && sync.catalogVersion == 3 && sync.catalogAgeSeconds == 42)
        #expect(SnapshotAssembler.sync(fromMetrics: nil) == SyncStatus())
    }

    @Test("the daemon's ISO 8601 dates decode with the daemon's own configuration; numbers are refused")
    func dates() throws {
        let json = #"{"sessions":[{"id":"a","device":"k","state":"open","total":null,"lineCount":0,"updatedAt":"2026-11-23T14:00:00Z"},"#
            + #"{"id":"b","device":"k","state":"open","lineCount":0,"updatedAt":"2026-11-23T14:00:01Z"}]}"#
        let list = try DaemonResponses.decoder().decode(DaemonResponses.SessionList.self, from: Data(json.utf8))
        #expect(list.sessions.count == 2)
        #expect(list.sessions[1].updatedAt.timeIntervalSince(list.sessions[0].updatedAt) == 1)
        // A number is no daemon date (its epoch would be a guess): refused, not misread.
        let numeric = #"{"sessions":[{"id":"a","device":"k","state":"open","lineCount":0,"updatedAt":816307200}]}"#
        #expect(throws: DecodingError.self) {
            try DaemonResponses.decoder().decode(DaemonResponses.SessionList.self, from: Data(numeric.utf8))
        }
    }
}
