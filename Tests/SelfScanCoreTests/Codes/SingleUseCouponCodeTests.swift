import Testing
import SelfScanDemo
@testable import SelfScanCore

/// Issue 15 #9: single-use coupons carry a serial; #11: a session knows the card that identified it.
@Suite("Single-use coupons and the session's loyalty card")
struct SingleUseCouponCodeTests {
    @Test("selfscan:coupon:<code>/<serial> parses to a coupon with a serial and prints back the same")
    func serialRoundTrip() throws {
        let code = try SelfScanPayload.parse("selfscan:coupon:0430000000018/SER-42")
        guard case .coupon(let coupon) = code else {
            Issue.record("not a coupon: \(code)")
            return
        }
        #expect(coupon.code == "0430000000018")
        #expect(coupon.serial == "SER-42")
        #expect(SelfScanPayload.text(for: code) == "selfscan:coupon:0430000000018/SER-42")
        guard case .coupon(let plain) = try SelfScanPayload.parse("selfscan:coupon:BIENVENUE") else {
            Issue.record("not a coupon")
            return
        }
        #expect(plain.serial == nil)
        #expect(throws: CodeError.self) { try SelfScanPayload.parse("selfscan:coupon:CODE/") }
    }

    @Test("an unverified single-use coupon raises the audit score with couponUnverified")
    func unverifiedCouponRaisesTheAudit() throws {
        let trip = try TripHarness.demo()
        let context = trip.context
        var session = try trip.open()
        _ = try session.scan(try item(DemoCatalog.detergent), symbology: nil, context: context)
        _ = try session.addCoupon(
            CouponCode(code: DemoCatalog.detergentCouponCode, value: nil, serial: "SER-1"), serialVerified: false,
            context: context)
        let score = AuditPolicy(riskLevel: .low).score(basket: session.basket, customer: nil)
        #expect(score.factors.contains { $0.reason == .couponUnverified(count: 1) })
    }

    @Test("the customer of an identified session (never the card number): at the opening or scanned during the trip")
    func customerOfTheSession() throws {
        let trip = try TripHarness.demo()
        let context = trip.context
        let opened = try trip.open(card: DemoCatalog.marieCard)
        #expect(opened.identifiedCustomerID == DemoCatalog.marie)
        var anonymous = try trip.open(sessionSeed: 2)
        #expect(anonymous.identifiedCustomerID == nil)
        _ = try anonymous.identifyCustomer(cardCode: DemoCatalog.marieCard, context: context)
        #expect(anonymous.identifiedCustomerID == DemoCatalog.marie)
    }
}
