public import SelfScanAPI
public import SelfScanCore

/// Everything the console shows at one instant, gathered from one store-role daemon's HTTP API.
/// Pure data: the layout draws it, `--once --json` prints it. Fields the daemon does not report are `nil`
/// (shown as "—"), never invented.
public struct ConsoleSnapshot: Sendable, Hashable, Codable {
    /// The daemon this snapshot comes from.
    public var daemon: DaemonInfo
    /// Unix time in milliseconds when the snapshot was taken.
    public var takenAt: Int64
    public var devices: [DeviceRow]
    /// Sessions not yet closed (not exited, abandoned, void or paid), most recently active first.
    public var openSessions: [SessionRow]
    /// Open staff alerts, oldest first.
    public var alerts: [AlertRow]
    public var sync: SyncStatus
    public var totals: DayTotals

    public init(
        daemon: DaemonInfo, takenAt: Int64, devices: [DeviceRow], openSessions: [SessionRow], alerts: [AlertRow],
        sync: SyncStatus, totals: DayTotals
    ) {
        self.daemon = daemon
        self.takenAt = takenAt
        self.devices = devices
        self.openSessions = openSessions
        self.alerts = alerts
        self.sync = sync
        self.totals = totals
    }
}

/// Who answered: `GET /v1/status`.
public struct DaemonInfo: Sendable, Hashable, Codable {
    public var url: String
    public var store: String
    public var device: String
    public var role: String
    public var uptimeSeconds: Int64
    /// The store's time zone (IANA identifier) as the daemon reports it; `nil` from older daemons (the console
    /// then uses its own machine's zone).
    public var timeZone: String?

    public init(url: String, store: String, device: String, role: String, uptimeSeconds: Int64, timeZone: String? = nil) {
        self.timeZone = timeZone
        self.url = url
        self.store = store
        self.device = device
        self.role = role
        self.uptimeSeconds = uptimeSeconds
    }
}

/// One open session, as a row.
public struct SessionRow: Sendable, Hashable, Codable {
    public var id: String
    public var device: String
    public var state: String
    public var items: Int
    public var total: Money?
    /// Seconds since the session opened (or since its last change when the daemon does not say).
    public var ageSeconds: Int64
    /// Seconds since its last change.
    public var idleSeconds: Int64
    /// The audit policy's risk score in basis points (0…10000), when the session has been scored.
    public var auditScoreBasisPoints: Int?
    public var auditRequired: Bool?
    /// Age-restricted lines waiting for staff approval.
    public var pendingApprovals: Int
    /// What those lines are, for people: `Bordeaux rouge (18+)` (empty when the daemon's detail is not read).
    public var pendingItems: [String]

    public init(
        id: String, device: String, state: String, items: Int, total: Money?, ageSeconds: Int64, idleSeconds: Int64,
        auditScoreBasisPoints: Int?, auditRequired: Bool?, pendingApprovals: Int, pendingItems: [String] = []
    ) {
        self.pendingItems = pendingItems
        self.id = id
        self.device = device
        self.state = state
        self.items = items
        self.total = total
        self.ageSeconds = ageSeconds
        self.idleSeconds = idleSeconds
        self.auditScoreBasisPoints = auditScoreBasisPoints
        self.auditRequired = auditRequired
        self.pendingApprovals = pendingApprovals
    }
}

/// One staff alert waiting (age approval, audit due, unknown item, refused sale, help…).
public struct AlertRow: Sendable, Hashable, Codable {
    public var id: String
    /// `ageApproval`, `audit`, `unknownCode`, `saleRefused`, `help`, …
    public var kind: String
    /// Empty for alerts about no session (a device, the sync engine).
    public var session: String
    public var device: String
    public var ageSeconds: Int64
    public var message: String
    /// The product concerned, for people (`Bordeaux rouge (18+)`), when the daemon names it.
    public var item: String?

    public init(
        id: String, kind: String, session: String, device: String, ageSeconds: Int64, message: String, item: String? = nil
    ) {
        self.item = item
        self.id = id
        self.kind = kind
        self.session = session
        self.device = device
        self.ageSeconds = ageSeconds
        self.message = message
    }
}

/// Sync with the central referential, as far as the daemon reports it (`/metrics`).
public struct SyncStatus: Sendable, Hashable, Codable {
    /// `true`/`false` when the daemon reports its link to the referential; `nil` when it does not.
    public var online: Bool?
    public var outboxDepth: Int?
    public var outboxOldestSeconds: Int64?
    public var catalogVersion: Int64?
    public var catalogAgeSeconds: Int64?

    public init(
        online: Bool? = nil, outboxDepth: Int? = nil, outboxOldestSeconds: Int64? = nil, catalogVersion: Int64? = nil,
        catalogAgeSeconds: Int64? = nil
    ) {
        self.online = online
        self.outboxDepth = outboxDepth
        self.outboxOldestSeconds = outboxOldestSeconds
        self.catalogVersion = catalogVersion
        self.catalogAgeSeconds = catalogAgeSeconds
    }
}

/// Today's figures (the store's day, in its time zone) over the sessions the daemon lists.
public struct DayTotals: Sendable, Hashable, Codable {
    public var sessions: Int
    /// Sessions paid or exited.
    public var completed: Int
    /// Sum of completed sessions' totals; `nil` when there are none.
    public var sales: Money?
    public var averageBasket: Money?
    public var auditsDone: Int
    public var auditsWithDifferences: Int

    public init(
        sessions: Int = 0, completed: Int = 0, sales: Money? = nil, averageBasket: Money? = nil, auditsDone: Int = 0,
        auditsWithDifferences: Int = 0
    ) {
        self.sessions = sessions
        self.completed = completed
        self.sales = sales
        self.averageBasket = averageBasket
        self.auditsDone = auditsDone
        self.auditsWithDifferences = auditsWithDifferences
    }

    /// Audits with differences over audits done, in whole percent; `nil` before the first audit.
    public var auditDifferencePercent: Int? {
        auditsDone == 0 ? nil : auditsWithDifferences * 100 / auditsDone
    }
}
