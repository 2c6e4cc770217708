/// Where a self-scan session is in its life. Persisted: never rename a case.
///
/// ```
/// open ─► scanning ─► checkoutRequested ─┬─► auditRequired ─► auditing ─► audited ─► readyToPay ─► paid ─► exited
///            ▲  │                         └──────────────────────────────────────────►┘
///            │  └─► approvalNeeded (age-restricted item, until staff approve)
///  suspended ◄─► open/scanning/approvalNeeded (hand-off);  any state before paid ─► abandoned | void
/// ```
public enum SessionState: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case open
    case scanning
    case approvalNeeded
    case checkoutRequested
    case auditRequired
    case auditing
    case audited
    case readyToPay
    case paid
    case exited
    case suspended
    case abandoned
    case void

    /// No event may follow.
    public var isTerminal: Bool { self == .exited || self == .abandoned || self == .void }

    /// Items may be scanned, voided or re-quantified.
    public var acceptsBasketChanges: Bool { self == .open || self == .scanning || self == .approvalNeeded }

    /// The session may still be abandoned or voided (nothing was paid).
    public var isBeforePayment: Bool { !isTerminal && self != .paid }

    public var description: String { rawValue }
}
