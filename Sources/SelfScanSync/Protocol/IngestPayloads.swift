public import Foundation
public import SelfScanCore
public import SelfScanStorage

/// Payload of a `closedBasket` item: what the referential lists and totals.
public struct ClosedBasketPayload: Sendable, Hashable, Codable {
    /// The session (basket) id.
    public var sessionID: String
    public var closedAt: Date
    /// Amount due, VAT and discounts included.
    public var total: Money
    public var lineCount: Int
    /// Never set by this daemon: a closed basket carries no card number (the session's events carry the
    /// pseudonymous customer id; docs/privacy.md). Kept for older daemons' payloads.
    public var loyaltyCard: String?

    public init(sessionID: String, closedAt: Date, total: Money, lineCount: Int, loyaltyCard: String? = nil) {
        self.sessionID = sessionID
        self.closedAt = closedAt
        self.total = total
        self.lineCount = lineCount
        self.loyaltyCard = loyaltyCard
    }
}

extension OutboxMessage {
    /// The outbox message of a closed basket: keyed by `idempotencyKey`, ordered after the session's events.
    public static func closedBasket(_ basket: ClosedBasketPayload, idempotencyKey: String) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: idempotencyKey, kind: IngestKind.closedBasket.rawValue, orderingKey: basket.sessionID,
            payload: try ProtocolJSON.encoder().encode(basket))
    }

    /// The outbox message of a payment (storage's `PaymentRecord`, only what the terminal returned).
    public static func payment(_ payment: PaymentRecord) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: payment.idempotencyKey, kind: IngestKind.payment.rawValue,
            orderingKey: payment.sessionID.uuid.uuidString, payload: try ProtocolJSON.encoder().encode(payment))
    }
}
