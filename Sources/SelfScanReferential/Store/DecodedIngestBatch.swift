public import Foundation
public import SelfScanAPI
import SelfScanCore

/// A `POST /v1/ingest` body decoded straight from the request bytes into checked, fingerprinted items: each
/// payload is decoded once, into its kind's type (no untyped value tree, no encode-then-decode round trip).
/// Same wire format as `IngestBatch`.
public struct DecodedIngestBatch: Sendable, Decodable {
    /// The store every item must belong to (the token's).
    public let storeID: String
    /// In the order of the body, repeats included.
    let items: [PreparedIngestItem]

    /// How many items the body carried.
    public var count: Int { items.count }

    init(storeID: String, items: [PreparedIngestItem]) {
        self.storeID = storeID
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case storeID, items }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        storeID = try container.decode(String.self, forKey: .storeID)
        var list = try container.nestedUnkeyedContainer(forKey: .items)
        var items: [PreparedIngestItem] = []
        items.reserveCapacity(list.count ?? 0)
        while !list.isAtEnd { items.append(try list.decode(DecodedIngestItem.self).prepared) }
        self.items = items
    }
}

/// One item of the body: the `IngestItem` fields, the payload decoded by kind.
struct DecodedIngestItem: Decodable {
    let prepared: PreparedIngestItem

    enum CodingKeys: String, CodingKey { case id, kind, storeID, orderingKey, sequence, createdAt, payload }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(IngestKind.self, forKey: .kind)
        let header = IngestItem(
            id: try container.decode(String.self, forKey: .id), kind: kind,
            storeID: try container.decode(String.self, forKey: .storeID),
            orderingKey: try container.decodeIfPresent(String.self, forKey: .orderingKey),
            sequence: try container.decodeIfPresent(Int64.self, forKey: .sequence),
            createdAt: try container.decode(Date.self, forKey: .createdAt), payload: .null)
        guard container.contains(.payload) else {
            throw DecodingError.keyNotFound(
                CodingKeys.payload, .init(codingPath: container.codingPath, debugDescription: "payload is required"))
        }
        prepared = try PreparedIngestItem(
            header: header, content: .decode(kind: kind, from: KeyedIngestPayloadSource(container: container, key: .payload)))
    }
}

extension DecodedIngestBatch {
    /// The body read by `IngestBodyParser` and built without `JSONDecoder`, for the common items (basket events
    /// and other untyped kinds, closed baskets, payments); nil when anything is outside what it handles, and the
    /// caller decodes the body with `JSONDecoder` (`init(from:)`), which gives the same items or the error.
    static func fast(_ bytes: UnsafeRawBufferPointer) -> DecodedIngestBatch? {
        IngestBodyParser.batch(bytes)
    }
}

/// One item of `DecodedIngestBatch.fast`: the same fields and rules as `DecodedIngestItem`, from the members
/// `IngestBodyParser` read.
enum FastIngestItem {
    /// The item members `DecodedIngestItem` reads (the others are ignored, as it ignores them).
    enum Member: Int, CaseIterable {
        case id, kind, storeID, orderingKey, sequence, createdAt, payload

        var name: StaticString {
            switch self {
            case .id: "id"
            case .kind: "kind"
            case .storeID: "storeID"
            case .orderingKey: "orderingKey"
            case .sequence: "sequence"
            case .createdAt: "createdAt"
            case .payload: "payload"
            }
        }
    }

    /// An item's members as read.
    struct Fields {
        var id: JSONValue?
        var kind: JSONValue?
        var storeID: JSONValue?
        var orderingKey: JSONValue?
        var sequence: JSONValue?
        var createdAt: JSONValue?
        var payload: JSONValue?
        /// The payload's bytes as sent when they are already its canonical text (`CanonicalPayloadJSON`'s).
        var canonicalPayload: Data?

        mutating func set(_ member: Member, _ value: JSONValue) {
            switch member {
            case .id: id = value
            case .kind: kind = value
            case .storeID: storeID = value
            case .orderingKey: orderingKey = value
            case .sequence: sequence = value
            case .createdAt: createdAt = value
            case .payload: payload = value
            }
        }
    }

