public import Foundation
public import SelfScanCore

/// Payload of a `payment` ingest item: only what the payment terminal returned, never card data. The wire twin
/// of the daemon's stored payment (storage types never travel: the daemon maps its record to this).
public struct PaymentPayload: Sendable, Hashable, Codable {
    /// The daemon's idempotency key of this payment (namespaced by kind and session on the daemon).
    public var idempotencyKey: String
    /// The session (basket) paid.
    public var sessionID: SessionID
    public var amount: Money
    public var outcome: PaymentOutcome
    /// Card scheme as the terminal names it (`CB`, `VISA`, `MASTERCARD`…), or `CASH`.
    public var scheme: String?
    /// The masked PAN's last four digits.
    public var last4: String?
    /// The issuer's authorisation code.
    public var authCode: String?
    /// The terminal's transaction id.
    public var terminalTransactionID: String?
    public var recordedAt: Date

    public init(
        idempotencyKey: String, sessionID: SessionID, amount: Money, outcome: PaymentOutcome, scheme: String?,
        last4: String?, authCode: String?, terminalTransactionID: String?, recordedAt: Date
    ) {
        self.idempotencyKey = idempotencyKey
        self.sessionID = sessionID
        self.amount = amount
        self.outcome = outcome
        self.scheme = scheme
        self.last4 = last4
        self.authCode = authCode
        self.terminalTransactionID = terminalTransactionID
        self.recordedAt = recordedAt
    }

    /// Whether `last4` is absent or exactly four ASCII digits (a payment never carries more of the card).
    public var hasValidLast4: Bool {
        guard let last4 else { return true }
        return last4.utf8.count == 4 && last4.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Equal in everything the terminal returned (the local recording time may differ on a replay).
    public func hasSameContent(as other: PaymentPayload) -> Bool {
        idempotencyKey == other.idempotencyKey && sessionID == other.sessionID && amount == other.amount
            && outcome == other.outcome && scheme == other.scheme && last4 == other.last4
            && authCode == other.authCode && terminalTransactionID == other.terminalTransactionID
    }
}
