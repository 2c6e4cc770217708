import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP

/// Registers every REST route of the daemon, by role. Route handlers are thin: decode, call, encode.
struct DaemonRoutes {
    let daemon: Daemon
    /// The camera frame pipeline; `nil`: a new one with the default limits.
    var cameraPipeline: CameraFramePipeline? = nil

    func register(on router: Router<DaemonRequestContext>) {
        PageRoutes.register(on: router, daemon: daemon)
        SystemRoutes(daemon: daemon).register(on: router)
        StaffRoutes(daemon: daemon).register(on: router)
        DeviceRoutes(daemon: daemon).register(on: router)
        if let sessions = daemon.sessions {
            SessionRoutes(
                daemon: daemon, sessions: sessions,
                openLimiter: daemon.config.sessionOpensPerClient > 0
                    ? ClientWindowLimiter.sessionOpens(limit: daemon.config.sessionOpensPerClient) : nil
            ).register(on: router)
            StaffSessionRoutes(daemon: daemon, sessions: sessions).register(on: router)
            PaymentIntentRoutes(daemon: daemon, sessions: sessions).register(on: router)
            StaffStockRoutes(daemon: daemon).register(on: router)
            ShelfRoutes(daemon: daemon).register(on: router)
            EReceiptRoutes(daemon: daemon, sessions: sessions).register(on: router)
            SuggestionRoutes(daemon: daemon, sessions: sessions).register(on: router)
            CameraRoutes(
                daemon: daemon, sessions: sessions, pipeline: cameraPipeline ?? CameraFramePipeline(metrics: daemon.metrics))
                .register(on: router)
        }
        if [.gate, .store].contains(daemon.config.role) {
            GateRoutes(daemon: daemon).register(on: router)
        }
        router.on(DaemonEndpoints.metrics) { _, _ in
            try await MetricsEndpoint(daemon: daemon).render()
        }
    }
}

extension Request {
    /// `Authorization: Bearer <token>`.
    var bearerToken: String? {
        guard let value = headers[.authorization], value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// The shopper's `X-Session-Token` header (or `?token=` for links and WebSocket clients).
    var sessionToken: String? {
        if let header = headers.first(where: { $0.name.canonicalName == "x-session-token" }) { return header.value }
        return uri.queryParameters.get("token")
    }
}
