import Foundation
import Hummingbird
import SelfScanAPI
import SelfScanCore

extension ReferentialRoutes {
    /// `GET /v1/exits?after=<arrival>&limit=<n>`: the token's store's gate exits after `after` (default 0),
    /// at most `limit` (default and maximum 500), oldest first. A kiosk marks its paid baskets exited from it.
    func exits(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let query = request.uri.queryParameters
        var after: Int64 = 0
        if let text = query.get("after") {
            guard let value = Int64(text), value >= 0 else { throw APIError(.invalidRequest, "after must be an integer ≥ 0") }
            after = value
        }
        var limit = 500
        if let text = query.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw APIError(.invalidRequest, "limit must be 1…500") }
            limit = value
        }
        return try json(ExitList(exits: try await store.exits(store: device.storeID, after: after, limit: limit)))
    }

    /// `POST /v1/coupons/{serial}/spend`: the first spend of a serial, chain-wide, wins (200, also for its
    /// replay); another basket's spend answers 409 `couponAlreadySpent`.
    func spendCoupon(_ request: Request, _ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        let raw = try context.parameters.require("serial")
        let serial = raw.removingPercentEncoding ?? raw
        guard ProtocolIdentifiers.isValidKey(serial) else {
            throw APIError(.invalidRequest, "a coupon serial is 1…128 printable characters")
        }
        let body = try await decodeBody(CouponSpendRequest.self, request)
        return try json(try await store.spendCoupon(serial: serial, body, by: device))
    }

    /// `GET /v1/audit-flags`: the token's store's audit flags (double exits, coupon double spends).
    func auditFlags(_ context: Context) async throws -> Response {
        let device = try context.requireDevice()
        return try json(AuditFlagList(flags: try await store.auditFlags(store: device.storeID)))
    }
}
