import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore
import SelfScanHTTP

/// The e-receipt on the shopper's phone: `POST /v1/sessions/{id}/e-receipt` (session or staff token, once
/// paid) signs a receipt token (Ed25519, kind `receipt`, expiring) and answers the page address the kiosk
/// shows as a QR code; `GET /v1/e-receipts/{token}` answers the same receipt as `GET /v1/sessions/{id}/receipt`
/// (lines, promotion lines, VAT breakdown, payments) to whoever holds a valid token, with the basket's exit pass
/// while it is paid and not yet out — the kiosk's one phone code opens both.
struct EReceiptRoutes {
    let daemon: Daemon
    let sessions: LiveSessions
    /// How long the link opens the receipt.
    static let lifetimeSeconds: Int64 = 48 * 3600

    /// `POST /v1/sessions/{id}/e-receipt` answer.
    struct Link: Codable, Sendable {
        /// The page (relative to the daemon): `/e-receipt.html#t=<token>` (the fragment never reaches a log).
        let url: String
        let token: String
        /// When the link stops opening the receipt (ISO 8601 on the wire, like every instant the daemon sends).
        let expiresAt: Date
    }

    /// `GET /v1/e-receipts/{token}` answer: the receipt's members, plus `exitPass` while the basket is paid and not
    /// yet out (the phone shows it above the receipt; the gate still accepts it once). Never synced: the receipt
    /// the referential keeps has no pass.
    struct PhoneReceipt: Encodable, Sendable {
        let receipt: Receipt
        let exitPass: SessionView.ExitPass?

        enum CodingKeys: String, CodingKey { case exitPass }

        func encode(to encoder: any Encoder) throws {
            try receipt.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(exitPass, forKey: .exitPass)
        }
    }

    func register(on router: Router<DaemonRequestContext>) {
        router.on(DaemonEndpoints.eReceiptLink) { request, context in
            let id = try await daemon.authorisedSessionID(request, context)
            let receipt = try await sessions.receipt(session: id)  // refuses an unpaid session (notPaid)
            let now = daemon.now()
            let token = try daemon.passes.issue(
                SignedPass(
                    kind: .receipt, store: daemon.config.store, session: receipt.session, total: receipt.total,
                    issuedAt: now, expiresAt: now + Self.lifetimeSeconds, nonce: PassCodec.newNonce()))
            return try Link(
                url: "/e-receipt.html#t=\(token)", token: token,
                expiresAt: Date(timeIntervalSince1970: TimeInterval(now + Self.lifetimeSeconds))
            ).encodedResponse()
        }
        router.on(DaemonEndpoints.eReceipt) { request, context in
            let pass = try daemon.passes.verify(try context.parameters.require("token"), kind: .receipt, now: daemon.now())
            let (receipt, exitPass) = try await sessions.receiptWithExitPass(session: pass.session)
            return try PhoneReceipt(receipt: receipt, exitPass: exitPass).encodedResponse()
        }
    }
}
