public import Foundation
import SelfScanSync

/// Fans daemon events out to every live subscriber (WebSocket clients, the console). Slow subscribers lose
/// the oldest buffered events rather than slowing the daemon; sequence numbers show the gap.
public actor EventHub {
    public struct Filter: Sendable {
        /// Only this session's events (shopper clients); `nil` = every event (staff, console).
        public let session: String?
        public init(session: String?) { self.session = session }
    }

    private var subscribers: [UUID: (Filter, AsyncStream<DaemonEvent>.Continuation)] = [:]
    private var sequence = 0

    public init() {}

    /// Publishes one event. `data` is the JSON payload.
    public func publish(type: String, session: String?, data: Data) {
        sequence += 1
        let event = DaemonEvent(
            type: type, session: session, sequence: sequence,
            at: Int64(Date().timeIntervalSince1970 * 1000), data: data)
        for (filter, continuation) in subscribers.values
        where filter.session == nil || filter.session == session {
            continuation.yield(event)
        }
    }

    /// Publishes an `Encodable` payload.
    public func publish(type: String, session: String?, encoding value: some Encodable & Sendable) {
        guard let data = try? ProtocolJSON.encoder().encode(value) else { return }
        publish(type: type, session: session, data: data)
    }

    /// A new subscription; it ends when the returned stream is dropped or `finishAll()` runs.
    public func subscribe(_ filter: Filter) -> AsyncStream<DaemonEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(
            of: DaemonEvent.self, bufferingPolicy: .bufferingNewest(256))
        subscribers[id] = (filter, continuation)
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
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
