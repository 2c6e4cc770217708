public import Foundation
public import Logging
public import Prometheus
import SelfScanDemo
public import SelfScanAPI
public import SelfScanCore
public import SelfScanStorage
public import SelfScanSync
import SelfScanSyncStorage

/// The store daemon's parts, built once from a config: what every route and service shares.
/// `buildApplication(config:)` builds one of these and the HTTP app over it; tests build it directly to
/// reach the simulated terminal or move the clock.
public struct Daemon: Sendable {
    public let config: DaemonConfig
    public let logger: Logger
    public let metrics: DaemonMetrics
    public let events: EventHub
    /// Scanners and pages around this daemon (`GET /v1/devices`).
    public let devices: DeviceRegistry
    public let passes: PassCodec
    /// The gate's record of used exit passes (gate and store roles).
    public let ledger: ExitPassLedger?
    public let staff: StaffAuthenticator
    public let sessionTokens: SessionTokens
    /// Rate limit of loyalty card lookups when opening sessions (card enumeration).
    public let loyaltyLookups: LoyaltyLookupLimiter
    /// The payment terminal, when this device has one.
    public let terminal: (any PaymentTerminal)?
    /// The simulated terminal, when that is the terminal (scripted from tests, the demo, or staff).
    public let simulatedTerminal: SimulatedPaymentTerminal?
    /// What `PUT /v1/payment-terminal/script` scripts: the simulated terminal, or the Caisse-AP simulator the
    /// demo runs on loopback TCP (nil: a real terminal, nothing to script).
    public var terminalScripter: (any ScriptableTerminal)? = nil
    /// The SQLite store (catalog cache, baskets, payments, outbox); `nil` on a gate.
    public let database: StoreDatabase?
    /// Shopper sessions; `nil` on a gate.
    public let sessions: LiveSessions?
    /// The sync engine (catalog pull, outbox push), when a referential is configured.
    public let sync: SyncEngine?
    /// The kiosk and handheld pages (`PublicDirectory.locate`); `nil` on a gate without them.
    public let publicDirectory: String?
    /// The one injected clock (`SystemClock` in production, a settable one in tests): sessions, passes,
    /// tokens and limits all read time from it.
    public let clock: any SessionClock
    /// `clock`'s Unix seconds (passes, tokens and limits count whole seconds).
    public let now: @Sendable () -> Int64
    public let startedAt: Int64

