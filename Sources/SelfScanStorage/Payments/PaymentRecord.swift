public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// A payment as stored: only what the terminal returns. Never a card number, expiry or CVV: `last4` is
/// checked to be exactly four digits, and there is no column for anything else. The terminal's facts are the
/// contract's `PaymentPayload` (one definition, what travels to the referential) plus the local ticket text.
/// Not `Codable`: a storage row never travels (the outbox encodes `payload`).
public struct PaymentRecord: Sendable, Hashable {
    /// What travels to the referential: the terminal's facts, as the contract's payload.
    public let payload: PaymentPayload
    /// The terminal's ticket text (cardholder receipt lines), kept locally for the shopper's receipt. Not a
    /// card number: only what the terminal prints. Not part of the sync payload.
    public let ticket: String?

    /// The device-generated UUID of this payment: unique here and at the referential.
    public var idempotencyKey: String { payload.idempotencyKey }
    /// The session (basket) paid.
    public var sessionID: SessionID { payload.sessionID }
    public var amount: Money { payload.amount }
    public var outcome: PaymentOutcome { payload.outcome }
    /// Card scheme as the terminal names it (`CB`, `VISA`, `MASTERCARD`…), or `CASH`.
    public var scheme: String? { payload.scheme }
    /// The masked PAN's last four digits.
    public var last4: String? { payload.last4 }
    /// The issuer's authorisation code.
    public var authCode: String? { payload.authCode }
    /// The terminal's transaction id.
    public var terminalTransactionID: String? { payload.terminalTransactionID }
    public var recordedAt: Date { payload.recordedAt }

    /// - Throws: `StorageError.Code.invalidInput` when `last4` is not four digits (refuses card data).
    public init(payload: PaymentPayload, ticket: String? = nil) throws(StorageError) {
        guard payload.hasValidLast4 else {
            throw StorageError(
                code: .invalidInput,
                message: "a payment stores only the last 4 digits of the card, got "
                    + "\(payload.last4?.utf8.count ?? 0) characters")
        }
        self.payload = payload
        self.ticket = ticket
    }

    /// - Throws: `StorageError.Code.invalidInput` when `last4` is not four digits (refuses card data).
    public init(
        idempotencyKey: String, sessionID: SessionID, amount: Money, outcome: PaymentOutcome, scheme: String?,
        last4: String?, authCode: String?, terminalTransactionID: String?, recordedAt: Date, ticket: String? = nil
    ) throws(StorageError) {
        try self.init(
            payload: PaymentPayload(
                idempotencyKey: idempotencyKey, sessionID: sessionID, amount: amount, outcome: outcome, scheme: scheme,
                last4: last4, authCode: authCode, terminalTransactionID: terminalTransactionID, recordedAt: recordedAt),
            ticket: ticket)
    }

    /// Equal in everything the terminal returned (the local recording time may differ on a replay): the
    /// contract's comparison of the two payloads.
    public func hasSameContent(as other: PaymentRecord) -> Bool { payload.hasSameContent(as: other.payload) }
}
