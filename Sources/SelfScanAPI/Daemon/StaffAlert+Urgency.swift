// How urgent a staff alert is: one order for every reader (the daemon's `GET /v1/staff/alerts`, the console,
// which re-sorts for older daemons that listed oldest first). The handheld page follows the daemon's order.

extension StaffAlert {
    /// How urgent an alert of `kind` is, lower first: a shopper waiting at a kiosk for an age check comes before
    /// everything, then a shopper asking for help or a payment whose outcome is unknown, a basket waiting for its
    /// audit, items to check (unknown code, refused sale), then devices, security and sync notices.
    public static func urgency(ofKind kind: String) -> Int {
        switch kind {
        case "ageApproval": 0
        case "help", "paymentUnknown": 1
        case "audit": 2
        case "unknownCode", "saleRefused": 3
        default: 4
        }
    }

    /// This alert's urgency (`urgency(ofKind:)`).
    public var urgency: Int { Self.urgency(ofKind: kind) }

    /// The list order: most urgent first, then oldest first, then by id (a total order: stable lists).
    public static func urgentFirst(_ lhs: StaffAlert, _ rhs: StaffAlert) -> Bool {
        (lhs.urgency, lhs.at, lhs.id) < (rhs.urgency, rhs.at, rhs.id)
    }
}
