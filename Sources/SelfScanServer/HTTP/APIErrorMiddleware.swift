public import Hummingbird
import Logging

/// Turns every error a route throws into the API's JSON error shape (see `APIError.init(mapping:)`), and
/// logs server-side failures.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError(mapping: error)
            // Storage refusals (a constraint, a full disk) are never routine: always at error level.
            if apiError.status.kind == .serverError || apiError.code.hasPrefix("storage.") {
                context.logger.error(
                    "request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            } else {
                context.logger.debug(
                    "request refused", metadata: ["path": "\(request.uri.path)", "code": "\(apiError.code)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }
}
