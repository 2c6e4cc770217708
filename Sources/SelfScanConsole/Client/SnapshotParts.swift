/// Which of the daemon's answers a refresh re-reads; the others keep their last value.
public struct SnapshotParts: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `GET /v1/status` and `/metrics`: store, uptime, sync, catalog.
    public static let status = SnapshotParts(rawValue: 1 << 0)
    /// `GET /v1/sessions` (and the details of sessions that changed).
    public static let sessions = SnapshotParts(rawValue: 1 << 1)
    /// `GET /v1/staff/alerts`.
    public static let alerts = SnapshotParts(rawValue: 1 << 2)
    /// `GET /v1/devices`.
    public static let devices = SnapshotParts(rawValue: 1 << 3)

    public static let all: SnapshotParts = [.status, .sessions, .alerts, .devices]

    /// What an event of the daemon's stream (`type`, docs/api.md "Live events") changes on screen.
    /// A type the console does not know, and `resync`, re-read everything.
    public init(eventType: String) {
        switch eventType {
        case "basket", "payment", "audit", "gate": self = [.sessions, .alerts]
        case "alert", "alertResolved": self = [.alerts]
        case "device": self = [.devices, .alerts]
        case "sync": self = [.status, .alerts]
        case "scanRefused": self = []
        default: self = .all
        }
    }
}
