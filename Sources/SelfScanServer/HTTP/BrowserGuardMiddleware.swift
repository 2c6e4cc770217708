import Foundation
import Hummingbird
import SelfScanAPI

/// The one place where the loopback API refuses what a web page on another site could forge (docs/api.md,
/// "Who may call the API"). A browser on this machine runs pages from anywhere; without this, any site can
/// drive the daemon (a `text/plain` POST needs no CORS preflight) or rebind a DNS name to 127.0.0.1.
///
/// 0. The path is clean once decoded: no NUL or other control character, no `..`, no encoded `/` or `\`
///    → else `400 badPath` (never served, never routed).
/// 1. `Host` must name this daemon: `localhost`, `127.0.0.1`, `[::1]`, `listen.host`, or one of
///    `listen.allowedHosts` (any port) → else `403 hostNotAllowed`. A request without a Host (HTTP/1.0,
///    a non-browser client) passes: every browser sends one.
/// 2. `Origin`, when present (browsers send it on every cross-site request, on writes and on WebSocket
///    upgrades), must be this daemon's own origin (`http(s)://<Host>`), one of `listen.allowedOrigins`, or the
///    `ws(s)://<allowed host>` that non-browser WebSocket clients (the console) send →
///    else `403 originNotAllowed`. `Sec-Fetch-Site: cross-site`/`same-site` on `/v1/` without an allowed
///    Origin is refused the same way. Absent Origin = a non-browser client (console, curl, scanner tools).
/// 3. A write (POST/PUT/PATCH/DELETE) that declares a content type must declare `application/json`, and one
///    with a `Content-Length` body must declare one → else `415 unsupportedMediaType` (HTML forms and
///    `text/plain` fetches cannot pass).
struct BrowserGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: BrowserGuardPolicy

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try policy.check(request)
        return try await next(request, context)
    }
}

/// The rules of `BrowserGuardMiddleware`, from the config's `listen` block.
struct BrowserGuardPolicy: Sendable {
    let hosts: Set<String>
    let origins: Set<String>

    init(listen: DaemonConfig.Listen) {
        var hosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]
        let own = listen.host.lowercased()
        if !["0.0.0.0", "::", "[::]", ""].contains(own) { hosts.insert(own.contains(":") && !own.hasPrefix("[") ? "[\(own)]" : own) }
        hosts.formUnion(listen.allowedHosts.map { $0.lowercased() })
        self.hosts = hosts
        origins = Set(listen.allowedOrigins.map { $0.lowercased().trimmingSuffix("/") })
    }

    func check(_ request: Request) throws(APIError) {
        try Self.checkPath(request.uri.path)
        let authority = request.head.authority?.lowercased()
        if let authority {
            guard hostAllowed(authority) else {
                throw APIError(
                    .forbidden, code: "hostNotAllowed",
                    "Host '\(authority.prefix(100))' does not name this daemon (listen.allowedHosts lists the accepted names)")
            }
        }
        if let origin = request.headers[.origin]?.lowercased() {
            guard originAllowed(origin, authority: authority) else {
                throw APIError(
                    .forbidden, code: "originNotAllowed",
                    "pages from '\(origin.prefix(100))' may not call this daemon (listen.allowedOrigins lists the accepted origins)")
            }
        } else if request.uri.path.hasPrefix("/v1/"),
            let site = request.headers.first(where: { $0.name.canonicalName == "sec-fetch-site" })?.value.lowercased(),
            ["cross-site", "same-site"].contains(site)
        {
            throw APIError(.forbidden, code: "originNotAllowed", "cross-site requests may not call this daemon")
        }
        if Self.writeMethods.contains(request.method) {
            let declared = request.headers[.contentType]
            let type = declared == "application/json"
                ? declared : declared?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            // A declared type must be JSON; a body with no declared type is refused too. (A chunked body
            // without a type is left to the route's JSON decoding: browsers always declare a type.)
            // Camera frames are raw Y800 (`application/octet-stream` needs a CORS preflight too).
            if let type, type != "application/json",
               !(type == "application/octet-stream" && CameraRoutes.isFramePath(request.uri.path)) { throw Self.notJSON }
            if type == nil, Self.hasDeclaredBody(request) { throw Self.notJSON }
        }
    }

    static let notJSON = APIError(
        .unsupportedMediaType, code: "unsupportedMediaType", "a request body must be JSON with 'Content-Type: application/json'")

    /// 0. The path, once percent-decoded, holds no control character (`/kiosk.html%00.png` would reach the
    /// file system as `kiosk.html`), no backslash, no `.`/`..` segment and no encoded `/` → else `400 badPath`.
    static func checkPath(_ raw: String) throws(APIError) {
        if isPlainPath(raw) { return }
        try checkEncodedPath(raw)
    }

    /// `checkPath` for a path that may hold percent-encoded or non-ASCII bytes (decodes it).
    static func checkEncodedPath(_ raw: String) throws(APIError) {
        let refused = APIError(.badRequest, code: "badPath", "the path holds an encoded control character, '/' or '\\', or a '..' segment")
        let lowered = raw.lowercased()
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !raw.contains("\\") else { throw refused }
        guard let decoded = raw.removingPercentEncoding else {
            throw APIError(.badRequest, code: "badPath", "the path's percent encoding is not valid UTF-8")
        }
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }), !decoded.contains("\\")
        else { throw refused }
        guard !decoded.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." })
        else { throw refused }
    }

    /// The common case, in one pass over the bytes: printable ASCII without `%` or `\\` (so decoding changes
    /// nothing) and no `.` or `..` segment. `false` sends the path through the full check.
    static func isPlainPath(_ raw: String) -> Bool {
        var raw = raw
        return raw.withUTF8 { bytes in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            var segmentStart = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : slash
                if byte == slash {
                    let length = index - segmentStart
                    if (length == 1 || length == 2) && bytes[segmentStart] == dot
                        && (length == 1 || bytes[segmentStart + 1] == dot)
                    {
                        return false
                    }
                    segmentStart = index + 1
                } else if byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "\\") {
                    return false
                }
            }
            return true
        }
    }

    func hostAllowed(_ authority: String) -> Bool {
        if hosts.contains(authority) { return true }
        return hosts.contains(Self.hostName(of: authority))
    }

    func originAllowed(_ origin: String, authority: String?) -> Bool {
        let origin = origin.trimmingSuffix("/")
        if origins.contains(origin) { return true }
        // Non-browser WebSocket clients (swift-websocket: the console) send `ws://<host>`; no browser page has
        // a ws: origin. Accepted when it names this daemon.
        for scheme in ["ws://", "wss://"] where origin.hasPrefix(scheme) {
            return hostAllowed(String(origin.dropFirst(scheme.count)))
        }
        guard let authority else { return false }
        return origin == "http://\(authority)" || origin == "https://\(authority)"
    }

    /// `name` of `name:port`, `[v6]` of `[v6]:port`.
    static func hostName(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[...end])
        }
        guard let colon = authority.lastIndex(of: ":") else { return authority }
        return String(authority[..<colon])
    }

    static let writeMethods: [HTTPRequest.Method] = [.post, .put, .patch, .delete]

    /// `Content-Length` above 0.
    static func hasDeclaredBody(_ request: Request) -> Bool {
        guard let length = request.headers[.contentLength] else { return false }
        return Int(length).map { $0 > 0 } ?? true
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
