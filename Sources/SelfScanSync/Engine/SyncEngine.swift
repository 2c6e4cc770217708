public import Foundation
public import Logging
import Metrics
public import SelfScanCore
import SelfScanStorage
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
        if let age = state.catalogAge(at: current), age > configuration.catalogStaleAfter { alarms.append(.catalogStale) }
        if state.catalogCheckedAt == nil, state.connectivity == .offline { alarms.append(.catalogStale) }
        state.alarms = alarms
        let snapshot = state
        published.withLock { $0 = snapshot }
        Gauge(label: "selfscan_sync_outbox_depth").record(snapshot.outboxDepth)
        Gauge(label: "selfscan_sync_online").record(snapshot.connectivity == .online ? 1 : 0)
        Gauge(label: "selfscan_sync_catalog_version").record(Int(snapshot.catalogVersion?.rawValue ?? -1))
        if let age = snapshot.catalogAge(at: current) { Gauge(label: "selfscan_sync_catalog_age_seconds").record(age) }
        if let oldest = snapshot.oldestUnsentAt {
            Gauge(label: "selfscan_sync_oldest_unsent_age_seconds").record(current.timeIntervalSince(oldest))
        }
    }

    private func refreshOutboxStatus() async {
        do {
            let status = try await outbox.status()
            state.outboxDepth = status.depth
            state.oldestUnsentAt = status.oldestUnsentAt
            state.outboxAlarmDepth = status.alarmDepth
        } catch {
            logger.error("cannot read outbox status", metadata: ["error": "\(error)"])
        }
        publish()
    }

    // MARK: Triggers

    /// Pull the catalog now (e.g. an operator asked, or a price dispute at checkout).
    public func requestCatalogPull() {
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
            if pullRequested || now() >= nextPullAt {
                pullRequested = false
                switch await pullOnce() {
                case .failed(let delay): nextPullAt = now().addingTimeInterval(Self.seconds(min(delay, configuration.pullInterval)))
                default: nextPullAt = now().addingTimeInterval(Self.seconds(configuration.pullInterval))
                }
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
            let wait = min(nextPushAt, nextPullAt).timeIntervalSince(now())
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
        publish()
        return outcome
    }

    private func pushBatch() async -> PushOutcome {
        let entries: [OutboxEntry]
        do { entries = try await outbox.dueBatch(limit: configuration.batchSize, now: now()) } catch {
            logger.error("cannot read outbox", metadata: ["error": "\(error)"])
            return .failed(retryAfter: configuration.pushInterval)
        }
        guard !entries.isEmpty else { return .idle }
        // A row whose payload is not JSON can never be delivered: keep it, flag it, send the others.
        var items: [IngestItem] = []
        var rowIDs: [String: Int64] = [:]
        var unreadable: [Int64] = []
        for entry in entries {
            guard let payload = try? ProtocolJSON.decoder().decode(JSONValue.self, from: entry.message.payload) else {
                unreadable.append(entry.id)
                continue
            }
            rowIDs[entry.message.idempotencyKey] = entry.id
            items.append(
                IngestItem(
                    id: entry.message.idempotencyKey, kind: IngestKind(entry.message.kind),
                    storeID: configuration.storeID.rawValue, orderingKey: entry.message.orderingKey,
                    sequence: entry.sequence, createdAt: entry.createdAt, payload: payload))
        }
        if !unreadable.isEmpty {
            state.rejected += unreadable.count
            try? await outbox.markFailed(
                ids: unreadable, error: "payload is not JSON",
                nextAttempt: now().addingTimeInterval(Self.seconds(configuration.rejectedRetryDelay)))
        }
        guard !items.isEmpty else { return .delivered(accepted: 0, duplicates: 0, rejected: unreadable.count, more: true) }
        let ids = items.compactMap { rowIDs[$0.id] }
        do {
            let response = try await client.ingest(IngestBatch(storeID: configuration.storeID.rawValue, items: items))
            var delivered: [Int64] = []
            var refused: [Int64] = []
            var superseded: [Int64] = []
            var accepted = 0
            var duplicates = 0
            for result in response.results {
                guard let row = rowIDs[result.id] else { continue }
                switch result.outcome {
                case .accepted: accepted += 1; delivered.append(row)
                case .duplicate: duplicates += 1; delivered.append(row)
                case .rejected where result.reason?.isFinal == true:
                    // Another device holds the session now: resending can never be accepted. The event stays
                    // in this device's log; the outbox row goes.
                    superseded.append(row)
                    logger.warning(
                        "referential refused an item for good: its session was claimed by another device",
                        metadata: ["id": "\(result.id)", "reason": "\(result.reason?.rawValue ?? "?")"])
                case .rejected:
                    refused.append(row)
                    logger.warning(
                        "referential rejected an item",
                        metadata: ["id": "\(result.id)", "reason": "\(result.reason?.rawValue ?? "?")"])
                }
            }
            try await outbox.markDelivered(ids: delivered + superseded)
            if !refused.isEmpty {
                try await outbox.markFailed(
                    ids: refused, error: "rejected by the referential",
                    nextAttempt: now().addingTimeInterval(Self.seconds(configuration.rejectedRetryDelay)))
            }
            pushFailures = 0
            pushRefusal = nil
            markContact()
            state.delivered += delivered.count
            state.rejected += refused.count
            state.superseded += superseded.count
            return .delivered(
                accepted: accepted, duplicates: duplicates, rejected: refused.count + unreadable.count,
                more: entries.count >= configuration.batchSize)
        } catch let error as SyncError where !error.isRetryable {
            // The referential answered but refused the whole batch (bad token, wrong store…): keep the rows,
            // raise the alarm, retry much later. A 401/403 is no contact at all: the status says `refused`.
            if error.isAuthenticationRefusal { pushRefusal = error.description }
            markContact()
            state.lastError = error.description
            state.rejected += ids.count
            try? await outbox.markFailed(
                ids: ids, error: error.description,
                nextAttempt: now().addingTimeInterval(Self.seconds(configuration.rejectedRetryDelay)))
            logger.error("referential refused a batch", metadata: ["error": "\(error)"])
            return .failed(retryAfter: configuration.pushInterval)
        } catch {
            let delay = configuration.backoff.delay(attempt: pushFailures, unitRandom: random())
            pushFailures += 1
            markFailure(error)
            try? await outbox.markFailed(
                ids: ids, error: "\(error)", nextAttempt: now().addingTimeInterval(Self.seconds(delay)))
            logger.notice("push failed; backing off", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
            return .failed(retryAfter: delay)
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
        let snapshot = try await client.catalogSnapshot()
        try await catalog.apply(snapshot, now: now())
        state.catalogVersion = snapshot.version
        return .applied(version: snapshot.version, changes: snapshot.records.count, snapshot: true)
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
