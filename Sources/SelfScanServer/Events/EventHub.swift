public import Foundation
public import SelfScanAPI
import SelfScanSync

/// Fans daemon events out to every live subscriber (WebSocket clients, the console), and keeps the last
/// `replayCapacity` events so a client that reconnects (or subscribes, then fetches state) asks for what it
/// missed with `since` instead of losing it. Slow subscribers lose their oldest buffered events rather than
/// slowing the daemon; `seq` shows the gap.
public actor EventHub {
    public struct Filter: Sendable {
        /// Only this session's events (shopper clients); `nil` = every event (staff, console).
        public let session: String?
        public init(session: String?) { self.session = session }

        func admits(_ event: DaemonEvent) -> Bool { session == nil || session == event.session }
    }

    /// Events kept for replay (`GET /v1/events?since=N`).
    public let replayCapacity: Int
    private var subscribers: [UUID: (Filter, AsyncStream<DaemonEvent>.Continuation)] = [:]
    /// The `seq` of the last event published (the first event gets `firstSequence`).
    private var sequence: Int
    /// The last `replayCapacity` events, oldest first.
    private var recent: [DaemonEvent] = []
    private var recentStart = 0

    /// - Parameter firstSequence: the first event's `seq`. By default the start time in microseconds since
    ///   the Unix epoch, so `seq` keeps increasing across restarts and a client's old `since` is never mistaken
    ///   for a position in the new run.
    public init(replayCapacity: Int = 1_000, firstSequence: Int = Int(Date().timeIntervalSince1970 * 1_000_000)) {
        self.replayCapacity = max(1, replayCapacity)
        sequence = firstSequence - 1
    }

    /// The `seq` of the last published event.
    public var lastSequence: Int { sequence }

    /// Live subscriptions one session may hold (its kiosk or phone page, plus a reconnect overlapping the old
    /// stream): a session token opening more is refused, so one shopper cannot hold thousands of sockets.
    public static let maxSubscriptionsPerSession = 8

    /// The live subscriptions to `session`'s events.
    public func subscriberCount(session: String) -> Int {
        subscribers.values.count { $0.0.session == session }
    }

    /// Publishes one event. `data` is the JSON payload.
    public func publish(type: String, session: String?, data: Data) {
        sequence += 1
        let event = DaemonEvent(
            type: type, session: session, sequence: sequence,
            at: Int64(Date().timeIntervalSince1970 * 1000), data: data)
        remember(event)
        for (filter, continuation) in subscribers.values where filter.admits(event) {
            continuation.yield(event)
        }
    }

    /// Publishes an `Encodable` payload.
    public func publish(type: String, session: String?, encoding value: some Encodable & Sendable) {
        guard let data = try? ProtocolJSON.encoder().encode(value) else { return }
        publish(type: type, session: session, data: data)
    }

    /// A new subscription; it ends when the returned stream is dropped or `finishAll()` runs.
    ///
    /// With `since` (the last `seq` the client saw), the events after it that the filter admits come first,
    /// then live ones, without a gap (both happen here, on the actor). When events after `since` are no longer
    /// kept (or `since` is not a `seq` of this run's past), one `resync` event comes first instead: refetch
    /// the state, then follow live events.
    public func subscribe(_ filter: Filter, since: Int? = nil) -> AsyncStream<DaemonEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(
            of: DaemonEvent.self, bufferingPolicy: .bufferingNewest(replayCapacity + 256))
        if let since {
            for event in replay(since: since) where event.type == "resync" || filter.admits(event) {
                continuation.yield(event)
            }
        }
        subscribers[id] = (filter, continuation)
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// `subscribe(_:since:)` and the `seq` of the last event published when the subscription started, read
    /// in the same actor turn: every event after that `seq` reaches the new subscriber.
    public func subscription(_ filter: Filter, since: Int? = nil) -> (events: AsyncStream<DaemonEvent>, lastSequence: Int) {
        (subscribe(filter, since: since), sequence)
    }

    /// The kept events after `since`, or one `resync` event when some of them are gone.
    func replay(since: Int) -> [DaemonEvent] {
        let kept = recent[recentStart...] + recent[..<recentStart]
        let oldestKept = kept.first?.sequence ?? (sequence + 1)
        guard since <= sequence, since >= oldestKept - 1 else {
            let data = (try? ProtocolJSON.encoder().encode(Resync(since: since, oldestKept: kept.first?.sequence)))
                ?? Data()
            return [
                DaemonEvent(
                    type: "resync", session: nil, sequence: sequence, at: Int64(Date().timeIntervalSince1970 * 1000),
                    data: data)
            ]
        }
        return kept.filter { $0.sequence > since }
    }

    private struct Resync: Encodable {
        let since: Int
        let oldestKept: Int?
    }

    private func remember(_ event: DaemonEvent) {
        if recent.count < replayCapacity {
            recent.append(event)
        } else {
            recent[recentStart] = event
            recentStart = (recentStart + 1) % replayCapacity
        }
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    /// Number of live subscribers (status endpoint).
    public var subscriberCount: Int { subscribers.count }

    /// Ends every subscription (graceful shutdown).
    public func finishAll() {
        for (_, continuation) in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }
}
