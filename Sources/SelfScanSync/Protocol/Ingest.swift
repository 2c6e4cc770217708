public import Foundation

/// What an ingest item carries.
public enum IngestKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A session/basket state change (scan, void, transition…): stored as sent.
    case basketEvent
    /// A basket closed at checkout: payload is a `ClosedBasketPayload`.
    case closedBasket
    /// A payment the terminal accepted: payload is a `PaymentPayload`.
    case payment
    /// The outcome of a staff audit: stored as sent.
    case auditResult
}

/// One item the daemon pushes. `id` is generated on the device when the item is created and is the
/// idempotency key: the referential applies an id at most once.
public struct IngestItem: Sendable, Hashable, Codable {
    public var id: UUID
    public var kind: IngestKind
    public var storeID: StoreID
    /// The basket (session) the item belongs to; order is kept per basket.
    public var basketID: UUID?
    /// Position within the basket's stream, from 0; informative, the server does not reorder.
    public var sequence: Int64?
    /// When the device created the item.
    public var createdAt: Date
    public var payload: JSONValue

    public init(
        id: UUID, kind: IngestKind, storeID: StoreID, basketID: UUID?, sequence: Int64?, createdAt: Date,
        payload: JSONValue
    ) {
        self.id = id
        self.kind = kind
        self.storeID = storeID
        self.basketID = basketID
        self.sequence = sequence
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// `POST /v1/ingest` body. Every item must be for `storeID`, the token's store.
public struct IngestBatch: Sendable, Hashable, Codable {
    /// Most items one batch may carry.
    public static let maxItems = 500

    public var storeID: StoreID
    public var items: [IngestItem]

    public init(storeID: StoreID, items: [IngestItem]) {
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
    /// The id was already stored with a different payload.
    case conflictingDuplicate
}

/// The answer for one item, in the order of the batch.
public struct IngestItemResult: Sendable, Hashable, Codable {
    public var id: UUID
    public var outcome: IngestOutcome
    public var reason: IngestRejection?
    /// Human-readable detail for rejections.
    public var detail: String?

    public init(id: UUID, outcome: IngestOutcome, reason: IngestRejection? = nil, detail: String? = nil) {
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
