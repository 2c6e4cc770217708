import Foundation
import Hummingbird

/// Registers every REST route of the daemon, by role. Route handlers are thin: decode, call, encode.
struct DaemonRoutes {
    let daemon: Daemon

    func register(on router: Router<DaemonRequestContext>) {
        PageRoutes.register(on: router, daemon: daemon)
        let v1 = router.group("v1")
        SystemRoutes(daemon: daemon).register(on: v1)
        StaffRoutes(daemon: daemon).register(on: v1)
        DeviceRoutes(daemon: daemon).register(on: v1)
        if let sessions = daemon.sessions {
            SessionRoutes(daemon: daemon, sessions: sessions).register(on: v1)
            StaffSessionRoutes(daemon: daemon, sessions: sessions).register(on: v1)
            StaffStockRoutes(daemon: daemon).register(on: v1)
        }
        if [.gate, .store].contains(daemon.config.role) {
            GateRoutes(daemon: daemon).register(on: v1)
        }
        router.get("metrics") { _, _ in
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
