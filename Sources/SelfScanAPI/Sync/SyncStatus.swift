public import Foundation
public import SelfScanCore

/// What the sync engine reports: read by the daemon's API, its metrics and the console.
public struct SyncStatus: Sendable, Hashable, Codable {
    public enum Connectivity: String, Sendable, Hashable, Codable {
        /// No exchange with the referential yet.
        case unknown
        /// The last exchange succeeded.
        case online
        /// The last exchange failed (transport or 5xx).
        case offline
        /// The referential answers but refuses this device (401/403: revoked or wrong token, wrong store id):
        /// nothing is delivered until the config or the token is fixed. `lastError` says why.
        case refused
    }

    /// Conditions that need a person.
    public enum Alarm: String, Sendable, Hashable, Codable, CaseIterable {
        /// The outbox reached its alarm depth (nothing is dropped).
        case outboxOverCapacity
        /// The referential refused a whole request for a reason no split can help (4xx: bad token, wrong
        /// store): its items stay in the outbox and are retried later. (Items it can never take are
        /// quarantined instead: `itemsQuarantined`.)
        case itemsRejected
        /// The catalog has not been refreshed for longer than the configured staleness limit.
        case catalogStale
        /// Items the referential can never take were set aside (`quarantined`): the others went on.
        case itemsQuarantined
    }

    public var connectivity: Connectivity = .unknown
    public var lastContactAt: Date?
    public var lastError: String?
    public var consecutiveFailures = 0
    public var outboxDepth = 0
    /// Depth at which the outbox raises its alarm (storage's `outboxAlarmDepth`).
    public var outboxAlarmDepth = 0
    /// Creation time of the oldest item not yet delivered.
    public var oldestUnsentAt: Date?
    public var delivered = 0
    public var rejected = 0
    /// Items the referential refused for good because another device claimed their session by hand-off
    /// (`sessionClaimedElsewhere`): dropped from the outbox, kept in the local event log.
    public var superseded = 0
    /// Outbox rows quarantined: rejected for good by the referential, larger than any request it accepts, or
    /// not JSON. Kept on the device for staff, never sent again, never holding back another item.
    public var quarantined = 0
    /// The first quarantined rows (for the status page and the console), oldest first.
    public var quarantinedItems: [QuarantinedItem] = []

    /// One quarantined outbox row as the status shows it (never its payload).
    public struct QuarantinedItem: Sendable, Hashable, Codable {
        /// The item's idempotency key.
        public var id: String
        public var kind: String
        public var orderingKey: String
        public var payloadBytes: Int
        public var quarantinedAt: Date
        public var reason: String?

        public init(id: String, kind: String, orderingKey: String, payloadBytes: Int, quarantinedAt: Date, reason: String?) {
            self.id = id
            self.kind = kind
            self.orderingKey = orderingKey
            self.payloadBytes = payloadBytes
            self.quarantinedAt = quarantinedAt
            self.reason = reason
        }
    }
    public var catalogVersion: CatalogVersion?
    /// Last time the cache was confirmed current with the referential (a delta applied or a 304).
    public var catalogCheckedAt: Date?
    public var alarms: [Alarm] = []

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case connectivity, lastContactAt, lastError, consecutiveFailures, outboxDepth, outboxAlarmDepth,
            oldestUnsentAt, delivered, rejected, superseded, quarantined, quarantinedItems, catalogVersion,
            catalogCheckedAt, alarms
    }

    /// Tolerant of other builds: a field this build does not know is ignored, one it expects but the sender did
    /// not write takes its default, and an alarm it does not know is dropped (the console may be older or
    /// newer than the daemon).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connectivity = (try? container.decodeIfPresent(Connectivity.self, forKey: .connectivity)) ?? .unknown
        lastContactAt = try container.decodeIfPresent(Date.self, forKey: .lastContactAt)
        lastError = try container.decodeIfPresent(String.self, forKey: .lastError)
        consecutiveFailures = try container.decodeIfPresent(Int.self, forKey: .consecutiveFailures) ?? 0
        outboxDepth = try container.decodeIfPresent(Int.self, forKey: .outboxDepth) ?? 0
        outboxAlarmDepth = try container.decodeIfPresent(Int.self, forKey: .outboxAlarmDepth) ?? 0
        oldestUnsentAt = try container.decodeIfPresent(Date.self, forKey: .oldestUnsentAt)
        delivered = try container.decodeIfPresent(Int.self, forKey: .delivered) ?? 0
        rejected = try container.decodeIfPresent(Int.self, forKey: .rejected) ?? 0
        superseded = try container.decodeIfPresent(Int.self, forKey: .superseded) ?? 0
        quarantined = try container.decodeIfPresent(Int.self, forKey: .quarantined) ?? 0
        quarantinedItems = try container.decodeIfPresent([QuarantinedItem].self, forKey: .quarantinedItems) ?? []
        catalogVersion = try container.decodeIfPresent(CatalogVersion.self, forKey: .catalogVersion)
        catalogCheckedAt = try container.decodeIfPresent(Date.self, forKey: .catalogCheckedAt)
        alarms = (try container.decodeIfPresent([String].self, forKey: .alarms) ?? []).compactMap(Alarm.init(rawValue:))
    }

    /// Seconds since the catalog was last confirmed current; nil when never.
    public func catalogAge(at now: Date) -> TimeInterval? {
        catalogCheckedAt.map { now.timeIntervalSince($0) }
    }
}
