import SelfScanCore

/// Idempotency keys of payments, namespaced by kind and session: a client-chosen id is data inside a key,
/// never a storage key on its own, so no client id can collide with another session's payment or with the
/// outbox keys of other kinds (`receipt-<session>`, `closed-<session>`, event UUIDs).
///
/// - a charge: `payment:<SESSION-UUID>:<client paymentID>`
/// - a line refund: `refund:<SESSION-UUID>:line:<LINE-UUID>` (the canonical, upper-case line id: one refund per
///   line, however its id was typed)
/// - the refund of what stood on a session voided by staff: `refund:<SESSION-UUID>:transaction:<terminal id>`
enum PaymentKeys {
    /// Longest client `paymentID`.
    static let maximumClientIDLength = 64

    static func charge(session: SessionID, clientPaymentID: String) -> String {
        "payment:\(session.uuidString):\(clientPaymentID)"
    }

    static func lineRefund(session: SessionID, line: LineID) -> String {
        "refund:\(session.uuidString):line:\(line.uuidString)"
    }

    static func transactionRefund(session: SessionID, transactionID: String) -> String {
        "refund:\(session.uuidString):transaction:\(transactionID)"
    }

    /// What the API shows as `paymentID`: the client's id of a charge (`payment:<session>:<id>` → `<id>`); the
    /// whole key of anything else (refunds, payments recorded by earlier builds).
    static func clientPaymentID(in key: String) -> String {
        let prefix = "payment:"
        guard key.hasPrefix(prefix) else { return key }
        let rest = key.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return key }
        return String(rest[rest.index(after: colon)...])
    }

    /// A client payment id is 1…64 printable ASCII characters without spaces (it travels in sync item ids).
    static func checkClientPaymentID(_ text: String) throws(PaymentError) {
        guard !text.isEmpty, text.utf8.count <= maximumClientIDLength else {
            throw .badPaymentID("must be 1…\(maximumClientIDLength) characters, got \(text.utf8.count)")
        }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .badPaymentID("only printable ASCII without spaces")
        }
    }
}
