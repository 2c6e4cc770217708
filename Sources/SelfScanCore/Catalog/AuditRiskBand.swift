/// A customer's audit risk from their history, as the referential publishes it: a band, never the trip or
/// failed-audit counts (those stay at the referential; docs/privacy.md).
public enum AuditRiskBand: String, Sendable, Hashable, Codable, CaseIterable {
    /// No completed self-scan trip yet and no failed audit: the first trip raises the audit rate.
    case newCustomer
    /// A history without failed audits.
    case low
    /// One past audit found a difference.
    case elevated
    /// Two or more past audits found differences.
    case high

    /// The band of a history (the only place the counts are read).
    public init(completedTrips: Int, failedAudits: Int) {
        if failedAudits >= 2 {
            self = .high
        } else if failedAudits == 1 {
            self = .elevated
        } else if completedTrips <= 0 {
            self = .newCustomer
        } else {
            self = .low
        }
    }

    /// Whether past audits found differences (a full rescan is then required).
    public var hasFailedAudits: Bool { self == .elevated || self == .high }
}
