public import Foundation
public import SelfScanAPI

extension ReferentialClient {
    /// The store's gate exits after position `after` (`GET /v1/exits`), oldest first.
    public func exits(after: Int64, limit: Int = 500) async throws(SyncError) -> [ExitNotice] {
        let (status, data) = try await send(ReferentialEndpoints.exits, query: "after=\(after)&limit=\(limit)")
        try Self.check(status: status, data: data)
        let list: ExitList = try Self.decode(data)
        return list.exits
    }

    /// What the referential said about a coupon spend.
    public enum CouponSpendOutcome: Sendable, Hashable {
        /// This spend holds the serial (also when it is a replay of an earlier grant).
        case granted(CouponSpendAnswer)
        /// Another basket spent the serial first.
        case alreadySpent(message: String)
    }

    /// Spends a serialised coupon chain-wide (`POST /v1/coupons/{serial}/spend`). Transport errors and 5xx
    /// throw: the caller then accepts the coupon offline and flags it for the audit.
    public func spendCoupon(serial: String, session: String, at date: Date) async throws(SyncError) -> CouponSpendOutcome {
        let body: Data
        do { body = try ProtocolJSON.encoder().encode(CouponSpendRequest(sessionID: session, spentAt: date)) } catch {
            throw SyncError(.protocolViolation, context: "cannot encode the coupon spend: \(error)")
        }
        // The endpoint keeps unreserved characters (RFC 3986) as they are; the server decodes the rest.
        let (status, data) = try await send(ReferentialEndpoints.spendCoupon, serial, body: body)
        if status == 409, let error = try? ProtocolJSON.decoder().decode(ProtocolErrorBody.self, from: data),
            error.error.code == .couponAlreadySpent
        {
            return .alreadySpent(message: error.error.message)
        }
        try Self.check(status: status, data: data)
        return .granted(try Self.decode(data))
    }
}
