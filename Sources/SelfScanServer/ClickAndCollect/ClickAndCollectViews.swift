import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanSync

/// `GET /v1/staff/stock` answer: stock here and in the other stores, and where it comes from.
struct StockView: Codable, Sendable {
    struct Level: Codable, Sendable {
        let store: String
        let quantity: Int
        /// The store's name (live answers only: the cache knows store ids).
        var name: String? = nil
    }
    enum Source: String, Codable, Sendable {
        /// Asked live from the referential just now.
        case referential
        /// The daemon's catalog cache (the referential could not be reached): as old as `catalogAgeSeconds`.
        case cache
    }
    let productID: String
    let gtin: String?
    let name: String
    let here: Int?
    let otherStores: [Level]
    let source: Source
    let catalogVersion: Int64
    /// Seconds since the cached catalog was applied (only for `source: cache`).
    let catalogAgeSeconds: Int64?
    /// Why the cache answered (only for `source: cache`).
    let fallbackReason: String?
}

/// `POST /v1/staff/reservations` body.
struct ReserveBody: Codable, Sendable {
    /// Client-generated UUID: a retry with the same id is the same reservation.
    let id: String
    /// What was scanned (or the product id).
    let code: String
    let quantity: Int
    let fulfilmentStoreID: String
    let mode: ReservationMode
    let loyaltyCard: String?
}

/// `POST /v1/staff/reservations` answer: the referential's answer, or `queued` when an order waits in the outbox.
struct ReservationView: Codable, Sendable {
    let id: String
    /// `reserved`, `ordered`, `picked` (the referential's status) or `queued` (waiting in this daemon's outbox).
    let status: String
    let mode: ReservationMode
    let productID: String
    let name: String
    let gtin: String
    let quantity: Int
    let fulfilmentStoreID: String
    let loyaltyCard: String?
    /// True when the referential answered an earlier request with the same id.
    let replayed: Bool
    /// ISO 8601; nil while queued.
    let createdAt: String?

    var isQueued: Bool { status == "queued" }

    init(_ answer: Reservation, product: Product, mode: ReservationMode) {
        id = answer.id.uuidString
        status = answer.status.rawValue
        self.mode = mode
        productID = product.id.rawValue
        name = product.name
        gtin = answer.gtin.digits14
        quantity = Int(answer.quantity)
        fulfilmentStoreID = answer.fulfilmentStoreID.rawValue
        loyaltyCard = answer.loyaltyCard
        replayed = answer.replayed
        createdAt = ProtocolJSON.text(of: answer.createdAt)
    }

    init(queued request: ReservationRequest, product: Product) {
        id = request.id.uuidString
        status = "queued"
        mode = request.mode
        productID = product.id.rawValue
        name = product.name
        gtin = request.gtin.digits14
        quantity = Int(request.quantity)
        fulfilmentStoreID = request.fulfilmentStoreID.rawValue
        loyaltyCard = request.loyaltyCard
        replayed = false
        createdAt = nil
    }
}

/// One order to prepare (`GET /v1/staff/pickings`, `POST /v1/staff/pickings/{id}/scans`).
struct PickingView: Codable, Sendable {
    let id: String
    let gtin: String
    let productID: String?
    let name: String
    let quantity: Int
    /// Units scanned so far on this daemon.
    let picked: Int
    /// The referential's status: `reserved`, `ordered`, `picked` once complete and confirmed.
    let status: String
    /// Every unit is scanned but the referential has not confirmed `picked` yet (scan once more to retry).
    let awaitingReferential: Bool
    let requestingStoreID: String
    let loyaltyCard: String?
    /// ISO 8601.
    let createdAt: String

    init(
        id: String, gtin: String, productID: String?, name: String, quantity: Int, picked: Int, status: String,
        awaitingReferential: Bool, requestingStoreID: String, loyaltyCard: String?, createdAt: Date
    ) {
        self.id = id
        self.gtin = gtin
        self.productID = productID
        self.name = name
        self.quantity = quantity
        self.picked = picked
        self.status = status
        self.awaitingReferential = awaitingReferential
        self.requestingStoreID = requestingStoreID
        self.loyaltyCard = loyaltyCard
        self.createdAt = ProtocolJSON.text(of: createdAt)
    }
}

/// `GET /v1/staff/pickings` answer.
struct PickingList: Codable, Sendable {
    let pickings: [PickingView]
}
