import Crypto
import SelfScanCore
import Foundation
import SelfScanAPI

/// An ingest item checked and serialised once, before the database: canonical payload text, its fingerprint
/// (to tell a true replay from a conflicting reuse of an id) and the typed rows it derives.
struct PreparedIngestItem: Sendable {
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
    /// Set when the item is invalid: it is answered `rejected` and nothing is stored.
    let rejection: (reason: IngestRejection, detail: String)?

    init(_ item: IngestItem) throws {
        self.item = item
        let payloadText = String(decoding: try ProtocolJSON.encoder().encode(item.payload), as: UTF8.self)
        self.payloadText = payloadText
        let material = [
            item.kind.rawValue, item.storeID, item.orderingKey ?? "", item.sequence.map(String.init) ?? "", payloadText,
        ].joined(separator: "\u{1F}")
        self.fingerprint = Hex.lowercase(SHA256.hash(data: Data(material.utf8)))
        var basket: ClosedBasketPayload?
        var payment: PaymentPayload?
        var reservationOrder: ReservationRequest?
        var exit: ExitRecord?
        var couponSpend: CouponSpend?
        var rejection: (IngestRejection, String)?
        if !ProtocolIdentifiers.isValidKey(item.id) {
            rejection = (.invalidPayload, "id must be 1…128 printable characters")
        } else if case .object = item.payload {
            switch item.kind {
            case .closedBasket:
                do { basket = try ProtocolJSON.decode(ClosedBasketPayload.self, from: item.payload) } catch {
                    rejection = (.invalidPayload, "closedBasket payload: \(error)")
                }
            case .payment:
                do {
                    let record = try ProtocolJSON.decode(PaymentPayload.self, from: item.payload)
                    if !record.hasValidLast4 {
                        rejection = (.invalidPayload, "a payment carries at most the last 4 digits of a card")
                    } else {
                        payment = record
                    }
                } catch {
                    rejection = (.invalidPayload, "payment payload: \(error)")
                }
            case .reservationOrder:
                do {
                    let request = try ProtocolJSON.decode(ReservationRequest.self, from: item.payload)
                    if request.mode != .order {
                        rejection = (.invalidPayload, "only orders may be queued: a hold of stock cannot wait")
                    } else if request.quantity < 1 || request.quantity > 10_000 {
                        rejection = (.invalidPayload, "quantity must be 1…10000")
                    } else {
                        reservationOrder = request
                    }
                } catch {
                    rejection = (.invalidPayload, "reservationOrder payload: \(error)")
                }
            case .exited:
                do { exit = try ProtocolJSON.decode(ExitRecord.self, from: item.payload) } catch {
                    rejection = (.invalidPayload, "exited payload: \(error)")
                }
            case .couponSpent:
                do {
                    let spend = try ProtocolJSON.decode(CouponSpend.self, from: item.payload)
                    if ProtocolIdentifiers.isValidKey(spend.serial) {
                        couponSpend = spend
                    } else {
                        rejection = (.invalidPayload, "a coupon serial is 1…128 printable characters")
                    }
                } catch {
                    rejection = (.invalidPayload, "couponSpent payload: \(error)")
                }
            default:
                break
            }
        } else {
            rejection = (.invalidPayload, "payload must be a JSON object")
        }
        self.basket = basket
        self.payment = payment
        self.reservationOrder = reservationOrder
        self.exit = exit
        self.couponSpend = couponSpend
        self.rejection = rejection
    }

    /// Distinct items sorted by id: every backend takes row locks in this order, so concurrent batches never
    /// deadlock. An id repeated inside one batch is applied once (its first occurrence).
    static func prepare(_ items: [IngestItem]) throws -> [PreparedIngestItem] {
        var seen = Set<String>()
        return try items.filter { seen.insert($0.id).inserted }.map(PreparedIngestItem.init).sorted { $0.item.id < $1.item.id }
    }

    /// Answers in the batch's order; a repeat of an id inside the batch is a `duplicate` of its first
    /// occurrence (or `conflictingDuplicate` when its content differs).
    static func answers(
        for items: [IngestItem], prepared: [PreparedIngestItem], results byID: [String: IngestItemResult]
    ) throws -> [IngestItemResult] {
        let fingerprints = Dictionary(prepared.map { ($0.item.id, $0.fingerprint) }, uniquingKeysWith: { first, _ in first })
        var answered = Set<String>()
        return try items.map { item in
            if answered.insert(item.id).inserted, let result = byID[item.id] { return result }
            if try PreparedIngestItem(item).fingerprint == fingerprints[item.id] {
                return IngestItemResult(id: item.id, outcome: .duplicate)
            }
            return IngestItemResult(
                id: item.id, outcome: .rejected, reason: .conflictingDuplicate,
                detail: "id repeated in the batch with a different content")
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