    static func prepared(_ fields: Fields) -> PreparedIngestItem? {
        guard case .string(let kindText)? = fields.kind, case .string(let id)? = fields.id,
            case .string(let storeID)? = fields.storeID, case .string(let createdText)? = fields.createdAt,
            let createdAt = ISO8601Seconds.parse(createdText), let payload = fields.payload
        else { return nil }
        var orderingKey: String?
        switch fields.orderingKey {
        case nil, .null?: break
        case .string(let text)?: orderingKey = text
        default: return nil
        }
        var sequence: Int64?
        switch fields.sequence {
        case nil, .null?: break
        case .integer(let number)?: sequence = number
        default: return nil
        }
        let kind = IngestKind(kindText)
        let header = IngestItem(
            id: id, kind: kind, storeID: storeID, orderingKey: orderingKey, sequence: sequence, createdAt: createdAt,
            payload: .null)
        let content: DecodedIngestPayload
        switch kind {
        case .closedBasket:
            guard let basket = closedBasket(payload) else { return nil }
            content = withUnknown(.closedBasket(basket), payload, known: KnownMembers.closedBasket)
        case .payment:
            guard let payment = payment(payload) else { return nil }
            content = withUnknown(.payment(payment), payload, known: KnownMembers.payment)
        case .reservationOrder, .exited, .couponSpent, .couponReleased: return nil
        default: content = .decode(kind: kind, from: payload)
        }
        return try? PreparedIngestItem(header: header, content: content, canonicalText: fields.canonicalPayload)
    }

    /// As `DecodedIngestPayload.decode`: members the type does not know keep the payload as sent.
    static func withUnknown(_ typed: DecodedIngestPayload, _ payload: JSONValue, known: Set<String>) -> DecodedIngestPayload {
        guard case .object(let members) = payload, !members.keys.allSatisfy(known.contains) else { return typed }
        return .withUnknownMembers(typed, payload)
    }

    /// `ClosedBasketPayload`'s synthesized decoding, for the values it accepts; nil for anything else.
    static func closedBasket(_ payload: JSONValue) -> ClosedBasketPayload? {
        guard case .object(let fields) = payload, case .string(let sessionID)? = fields["sessionID"],
            case .string(let closedText)? = fields["closedAt"], let closedAt = ISO8601Seconds.parse(closedText),
            let total = money(fields["total"]), case .integer(let lineCount)? = fields["lineCount"],
            let loyaltyCard = optionalString(fields["loyaltyCard"]), let customerID = optionalString(fields["customerID"])
        else { return nil }
        var products: [String]?
        switch fields["products"] {
        case nil, .null?: break
        case .array(let elements)?:
            var names: [String] = []
            for element in elements {
                guard case .string(let name) = element else { return nil }
                names.append(name)
            }
            products = names
        default: return nil
        }
        return ClosedBasketPayload(
            sessionID: sessionID, closedAt: closedAt, total: total, lineCount: Int(lineCount), loyaltyCard: loyaltyCard,
            customerID: customerID, products: products)
    }

    /// `PaymentPayload`'s synthesized decoding, for the values it accepts; nil for anything else.
    static func payment(_ payload: JSONValue) -> PaymentPayload? {
        guard case .object(let fields) = payload, case .string(let key)? = fields["idempotencyKey"],
            case .string(let sessionText)? = fields["sessionID"], let session = UUID(uuidString: sessionText),
            let amount = money(fields["amount"]), case .string(let outcomeText)? = fields["outcome"],
            let outcome = PaymentOutcome(rawValue: outcomeText), case .string(let recordedText)? = fields["recordedAt"],
            let recordedAt = ISO8601Seconds.parse(recordedText), let scheme = optionalString(fields["scheme"]),
            let last4 = optionalString(fields["last4"]), let authCode = optionalString(fields["authCode"]),
            let transaction = optionalString(fields["terminalTransactionID"])
        else { return nil }
        return PaymentPayload(
            idempotencyKey: key, sessionID: SessionID(uuid: session), amount: amount, outcome: outcome, scheme: scheme,
            last4: last4, authCode: authCode, terminalTransactionID: transaction, recordedAt: recordedAt)
    }

    /// `.some(nil)` when absent or null, `.some(text)` for a string, nil (not this reader's) otherwise.
    static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        default: return nil
        }
    }

    static func money(_ value: JSONValue?) -> Money? {
        guard case .object(let fields)? = value, case .string(let code)? = fields["currency"],
            case .integer(let minor)? = fields["minor"], let currency = try? Currency(code: code)
        else { return nil }
        return Money(minor: minor, currency: currency)
    }
}
