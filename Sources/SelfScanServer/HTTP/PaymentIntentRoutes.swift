import Foundation
import Hummingbird
import SelfScanHTTP
import SelfScanAPI

/// `GET /v1/staff/payment-intents` (attendant: what is open, so anyone can fetch a supervisor) and
/// `POST /v1/staff/payment-intents/resolutions` (supervisor: resolving is a money decision).
struct PaymentIntentRoutes: Sendable {
    let daemon: Daemon
    let sessions: LiveSessions

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.paymentIntents) { request, _ in
            _ = try await daemon.staff.authorise(token: request.bearerToken, requiring: .attendant, now: daemon.now())
            return try await sessions.paymentIntentList()
        }
        group.on(DaemonEndpoints.resolvePaymentIntent) { request, context in
            let login = try await daemon.staff.authorise(
                token: request.bearerToken, requiring: .supervisor, now: daemon.now())
            let body = try await request.decode(as: PaymentIntentResolutionRequest.self, context: context)
            return try await sessions.resolvePaymentIntent(body, staff: login)
        }
    }
}
