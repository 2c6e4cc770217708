public import Foundation
public import SelfScanAPI
public import SelfScanCore

/// A charge or refund the daemon is about to ask the terminal for, durable before the terminal is asked.
/// Its `idempotencyKey` is the key of the payment record it ends as; `requestID` is what the terminal echoes
/// in its transactions (so its last-transaction query can tell whether this request went through).
public struct PaymentIntent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case charge
        case refund
    }

    public enum State: String, Sendable, Hashable, Codable {
        /// Asked (or about to be asked) of the terminal; no answer recorded yet.
        case open
        /// Its payment record (approved, declined, cancelled or refunded) is stored.
        case completed
        /// The terminal never took it (its last transaction is another one): nothing was charged; a retry
        /// with the same key is a new attempt.
        case notCharged
    }

    public let idempotencyKey: String
    public let kind: Kind
    public let sessionID: SessionID
    /// The client's payment id, the refunded line id, or the refunded transaction: data, never a key alone.
    public let clientReference: String
    /// 1 for the first attempt; a retry after `notCharged` takes the next.
    public let attempt: Int
    public let amount: Money
    /// Refunds: the terminal transaction refunded.
    public let originalTransactionID: String?
    public let state: State
    public let createdAt: Date

    public init(
        idempotencyKey: String, kind: Kind, sessionID: SessionID, clientReference: String, attempt: Int = 1,
        amount: Money, originalTransactionID: String? = nil, state: State = .open, createdAt: Date = Date()
    ) {
        self.idempotencyKey = idempotencyKey
        self.kind = kind
        self.sessionID = sessionID
        self.clientReference = clientReference
        self.attempt = attempt
        self.amount = amount
        self.originalTransactionID = originalTransactionID
        self.state = state
        self.createdAt = createdAt
    }

    /// What the terminal receives and echoes: `<idempotencyKey>#<attempt>`.
    public var requestID: String { "\(idempotencyKey)#\(attempt)" }
}
