import Foundation
import SelfScanCore

/// A session nobody touched for `sessionIdleMinutes` (config, default 120) is abandoned: a shopper who put the
/// phone away and left, a kiosk basket walked away from. Until now nothing ever abandoned a session (the core's
/// `abandon` had no caller), so such baskets stayed open for good: counted as live on the console, never
/// synced as closed, never pruned by retention, and anyone on the store network could open sessions that
/// would never end. Abandoning releases the basket's single-use coupons and closes its alerts, like a void.
///
/// Never abandoned: a session with money on it — an approved payment not refunded, a payment talking to the
/// terminal, or an intent whose outcome is unknown (staff resolve those) — nor a suspended one (its hand-off
/// code may still be claimed; an expired one is taken back on its device), nor one paid or already ended.
extension LiveSessions {
    /// The states an idle session may be abandoned from.
    static let idleAbandonable: Set<SessionState> = [
        .open, .scanning, .approvalNeeded, .checkoutRequested, .auditRequired, .auditing, .audited, .readyToPay,
    ]

    private struct NoLongerIdle: Error {}

    /// Abandons the sessions whose last change (event) is older than `cutoff` (Unix seconds); returns how many.
    /// At most `limit` per pass (the next pass takes the rest).
    @discardableResult
    func abandonIdleSessions(lastChangeBefore cutoff: Int64, limit: Int = 200) async -> Int {
        let candidates: [SessionID]
        do {
            candidates = try baskets.sessionIDs(
                inStates: Self.idleAbandonable.map(\.rawValue).sorted(),
                updatedBefore: Date(timeIntervalSince1970: TimeInterval(cutoff)), limit: limit)
        } catch {
            logger.warning("idle sessions not listed", metadata: ["error": "\(error)"])
            return 0
        }
        var abandoned = 0
        for sessionID in candidates {
            do {
                if try await abandonIfIdle(sessionID, cutoff: cutoff) { abandoned += 1 }
            } catch is NoLongerIdle {
                continue
            } catch {
                logger.warning(
                    "idle session not abandoned", metadata: ["session": "\(sessionID)", "error": "\(error)"])
            }
        }
        return abandoned
    }

    private func abandonIfIdle(_ sessionID: SessionID, cutoff: Int64) async throws -> Bool {
        let cutoffInstant = Instant(unixSeconds: cutoff)
        func idle(_ session: BasketSession) -> Bool {
            Self.idleAbandonable.contains(session.state) && session.lastActivity < cutoffInstant
        }
        guard !paymentsInFlight.contains(sessionID), idle(try load(sessionID)) else { return false }
        let id = sessionID.uuidString
        guard try netPaid(sessionID, currency: try load(sessionID).opening.currency).minor == 0,
            try !intents.openIntents().contains(where: { $0.sessionID == sessionID })
        else { return false }
        _ = try await command(id) { session, context throws in
            // Re-read under the session's gate: a scan may have arrived since the check.
            guard idle(session) else { throw NoLongerIdle() }
            return try session.abandon(context: context)
        }
        try await auditRescans.clearGroupCommitted(session: sessionID)
        alerts = alerts.filter { $0.value.session != id }
        await publishAlertResolutions()
        if boundSession == sessionID { boundSession = nil }
        metrics.counter("selfscan_sessions_abandoned_idle_total", []).increment()
        logger.notice("idle session abandoned", metadata: ["session": "\(id)"])
        return true
    }
}
