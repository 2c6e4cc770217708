public import Foundation
public import SelfScanAPI
import SelfScanCore
import SelfScanStorage
public import SelfScanSync

/// What the referential said about a single-use coupon's serial.
public enum CouponSpendVerdict: Sendable, Hashable {
    /// Spent for this basket (or already spent for it: a replay).
    case granted
    /// Another basket spent it first.
    case alreadySpent(String)
    /// The referential could not be asked (offline, failing, none configured).
    case unreachable
}

/// The daemon's port to the referential's coupon spends (`POST /v1/coupons/{serial}/spend`).
public protocol CouponSpender: Sendable {
    func spend(serial: String, session: String, at date: Date) async -> CouponSpendVerdict
}

extension ReferentialClient: CouponSpender {
    public func spend(serial: String, session: String, at date: Date) async -> CouponSpendVerdict {
        do {
            switch try await spendCoupon(serial: serial, session: session, at: date) {
            case .granted: return .granted
            case .alreadySpent(let message): return .alreadySpent(message)
            }
        } catch {
            return .unreachable
        }
    }
}

extension OutboxMessage {
    /// A single-use coupon accepted offline: the referential takes its serial when it arrives, or flags a double
    /// spend (`couponDoubleSpend`) when another basket holds it.
    static func couponSpent(_ spend: CouponSpend) throws -> OutboxMessage {
        OutboxMessage(
            idempotencyKey: "coupon-\(spend.serial)-\(spend.sessionID)", kind: IngestKind.couponSpent.rawValue,
            orderingKey: spend.sessionID, payload: try ProtocolJSON.encoder().encode(spend))
    }
}

extension LiveSessions {
    public func setCouponSpender(_ spender: any CouponSpender) { couponSpender = spender }

    /// A single-use coupon (`selfscan:coupon:<code>/<serial>`): the referential spends its serial chain-wide
    /// first (409 `couponAlreadySpent` when another basket did); offline it is accepted, queued for the
    /// referential (`couponSpent`) and flagged for the audit (`couponUnverified`).
    func scanSingleUseCoupon(
        _ coupon: CouponCode, serial: String, session sessionID: SessionID, context: SessionContext
    ) async throws -> ScanResult {
        // The basket must take the coupon before its serial is spent.
        var probe = try load(sessionID)
        _ = try probe.addCoupon(coupon, serialVerified: true, context: context)
        let id = sessionID.uuidString
        let verdict = await couponSpender?.spend(serial: serial, session: id, at: clock.now().date) ?? .unreachable
        var outbox: [OutboxMessage] = []
        let verified: Bool
        switch verdict {
        case .granted:
            verified = true
        case .alreadySpent(let detail):
            metrics.counter("selfscan_scan_refusals_total", [("code", "couponAlreadySpent")]).increment()
            throw SessionError.couponAlreadySpent(detail)
        case .unreachable:
            verified = false
            outbox = [try OutboxMessage.couponSpent(CouponSpend(serial: serial, sessionID: id, spentAt: clock.now().date))]
            logger.notice("single-use coupon accepted offline: flagged for the audit", metadata: ["session": "\(id)"])
        }
        var session = try load(sessionID)  // re-read after the referential's await
        let outcome = try session.addCoupon(coupon, serialVerified: verified, context: context)
        try await commit(session, outcome, context: context, outbox: outbox)
        metrics.scans.increment()
        lastScanAt = now()
        let view = try await publishedView(session, context: context)
        return ScanResult(action: StaffAlert.describe(outcome.action), session: view)
    }
}
