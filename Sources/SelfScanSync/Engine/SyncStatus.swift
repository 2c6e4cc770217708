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
    public enum Alarm: String, Sendable, Hashable, Codable {
        /// The outbox reached its alarm depth (nothing is dropped).
        case outboxOverCapacity
        /// The referential refused items (4xx): they stay in the outbox.
        case itemsRejected
        /// The catalog has not been refreshed for longer than the configured staleness limit.
        case catalogStale
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
    public var catalogVersion: CatalogVersion?
    /// Last time the cache was confirmed current with the referential (a delta applied or a 304).
    public var catalogCheckedAt: Date?
    public var alarms: [Alarm] = []

    public init() {}

    /// Seconds since the catalog was last confirmed current; nil when never.
    public func catalogAge(at now: Date) -> TimeInterval? {
        catalogCheckedAt.map { now.timeIntervalSince($0) }
    }
}
