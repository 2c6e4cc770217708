import Foundation
import Logging
public import SelfScanAPI
public import SelfScanCore
public import SelfScanStorage

/// The daemon's shopper sessions: each command loads the session (from memory, or by replaying its event
/// log from SQLite after a restart), runs the pure core command, **appends the resulting events to storage
/// (with their outbox rows, one transaction) before answering**, then publishes the new view on the event
/// stream. An actor: commands on sessions are serialised, and state is re-read after every `await`.
public actor LiveSessions {
    let database: StoreDatabase
    let baskets: BasketStore
    let payments: PaymentStore
    /// Payment intents, durable before the terminal is asked (reconciled at start-up and before each request).
    let intents: PaymentIntentStore
    let catalogCache: CatalogCache
    let interpreter: CodeInterpreter
    let events: EventHub
    let metrics: DaemonMetrics
    let logger: Logger
    let storeID: StoreID
    let deviceID: DeviceID
    let auditPolicy: AuditPolicy
    let terminal: (any PaymentTerminal)?
    let passes: PassCodec
    let signing: DaemonConfig.Signing
    /// Unix seconds (injected: tests expire passes).
    /// The daemon's one clock: sessions stamp their events with it, and `now()` is its Unix seconds.
    let clock: any SessionClock
    let now: @Sendable () -> Int64

    /// The sessions in memory: a bounded cache of the event log (`LiveSessions+Memory.swift`).
    var sessions: [SessionID: BasketSession] = [:]
    /// When each cached session was last used (a counter), and the bound.
    var sessionLastUse: [SessionID: UInt64] = [:]
    var sessionUseTick: UInt64 = 0
    var cachedSessionLimit = 4_096
    /// Sessions whose payment is talking to the terminal (one at a time per session).
    var paymentsInFlight: Set<SessionID> = []
    /// The terminal is taking a payment or refund (or being asked about its last transaction): one at a time,
    /// so an open intent is always the terminal's last request.
    var terminalInUse = false
    /// When each hand-off code issued here expires (Unix seconds, `now()`): after that the session may be
    /// taken back on this device (`resumeScanning`).
    var handoffExpiries: [SessionID: Int64] = [:]
    /// Issued exit passes (in memory: re-issued after a restart, with a new nonce).
    var exitPasses: [SessionID: SessionView.ExitPass] = [:]
    /// Products counted by the auditor so far, per session under audit (in SQLite: survives a restart).
    let auditRescans: AuditRescanStore
    /// Called after each durable change that queued outbox rows (wakes the sync engine).
    var outboxListener: @Sendable () -> Void = {}
    /// The session this device's own scanners feed.
    var boundSession: SessionID?
    /// Open staff alerts by id. Every change is written through to SQLite (`StaffAlertStore`), so the
    /// queue survives a restart; `restoreAlerts()` reads it back.
    var alerts: [String: StaffAlert] = [:] {
        didSet { persistAlerts(from: oldValue) }
    }
    /// The latest write of an alert change (each waits for the one before: they apply in order).
    var alertWrites: Task<Void, Never>?
    /// Alerts removed but not yet announced (`publishAlertResolutions()` sends them as `alertResolved`).
    var unpublishedResolutions: [StaffAlert.Resolution] = []
    /// `selfscan_sessions{state}`, moved on each commit (seeded by `restoreWorkingState()`).
    var stateGauges: SessionStateGauges
    /// Hand-offs through the referential (nil: no referential, hand-offs stay on this daemon).
    var handoffSync: HandoffSync?
    /// Spends single-use coupons at the referential (nil: no referential; such coupons are accepted unverified).
    var couponSpender: (any CouponSpender)?
    /// When this daemon last accepted a scan (Unix seconds), for `GET /v1/devices`.
    var lastScanAt: Int64?
    /// Sessions with a scan or command under way (group-committing its write, off the actor), each with the
    /// commands waiting their turn, in arrival order (`LiveSessions+SessionGate.swift`).
    var sessionGates: [SessionID: [CheckedContinuation<Void, Never>]] = [:]

    init(
        database: StoreDatabase, events: EventHub, metrics: DaemonMetrics, logger: Logger, storeID: StoreID,
        deviceID: DeviceID, auditPolicy: AuditPolicy, terminal: (any PaymentTerminal)?, passes: PassCodec,
        signing: DaemonConfig.Signing, clock: any SessionClock,
        interpreter: CodeInterpreter = CodeInterpreter()
    ) {
        self.terminal = terminal
        self.passes = passes
        self.signing = signing
        self.clock = clock
        self.now = { clock.now().unixSeconds }
        self.database = database
        baskets = BasketStore(database: database)
        payments = PaymentStore(database: database)
        intents = PaymentIntentStore(database: database)
        catalogCache = CatalogCache(database: database)
        auditRescans = AuditRescanStore(database: database)
        self.interpreter = interpreter
        self.events = events
        self.metrics = metrics
        stateGauges = SessionStateGauges(metrics: metrics)
        self.logger = logger
        self.storeID = storeID
        self.deviceID = deviceID
        self.auditPolicy = auditPolicy
    }

    // MARK: Plumbing

    func context() throws -> SessionContext {
        guard let catalog = try catalogCache.lookup() else { throw SessionError.noCatalog }
        return SessionContext(catalog: catalog, clock: clock)
    }

    static func sessionID(_ text: String) throws(SessionError) -> SessionID {
        guard let id = SessionID(uuidString: text) else { throw .badSessionID(text) }
        return id
    }

    /// The session, from memory or replayed from its stored log.
    func load(_ id: SessionID) throws -> BasketSession {
        if let session = sessions[id] { return session }
        let log = try baskets.events(sessionID: id)
        guard !log.isEmpty else { throw SessionError.notFound(id.uuidString) }
        let session = try BasketSession.replay(events: log)
        cache(session)
        return session
    }

    /// Makes `outcome` durable (events + outbox, and the payment and audit entries given, in one transaction),
    /// then keeps `session` and publishes it. Returns the totals it stored (the core's, computed once per
    /// command), for the view.
    ///
    /// The write is group-committed off the actor, which serves other sessions meanwhile; this returns once the
    /// events are committed and fsynced, and only then keeps `session` in memory. The caller holds the session's
    /// gate (`LiveSessions+SessionGate.swift`), so no other command of that session loads it in between; a new
    /// session (`open`) is nobody else's yet.
    @discardableResult
    func commit(
        _ session: BasketSession, _ outcome: SessionOutcome, context: SessionContext,
        outbox extra: [OutboxMessage] = [], payment: PaymentRecord? = nil, audit: [AuditLogDraft] = []
    ) async throws -> BasketTotals? {
        guard !outcome.events.isEmpty else { return outcome.totals }
        let totals = outcome.totals ?? (try? session.totals(context: context))
        // A session ended unpaid gives its single-use coupons back (queued with the event that ends it).
        let queued = extra + (try Self.couponReleases(ending: session, by: outcome, at: clock.now().date))
        var outbox: [OutboxMessage]? = nil
        if !queued.isEmpty { outbox = try outcome.events.map(OutboxMessage.basketEvent) + queued }
        try await baskets.appendGroupCommitted(
            outcome.events,
            state: SessionStateUpdate(
                state: session.state.rawValue, total: totals?.total, lineCount: session.basket.activeLines.count),
            outbox: outbox, payment: payment, audit: audit)
        committed(session, outcome, context: context)
        return totals
    }

    /// After the write: keeps `session`, moves the gauges, wakes the sync engine, raises alerts.
    private func committed(_ session: BasketSession, _ outcome: SessionOutcome, context: SessionContext) {
        let previousState = sessions[session.id]?.state  // nil: a new session (a loaded one is cached, gated)
        cache(session)
        stateGauges.transition(from: previousState?.rawValue, to: session.state.rawValue)
        outboxListener()
        raiseAlerts(for: session, action: outcome.action, context: context)
        forgetIfEnded(session)
    }

    /// The view of a session now, and publishes it on the event stream. `totals`: the ones `commit` stored
    /// (nil: computed here).
    func publishedView(
        _ session: BasketSession, context: SessionContext, totals: BasketTotals? = nil
    ) async throws -> SessionView {
        try await publishedEncodedView(session, context: context, totals: totals).view
    }

    /// `publishedView`, with the view's JSON encoded once: the event hub publishes these bytes and the HTTP
    /// answer embeds them (`ScanResult.encodedSession`).
    func publishedEncodedView(
        _ session: BasketSession, context: SessionContext, totals: BasketTotals? = nil
    ) async throws -> (view: SessionView, json: Data?) {
        let view = try view(session, context: context, totals: totals)
        let json = try? view.protocolJSON()  // `ProtocolJSON.encoder()`'s bytes, written by hand (the hot path)
        await flushAlertWrites()  // the alerts this command raised are durable before it is published
        if let json { await events.publish(type: "basket", session: session.id.uuidString, data: json) }
        for alert in alerts.values where alert.session == session.id.uuidString && !alert.published {
            alerts[alert.id]?.published = true
            await events.publish(type: "alert", session: alert.session, encoding: alert)
        }
        await publishAlertResolutions()
        return (view, json)
    }

    func view(_ session: BasketSession, context: SessionContext, totals known: BasketTotals? = nil) throws -> SessionView {
        let totals = try known ?? session.totals(context: context)
        let records = try payments.payments(sessionID: session.id)
        let paid = try Money.sum(
            records.filter { $0.outcome == .approved }.map(\.amount), currency: session.opening.currency)
        let refunded = try Money.sum(
            records.filter { $0.outcome == .refunded }.map(\.amount), currency: session.opening.currency)
        let customer = try session.basket.customerID.flatMap { id in try context.catalog.customer(id: id) }
        var reasons: [PromotionID: String] = [:]
        for id in Set(totals.discounts.compactMap(\.promotionID)) {
            let catalog = context.catalog
            if let reason = try catalog.promotion(id: id)?.shopperReason(productName: { try? catalog.product(id: $0)?.name }) {
                reasons[id] = reason
            }
        }
        return SessionView(
            session: session, totals: totals, customer: customer,
            payments: records.map(PaymentView.init), paid: try paid.subtracting(refunded),
            exitPass: exitPasses[session.id], reasons: reasons)
    }

    /// At start: the open staff alerts from SQLite, and the sessions-by-state gauges from the stored sessions.
    func restoreWorkingState() throws {
        try restoreAlerts()
        stateGauges.seed(try baskets.sessionCountsByState())
    }

    func setOutboxListener(_ listener: @escaping @Sendable () -> Void) { outboxListener = listener }

    // MARK: Shopper commands

    /// Opens a session on this device, anonymous or with a loyalty card.
    func open(loyaltyCard: String?) async throws -> SessionView {
        let context = try context()
        let (session, outcome) = try BasketSession.open(
            id: SessionID(uuid: UUID()), storeID: storeID, deviceID: deviceID, loyaltyCard: loyaltyCard,
            context: context)
        try await commit(session, outcome, context: context)
        logger.info("session opened", metadata: ["session": "\(session.id)", "loyalty": "\(loyaltyCard != nil)"])
        return try await publishedView(session, context: context)
    }

    /// The session's current view.
    func view(of id: String) throws -> SessionView {
        let session = try load(try Self.sessionID(id))
        return try view(session, context: try context())
    }

    /// A scan, as the scanner (or the kiosk page) delivered it.
    func scan(session id: String, payload: String, symbology: AIMIdentifier?) async throws -> ScanResult {
        try ScanPayloadLimit.check(payload)  // devices too: junk never reaches the log or the outbox
        let sessionID = try Self.sessionID(id)
        await enterGate(sessionID)
        defer { leaveGate(sessionID) }
        var session = try load(sessionID)
        let context = try context()
        let code: ScannedCode
        do {
            code = try interpreter.interpret(payload, symbology: symbology)
        } catch {
            metrics.decodeErrors.increment()
            metrics.counter("selfscan_scan_refusals_total", [("code", error.code)]).increment()
            await events.publish(
                type: "scanRefused", session: id,
                encoding: ["code": error.code, "message": error.description, "payload": payload])
            throw error
        }
        switch code {
        case .staffBadge: throw SessionError.notScannable(kind: "staff badge")
        case .exitPass: throw SessionError.notScannable(kind: "exit pass")
        case .basketHandoff: throw SessionError.notScannable(kind: "hand-off code (resume it on a kiosk)")
        default: break
        }
        if case .coupon(let coupon) = code, let serial = coupon.serial {
            return try await scanSingleUseCoupon(coupon, serial: serial, session: sessionID, context: context)
        }
        let outcome = try session.scan(code, symbology: symbology, context: context)
        let totals = try await commit(session, outcome, context: context)
        metrics.scans.increment()
        lastScanAt = now()
        let (view, json) = try await publishedEncodedView(session, context: context, totals: totals)
        logScan(session: session, outcome: outcome, view: view)
        return ScanResult(action: StaffAlert.describe(outcome.action), session: view, encodedSession: json)
    }

    private func logScan(session: BasketSession, outcome: SessionOutcome, view: SessionView) {
        for event in outcome.events {
            switch event.payload {
            case .lineAdded(let line):
                let amount = (try? line.amount()) ?? line.unitPrice
                var what = "\(line.name) \(amount)"
                if case .weight(let grams) = line.measure {
                    what = "\(line.name) \(Money.format(minor: Int64(grams), minorUnits: 3)) kg × \(line.unitPrice)/kg = \(amount)"
                }
                logger.info(
                    "scan: \(what) → total \(view.totals.total)",
                    metadata: ["session": "\(session.id)", "code": "\(line.scannedCode)"])
            case .unknownCodeScanned(let code, _):
                // Never a whole unknown payload in the log: it may be a malformed card (docs/privacy.md).
                logger.notice(
                    "scan: unknown code \(LogRedaction.code(code)): call staff", metadata: ["session": "\(session.id)"])
            case .saleRefused(let product, _, let reason):
                logger.notice("scan: \(product) refused (\(reason.rawValue))", metadata: ["session": "\(session.id)"])
            default:
                break
            }
        }
    }

    func changeQuantity(session id: String, line: String, quantity: Int) async throws -> SessionView {
        let lineID = try Self.lineID(line)
        let current = try load(try Self.sessionID(id))
        if quantity < current.basket.line(lineID)?.quantity ?? 0 { try refuseIfPaymentStanding(current.id) }
        return try await command(id) { session, context throws in
            try session.changeQuantity(of: lineID, to: quantity, context: context)
        }
    }

    func voidLine(session id: String, line: String, staffID: String?) async throws -> SessionView {
        try refuseIfPaymentStanding(try Self.sessionID(id))
        return try await command(id) { session, context throws in
            try session.voidLine(try Self.lineID(line), staffID: staffID.map({ StaffID($0) }), context: context)
        }
    }

    func requestCheckout(session id: String) async throws -> SessionView {
        try await command(id) { session, context throws in
            try session.requestCheckout(
                policy: self.auditPolicy, seed: UInt64.random(in: 0...UInt64.max), context: context)
        }
    }

    func resumeScanning(session id: String) async throws -> SessionView {
        let sessionID = try Self.sessionID(id)
        guard !paymentsInFlight.contains(sessionID) else { throw SessionError.paymentInProgress }
        if try load(sessionID).state == .suspended { return try await takeBackExpiredHandoff(session: id) }
        try refuseIfPaymentStanding(sessionID)
        return try await command(id) { session, context throws in try session.resumeScanning(context: context) }
    }

    func acknowledgeAudit(session id: String) async throws -> SessionView {
        try await command(id) { session, context throws in try session.acknowledgeAudit(context: context) }
    }

    /// Runs one core command on a session and commits it.
    func command(
        _ id: String, audit: [AuditLogDraft] = [],
        _ body: (inout BasketSession, SessionContext) throws -> SessionOutcome
    ) async throws -> SessionView {
        let sessionID = try Self.sessionID(id)
        await enterGate(sessionID)
        defer { leaveGate(sessionID) }
        var session = try load(sessionID)
        let context = try context()
        let outcome = try body(&session, context)
        let totals = try await commit(session, outcome, context: context, audit: audit)
        return try await publishedView(session, context: context, totals: totals)
    }

    static func lineID(_ text: String) throws(SessionError) -> LineID {
        guard let id = LineID(uuidString: text) else { throw .badLineID(text) }
        return id
    }

    /// Sessions by state, for metrics and the staff list.
    func summaries(states: [String] = [], limit: Int = 200) throws -> [SessionSummary] {
        try baskets.sessions(inStates: states, limit: limit)
    }
}

/// The answer to a scan: what to do (`updateDisplay`, `callStaff`, `ageApproval`…) and the session.
struct ScanResult: Codable, Sendable {
    let action: String
    let session: SessionView
    /// `session` as `ProtocolJSON` encoded it for the event hub: the HTTP answer embeds these bytes instead of
    /// encoding the view a second time (not part of the wire: `encodedResponse()` writes the same JSON).
    var encodedSession: Data? = nil

    private enum CodingKeys: String, CodingKey { case action, session }

    init(action: String, session: SessionView, encodedSession: Data? = nil) {
        self.action = action
        self.session = session
        self.encodedSession = encodedSession
    }
}

extension PaymentView {
    init(_ record: PaymentRecord) {
        self.init(
            paymentID: PaymentKeys.clientPaymentID(in: record.idempotencyKey), outcome: record.outcome.rawValue, amount: record.amount,
            scheme: record.scheme, last4: record.last4, authCode: record.authCode,
            terminalTransactionID: record.terminalTransactionID, ticket: record.ticket)
    }
}
