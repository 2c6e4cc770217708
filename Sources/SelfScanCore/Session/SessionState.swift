/// Where a self-scan session is in its life. Persisted: never rename a case.
///
/// ```
/// open ─► scanning ─► checkoutRequested ─┬─► auditRequired ─► auditing ─► audited ─► readyToPay ─► paid ─► exited
///            ▲  │                         └──────────────────────────────────────────►┘
///            │  └─► approvalNeeded (age-restricted item, until staff approve)
///  suspended ◄─► open/scanning/approvalNeeded, or readyToPay after a required audit (hand-off);
///  any state before paid ─► abandoned | void;  abandoned | void | suspended ─► paid only for a charge staff
///  confirmed from the terminal's journal after its answer was lost (`settleLateCharge`)
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

    /// No event may follow (but a late charge's `paid` after `abandoned`/`void`: see `acceptsLateCharge`).
    public var isTerminal: Bool { self == .exited || self == .abandoned || self == .void }

    /// Items may be scanned, voided or re-quantified.
    public var acceptsBasketChanges: Bool { self == .open || self == .scanning || self == .approvalNeeded }

    /// The session may still be abandoned or voided (nothing was paid).
    public var isBeforePayment: Bool { !isTerminal && self != .paid }

    /// A `paid` event may be recorded: normally from `readyToPay`; also after the session was abandoned,
    /// voided or suspended while the terminal's answer was lost and staff later found the card charged
    /// (the money was taken, so the sale is finished rather than left without a receipt).
    public var acceptsLateCharge: Bool {
        self == .readyToPay || self == .abandoned || self == .void || self == .suspended
    }

    public var description: String { rawValue }
}
