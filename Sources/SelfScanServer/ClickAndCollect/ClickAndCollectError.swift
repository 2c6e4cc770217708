import Hummingbird

/// Refusals of the daemon's click & collect routes (stock, reserve, picking), mapped to HTTP in
/// `APIError(mapping:)`.
public enum ClickAndCollectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `mode: reserve` needs the referential to hold stock now, and it cannot be reached.
    case referentialUnreachable(String)
    /// The fulfilment store has fewer units on hand than asked.
    case insufficientStock(String)
    /// The reservation id was already used for a different request.
    case reservationConflict(String)
    /// The referential refused the request (unknown store or product, bad token…).
    case referentialRefused(status: Int, String)
    /// The product has no GTIN, so the referential cannot name it.
    case noGTIN(productID: String)
    /// No reservation with this id is to be picked in this store.
    case pickingNotFound(String)
    /// The scanned product is not the one the order is for.
    case wrongItem(expected: String, scanned: String)
    /// Every unit of the order is already picked.
    case alreadyPicked(String)
    /// The request body is not what the route takes.
    case badRequest(String)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .referentialUnreachable: "referentialUnreachable"
        case .insufficientStock: "insufficientStock"
        case .reservationConflict: "reservationConflict"
        case .referentialRefused: "referentialRefused"
        case .noGTIN: "noGTIN"
        case .pickingNotFound: "pickingNotFound"
        case .wrongItem: "wrongItem"
        case .alreadyPicked: "alreadyPicked"
        case .badRequest: "badRequest"
        }
    }

    var httpStatus: HTTPResponse.Status {
        switch self {
        case .referentialUnreachable: .serviceUnavailable
        case .insufficientStock, .reservationConflict, .wrongItem, .alreadyPicked: .conflict
        case .referentialRefused(let status, _): status == 404 ? .notFound : .badGateway
        case .noGTIN: .unprocessableContent
        case .pickingNotFound: .notFound
        case .badRequest: .badRequest
        }
    }

    public var description: String {
        switch self {
        case .referentialUnreachable(let detail): "referential unreachable, cannot hold stock now (\(detail))"
        case .insufficientStock(let detail): "not enough stock: \(detail)"
        case .reservationConflict(let detail): "this reservation id was used for another request: \(detail)"
        case .referentialRefused(let status, let detail): "the referential refused (\(status)): \(detail)"
        case .noGTIN(let id): "product \(id) has no GTIN: it cannot be reserved"
        case .pickingNotFound(let id): "no order \(id) to pick in this store"
        case .wrongItem(let expected, let scanned): "wrong item: this order is for \(expected), scanned \(scanned)"
        case .alreadyPicked(let id): "every unit of order \(id) is already picked"
        case .badRequest(let detail): detail
        }
    }
}
