import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanHTTP

/// `POST /v1/gate/passes`: the gate verifies an exit pass offline (signature, store, expiry) and consumes
/// it (a second use of the pass, or any pass of a basket that already left, is refused). The gate opens only
/// on `200`; the exit is queued for the referential (an `exited` item), which tells the issuing kiosk.
struct GateRoutes {
    let daemon: Daemon

    struct VerifyRequest: Decodable {
        /// The scanned QR payload (`selfscan:exit:<token>`) or the bare token.
        let code: String
    }

    struct VerifyResponse: ResponseEncodable {
        let open: Bool
        let pass: SignedPass
        let keyID: String
    }

    func register(on group: Router<DaemonRequestContext>) {
        group.on(DaemonEndpoints.gatePass) { request, context in
            let body = try await request.decode(as: VerifyRequest.self, context: context)
            let now = daemon.now()
            let pass = try daemon.passes.verify(body.code, kind: .exit, now: now)
            guard let ledger = daemon.ledger else { throw APIError.roleNotAllowed(daemon.config.role) }
            // Bound to the basket: a re-issued pass of a basket that left is refused (`basketAlreadyExited`).
            try await ledger.consume(nonce: pass.nonce, session: pass.session, now: now)
            await daemon.reportExit(pass, at: now)
            daemon.logger.info(
                "exit pass accepted", metadata: ["session": "\(pass.session)", "total": "\(pass.total)"])
            daemon.metrics.counter("selfscan_exit_passes_total", [("result", "accepted")]).increment()
            await daemon.events.publish(type: "gate", session: pass.session, encoding: pass)
            await daemon.sessions?.markExited(session: pass.session)
            let keyID = String(PassCodec.stripScheme(body.code).prefix { $0 != "." })
            return VerifyResponse(open: true, pass: pass, keyID: keyID)
        }
    }
}
