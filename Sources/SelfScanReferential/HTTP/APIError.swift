public import Hummingbird
import Foundation
public import SelfScanAPI
import NIOCore
import SelfScanCore
import SelfScanHTTP

/// A typed protocol error as an HTTP answer: status from the code, body `{"error":{"code","message"}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var code: ProtocolErrorCode
    public var message: String

    public init(_ code: ProtocolErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: code.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ProtocolErrorBody(code: code, message: message).response(status: status)
    }

    /// The one place where any error becomes a protocol error.
    static func from(_ error: any Error, path: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ReferentialError:
            return APIError(error.protocolCode, error.description)
        case is NIOTooManyBytesError:
            // A body over `maxUploadSize` (1 MiB): a typed 413, never a 500 (issue 15).
            return APIError(.payloadTooLarge, "body larger than \(ProtocolRoutes.maxBodyBytes) bytes")
        case is DecodingError:
            return APIError(.malformedJSON, "body does not match the schema: \(error)")
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return APIError(.payloadTooLarge, "body larger than \(ProtocolRoutes.maxBodyBytes) bytes")
            case .notFound:
                if !path.hasPrefix("/\(ProtocolRoutes.version)/"), path.range(of: #"^/v[0-9]+/"#, options: .regularExpression) != nil {
                    return APIError(.unknownAPIVersion, "only /\(ProtocolRoutes.version) exists")
                }
                return APIError(.notFound, "no route \(path)")
            case .methodNotAllowed: return APIError(.notFound, "method not allowed on \(path)")
            case .unauthorized: return APIError(.unauthorized, "bearer token required")
            default:
                return APIError(error.status.code < 500 ? .invalidRequest : .internalError, error.body ?? "\(error.status)")
            }
        default:
            return APIError(.internalError, "internal error")
        }
    }
}

/// Outermost middleware: every error, including unmatched routes, leaves as a typed JSON error.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error, path: request.uri.path)
            if apiError.code == .internalError || apiError.code == .unavailable {
                context.logger.error(
                    "request failed", metadata: ["path": "\(LogRedaction.path(request.uri.path))", "error": "\(error)"])
            }
            throw apiError
        }
    }
}
