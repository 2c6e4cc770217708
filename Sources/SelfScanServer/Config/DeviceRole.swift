/// What a daemon does in the store. The role decides which API routes it serves.
public enum DeviceRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// A self-checkout kiosk: shopper sessions, payment, receipts, exit passes.
    case kiosk
    /// A handheld scanner carried by the shopper or staff: shopper sessions, hand-off to a kiosk.
    case handheld
    /// An exit gate: verifies exit passes offline and nothing else.
    case gate
    /// A store box: everything a kiosk does, for several devices of the store.
    case store

    /// Whether this role serves shopper sessions (open, scan, checkout, pay).
    public var servesSessions: Bool { self != .gate }
}
