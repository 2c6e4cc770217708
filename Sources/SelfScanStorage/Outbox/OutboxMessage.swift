public import Foundation

/// What an outbox row carries to the referential. `kind` and `payload` are the sync protocol's business.
public struct OutboxMessage: Sendable, Hashable {
    /// The device-generated UUID of the event, basket or payment: the referential applies it once.
    public let idempotencyKey: String
    /// What the payload is (e.g. `basketEvent`, `payment`, `auditResult`).
    public let kind: String
    /// Rows with the same key are delivered in the order they were written (e.g. the session id).
    public let orderingKey: String
    /// The JSON body to send.
    public let payload: Data

    public init(idempotencyKey: String, kind: String, orderingKey: String, payload: Data) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.orderingKey = orderingKey
        self.payload = payload
    }
}

/// An outbox row waiting for delivery.
public struct OutboxEntry: Sendable, Hashable, Identifiable {
    /// Row id (increasing in write order).
    public let id: Int64
    public let message: OutboxMessage
    /// 1, 2, 3… per `orderingKey`, in write order, never reused.
    public let sequence: Int64
    public let createdAt: Date
    /// Delivery attempts that failed so far.
    public let attemptCount: Int
    /// Not before this time (backoff after a failure).
    public let nextAttemptAt: Date
    /// The last failure, for status pages.
    public let lastError: String?

    public init(
        id: Int64, message: OutboxMessage, sequence: Int64, createdAt: Date, attemptCount: Int,
        nextAttemptAt: Date, lastError: String?
    ) {
        self.id = id
        self.message = message
        self.sequence = sequence
        self.createdAt = createdAt
        self.attemptCount = attemptCount
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// How full the outbox is (status pages, metrics).
public struct OutboxStatus: Sendable, Hashable, Codable {
    /// Rows not yet delivered.
    public let depth: Int
    /// When the oldest undelivered row was written, if any.
    public let oldestUnsentAt: Date?
    /// Rows whose last attempt failed.
    public let failingCount: Int
    /// The configured depth at which `alarm` is raised.
    public let alarmDepth: Int
    /// Rows quarantined (`Outbox.quarantine`): never sent again, not counted in `depth`.
    public let quarantinedCount: Int
    /// `depth >= alarmDepth`: the referential has been unreachable for long; staff should be told.
    /// Writes are still accepted (dropping a paid basket would be worse than a large file).
    public var alarm: Bool { depth >= alarmDepth }

    public init(depth: Int, oldestUnsentAt: Date?, failingCount: Int, alarmDepth: Int, quarantinedCount: Int = 0) {
        self.depth = depth
        self.oldestUnsentAt = oldestUnsentAt
        self.failingCount = failingCount
        self.alarmDepth = alarmDepth
        self.quarantinedCount = quarantinedCount
    }
}
