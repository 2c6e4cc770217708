public import Hummingbird
public import SelfScanCore

/// Request context of the referential: who the bearer token belongs to, once authenticated.
public struct ReferentialRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `BearerTokenMiddleware` on every authenticated route.
    public var device: DeviceIdentity?
    /// Set by `BearerTokenMiddleware` when an admin token authenticated a `/v1/admin/` route.
    public var isAdmin = false
    /// Set by `BearerTokenMiddleware` when a customer token authenticated a `/v1/me/` route.
    public var customerID: CustomerID?
    /// The SHA-256 of the device's bearer token (the ingest re-checks it inside its transaction).
    public var tokenHash: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated device; throws `unauthorized` (a bug in routing if reached without the middleware).
    func requireDevice() throws -> DeviceIdentity {
        guard let device else { throw APIError(.unauthorized, "bearer token required") }
        return device
    }
}