    /// Prepares the data directory, keys and secrets. Throws a clear error when the directory is unusable.
    /// `simulatedTerminal` replaces the configured simulator (tests: the same "terminal" across a restart).
    public static func open(
        config: DaemonConfig, logger: Logger? = nil, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        clock: any SessionClock = SystemClock(),
        simulatedTerminal injected: SimulatedPaymentTerminal? = nil,
        scriptableTerminal: (any ScriptableTerminal)? = nil
    ) async throws -> Daemon {
        let now: @Sendable () -> Int64 = { clock.now().unixSeconds }
        var log = logger ?? Logger(label: "selfscan.daemon")
        log.logLevel = config.logLevel
        log[metadataKey: "device"] = "\(config.device)"
        // The web pages: a clear start-up error when they cannot be found (a gate serves none).
        let publicDirectory = try PublicDirectory.locate(for: config)
        do {
            try FileManager.default.createDirectory(
                atPath: config.dataDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o750])
        } catch {
            throw ConfigError(.badValue, path: "dataDir", "cannot create '\(config.dataDirectory)': \(error)")
        }
        try DataDirectoryLock.acquire(directory: config.dataDirectory)
        let keyring = try SigningKeyring.load(
            directory: config.keysDirectory, trusted: config.signing.trustedKeys, store: config.store,
            createIfEmpty: config.role != .gate)
        if config.role == .gate && keyring.publicKeys.isEmpty {
            throw ConfigError(
                .missingKey, path: "signing.trustedKeys",
                "a gate needs the store's public keys to verify exit passes (GET /v1/keys on a kiosk prints them)")
        }
        let ledger: ExitPassLedger? =
            [.gate, .store].contains(config.role)
            ? try ExitPassLedger(path: "\(config.dataDirectory)/exit-pass-ledger", now: now()) : nil
        let simulated: SimulatedPaymentTerminal? =
            config.payment.terminal == .simulated
            ? injected ?? SimulatedPaymentTerminal(script: config.payment.script) : nil
        let terminal: (any PaymentTerminal)? =
            config.payment.terminal == .caisseAP ? config.payment.caisseAP.map(CaisseAPTerminal.init) : simulated
        var database: StoreDatabase?
        var sessions: LiveSessions?
        let metrics = DaemonMetrics(registry: registry)
        let events = EventHub()
        let passes = PassCodec(keyring: keyring, store: config.store)
        if config.role.servesSessions {
            let opened = try StoreDatabase.open(atPath: "\(config.dataDirectory)/selfscan.sqlite")
            let cache = CatalogCache(database: opened)
            if config.catalogSeed == .frenchHypermarketDemo, try cache.state() == nil {
                let result = try cache.apply(snapshot: DemoCatalog.frenchHypermarket())
                log.info("seeded the demo catalog", metadata: ["products": "\(result.productCount)"])
            }
            database = opened
            sessions = LiveSessions(
                database: opened, events: events, metrics: metrics, logger: log, storeID: StoreID(config.store),
                deviceID: DeviceID(config.device),
                auditPolicy: AuditPolicy(riskLevel: StoreRiskLevel(rawValue: config.auditRiskLevel) ?? .medium),
                terminal: terminal, passes: passes, signing: config.signing, clock: clock)
            try await sessions?.restoreWorkingState()
            // Before any new payment: what a crash left between a terminal's approval and its record.
            await sessions?.reconcileAtStartUp()
        }
        if config.role == .gate, config.referential != nil {
            // A gate sells nothing: its database only holds the outbox of exits for the referential.
            database = try StoreDatabase.open(atPath: "\(config.dataDirectory)/selfscan.sqlite")
        }
        var sync: SyncEngine?
        if let referential = config.referential, let database {
            var syncConfiguration = SyncEngineConfiguration(storeID: StoreID(config.store))
            syncConfiguration.pullsCatalog = config.role.servesSessions
            let engine = SyncEngine(
                configuration: syncConfiguration,
                client: ReferentialClient(baseURL: referential.url, token: referential.token ?? ""),
                outbox: GroupCommittedSyncOutbox(Outbox(database: database)), catalog: CatalogCache(database: database),
                logger: Logger(label: "selfscan.sync"))
            sync = engine
            await sessions?.setOutboxListener { Task { await engine.outboxChanged() } }
            await sessions?.setCouponSpender(
                ReferentialClient(baseURL: referential.url, token: referential.token ?? "", timeout: .seconds(3)))
            if let sessions {
                // The store's gates report exits to the referential; this device marks its paid baskets exited.
                await engine.setExitListener { exits in
                    for exit in exits { await sessions.markExited(session: exit.sessionID) }
                }
            }
            // Hand-off claims get their own client: a shopper waits at the kiosk, so the timeout is short.
            await sessions?.setHandoffSync(
                HandoffSync(
                    referential: ReferentialClient(
                        baseURL: referential.url, token: referential.token ?? "", timeout: .seconds(5)),
                    pushNow: { Task { await engine.pushNow() } }))
        }
        let daemon = Daemon(
            config: config, logger: log, metrics: metrics, events: events, devices: DeviceRegistry(now: now),
            passes: passes, ledger: ledger,
            staff: StaffAuthenticator(members: config.staff),
            sessionTokens: try SessionTokens.load(dataDirectory: config.dataDirectory),
            loyaltyLookups: LoyaltyLookupLimiter(), terminal: terminal,
            simulatedTerminal: simulated, terminalScripter: scriptableTerminal ?? simulated.map { $0 as any ScriptableTerminal }, database: database,
            sessions: sessions, sync: sync, publicDirectory: publicDirectory, clock: clock, now: now, startedAt: now())
        let staffLog = log
        await daemon.staff.setLockoutHandler { [sessions] lockout in
            let subject = String(lockout.subject.prefix(64))
            let message =
                lockout.scope == "badge"
                ? "staff login locked for badge \(subject) after repeated wrong PINs"
                : "staff logins locked for client \(subject) after repeated failures"
            staffLog.warning(
                "staff login lockout", metadata: ["scope": "\(lockout.scope)", "subject": "\(subject)", "until": "\(lockout.until)"])
            await sessions?.raiseSecurityAlert(
                id: "staffLogin-\(lockout.scope)-\(subject)", message: message, code: "staffLoginLocked")
        }
        for member in await daemon.staff.legacyMembers {
            log.warning(
                "staff PIN stored as unsalted SHA-256 (pinSHA256): replace it with pinHash from `selfscan staff-pin`",
                metadata: ["staff": "\(member)"])
        }
        log.info(
            "daemon ready",
            metadata: [
                "store": "\(config.store)", "role": "\(config.role.rawValue)",
                "signingKey": "\(keyring.signingKeyID ?? "none")", "trustedKeys": "\(keyring.publicKeys.count)",
                "dataDir": "\(config.dataDirectory)",
            ])
        return daemon
    }
}
