import Hummingbird

/// The headers that go with the pages the daemon serves (kiosk, handheld, phone, pass, shelf, e-receipt):
/// a Content-Security-Policy on every HTML document, and `X-Content-Type-Options: nosniff` on every file
/// (a script is run only when served as JavaScript, which ES modules require anyway: `.js` is
/// `text/javascript` in Hummingbird's `FileMiddleware` table).
///
/// The policy allows what the pages do and nothing else: scripts and styles from the daemon only (ES modules,
/// no inline script, no eval), calls and the event stream (WebSocket) to the daemon, QR codes and product
/// images (a catalog image may be an `http(s)` URL), the phone's camera stream (`blob:`), no plugins, no
/// `<base>`, no framing by another site.
struct PageSecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy sent with each HTML page.
    static var contentSecurityPolicy: String {
        [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob: https: http:",
            "connect-src 'self' ws: wss:", "media-src 'self' blob:", "object-src 'none'", "base-uri 'none'",
            "frame-ancestors 'none'", "form-action 'self'",
        ].joined(separator: "; ")
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        guard !request.uri.path.hasPrefix("/v1/") else { return response }
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentType]?.lowercased().hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        return response
    }
}
