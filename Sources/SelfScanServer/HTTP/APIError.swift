import Foundation
public import Hummingbird
public import SelfScanAPI
import SelfScanHTTP
import SelfScanSync

/// The one error shape of the API: an HTTP status and `{"error": {"code": "...", "message": "..."}}`.
/// Every typed error of the modules becomes one of these in `APIError.init(mapping:)`, and only there.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// The error JSON, `{"error": {"code", "message"}}` (the contract's `APIErrorBody`).
    public typealias Body = APIErrorBody
    public let status: HTTPResponse.Status
    /// Stable machine-readable code (`sessionNotFound`, `illegalTransition`, `badCheckDigit`, …).
    public let code: String
    public let message: String
    /// `Retry-After` (seconds) on `429` answers.
    public var retryAfterSeconds: Int64?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, retryAfterSeconds: Int64? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status.code) \(code): \(message)" }


    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Body(error: .init(code: code, message: message)).response(status: status, retryAfterSeconds: retryAfterSeconds)
    }

    // MARK: Common errors of the HTTP layer itself

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "badRequest", message) }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "notFound", "\(what) not found") }
    static let missingSessionToken = APIError(
        .unauthorized, code: "missingSessionToken", "this session needs its token in the X-Session-Token header")
    static let wrongSessionToken = APIError(
        .forbidden, code: "wrongSessionToken", "the session token does not belong to this session")
    static let missingStaffToken = APIError(
        .unauthorized, code: "missingStaffToken", "staff endpoints need 'Authorization: Bearer <staff token>'")
    static let invalidStaffToken = APIError(
        .unauthorized, code: "invalidStaffToken", "the staff token is unknown or expired: log in again")
    static func roleNotAllowed(_ role: DeviceRole) -> APIError {
        APIError(.notFound, code: "notServedByRole", "a '\(role.rawValue)' device does not serve this endpoint")
    }
}
