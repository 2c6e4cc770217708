public import Foundation
public import SelfScanCore

/// The materialised current state of a session, as its owner (the daemon, through the basket core) computed
/// it after the events it appends. Storage keeps it next to the event log so lists and status pages need
/// no replay; the event log stays the source of truth.
public struct SessionStateUpdate: Sendable, Hashable {
    /// The session state's name (`open`, `scanning`, `paid`…).
    public let state: String
    /// The basket total after these events, when known.
    public let total: Money?
    /// Lines not voided.
    public let lineCount: Int
    /// The whole session value as JSON (e.g. the core basket), for fast reloads; optional.
    public let snapshot: Data?

    public init(state: String, total: Money?, lineCount: Int, snapshot: Data? = nil) {
        self.state = state
        self.total = total
        self.lineCount = lineCount
        self.snapshot = snapshot
    }
}

/// A stored session's summary row.
public struct SessionSummary: Sendable, Hashable {
    public let id: SessionID
    public let storeID: StoreID
    public let deviceID: DeviceID
    public let state: String
    /// The sequence of the last stored event.
    public let lastSequence: Int64
    public let openedAt: Date
    public let updatedAt: Date
    public let currency: Currency
    public let total: Money?
    public let lineCount: Int
    /// The materialised session JSON the owner last stored, if any.
    public let snapshot: Data?
}

/// What `BasketStore.append` did.
public enum AppendResult: Sendable, Hashable {
    /// The events were stored (and their outbox rows queued).
    case stored(lastSequence: Int64)
    /// Every event was already stored with the same content (a retried request): nothing changed.
    case duplicate(lastSequence: Int64)
}

/// An audit log entry to append in the same transaction as a basket change.
public struct AuditLogDraft: Sendable, Hashable {
    public let kind: String
    public let actor: String
    public let detail: String

    public init(kind: String, actor: String, detail: String = "{}") {
        self.kind = kind
        self.actor = actor
        self.detail = detail
    }
}

extension OutboxMessage {
    /// The outbox message of a basket event: keyed by the event id, ordered per session.
    public static func basketEvent(_ event: BasketEvent) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: event.id.uuidString, kind: "basketEvent", orderingKey: event.sessionID.uuidString,
            payload: try BasketStore.encoder.encode(event))
    }

    /// `basketEvent(_:)` with the event's JSON already encoded (`body`: `BasketStore.encoder`'s bytes of it).
    static func basketEvent(_ event: BasketEvent, body: Data) -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: event.id.uuidString, kind: "basketEvent", orderingKey: event.sessionID.uuidString,
            payload: body)
    }
}
