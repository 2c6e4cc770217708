import Foundation
public import Logging
public import SelfScanAPI
public import SelfScanStorage

/// The daemon's configuration file (`selfscan serve --config FILE`), documented in docs/configuration.md.
/// Validated whole at start: unknown keys and bad values are refused with the key path.
public struct DaemonConfig: Sendable, Hashable {
    /// Where the HTTP API listens. Loopback by default: the kiosk page runs on the same machine.
    public struct Listen: Sendable, Hashable {
        public var host: String
        /// 0 picks a free port (tests).
        public var port: Int
        /// Host names (or `name:port`) accepted in the `Host` header besides `localhost`, `127.0.0.1`, `[::1]`
        /// and `host` itself: the names kiosks use to reach a daemon listening beyond loopback. Any other Host
        /// is refused `403 hostNotAllowed` (DNS rebinding).
        public var allowedHosts: [String]
        /// Browser origins (`http://kiosk-07.store.example:8080`) allowed to call the API besides the daemon's
        /// own pages (same origin). Any other `Origin` is refused `403 originNotAllowed`.
        public var allowedOrigins: [String]

        /// The HTTPS listener for the store network (phones' camera needs a secure context); `nil`: HTTP only.
        public var tls: ListenTLS?

        public init(
            host: String = "127.0.0.1", port: Int = 8080, allowedHosts: [String] = [], allowedOrigins: [String] = [],
            tls: ListenTLS? = nil
        ) {
            self.host = host
            self.port = port
            self.allowedHosts = allowedHosts
            self.allowedOrigins = allowedOrigins
            self.tls = tls
        }

        /// Whether `host` only accepts local connections.
        public var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") }
    }

    /// The central referential this daemon syncs with. Absent: the daemon runs offline only.
    public struct Referential: Sendable, Hashable {
        public var url: String
        /// Bearer token issued by `selfscan referential` for this device.
        public var token: String?

        public init(url: String, token: String? = nil) {
            self.url = url
            self.token = token
        }
    }

    /// A staff member who may log in on this device.
    public struct StaffMember: Sendable, Hashable {
        /// How the member's PIN is checked (never the PIN itself).
        public enum Credential: Sendable, Hashable {
            /// `pinHash`: PBKDF2-HMAC-SHA-256 with a per-member salt (`selfscan staff-pin` prints one).
            case pbkdf2(PINHash)
            /// Legacy `pinSHA256`: lower-case hex SHA-256 of `"<id>:<pin>"` — unsalted and fast; still accepted
            /// so old config files keep working, with a start-up warning until it is replaced by `pinHash`.
            case legacySHA256(String)
        }

        public var id: String
        public var name: String
        /// The badge code as scanned (the staff badge's payload).
        public var badge: String
        public var credential: Credential
        public var roles: Set<StaffRole>

        public init(id: String, name: String, badge: String, credential: Credential, roles: Set<StaffRole>) {
            self.id = id
            self.name = name
            self.badge = badge
            self.credential = credential
            self.roles = roles
        }

        /// A member with a legacy `pinSHA256` (see `Credential.legacySHA256`).
        public init(id: String, name: String, badge: String, pinSHA256: String, roles: Set<StaffRole>) {
            self.init(id: id, name: name, badge: badge, credential: .legacySHA256(pinSHA256), roles: roles)
        }

        /// A member with a PBKDF2 `pinHash`.
        public init(id: String, name: String, badge: String, pinHash: PINHash, roles: Set<StaffRole>) {
            self.init(id: id, name: name, badge: badge, credential: .pbkdf2(pinHash), roles: roles)
        }
    }

    /// A public key this daemon accepts on exit passes and hand-off codes (key rotation: several at once).
    public struct TrustedKey: Sendable, Hashable {
        public var keyID: String
        /// Raw 32-byte Ed25519 public key, base64.
        public var publicKey: String

        public init(keyID: String, publicKey: String) {
            self.keyID = keyID
            self.publicKey = publicKey
        }
    }

    /// Signing of exit passes and hand-off codes.
    public struct Signing: Sendable, Hashable {
        /// Directory of this store's private keys (`<keyID>.ed25519`); default `<dataDir>/keys`.
        public var keysDirectory: String?
        /// Public keys accepted in addition to those of `keysDirectory`.
        public var trustedKeys: [TrustedKey]
        public var exitPassLifetimeSeconds: Int
        public var handoffLifetimeSeconds: Int

        public init(
            keysDirectory: String? = nil, trustedKeys: [TrustedKey] = [], exitPassLifetimeSeconds: Int = 900,
            handoffLifetimeSeconds: Int = 900
        ) {
            self.keysDirectory = keysDirectory
            self.trustedKeys = trustedKeys
            self.exitPassLifetimeSeconds = exitPassLifetimeSeconds
            self.handoffLifetimeSeconds = handoffLifetimeSeconds
        }
    }

