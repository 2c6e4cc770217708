public import Foundation
public import SelfScanCore

// The answers of the daemon's local API that more than one end reads (the server encodes them; the console,
// the tests and the OpenAPI contract test decode them).

/// `GET /v1/status`: who this daemon is, its payment terminal, signing keys, catalog cache and sync.
public struct DaemonStatus: Codable, Sendable {
    public struct Payment: Codable, Sendable {
        public let terminal: String

        public init(terminal: String) {
            self.terminal = terminal
        }
    }
    public struct Signing: Codable, Sendable {
        public let signingKeyID: String?
        public let trustedKeyIDs: [String]

        public init(signingKeyID: String? = nil, trustedKeyIDs: [String]) {
            self.signingKeyID = signingKeyID
            self.trustedKeyIDs = trustedKeyIDs
        }
    }
    public let store: String
    public let device: String
    public let role: String
    /// When the daemon started (ISO 8601 on the wire).
    public let startedAt: Date
    public let uptimeSeconds: Int64
    public let eventSubscribers: Int
    public let payment: Payment
    public let signing: Signing
    /// The local catalog cache: version and age in seconds (`null` before the first catalog).
    public let catalog: DaemonCatalogState?
    /// Sync with the referential (`null` when none is configured: offline-only).
    public let sync: SyncStatus?
    public let outboxDepth: Int?
    /// The store's time zone, an IANA identifier (`Europe/Paris`): config `timeZone`, default the machine's zone.
    /// Readers show clocks and "today" in it. Absent from daemons before 2026-12-04 (readers use their own zone).
    public var timeZone: String? = nil

    public init(store: String, device: String, role: String, startedAt: Date, uptimeSeconds: Int64, eventSubscribers: Int, payment: Payment, signing: Signing, catalog: DaemonCatalogState? = nil, sync: SyncStatus? = nil, outboxDepth: Int? = nil, timeZone: String? = nil) {
        self.timeZone = timeZone
        self.store = store
        self.device = device
        self.role = role
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.eventSubscribers = eventSubscribers
        self.payment = payment
        self.signing = signing
        self.catalog = catalog
        self.sync = sync
        self.outboxDepth = outboxDepth
    }
}

/// The local catalog cache as `GET /v1/status` reports it.
public struct DaemonCatalogState: Codable, Sendable {
    public let version: Int64
    public let ageSeconds: Int64
    public let appliedAt: Date

    public init(version: Int64, ageSeconds: Int64, appliedAt: Date) {
        self.version = version
        self.ageSeconds = ageSeconds
        self.appliedAt = appliedAt
    }
}

/// `POST /v1/staff/login`.
public struct StaffLoginAnswer: Codable, Sendable {
    public let token: String
    public let staffID: String
    public let name: String
    public let role: StaffRole
    /// When the token stops working (ISO 8601 on the wire).
    public let expiresAt: Date

    public init(token: String, staffID: String, name: String, role: StaffRole, expiresAt: Date) {
        self.token = token
        self.staffID = staffID
        self.name = name
        self.role = role
        self.expiresAt = expiresAt
    }
}

/// `GET /v1/sessions` (staff).
public struct SessionList: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public let id: String
        public let device: String
        public let state: SessionState
        public let total: Money?
        public let lineCount: Int
        /// When the session opened (absent from daemons before 2026-11-23: readers fall back to `updatedAt`).
        public let openedAt: Date?
        public let updatedAt: Date

        public init(id: String, device: String, state: SessionState, total: Money? = nil, lineCount: Int, openedAt: Date? = nil, updatedAt: Date) {
            self.id = id
            self.device = device
            self.state = state
            self.total = total
            self.lineCount = lineCount
            self.openedAt = openedAt
            self.updatedAt = updatedAt
        }
    }
    public let sessions: [Item]

    public init(sessions: [Item]) {
        self.sessions = sessions
    }
}

/// `GET /v1/staff/alerts`.
public struct StaffAlertList: Codable, Sendable {
    public let alerts: [StaffAlert]

    public init(alerts: [StaffAlert]) {
        self.alerts = alerts
    }
}

/// `GET /v1/devices`.
public struct DeviceList: Codable, Sendable {
    public let devices: [DeviceStatus]

    public init(devices: [DeviceStatus]) {
        self.devices = devices
    }
}

/// The JSON body of a daemon error answer (the shared `ErrorBody` shape; codes listed in docs/api.md).
public typealias APIErrorBody = ErrorBody<String>
