/// What a logged-in staff member may do. Each role includes the ones before it.
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Floor staff: approve age-restricted items, price checks, stock lookups, click & collect.
    case attendant
    /// Runs audits (rescan, reconcile) in addition.
    case auditor
    /// Refunds, voids after payment, terminal scripting in simulation, in addition.
    case supervisor

    private var rank: Int {
        switch self {
        case .attendant: 0
        case .auditor: 1
        case .supervisor: 2
        }
    }

    /// Whether a member logged in with this role may act as `required`.
    public func allows(_ required: StaffRole) -> Bool { rank >= required.rank }

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool { lhs.rank < rhs.rank }
}
