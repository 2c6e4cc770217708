import Foundation
import SelfScanAPI

/// An ingest item's payload decoded by its kind: the typed payload for the kinds the referential derives rows
/// from, the value as sent for the others, or the reason it is invalid (the item is then rejected alone).
enum DecodedIngestPayload: Sendable {
    case closedBasket(ClosedBasketPayload)
    case payment(PaymentPayload)
    case reservationOrder(ReservationRequest)
    case exited(ExitRecord)
    case couponSpent(CouponSpend)
    case couponReleased(CouponRelease)
    /// A kind stored as sent (basket events, audit results, kinds this build does not know).
    case other(JSONValue)
    /// Not the shape its kind requires: the value as sent (for the fingerprint) and why.
    case invalid(JSONValue, String)

    /// Decodes the payload of a `kind` item from `source`, typed when the kind has a typed payload.
    static func decode(kind: IngestKind, from source: some IngestPayloadSource) -> DecodedIngestPayload {
        func typed<T: Decodable>(_ type: T.Type, _ wrap: (T) -> DecodedIngestPayload) -> DecodedIngestPayload {
            do {
                return wrap(try source.decode(T.self))
            } catch {
                // Rare path: the value as sent, only to fingerprint and reject the item.
                let raw = (try? source.untyped()) ?? .null
                guard case .object = raw else { return .invalid(raw, "payload must be a JSON object") }
                return .invalid(raw, "\(kind.rawValue) payload: \(error)")
            }
        }
        switch kind {
        case .closedBasket: return typed(ClosedBasketPayload.self, DecodedIngestPayload.closedBasket)
        case .payment: return typed(PaymentPayload.self, DecodedIngestPayload.payment)
        case .reservationOrder: return typed(ReservationRequest.self, DecodedIngestPayload.reservationOrder)
        case .exited: return typed(ExitRecord.self, DecodedIngestPayload.exited)
        case .couponSpent: return typed(CouponSpend.self, DecodedIngestPayload.couponSpent)
        case .couponReleased: return typed(CouponRelease.self, DecodedIngestPayload.couponReleased)
        default:
            let raw = (try? source.untyped()) ?? .null
            guard case .object = raw else { return .invalid(raw, "payload must be a JSON object") }
            return .other(raw)
        }
    }
}

/// Where a payload is decoded from: the request's JSON (straight from its bytes) or an untyped value.
protocol IngestPayloadSource {
    func decode<T: Decodable>(_ type: T.Type) throws -> T
    func untyped() throws -> JSONValue
}

extension JSONValue: IngestPayloadSource {
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ProtocolJSON.decode(T.self, from: self) }
    func untyped() throws -> JSONValue { self }
}

/// The `payload` member of an item being decoded from the request body.
struct KeyedIngestPayloadSource<Key: CodingKey>: IngestPayloadSource {
    let container: KeyedDecodingContainer<Key>
    let key: Key

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try container.decode(T.self, forKey: key) }
    func untyped() throws -> JSONValue { try container.decode(JSONValue.self, forKey: key) }
}