    /// The payment terminal attached to this device.
    public struct Payment: Sendable, Hashable {
        public enum Terminal: String, Sendable, Hashable, CaseIterable {
            /// A simulated terminal that answers from `script` (then approves).
            case simulated
            /// No terminal: this device cannot take payments (handhelds, gates).
            case none
            /// A terminal spoken to with Caisse-AP over IP (`caisseAP` says where).
            case caisseAP
        }

        public var terminal: Terminal
        /// Scripted outcomes of the simulated terminal, used in order.
        public var script: [SimulatedOutcome]
        /// Where and how to reach a Caisse-AP terminal (`terminal` = `caisseAP`).
        public var caisseAP: CaisseAPTerminal.Settings?

        public init(
            terminal: Terminal = .simulated, script: [SimulatedOutcome] = [], caisseAP: CaisseAPTerminal.Settings? = nil
        ) {
            self.terminal = terminal
            self.script = script
            self.caisseAP = caisseAP
        }
    }

    /// Log output.
    public enum LogFormat: String, Sendable, Hashable, CaseIterable {
        case text
        case json
    }

    public var store: String
    public var device: String
    public var role: DeviceRole
    public var listen: Listen
    /// The daemon's own directory: SQLite file, keys, secrets, the gate's pass ledger.
    public var dataDirectory: String
    public var currency: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var referential: Referential?
    public var staff: [StaffMember]
    public var signing: Signing
    public var payment: Payment
    /// Scan guns attached to this device (USB: HID keyboard-wedge, HID POS, CDC-ACM; matched by profile).
    /// `nil` = no attached scanner (scans come through the API only).
    public var scannerProfilesDirectory: String?
    /// The USB receipt printer (config `printer`); `nil` = receipts are not printed on this device.
    public var printer: PrinterConfig?
    /// The store's audit risk level: `low` (5 % base rate), `medium` (10 %), `high` (15 %).
    public var auditRiskLevel: String
    /// The kiosk and handheld pages' directory; `nil` = found by `PublicDirectory.locate`.
    public var publicDirectory: String?
    /// `frenchHypermarketDemo` seeds the demo catalog into an empty cache (demo, tests); `nil` = none.
    public var catalogSeed: CatalogSeed?
    /// How long closed, acknowledged sessions and audit log entries stay on the device (docs/privacy.md):
    /// config `retention: {closedSessionDays, auditLogDays}`; defaults 7 and 31 days.
    public var retention = RetentionPolicy()
    /// A session with no event for this many minutes is abandoned, unless money is on it (config
    /// `sessionIdleMinutes`, 0–10080; 0 = never). Default 120 (`LiveSessions+Idle.swift`).
    public var sessionIdleMinutes: Int64 = 120
    /// Sessions one client address of the store network may open in any 10 minutes (config
    /// `sessionOpensPerClient`, 0–1000; 0 = no limit): more → `429 tooManySessionsOpened`. Default 20.
    public var sessionOpensPerClient = 20
    /// Whether the device's own loopback clients are limited too (tests; never in configuration).
    public var limitsLoopbackClients = false
    /// How long a live question to the referential (stock here and in other stores, a click & collect
    /// reservation) may take before the answer falls back to the cache: 2 s, so a handheld never hangs (tests
    /// that need the live answer on a loaded machine raise it; never in configuration).
    public var liveReferentialTimeout: Duration = .seconds(2)
    /// The store's time zone (config `timeZone`, an IANA identifier such as `Europe/Paris`): the console's clock
    /// and "today" follow it (`GET /v1/status` reports it). Default: the machine's zone (`TZ`, /etc/localtime).
    public var timeZone: String = DaemonConfig.machineTimeZone

    /// The machine's time zone identifier (what `timeZone` defaults to).
    public static var machineTimeZone: String { TimeZone.current.identifier }

    /// `timeZone` as a zone (parsing refuses unknown identifiers; a config built in code falls back to the
    /// machine's zone, like the default).
    var storeTimeZone: TimeZone { TimeZone(identifier: timeZone) ?? .current }

    /// A built-in catalog to seed an empty cache with.
    public enum CatalogSeed: String, Sendable, Hashable, CaseIterable {
        case frenchHypermarketDemo
    }

    public init(
        store: String, device: String, role: DeviceRole, listen: Listen = Listen(), dataDirectory: String,
        currency: String = "EUR", logLevel: Logger.Level = .info, logFormat: LogFormat = .text,
        referential: Referential? = nil, staff: [StaffMember] = [], signing: Signing = Signing(),
        payment: Payment = Payment(), auditRiskLevel: String = "medium", catalogSeed: CatalogSeed? = nil
    ) {
        self.auditRiskLevel = auditRiskLevel
        self.catalogSeed = catalogSeed
        self.store = store
        self.device = device
        self.role = role
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.currency = currency
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.referential = referential
        self.staff = staff
        self.signing = signing
        self.payment = payment
    }

    /// `signing.keysDirectory` or its default.
    public var keysDirectory: String { signing.keysDirectory ?? "\(dataDirectory)/keys" }
}
