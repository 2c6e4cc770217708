/// Machine-readable error codes of the protocol; every 4xx/5xx answer is `{"error":{"code":…,"message":…}}`.
public enum ProtocolErrorCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// 401: no bearer token, or an unknown/revoked one.
    case unauthorized
    /// 403: the token's store is not the store the request is for.
    case wrongStore
    /// 400: the body is not valid JSON or misses required fields.
    case malformedJSON
    /// 400: a query parameter or path value is invalid.
    case invalidRequest
    /// 400: `since` is beyond the current catalog version.
    case unknownCatalogVersion
    /// 404: no such protocol version (only `/v1` exists).
    case unknownAPIVersion
    /// 404: no such route or resource.
    case notFound
    /// 409: not enough stock to reserve.
    case insufficientStock
    /// 409: the id was already used for a different request.
    case conflict
    /// 409: a snapshot resume asked for a version the catalog has moved past: restart the download.
    case catalogVersionChanged
    /// 404: a hand-off claim came before the session's `suspended` event reached the referential: retry soon.
    case notYetSynced
    /// 409: another device already claimed this hand-off.
    case alreadyClaimed
    /// 409: the session went on after the hand-off was issued (resumed, voided or claimed at another
    /// suspension): the hand-off code is no longer good.
    case handoffSuperseded
    /// 409: the serialised coupon was already spent (in another basket, or another store).
    case couponAlreadySpent
    /// 413: the body is larger than the server accepts, or the batch has too many items.
    case payloadTooLarge
    /// 500: the server failed; retry later.
    case internalError
    /// 503: the server's database is unavailable; retry later.
    case unavailable

    /// The HTTP status code that goes with the code.
    public var httpStatus: Int {
        switch self {
        case .unauthorized: 401
        case .wrongStore: 403
        case .malformedJSON, .invalidRequest, .unknownCatalogVersion: 400
        case .unknownAPIVersion, .notFound, .notYetSynced: 404
        case .insufficientStock, .conflict, .catalogVersionChanged, .alreadyClaimed, .handoffSuperseded,
            .couponAlreadySpent: 409
        case .payloadTooLarge: 413
        case .internalError: 500
        case .unavailable: 503
        }
    }
}

/// The JSON body of a referential error answer (the shared `ErrorBody` shape, typed codes).
public typealias ProtocolErrorBody = ErrorBody<ProtocolErrorCode>
