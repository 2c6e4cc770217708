public import Foundation

/// What an ingest item carries. Open set: the referential stores any kind; it derives rows from
/// `closedBasket` and `payment`.
public struct IngestKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A session/basket event (`BasketEvent` JSON): stored as sent.
    public static let basketEvent = IngestKind("basketEvent")
    /// A basket closed at checkout: payload is a `ClosedBasketPayload`.
    public static let closedBasket = IngestKind("closedBasket")
    /// A payment the terminal reported: payload is storage's `PaymentRecord` JSON.
    public static let payment = IngestKind("payment")
    /// The outcome of a staff audit: stored as sent.
    public static let auditResult = IngestKind("auditResult")
    /// A click & collect order taken while the referential was unreachable: payload is a `ReservationRequest`
    /// with `mode: order`; the referential records it as if posted to `/v1/reservations` (same id, once).
    public static let reservationOrder = IngestKind("reservationOrder")
    /// A basket left through an exit gate: payload is an `ExitRecord`. The referential records every exit and
    /// flags a second exit of one basket (`doubleExit`) for the audit.
    public static let exited = IngestKind("exited")
    /// A serialised coupon spent while the referential was unreachable: payload is a `CouponSpend`. The first
    /// spend of a serial wins; a later one is stored and flagged (`couponDoubleSpend`).
    public static let couponSpent = IngestKind("couponSpent")
    /// The session that spent a serialised coupon ended unpaid (voided or abandoned): payload is a
    /// `CouponRelease`. The serial is free again if this store's session still holds it (otherwise nothing).
    public static let couponReleased = IngestKind("couponReleased")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One item the daemon pushes (one outbox row). `id` is the device-generated idempotency key (a UUID):
/// the referential applies an id at most once.
public struct IngestItem: Sendable, Hashable, Codable {
    public var id: String
    public var kind: IngestKind
    public var storeID: String
    /// Items with the same key were written in this order on the device (e.g. the session id).
    public var orderingKey: String?
    /// Position within the ordering key, from 1.
    public var sequence: Int64?
    /// When the device created the item.
    public var createdAt: Date
    public var payload: JSONValue

    public init(
        id: String, kind: IngestKind, storeID: String, orderingKey: String?, sequence: Int64?, createdAt: Date,
        payload: JSONValue
    ) {
        self.id = id
        self.kind = kind
        self.storeID = storeID
        self.orderingKey = orderingKey
        self.sequence = sequence
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// `POST /v1/ingest` body. Every item must be for `storeID`, the token's store.
public struct IngestBatch: Sendable, Hashable, Codable {
    /// Most items one batch may carry.
    public static let maxItems = 500

    public var storeID: String
    public var items: [IngestItem]

    public init(storeID: String, items: [IngestItem]) {
        self.storeID = storeID
        self.items = items
    }
}

/// What the referential did with one item.
public enum IngestOutcome: String, Sendable, Hashable, Codable {
    /// Stored now.
    case accepted
    /// Already stored by an earlier delivery: this one changed nothing.
    case duplicate
    /// Not stored; `reason` says why. Resending the same item gets the same answer.
    case rejected
}

/// Why an item was rejected.
public enum IngestRejection: String, Sendable, Hashable, Codable {
    /// The payload does not have the shape its kind requires.
    case invalidPayload
    /// The id was already stored with a different content.
    case conflictingDuplicate
    /// A basket event of a session another device claimed by hand-off, after the claimed suspension. Final:
    /// the claimant holds the session now; the sender must not retry (its copy stays as it was suspended).
    case sessionClaimedElsewhere
    /// The item names another store than the token's (the other items of the batch are still applied).
    case wrongStore
    /// A reason this build does not know (sent by a newer referential): treated as a non-final rejection.
    case unrecognised

    /// Whether resending can never change the answer (the sender drops the item instead of retrying it).
    public var isFinal: Bool { self == .sessionClaimedElsewhere }

    /// Reasons are an open set: an unknown one decodes as `unrecognised` instead of failing the whole answer.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = IngestRejection(rawValue: raw) ?? .unrecognised
    }
}

/// The answer for one item, in the order of the batch.
public struct IngestItemResult: Sendable, Hashable, Codable {
    public var id: String
    public var outcome: IngestOutcome
    public var reason: IngestRejection?
    /// Human-readable detail for rejections.
    public var detail: String?

    public init(id: String, outcome: IngestOutcome, reason: IngestRejection? = nil, detail: String? = nil) {
        self.id = id
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
    }
}

/// `POST /v1/ingest` answer (200): one result per item.
public struct IngestResponse: Sendable, Hashable, Codable {
    public var results: [IngestItemResult]

    public init(results: [IngestItemResult]) { self.results = results }
}
