import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanAPI
import SelfScanDemo
import SelfScanServer
import SelfScanStorage
import Synchronization
import Testing

/// A coupon spender whose answers change: `granted` when the shopper scans the coupon, then `then` (the
/// re-spend asked when a late charge finishes the voided sale).
final class ChangingCouponSpender: CouponSpender {
    let then: CouponSpendVerdict
    let asks = Atomic<Int>(0)
    init(then: CouponSpendVerdict) { self.then = then }
    func spend(serial: String, session: String, at date: Date) async -> CouponSpendVerdict {
        asks.add(1, ordering: .relaxed).newValue == 1 ? .granted : then
    }
}

/// A basket with a single-use coupon, voided while its payment's outcome was unknown, released the coupon;
/// staff then resolve the payment `charged`: the sale is finished with the coupon's discount, so the coupon is
/// spent again in the same transaction (a `couponSpent` item after the release: the referential's view), and
/// when the referential says another basket took it meanwhile a `couponReused` alert tells staff. It used to
/// stay released (reusable) after the discounted sale.
@Suite("Caisse-AP late charge after a void spends the released coupons again")
struct LateChargeCouponRespendTests {
    @Test(arguments: [CouponSpendVerdict.granted, .alreadySpent("spent in store lyon-2")])
    func lateChargeRespendsTheReleasedCoupon(_ later: CouponSpendVerdict) async throws {
        let simulator = try CaisseAPSimulator(script: [.timeoutAfterApproval])
        defer { simulator.stop() }
        try await withLiveDaemon(try CaisseAPDaemonTests.config(simulator)) { daemon, client in
            let spender = ChangingCouponSpender(then: later)
            await daemon.sessions?.setCouponSpender(spender)
            let detergent = try DemoCodes.ean(DemoCatalog.detergent)
            let shopper = try await MoneyShopper.open(client)
            #expect(try await shopper.scan(detergent).status == .ok)
            let coupon = try await shopper.scan("selfscan:coupon:\(DemoCatalog.detergentCouponCode)/SER-LATE-1")
            #expect(coupon.status == .ok, "\(coupon.body)")
            let due = try await shopper.checkout(rescanning: [detergent])
            #expect(try await shopper.pay("P-1").status == .gatewayTimeout)
            try await LateChargeResolutionTests.void(client, shopper.id)

            let journal = try #require(simulator.ledger.first)
            let staff = try await CaisseAPResolutionTests.supervisor(client)
            let requestID = try await CaisseAPResolutionTests.openRequestID(client, staff)
            let resolved = try await CaisseAPResolutionTests.resolve(
                client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect((resolved.body["session"] as? [String: Any])?["state"] as? String == "paid", "\(resolved.body)")
            #expect(viewMinor(try await shopper.view(), "totals", "total") == due, "finished with the discount")

            // The referential's view: spent, released by the void, spent again by the late charge — in order.
            let rows = try SyncMoneyAPITests.outboxRows(daemon)
                .filter { $0.message.orderingKey == shopper.id }.sorted { $0.sequence < $1.sequence }
            let couponKinds = rows.map(\.message.kind).filter { $0.hasPrefix("coupon") }
            #expect(couponKinds == ["couponReleased", "couponSpent"], "\(couponKinds)")
            let respend = try #require(rows.last { $0.message.kind == "couponSpent" })
            let spend = try ProtocolJSON.decoder().decode(CouponSpend.self, from: respend.message.payload)
            #expect(spend.serial == "SER-LATE-1")
            #expect(spend.sessionID == shopper.id)
            #expect(spender.asks.load(ordering: .relaxed) == 2, "the referential is asked again at once")

            let alerts = try #require(
                try await client.json(.get, "/v1/staff/alerts", headers: staff).body["alerts"] as? [[String: Any]])
            let reused = alerts.filter { $0["kind"] as? String == "couponReused" }
            if case .alreadySpent = later {
                #expect(reused.count == 1, "\(alerts)")
                #expect(reused.first?["code"] as? String == "couponAlreadySpent")
                #expect(reused.first?["session"] as? String == shopper.id)
            } else {
                #expect(reused.isEmpty, "\(alerts)")
            }

            // Replayed resolution: nothing more queued.
            _ = try await CaisseAPResolutionTests.resolve(
                client, staff, requestID, "charged", authorisation: journal.authorisation)
            #expect(try SyncMoneyAPITests.outboxRows(daemon).filter {
                $0.message.orderingKey == shopper.id && $0.message.kind == "couponSpent"
            }.count == 1)
        }
    }
}
