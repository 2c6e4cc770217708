public import Foundation
public import SelfScanAPI

/// How long a device keeps what it no longer needs (docs/privacy.md). Nothing is pruned before the
/// referential acknowledged it (no outbox row left for the session): exactly-once delivery comes first.
public struct RetentionPolicy: Sendable, Hashable, Codable {
    /// Closed sessions (exited, abandoned, void) with their events and payments: kept this long after their
    /// last change. Default 7 days (a store manager's week of questions at the desk).
    public var closedSessionSeconds: TimeInterval
    /// Audit log entries: kept this long. Default 31 days (a month of local audit trail; the referential
    /// keeps the audit results it received).
    public var auditLogSeconds: TimeInterval

    public static let defaultClosedSessionDays = 7
    public static let defaultAuditLogDays = 31

    public init(
        closedSessionSeconds: TimeInterval = TimeInterval(defaultClosedSessionDays * 86_400),
        auditLogSeconds: TimeInterval = TimeInterval(defaultAuditLogDays * 86_400)
    ) {
        self.closedSessionSeconds = closedSessionSeconds
        self.auditLogSeconds = auditLogSeconds
    }
}

/// What one pruning pass removed.
public struct RetentionReport: Sendable, Hashable {
    public var sessions: Int
    public var events: Int
    public var payments: Int
    public var auditEntries: Int
}
