import Crypto
import SelfScanCore
import Foundation
import SelfScanAPI

/// An ingest item checked and serialised once, before the database: canonical payload text, its fingerprint
/// (to tell a true replay from a conflicting reuse of an id) and the typed rows it derives. A class: the ingest
/// sorts, filters and maps hundreds of them per request, and a struct of this size is copied (and its references
/// retained) at every step.
final class PreparedIngestItem: Sendable {
    let item: IngestItem
    let payloadText: String
    let fingerprint: String
    let basket: ClosedBasketPayload?
    let payment: PaymentPayload?
    /// A click & collect order queued on the device while the referential was unreachable.
    let reservationOrder: ReservationRequest?
    /// A gate's exit of a basket.
    let exit: ExitRecord?
    /// A serialised coupon spent offline.
    let couponSpend: CouponSpend?
    /// A serialised coupon given back (its basket was voided or abandoned).
    let couponRelease: CouponRelease?
    /// Set when the item is invalid: it is answered `rejected` and nothing is stored.
    let rejection: (reason: IngestRejection, detail: String)?

    /// An item whose payload is still an untyped value (the store's `[IngestItem]` entry point): its typed
    /// payload is decoded from the value directly.
    convenience init(_ item: IngestItem) throws {
        try self.init(header: item, content: .decode(kind: item.kind, from: item.payload))
    }

    /// An item decoded straight from the request bytes: `header` carries every field but the payload (its
    /// `payload` is kept only for kinds without a typed payload), `content` the payload decoded by kind.
    /// `canonicalText`: the payload's bytes as sent, when the reader found them already in `CanonicalPayloadJSON`'s
    /// form; used where the stored text is the value as sent (an untyped `.other` payload), not written again.
    init(header: IngestItem, content: DecodedIngestPayload, canonicalText: Data? = nil) throws {
        var basket: ClosedBasketPayload?
        var payment: PaymentPayload?
        var reservationOrder: ReservationRequest?
        var exit: ExitRecord?
        var couponSpend: CouponSpend?
        var couponRelease: CouponRelease?
        var rejection: (IngestRejection, String)?
        var item = header
        var payloadData: Data
        // Members the typed payload does not know: the value as sent is stored and fingerprinted (nothing is
        // lost); the typed value still derives the rows.
        var keptAsSent: JSONValue?
        var content = content
        if case .withUnknownMembers(let typed, let raw) = content {
            content = typed
            keptAsSent = raw
        }
        switch content {
        case .closedBasket(let value):
            basket = value
            payloadData = try CanonicalPayloadJSON.encode(value) ?? ProtocolJSON.sharedEncoder.encode(value)
        case .payment(let record):
            if record.hasValidLast4 {
                payment = record
            } else {
                rejection = (.invalidPayload, "a payment carries at most the last 4 digits of a card")
            }
            payloadData = try CanonicalPayloadJSON.encode(record) ?? ProtocolJSON.sharedEncoder.encode(record)
        case .reservationOrder(let request):
            if request.mode != .order {
                rejection = (.invalidPayload, "only orders may be queued: a hold of stock cannot wait")
            } else if request.quantity < 1 || request.quantity > 10_000 {
                rejection = (.invalidPayload, "quantity must be 1…10000")
            } else {
                reservationOrder = request
            }
            payloadData = try ProtocolJSON.sharedEncoder.encode(request)
        case .exited(let record):
            exit = record
            payloadData = try ProtocolJSON.sharedEncoder.encode(record)
        case .couponSpent(let spend):
            if ProtocolIdentifiers.isValidKey(spend.serial) {
                couponSpend = spend
            } else {
                rejection = (.invalidPayload, "a coupon serial is 1…128 printable characters")
            }
            payloadData = try ProtocolJSON.sharedEncoder.encode(spend)
        case .couponReleased(let release):
            if ProtocolIdentifiers.isValidKey(release.serial) {
                couponRelease = release
            } else {
                rejection = (.invalidPayload, "a coupon serial is 1…128 printable characters")
            }
            payloadData = try ProtocolJSON.sharedEncoder.encode(release)
        case .other(let value):
            item.payload = value
            payloadData = try canonicalText ?? CanonicalPayloadJSON.encode(value) ?? ProtocolJSON.sharedEncoder.encode(value)
        case .invalid(let value, let reason):
            rejection = (.invalidPayload, reason)
            payloadData = try ProtocolJSON.sharedEncoder.encode(value)
        case .withUnknownMembers(_, let value):
            // Never nested (decode builds it around a typed case only): stored as sent.
            item.payload = value
            payloadData = try ProtocolJSON.sharedEncoder.encode(value)
        }
        if let keptAsSent {
            item.payload = keptAsSent
            payloadData = try CanonicalPayloadJSON.encode(keptAsSent) ?? ProtocolJSON.sharedEncoder.encode(keptAsSent)
        }
        if !ProtocolIdentifiers.isValidKey(item.id) {
            rejection = (.invalidPayload, "id must be 1…128 printable characters")
        }
        self.item = item
        self.payloadText = String(decoding: payloadData, as: UTF8.self)
        self.fingerprint = PreparedIngestItem.fingerprint(item, payload: payloadData)
        self.basket = basket
        self.payment = payment
        self.reservationOrder = reservationOrder
        self.exit = exit
        self.couponSpend = couponSpend
        self.couponRelease = couponRelease
        self.rejection = rejection
    }

