import Foundation
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanCore
import SelfScanServer
import Testing

/// Issue 15 item 4: after an approved payment, lines leave the basket only through a staff refund; nothing
/// due is never negative; a 0.00 basket finishes.
@Suite("Money rules: the basket after a partial payment")
struct PartialPaymentRuleTests {
    @Test func afterAPartialPaymentTheShopperCannotShrinkTheBasket() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { _, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let yogurt = try DemoCodes.ean(DemoCatalog.yogurt)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            let afterYogurt = try await shopper.scan(yogurt)
            let lines = try #require((afterYogurt.body["session"] as? [String: Any])?["lines"] as? [[String: Any]])
            let coffeeLine = try #require(lines.first { ($0["name"] as? String)?.contains("Café") == true }?["id"] as? String)
            let total = try await shopper.checkout(rescanning: [coffee, yogurt])
            let part = try await shopper.pay("P-1", minor: 300)
            #expect(part.status == .ok)

            let back = try await client.json(.post, "/v1/sessions/\(shopper.id)/resume-scanning", headers: shopper.headers)
            #expect(back.status == .conflict)
            #expect(errorCode(back.body) == "basketLockedByPayment")
            let cancel = try await client.json(.post, "/v1/sessions/\(shopper.id)/checkout/cancel", headers: shopper.headers)
            #expect(errorCode(cancel.body) == "basketLockedByPayment")
            let void = try await client.json(.delete, "/v1/sessions/\(shopper.id)/lines/\(coffeeLine)", headers: shopper.headers)
            #expect(void.status == .conflict)
            #expect(errorCode(void.body) == "basketLockedByPayment")
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let staffVoid = try await client.json(
                .delete, "/v1/staff/sessions/\(shopper.id)/lines/\(coffeeLine)", headers: attendant)
            #expect(errorCode(staffVoid.body) == "basketLockedByPayment")

            let view = try await shopper.view()
            #expect(view["state"] as? String == "readyToPay")
            #expect(viewMinor(view, "payment", "due") == total - 300)
            let rest = try await shopper.pay("P-2")
            #expect((rest.body["session"] as? [String: Any])?["state"] as? String == "paid")
        }
    }

    @Test func staffVoidOfAPartlyPaidSessionRefundsWhatWasPaidFirst() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { daemon, client in
            let coffee = try DemoCodes.ean(DemoCatalog.coffee)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(coffee)
            _ = try await shopper.checkout(rescanning: [coffee])
            #expect(try await shopper.pay("V-1", minor: 100).status == .ok)
            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let voided = try await client.json(
                .post, "/v1/staff/sessions/\(shopper.id)/void", body: ["reason": "shopper left"], headers: attendant)
            #expect(voided.status == .ok, "\(voided.body)")
            #expect(voided.body["state"] as? String == "void")
            let view = try await client.json(.get, "/v1/sessions/\(shopper.id)", headers: attendant).body
            let records = paymentRecords(view)
            #expect(records.map { $0["outcome"] as? String } == ["approved", "refunded"])
            #expect(viewMinor(view, "payment", "paid") == 0)
            #expect(await daemon.simulatedTerminal?.chargeCount == 2)
        }
    }

    @Test func zeroEuroBasketFinishesWithAnExitPassAndNoCharge() async throws {
        let config = SessionTripTests.storeConfig(try makeTemporaryDirectory("money"))
        try await withLiveDaemon(config) { daemon, client in
            let yogurt = try DemoCodes.ean(DemoCatalog.yogurt)
            let shopper = try await MoneyShopper.open(client)
            try await shopper.scan(yogurt)
            let coupon = try await shopper.scan(faceValueCoupon(id: 7, cents: 500))
            #expect(coupon.status == .ok, "\(coupon.body)")
            let total = try await shopper.checkout(rescanning: [yogurt])
            #expect(total == 0)
            let paid = try await shopper.pay("Z-1")
            #expect(paid.status == .ok, "\(paid.body)")
            #expect((paid.body["session"] as? [String: Any])?["state"] as? String == "paid")
            #expect(paid.body["payment"] == nil)
            #expect(viewMinor(try await shopper.view(), "payment", "due") == 0)
            let pass = try await client.json(.get, "/v1/sessions/\(shopper.id)/exit-pass", headers: shopper.headers)
            #expect(pass.status == .ok)
            #expect(await daemon.simulatedTerminal?.chargeCount == 0)
        }
    }
}
