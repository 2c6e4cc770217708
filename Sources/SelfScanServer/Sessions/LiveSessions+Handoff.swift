import Foundation
import SelfScanCore
import SelfScanStorage

/// A hand-off code: what the handheld shows as a QR for the kiosk to scan.
struct Handoff: Codable, Sendable {
    /// `selfscan:handoff:<token>`.
    let code: String
    let expiresAt: Int64
}

struct SuspendResult: Codable, Sendable {
    let handoff: Handoff
    let session: SessionView
}

extension LiveSessions {
    /// Suspends a session for hand-off to another device, and signs the hand-off code.
    func suspendForHandoff(session id: String) async throws -> SuspendResult {
        let view = try await command(id) { session, context throws in
            try session.suspend(reason: .handoff, context: context)
        }
        let issuedAt = now()
        let pass = SignedPass(
            kind: .handoff, store: storeID.rawValue, session: id, total: view.totals.total, issuedAt: issuedAt,
            expiresAt: issuedAt + Int64(signing.handoffLifetimeSeconds), nonce: PassCodec.newNonce())
        let code = SignedPass.qrPayload(kind: .handoff, token: try passes.issue(pass))
        logger.info("session suspended for hand-off", metadata: ["session": "\(id)"])
        return SuspendResult(handoff: Handoff(code: code, expiresAt: pass.expiresAt), session: view)
    }

    /// Resumes the session of a verified hand-off code on this device. A code is good for one resume: once
    /// resumed the session is no longer suspended and a second use is refused.
    func resume(handoffCode: String) async throws -> SessionView {
        let pass = try passes.verify(handoffCode, kind: .handoff, now: now())
        let sessionID = try Self.sessionID(pass.session)
        let session: BasketSession
        do {
            session = try load(sessionID)
        } catch SessionError.notFound {
            throw SessionError.handoffSessionElsewhere(pass.session)
        }
        guard session.state == .suspended else { throw SessionError.handoffAlreadyUsed }
        let device = deviceID
        let view = try await command(pass.session) { session, context throws in
            try session.resume(on: device, context: context)
        }
        logger.info("session resumed from hand-off", metadata: ["session": "\(pass.session)"])
        return view
    }
}
