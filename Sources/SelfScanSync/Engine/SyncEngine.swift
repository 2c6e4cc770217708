public import Foundation
public import Logging
public import SelfScanAPI
public import SelfScanCore
public import ServiceLifecycle
import Synchronization

/// The daemon's sync engine: pushes the outbox to the referential (in order, batched, exponential backoff with
/// jitter while it is unreachable) and pulls catalog deltas into the cache (on a schedule and on demand).
/// A ServiceLifecycle `Service`; stops at graceful shutdown. Clock, wall time and randomness are injected.
public actor SyncEngine: Service {
    /// What one push step did.
    public enum PushOutcome: Sendable, Hashable {
        /// Nothing was due.
        case idle
        /// A batch was answered; `more` when the batch was full (send again at once).
        case delivered(accepted: Int, duplicates: Int, rejected: Int, more: Bool)
        /// The referential could not be reached (or failed): retry after the delay.
        case failed(retryAfter: Duration)
    }

    /// What one pull step did.
    public enum PullOutcome: Sendable, Hashable {
        case notModified
        case applied(version: CatalogVersion, changes: Int, snapshot: Bool)
        case failed(retryAfter: Duration)
    }

    public let configuration: SyncEngineConfiguration
    let client: ReferentialClient
    let outbox: any SyncOutbox
    let catalog: any SyncCatalogCache
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    let logger: Logger

    private var state = SyncStatus()
    private let published: Mutex<SyncStatus>
    private var pushFailures = 0
    /// Why the referential last refused a push with 401/403 (cleared by a delivered push): keeps `refused`.
    private var pushRefusal: String?
    private var pullFailures = 0
    private var nextPushAt = Date.distantPast
    private var nextPullAt = Date.distantPast
    private var pullRequested = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var waitGeneration = 0
    private var pendingWake = false
    /// Last gate exit position learnt from the referential (`GET /v1/exits`); in memory: after a restart the
    /// store's exits are read again (marking an exited basket again changes nothing).
    private var exitsCursor: Int64 = 0
    private var nextExitsAt = Date.distantPast
    private var exitListener: (@Sendable ([ExitNotice]) async -> Void)?

    public init(
        configuration: SyncEngineConfiguration, client: ReferentialClient, outbox: any SyncOutbox,
        catalog: any SyncCatalogCache, clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        logger: Logger = Logger(label: "selfscan.sync")
    ) {
        self.configuration = configuration
        self.client = client
        self.outbox = outbox
        self.catalog = catalog
        self.clock = clock
        self.now = now
        self.random = random
        self.logger = logger
        self.state = SyncStatus()
        self.published = Mutex(SyncStatus())
    }

    // MARK: Status

    /// The latest status, readable from any thread without waiting for the engine.
    public nonisolated var status: SyncStatus { published.withLock { $0 } }

    private func publish() {
        let current = now()
        var alarms: [SyncStatus.Alarm] = []
        if state.outboxAlarmDepth > 0, state.outboxDepth >= state.outboxAlarmDepth { alarms.append(.outboxOverCapacity) }
        if state.rejected > 0 { alarms.append(.itemsRejected) }
        if state.quarantined > 0 { alarms.append(.itemsQuarantined) }
        if configuration.pullsCatalog {
            if let age = state.catalogAge(at: current), age > configuration.catalogStaleAfter { alarms.append(.catalogStale) }
            if state.catalogCheckedAt == nil, state.connectivity == .offline { alarms.append(.catalogStale) }
        }
        state.alarms = alarms
        let snapshot = state
        published.withLock { $0 = snapshot }
    }

    private func refreshOutboxStatus() async {
        do {
            let status = try await outbox.syncStatus()
            state.outboxDepth = status.depth
            state.oldestUnsentAt = status.oldestUnsentAt
            state.outboxAlarmDepth = status.alarmDepth
            state.quarantined = status.quarantinedCount
            var items: [SyncStatus.QuarantinedItem] = []
            if status.quarantinedCount > 0 {
                items = try await outbox.quarantinedItems(limit: 20)
            }
            state.quarantinedItems = items
        } catch {
            logger.error("cannot read outbox status", metadata: ["error": "\(error)"])
        }
        publish()
    }

    // MARK: Triggers

    /// Pull the catalog now (e.g. an operator asked, or a price dispute at checkout).
    public func requestCatalogPull() {
        guard configuration.pullsCatalog else { return }
        pullRequested = true
        wake()
    }

    /// Push now, even while backing off after failures (a hand-off: a shopper waits at a kiosk). The rows
    /// themselves must be due (`Outbox.expedite`); a failure backs off again as usual.
    public func pushNow() {
        nextPushAt = .distantPast
        wake()
    }

    /// New outbox rows were committed: push soon, unless backing off.
    public func outboxChanged() {
        if pushFailures == 0 { nextPushAt = .distantPast }
        wake()
    }

    /// Learn the store's gate exits from the referential (every `exitPollInterval`) and hand them to
    /// `listener` (the kiosk marks its paid baskets exited).
    public func setExitListener(_ listener: @escaping @Sendable ([ExitNotice]) async -> Void) {
        exitListener = listener
        nextExitsAt = .distantPast
        wake()
    }

    /// Reads the exits after the cursor and hands them to the listener; returns how many arrived.
    @discardableResult
    public func pollExitsOnce() async -> Int {
        guard let exitListener else { return 0 }
        var count = 0
        do {
            while true {
                let page = try await client.exits(after: exitsCursor, limit: 500)
                if !page.isEmpty { await exitListener(page) }
                count += page.count
                exitsCursor = page.last?.arrival ?? exitsCursor
                if page.count < 500 { break }
            }
        } catch {
            logger.notice("cannot read the store's gate exits", metadata: ["error": "\(error)"])
        }
        return count
    }

    // MARK: Service

    public func run() async throws {
        if let version = try? await catalog.catalogVersion() { state.catalogVersion = version }
        await refreshOutboxStatus()
        await cancelWhenGracefulShutdown {
            await self.loop()
        }
    }

    private func loop() async {
        while !Task.isCancelled {
            if configuration.pullsCatalog, pullRequested || now() >= nextPullAt {
                pullRequested = false
                switch await pullOnce() {
                case .failed(let delay): nextPullAt = now().addingTimeInterval(Self.seconds(min(delay, configuration.pullInterval)))
                default: nextPullAt = now().addingTimeInterval(Self.seconds(configuration.pullInterval))
                }
            }
            if exitListener != nil, now() >= nextExitsAt {
                await pollExitsOnce()
                nextExitsAt = now().addingTimeInterval(Self.seconds(configuration.exitPollInterval))
            }
            if now() >= nextPushAt {
                switch await pushOnce() {
                case .idle, .delivered(_, _, _, more: false):
                    nextPushAt = now().addingTimeInterval(Self.seconds(configuration.pushInterval))
                case .delivered(_, _, _, more: true):
                    nextPushAt = .distantPast
                case .failed(let delay):
                    nextPushAt = now().addingTimeInterval(Self.seconds(delay))
                }
            }
            await refreshOutboxStatus()
            var wakeAt = min(nextPushAt, configuration.pullsCatalog ? nextPullAt : .distantFuture)
            if exitListener != nil { wakeAt = min(wakeAt, nextExitsAt) }
            let wait = wakeAt.timeIntervalSince(now())
            if wait > 0, !pullRequested { await sleep(seconds: wait) }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    // MARK: Push

    /// Sends one batch of due outbox entries and records the answers. Public so tests and the daemon's
    /// "sync now" can drive it step by step.
    @discardableResult
    public func pushOnce() async -> PushOutcome {
        let outcome = await pushBatch()
        await refreshOutboxStatus()
        return outcome
    }

    private func pushBatch() async -> PushOutcome {
        let entries: [SyncOutboxRow]
        do { entries = try await outbox.dueRows(limit: configuration.batchSize, now: now()) } catch {
            logger.error("cannot read outbox", metadata: ["error": "\(error)"])
            return .failed(retryAfter: configuration.pushInterval)
        }
        guard !entries.isEmpty else { return .idle }
        let cut = cutBatch(entries)
        var attempt = PushAttempt(quarantined: cut.quarantined)
        let sent = cut.items
        var outcome: PushOutcome
        do {
            if !sent.isEmpty { try await deliver(sent[...], into: &attempt) }
            pushFailures = 0
            if !sent.isEmpty {
                pushRefusal = nil
                markContact()
            }
            outcome = .delivered(
                accepted: attempt.accepted, duplicates: attempt.duplicates, rejected: attempt.quarantined.count,
                more: entries.count >= configuration.batchSize || cut.cutShort)
        } catch let error where !error.isRetryable {
            // The referential answered but refused the whole request for a reason no split can help (bad token,
            // wrong store): keep the rows, raise the alarm, retry much later. A 401/403 is no contact at all: the
            // status says `refused`.
            if error.isAuthenticationRefusal { pushRefusal = error.description }
            markContact()
            state.lastError = error.description
            let waiting = sent.filter { !attempt.answered.contains($0.row) }.map(\.row)
            state.rejected += waiting.count
            try? await outbox.markFailed(
                ids: waiting, error: error.description,
                nextAttempt: now().addingTimeInterval(Self.seconds(configuration.rejectedRetryDelay)))
            logger.error("referential refused a batch", metadata: ["error": "\(error)"])
            outcome = .failed(retryAfter: configuration.pushInterval)
        } catch {
            let delay = configuration.backoff.delay(attempt: pushFailures, unitRandom: random())
            pushFailures += 1
            markFailure(error)
            let waiting = sent.filter { !attempt.answered.contains($0.row) }.map(\.row)
            try? await outbox.markFailed(
                ids: waiting, error: "\(error)", nextAttempt: now().addingTimeInterval(Self.seconds(delay)))
            logger.notice("push failed; backing off", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
            outcome = .failed(retryAfter: delay)
        }
        await settle(attempt)
        return outcome
    }

    /// One outbox row ready to send, with its encoded size.
    struct PendingItem: Sendable {
        let row: Int64
        let item: IngestItem
        let bytes: Int
    }

    /// What a push learnt, row by row.
    struct PushAttempt {
        var quarantined: [(row: Int64, reason: String)]
        var delivered: [Int64] = []
        var superseded: [Int64] = []
        var answered = Set<Int64>()
        var accepted = 0
        var duplicates = 0
    }

    /// The due rows that fit in one request under `maxBatchBytes` (a prefix, so each ordering key keeps its
    /// order); a row too large for any request, or not JSON, is quarantined instead of sent.
    func cutBatch(_ entries: [SyncOutboxRow]) -> (items: [PendingItem], quarantined: [(row: Int64, reason: String)], cutShort: Bool) {
        // `{"storeID":"…","items":[…]}` around the items, and a comma between two.
        let envelope = 64 + configuration.storeID.rawValue.utf8.count
        var budget = configuration.maxBatchBytes - envelope
        var items: [PendingItem] = []
        var quarantined: [(row: Int64, reason: String)] = []
        let encoder = ProtocolJSON.encoder()
        for entry in entries {
            guard let payload = try? ProtocolJSON.decoder().decode(JSONValue.self, from: entry.payload) else {
                quarantined.append((entry.id, "payload is not JSON"))
                continue
            }
            let item = IngestItem(
                id: entry.idempotencyKey, kind: IngestKind(entry.kind),
                storeID: configuration.storeID.rawValue, orderingKey: entry.orderingKey,
                sequence: entry.sequence, createdAt: entry.createdAt, payload: payload)
            let bytes = ((try? encoder.encode(item).count) ?? Int.max / 2) + 1
            if bytes > configuration.maxBatchBytes - envelope {
                quarantined.append((entry.id, "item of \(bytes) bytes: larger than any request the referential accepts"))
                continue
            }
            guard bytes <= budget else { return (items, quarantined, true) }
            budget -= bytes
            items.append(PendingItem(row: entry.id, item: item, bytes: bytes))
        }
        return (items, quarantined, false)
    }

    /// Sends `items`; a request refused as a whole for its content (413, 400) is split in two and each half
    /// sent again, down to the single item, which is quarantined. Per-item answers are recorded in `attempt`.
    func deliver(_ items: ArraySlice<PendingItem>, into attempt: inout PushAttempt) async throws(SyncError) {
        let response: IngestResponse
        do {
            response = try await client.ingest(IngestBatch(storeID: configuration.storeID.rawValue, items: items.map(\.item)))
        } catch let error where error.refusesContent {
            guard items.count > 1 else {
                if let only = items.first {
                    attempt.quarantined.append((only.row, "refused alone by the referential: \(error.description)"))
                    attempt.answered.insert(only.row)
                }
                return
            }
            logger.notice(
                "referential refused a request for its content: splitting it",
                metadata: ["items": "\(items.count)", "error": "\(error)"])
            let middle = items.startIndex + items.count / 2
            try await deliver(items[..<middle], into: &attempt)
            try await deliver(items[middle...], into: &attempt)
            return
        }
        let rows = Dictionary(items.map { ($0.item.id, $0.row) }, uniquingKeysWith: { first, _ in first })
        for result in response.results {
            guard let row = rows[result.id] else { continue }
            attempt.answered.insert(row)
            switch result.outcome {
            case .accepted: attempt.accepted += 1; attempt.delivered.append(row)
            case .duplicate: attempt.duplicates += 1; attempt.delivered.append(row)
            case .rejected where result.reason?.isFinal == true:
                // Another device holds the session now: resending can never be accepted. The event stays
                // in this device's log; the outbox row goes.
                attempt.superseded.append(row)
                logger.warning(
                    "referential refused an item for good: its session was claimed by another device",
                    metadata: ["id": "\(result.id)", "reason": "\(result.reason?.rawValue ?? "?")"])
            case .rejected:
                // Resending the same item gets the same answer: set it aside, the others go on.
                let reason = "rejected by the referential: \(result.reason?.rawValue ?? "?")"
                    + (result.detail.map { " (\($0))" } ?? "")
                attempt.quarantined.append((row, reason))
                logger.warning(
                    "referential rejected an item: quarantined",
                    metadata: ["id": "\(result.id)", "reason": "\(result.reason?.rawValue ?? "?")"])
            }
        }
    }

    /// Records what the push learnt: delivered rows go, quarantined rows are set aside.
    private func settle(_ attempt: PushAttempt) async {
        do {
            try await outbox.markDelivered(ids: attempt.delivered + attempt.superseded)
            for (row, reason) in attempt.quarantined {
                try await outbox.quarantine(ids: [row], reason: reason, now: now())
            }
        } catch {
            logger.error("cannot record push results", metadata: ["error": "\(error)"])
        }
        state.delivered += attempt.delivered.count
        state.superseded += attempt.superseded.count
        if !attempt.quarantined.isEmpty {
            logger.error(
                "outbox items quarantined: the referential can never take them",
                metadata: ["count": "\(attempt.quarantined.count)"])
        }
    }

    // MARK: Pull

    /// Brings the catalog cache up to date: a delta since the cached version (304 when current), or a full
    /// snapshot then a delta when the cache is empty or the referential no longer knows its version.
    @discardableResult
    public func pullOnce() async -> PullOutcome {
        do {
            let cached = try await catalog.catalogVersion()
            var outcome: PullOutcome
            if let cached {
                do {
                    outcome = try await applyDelta(since: cached)
                } catch let error as SyncError where error.protocolCode == .unknownCatalogVersion {
                    logger.warning("referential does not know our catalog version; reloading", metadata: ["version": "\(cached)"])
                    outcome = try await applySnapshot()
                }
            } else {
                outcome = try await applySnapshot()
            }
            pullFailures = 0
            markContact()
            state.catalogCheckedAt = now()
            publish()
            return outcome
        } catch {
            let delay = configuration.backoff.delay(attempt: pullFailures, unitRandom: random())
            pullFailures += 1
            markFailure(error)
            publish()
            return .failed(retryAfter: delay)
        }
    }

    private func applyDelta(since cached: CatalogVersion) async throws -> PullOutcome {
        guard let delta = try await client.catalogDelta(since: cached) else { return .notModified }
        try await catalog.apply(delta, now: now())
        state.catalogVersion = delta.version
        logger.info(
            "catalog delta applied", metadata: ["version": "\(delta.version)", "records": "\(delta.records.count)"])
        return .applied(version: delta.version, changes: delta.records.count, snapshot: false)
    }

    private func applySnapshot() async throws -> PullOutcome {
        // An empty referential (version 0) has nothing to publish yet.
        guard try await client.health().version > .none else { return .notModified }
        // Streamed into the cache's transaction as it arrives (no size cap, resumed after a cut).
        let snapshot = try await client.streamCatalogSnapshot(into: catalog, now: now())
        state.catalogVersion = snapshot.version
        return .applied(version: snapshot.version, changes: snapshot.records, snapshot: true)
    }

    private func markContact() {
        // A refused push outweighs a successful pull (a token of another store still reads the catalog).
        state.connectivity = pushRefusal == nil ? .online : .refused
        state.lastContactAt = now()
        state.consecutiveFailures = 0
    }

    private func markFailure(_ error: any Error) {
        state.connectivity = (error as? SyncError)?.isAuthenticationRefusal == true ? .refused : .offline
        state.consecutiveFailures += 1
        state.lastError = "\(error)"
    }

    // MARK: Waiting

    private func sleep(seconds: Double) async {
        if pendingWake {
            pendingWake = false
            return
        }
        waitGeneration += 1
        let generation = waitGeneration
        let clock = self.clock
        let timer = Task {
            do {
                try await clock.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))), tolerance: nil)
                await self.timerFired(generation)
            } catch {}
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || pendingWake {
                    pendingWake = false
                    continuation.resume()
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.wake() }
        }
        timer.cancel()
    }

    private func timerFired(_ generation: Int) {
        guard generation == waitGeneration, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }

    private func wake() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pendingWake = true
        }
    }
}