    /// SHA-256 over kind, store, ordering key, sequence and the canonical payload bytes, separated by U+001F,
    /// as lower-case hex (the same material and digest as every earlier release, so replays of items stored
    /// before still match).
    static func fingerprint(_ item: IngestItem, payload: Data) -> String {
        var hasher = SHA256()
        let separator: UInt8 = 0x1F  // U+001F, one byte in UTF-8
        func update(_ text: String) {
            var text = text
            text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: separator) { hasher.update(bufferPointer: $0) }
        }
        update(item.kind.rawValue)
        update(item.storeID)
        update(item.orderingKey ?? "")
        update(item.sequence.map(String.init) ?? "")
        hasher.update(data: payload)
        return Hex.lowercase(hasher.finalize())
    }

    /// Distinct items sorted by id: every backend takes row locks in this order, so concurrent batches never
    /// deadlock. An id repeated inside one batch is applied once (its first occurrence).
    static func distinct(_ items: [PreparedIngestItem]) -> [PreparedIngestItem] {
        var seen = Set<String>()
        return items.filter { seen.insert($0.item.id).inserted }.sorted { $0.item.id < $1.item.id }
    }

    /// Answers in the batch's order; a repeat of an id inside the batch is a `duplicate` of its first
    /// occurrence (or `conflictingDuplicate` when its content differs).
    static func answers(
        for items: [PreparedIngestItem], results byID: [String: IngestItemResult]
    ) -> [IngestItemResult] {
        // The first occurrence's fingerprint of each id answered so far (one table serves both questions).
        var first: [String: String] = [:]
        first.reserveCapacity(items.count)
        return items.map { entry in
            let item = entry.item
            if let fingerprint = first[item.id] {
                if entry.fingerprint == fingerprint { return IngestItemResult(id: item.id, outcome: .duplicate) }
                return IngestItemResult(
                    id: item.id, outcome: .rejected, reason: .conflictingDuplicate,
                    detail: "id repeated in the batch with a different content")
            }
            first[item.id] = entry.fingerprint
            return byID[item.id] ?? IngestItemResult(id: item.id, outcome: .duplicate)
        }
    }

    /// The answer for an id already stored: a replay when the fingerprints match, else a conflicting reuse.
    func answerForExisting(fingerprint stored: String) -> IngestItemResult {
        if stored == fingerprint { return IngestItemResult(id: item.id, outcome: .duplicate) }
        return IngestItemResult(
            id: item.id, outcome: .rejected, reason: .conflictingDuplicate,
            detail: "id already stored with a different content")
    }

    /// The answer for an invalid item.
    var rejectionResult: IngestItemResult? {
        rejection.map { IngestItemResult(id: item.id, outcome: .rejected, reason: $0.reason, detail: $0.detail) }
    }
}
