import Foundation
import Hummingbird
import SelfScanAPI

/// Authenticates `Authorization: Bearer <token>` on every route but `/v1/health`; `/v1/metrics` takes the
/// node's scrape credential only (`MetricsScrapeCredential`), never a device's token.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = ReferentialRequestContext
    let store: any ReferentialStore
    /// This node's token cache (one per router: a node).
    let cache: DeviceTokenCache
    let metrics: MetricsScrapeCredential

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if request.uri.path == ReferentialEndpoints.health.path { return try await next(request, context) }
        if request.uri.path == ReferentialEndpoints.metrics.path {
            try metrics.check(request.headers[.authorization])
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(.unauthorized, "missing bearer token")
        }
        let token = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        if request.uri.path.hasPrefix("/v1/admin/") {
            // Admin routes (erasure, export, consent) take admin tokens only, never a device's.
            guard !token.isEmpty, try await store.isAdminToken(hash: DeviceToken.hash(token)) else {
                throw APIError(.unauthorized, "an admin token is required")
            }
            var context = context
            context.isAdmin = true
            return try await next(request, context)
        }
        if request.uri.path.hasPrefix("/v1/me/") {
            // A loyalty customer's own routes take that customer's token only (never a device's or an admin's).
            guard !token.isEmpty, let customer = try await store.customer(forTokenHash: DeviceToken.hash(token)) else {
                throw APIError(.unauthorized, "a customer token is required")
            }
            var context = context
            context.customerID = customer
            return try await next(request, context)
        }
        guard !token.isEmpty else { throw APIError(.unauthorized, "unknown or revoked token") }
        let hash = DeviceToken.hash(token)
        guard let device = try await authenticate(hash: hash, request) else {
            throw APIError(.unauthorized, "unknown or revoked token")
        }
        var context = context
        context.device = device
        context.tokenHash = hash
        context.logger[metadataKey: "device"] = "\(device.storeID)/\(device.deviceID)"
        return try await next(request, context)
    }

    /// Only the ingest (the hot path, which re-checks the token inside its transaction) uses the cache; every
    /// other route looks the token up afresh, so a revoked token is refused at once everywhere (docs/scaling.md).
    func authenticate(hash: String, _ request: Request) async throws -> DeviceIdentity? {
        let mayUseCache = request.method == .post && request.uri.path == ReferentialEndpoints.ingest.path
        if mayUseCache, let cached = cache.identity(forHash: hash) { return cached }
        guard let device = try await store.device(forTokenHash: hash) else {
            cache.forget(hash: hash)
            return nil
        }
        cache.remember(device, forHash: hash)
        return device
    }
}
