public import Foundation
public import SelfScanAPI
import SelfScanCore

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
            orderingKey: payment.sessionID.uuidString, payload: try ProtocolJSON.encoder().encode(payment.payload))
    }
}

extension ReservationRequest {
    /// The outbox message that delivers an order taken while the referential was unreachable (`mode: order`
    /// only: a hold of stock cannot wait). Keyed by the reservation id, so a replay is one order; each order is
    /// its own ordering key (orders are independent: one held back never delays the others).
    public func queuedOrderMessage() throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: "reservation-\(id.uuidString)", kind: IngestKind.reservationOrder.rawValue,
            orderingKey: "reservation-\(id.uuidString)", payload: try ProtocolJSON.encoder().encode(self))
    }
}

extension OutboxMessage {
    /// The outbox message of a gate exit: one per pass (`exit-<nonce>`), ordered by session.
    public static func exited(_ record: ExitRecord) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: "exit-\(record.passNonce)", kind: IngestKind.exited.rawValue, orderingKey: record.sessionID,
            payload: try ProtocolJSON.encoder().encode(record))
    }
}
