import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage

/// A session voided or abandoned while its payment's outcome was unknown gave its single-use coupons back
/// (`couponReleased`). When staff later find the card was charged (`settleLateCharge`), the sale is finished
/// with the coupons' discount, so the coupons are spent again, in the transaction that finishes the sale: a
/// `couponSpent` item per serial, ordered after the release. The referential takes a serial that is still free;
/// one another basket took meanwhile is flagged `couponDoubleSpend` (the sale stands: the money was taken).
/// The daemon also asks the referential at once and raises a `couponReused` staff alert when the serial went
/// elsewhere, so the store can follow up with the shopper.
extension LiveSessions {
    /// The re-spends of the coupons `session` released, when it is about to be finished by a late charge.
    static func couponRespends(settling session: BasketSession, at date: Date) throws -> [OutboxMessage] {
        guard session.state == .void || session.state == .abandoned else { return [] }
        let id = session.id.uuidString
        return try respentSerials(session).map { serial in
            OutboxMessage(
                idempotencyKey: "coupon-respent-\(serial)-\(id)", kind: IngestKind.couponSpent.rawValue,
                orderingKey: id,
                payload: try ProtocolJSON.encoder().encode(CouponSpend(serial: serial, sessionID: id, spentAt: date)))
        }
    }

    /// The distinct single-use coupon serials of `session`'s basket, in scan order.
    static func respentSerials(_ session: BasketSession) -> [String] {
        var seen = Set<String>()
        return session.basket.coupons.compactMap(\.serial).filter { seen.insert($0).inserted }
    }

    /// After a late charge finished `sessionID` (it had released its coupons): asks the referential to spend
    /// each serial again; a serial another basket spent meanwhile raises a `couponReused` alert. Offline, the
    /// queued `couponSpent` items settle it when they arrive (flagged `couponDoubleSpend` there if needed).
    func checkCouponsRespent(_ sessionID: SessionID, serials: [String]) async {
        guard !serials.isEmpty, let spender = couponSpender else { return }
        let id = sessionID.uuidString
        for serial in serials {
            guard case .alreadySpent(let detail) = await spender.spend(serial: serial, session: id, at: clock.now().date) else {
                continue
            }
            metrics.counter("selfscan_coupon_reused_after_late_charge_total", []).increment()
            logger.warning(
                "a coupon released by a void was spent elsewhere before the late charge finished the sale",
                metadata: ["session": "\(id)", "serial": "\(serial)", "detail": "\(detail)"])
            let device = (try? load(sessionID))?.deviceID.rawValue ?? deviceID.rawValue
            let alert = StaffAlert(
                kind: "couponReused", id: "couponReused-\(serial)-\(id)", session: id, device: device, at: clock.now().date,
                message:
                    "coupon \(serial) was given back when the basket was voided and spent elsewhere before the late charge finished the sale (\(detail)): the discount was granted twice",
                code: "couponAlreadySpent", published: true)
            alerts[alert.id] = alert
            await flushAlertWrites()
            await events.publish(type: "alert", session: id, encoding: alert)
        }
    }
}
