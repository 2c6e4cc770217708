import SelfScanAPI
import SelfScanConsole
import SelfScanCore

/// Snapshots the layout tests draw.
enum SnapshotFixtures {
    static func euros(_ minor: Int64) -> Money { Money(minor: minor, currency: .eur) }

    static func session(_ n: Int, state: String = "scanning", pending: Int = 0) -> SessionRow {
        SessionRow(
            id: "\(n)0000000-aaaa-bbbb-cccc-\(String(repeating: "d", count: 11))\(n % 10)", device: "kiosk-\(n)",
            state: state, items: n, total: euros(Int64(n) * 1234), ageSeconds: Int64(n) * 61, idleSeconds: 5,
            auditScoreBasisPoints: 1250, auditRequired: false, pendingApprovals: pending)
    }

    /// The daemon, a faulty scanner, an offline page and an online page on session 1.
    static let devices = [
        DeviceRow(id: "scanner-2", kind: "scanner", name: "Zebra DS2208", online: false, lastSeenSeconds: 300, lastScanSeconds: 310, fault: "unplugged"),
        DeviceRow(id: "handheld-3", kind: "page", role: "handheld", online: false, lastSeenSeconds: 95),
        DeviceRow(id: "store-1", kind: "daemon", role: "store", online: true, lastSeenSeconds: 0),
        DeviceRow(id: "kiosk-1", kind: "page", role: "kiosk", online: true, lastSeenSeconds: 4, sessionID: session(1).id, openSessions: 1),
    ]

    static func snapshot(sessions: Int, alerts: Int) -> ConsoleSnapshot {
        ConsoleSnapshot(
            daemon: DaemonInfo(url: "http://127.0.0.1:8080", store: "FR-0042", device: "store-1", role: "store", uptimeSeconds: 3725),
            takenAt: 1_790_000_000_000,
            devices: devices,
            openSessions: (1...max(sessions, 1)).prefix(sessions).map { session($0, pending: $0 == 1 ? 1 : 0) },
            alerts: (0..<alerts).map {
                AlertRow(
                    id: "ageApproval-\($0)", kind: $0 == 0 ? "ageApproval" : "unknownCode", session: session(1).id,
                    device: "kiosk-1", ageSeconds: Int64($0) * 30, message: "age check: 18+ item in the basket #\($0)")
            },
            sync: SyncStatus(online: false, outboxDepth: 12, outboxOldestSeconds: 400, catalogVersion: 7, catalogAgeSeconds: 90),
            totals: DayTotals(
                sessions: 40, completed: 31, sales: euros(123_456), averageBasket: euros(3982), auditsDone: 4,
                auditsWithDifferences: 1))
    }
}
