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
    /// A typed payload that also carries members its type does not know (a newer daemon's): the typed value
    /// derives the rows, the value as sent is what is stored and fingerprinted, so nothing is lost.
    indirect case withUnknownMembers(DecodedIngestPayload, JSONValue)

    /// Decodes the payload of a `kind` item from `source`, typed when the kind has a typed payload.
    static func decode(kind: IngestKind, from source: some IngestPayloadSource) -> DecodedIngestPayload {
        func typed<T: Decodable>(
            _ type: T.Type, _ wrap: (T) -> DecodedIngestPayload, members known: Set<String>
        ) -> DecodedIngestPayload {
            do {
                let value = wrap(try source.decode(T.self))
                // Top-level members only are compared (a cheap look at the object's keys, no second decode).
                guard try !source.memberNames().allSatisfy(known.contains) else { return value }
                return .withUnknownMembers(value, try source.untyped())
            } catch {
                // Rare path: the value as sent, only to fingerprint and reject the item.
                let raw = (try? source.untyped()) ?? .null
                guard case .object = raw else { return .invalid(raw, "payload must be a JSON object") }
                return .invalid(raw, "\(kind.rawValue) payload: \(error)")
            }
        }
        switch kind {
        case .closedBasket:
            return typed(ClosedBasketPayload.self, DecodedIngestPayload.closedBasket, members: KnownMembers.closedBasket)
        case .payment: return typed(PaymentPayload.self, DecodedIngestPayload.payment, members: KnownMembers.payment)
        case .reservationOrder:
            return typed(ReservationRequest.self, DecodedIngestPayload.reservationOrder, members: KnownMembers.reservationOrder)
        case .exited: return typed(ExitRecord.self, DecodedIngestPayload.exited, members: KnownMembers.exited)
        case .couponSpent: return typed(CouponSpend.self, DecodedIngestPayload.couponSpent, members: KnownMembers.couponSpent)
        case .couponReleased:
            return typed(CouponRelease.self, DecodedIngestPayload.couponReleased, members: KnownMembers.couponReleased)
        default:
            let raw = (try? source.untyped()) ?? .null
            guard case .object = raw else { return .invalid(raw, "payload must be a JSON object") }
            return .other(raw)
        }
    }
}

/// The members each typed payload's type knows (its stored properties, which are its JSON keys). A member added
/// to a type and not here is only taken for unknown: the payload is then stored as sent, nothing is lost.
enum KnownMembers {
    static let closedBasket: Set<String> = ["sessionID", "closedAt", "total", "lineCount", "loyaltyCard", "customerID"]
    static let payment: Set<String> = [
        "idempotencyKey", "sessionID", "amount", "outcome", "scheme", "last4", "authCode", "terminalTransactionID",
        "recordedAt",
    ]
    static let reservationOrder: Set<String> = ["id", "gtin", "quantity", "fulfilmentStoreID", "mode", "loyaltyCard"]
    static let exited: Set<String> = ["sessionID", "passNonce", "exitedAt"]
    static let couponSpent: Set<String> = ["serial", "sessionID", "spentAt"]
    static let couponReleased: Set<String> = ["serial", "sessionID", "releasedAt"]
}

/// Where a payload is decoded from: the request's JSON (straight from its bytes) or an untyped value.
protocol IngestPayloadSource {
    func decode<T: Decodable>(_ type: T.Type) throws -> T
    func untyped() throws -> JSONValue
    /// The names of the payload object's members.
    func memberNames() throws -> [String]
}

extension JSONValue: IngestPayloadSource {
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ProtocolJSON.decode(T.self, from: self) }
    func untyped() throws -> JSONValue { self }
    func memberNames() throws -> [String] {
        if case .object(let members) = self { return Array(members.keys) }
        return []
    }
}

/// Any member name of a payload object.
struct PayloadMemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The `payload` member of an item being decoded from the request body.
struct KeyedIngestPayloadSource<Key: CodingKey>: IngestPayloadSource {
    let container: KeyedDecodingContainer<Key>
    let key: Key

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try container.decode(T.self, forKey: key) }
    func untyped() throws -> JSONValue { try container.decode(JSONValue.self, forKey: key) }
    func memberNames() throws -> [String] {
        try container.nestedContainer(keyedBy: PayloadMemberKey.self, forKey: key).allKeys.map(\.stringValue)
    }
}
