public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// A payment as stored: only what the terminal returns. Never a card number, expiry or CVV: `last4` is
/// checked to be exactly four digits, and there is no column for anything else.
public struct PaymentRecord: Sendable, Hashable, Codable {
    /// The device-generated UUID of this payment: unique here and at the referential.
    public let idempotencyKey: String
    /// The session (basket) paid.
    public let sessionID: SessionID
    public let amount: Money
    public let outcome: PaymentOutcome
    /// Card scheme as the terminal names it (`CB`, `VISA`, `MASTERCARD`…), or `CASH`.
    public let scheme: String?
    /// The masked PAN's last four digits.
    public let last4: String?
    /// The issuer's authorisation code.
    public let authCode: String?
    /// The terminal's transaction id.
    public let terminalTransactionID: String?
    public let recordedAt: Date
    /// The terminal's ticket text (cardholder receipt lines), kept locally for the shopper's receipt. Not a
    /// card number: only what the terminal prints. Not part of the sync payload.
    public let ticket: String?

    /// - Throws: `StorageError.Code.invalidInput` when `last4` is not four digits (refuses card data).
    public init(
        idempotencyKey: String, sessionID: SessionID, amount: Money, outcome: PaymentOutcome, scheme: String?,
        last4: String?, authCode: String?, terminalTransactionID: String?, recordedAt: Date, ticket: String? = nil
    ) throws(StorageError) {
        if let last4, last4.utf8.count != 4 || !last4.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw StorageError(
                code: .invalidInput,
                message: "a payment stores only the last 4 digits of the card, got \(last4.utf8.count) characters")
        }
        self.idempotencyKey = idempotencyKey
        self.sessionID = sessionID
        self.amount = amount
        self.outcome = outcome
        self.scheme = scheme
        self.last4 = last4
        self.authCode = authCode
        self.terminalTransactionID = terminalTransactionID
        self.recordedAt = recordedAt
        self.ticket = ticket
    }

    /// Equal in everything the terminal returned (the local recording time may differ on a replay): the
    /// contract's comparison of the two payloads.
    public func hasSameContent(as other: PaymentRecord) -> Bool { payload.hasSameContent(as: other.payload) }
}
