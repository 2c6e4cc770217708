/// A device of the store as the console shows it: from the daemon's `GET /v1/devices` (itself, its scanners,
/// the kiosk/handheld pages that send heartbeats), or, from a daemon without that route, itself and the
/// devices seen through its sessions (then `online` is `nil`: not reported, never guessed).
public struct DeviceRow: Sendable, Hashable, Codable {
    public var id: String
    /// `daemon`, `scanner`, `printer`, `page` (reported by the daemon), or `sessions` (only seen through its sessions).
    public var kind: String
    /// `kiosk`, `handheld`, `gate`, `store` when the daemon says.
    public var role: String?
    /// A name for people (scanner model, page title), when the daemon gives one.
    public var name: String?
    /// `true`/`false` as the daemon reports it; `nil` when it does not.
    public var online: Bool?
    /// Seconds since the daemon last heard from it (or since its last session activity).
    public var lastSeenSeconds: Int64?
    /// Seconds since its last scan, for scanners (and pages, when reported).
    public var lastScanSeconds: Int64?
    /// What is wrong with it (`unplugged`, a reader error…), shown in the alert colour.
    public var fault: String?
    /// The session it is showing or scanning into, if any.
    public var sessionID: String?
    /// Open sessions of this device in the daemon's session list.
    public var openSessions: Int

    public init(
        id: String, kind: String, role: String? = nil, name: String? = nil, online: Bool?, lastSeenSeconds: Int64? = nil,
        lastScanSeconds: Int64? = nil, fault: String? = nil, sessionID: String? = nil, openSessions: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.role = role
        self.name = name
        self.online = online
        self.lastSeenSeconds = lastSeenSeconds
        self.lastScanSeconds = lastScanSeconds
        self.fault = fault
        self.sessionID = sessionID
        self.openSessions = openSessions
    }

    /// Faults first, then devices reported offline, then the daemon, scanners, printers, pages, session-only devices.
    static func displayOrder(_ lhs: DeviceRow, _ rhs: DeviceRow) -> Bool {
        func rank(_ row: DeviceRow) -> (Int, Int, Int, String) {
            let kinds = ["daemon", "scanner", "printer", "page", "sessions"]
            return (
                row.fault == nil ? 1 : 0, row.online == false ? 0 : 1, kinds.firstIndex(of: row.kind) ?? kinds.count,
                row.id
            )
        }
        return rank(lhs) < rank(rhs)
    }
}

/// The devices at a glance, for the summary line and `--once --json` readers.
public struct DeviceSummary: Sendable, Hashable {
    public var total = 0
    public var online = 0
    public var offline = 0
    /// `id: fault` of each faulty device.
    public var faults: [String] = []

    public init(_ devices: [DeviceRow]) {
        total = devices.count
        for device in devices {
            if device.online == true { online += 1 }
            if device.online == false { offline += 1 }
            if let fault = device.fault { faults.append("\(device.id): \(fault)") }
        }
    }
}
