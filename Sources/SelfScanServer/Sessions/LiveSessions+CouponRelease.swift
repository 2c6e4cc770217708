import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

extension OutboxMessage {
    /// A single-use coupon given back to the shopper (kind `couponReleased`): its basket ended unpaid. Keyed by
    /// serial and session (queued once), ordered after the session's events (the spend and the void).
    static func couponReleased(_ release: CouponRelease) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: "coupon-release-\(release.serial)-\(release.sessionID)",
            kind: IngestKind.couponReleased.rawValue, orderingKey: release.sessionID,
            payload: try ProtocolJSON.encoder().encode(release))
    }
}

extension LiveSessions {
    /// The releases of the single-use coupons `session` holds when `outcome` ends it unpaid (voided or
    /// abandoned), queued in the transaction of that event: exactly once, since a session ends once. The
    /// referential frees each serial only while this session holds it (docs/sync-protocol.md).
    static func couponReleases(
        ending session: BasketSession, by outcome: SessionOutcome, at date: Date
    ) throws -> [OutboxMessage] {
        let ends = outcome.events.contains { event in
            switch event.payload {
            case .sessionVoided, .abandoned: true
            default: false
            }
        }
        guard ends else { return [] }
        let id = session.id.uuidString
        var seen = Set<String>()
        return try session.basket.coupons.compactMap(\.serial).filter { seen.insert($0).inserted }.map { serial in
            try OutboxMessage.couponReleased(CouponRelease(serial: serial, sessionID: id, releasedAt: date))
        }
    }
}
