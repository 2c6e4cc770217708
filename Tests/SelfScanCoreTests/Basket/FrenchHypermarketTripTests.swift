import Testing
import SelfScanDemo
@testable import SelfScanCore

/// A realistic trip through the real code interpreter (payload text as scanners send it), with the
/// receipt computed by hand below, then an audit that finds differences.
@Suite struct FrenchHypermarketTripTests {
    let interpreter = CodeInterpreter()

    /// EAN-13 text of a notable product.
    func ean(_ product: ProductID) throws -> String { try #require(DemoCatalog.gtin(of: product)).printedForm }

    /// A scale label: 2-digit prefix + item reference + 5-digit value + EAN-13 check digit.
    func scaleLabel(_ prefix: String, _ product: ProductID, value: Int) throws -> String {
        let reference = try #require(DemoCatalog.itemReference(of: product))
        let text = String(value)
        let body = prefix + reference + String(repeating: "0", count: 5 - text.count) + text
        return body + String(GTIN.checkDigit(of: body.map { Int(String($0)) ?? 0 }))
    }

    mutating func scan(_ text: String, _ session: inout BasketSession, _ harness: TripHarness) throws -> SessionOutcome {
        try session.scan(try interpreter.interpret(text, symbology: .ean13), symbology: .ean13, context: harness.context)
    }

    @Test mutating func tripReceiptMatchesTheHandComputedOneThenAnAuditCorrectsIt() throws {
        var harness = try TripHarness.demo(generated: 300)
        var session = try harness.open()

        // Marie's loyalty card first (gold, 12 trips, personal offer on dark chocolate).
        _ = try scan(DemoCatalog.marieCard, &session, harness)
        #expect(session.basket.customerID == DemoCatalog.marie)

        // Fruit and vegetables weighed at the scale, cheese cut and priced at the counter.
        _ = try scan(try scaleLabel("21", DemoCatalog.tomatoes, value: 1234), &session, harness)  // 1.234 kg × 3.49 = 4.31
        _ = try scan(try scaleLabel("21", DemoCatalog.bananas, value: 980), &session, harness)    // 0.980 kg × 1.99 = 1.95
        _ = try scan(try scaleLabel("21", DemoCatalog.apples, value: 1512), &session, harness)    // 1.512 kg × 2.49 = 3.76
        _ = try scan(try scaleLabel("23", DemoCatalog.comte, value: 812), &session, harness)      // label 8.12
        for _ in 0..<3 { _ = try scan(try ean(DemoCatalog.yogurt), &session, harness) }           // 3 × 1.85, 3 pour 2
        let water = try scan(try ean(DemoCatalog.sparklingWater), &session, harness)              // 1.10 + deposit 0.20
        #expect(water.events.count == 2)
        let wine = try scan(try ean(DemoCatalog.redWine), &session, harness)                      // 6.90, 18+
        #expect(wine.action == .requestAgeApproval(minimumAge: 18))
        harness.clock.advance(by: .seconds(90))
        _ = try session.grantApproval(staffID: "STAFF-12", context: harness.context)
        for _ in 0..<2 { _ = try scan(try ean(DemoCatalog.coffee), &session, harness) }           // 2 × 3.79, card 2.99
        _ = try scan(try ean(DemoCatalog.detergent), &session, harness)                           // 11.90, −25 %
        for _ in 0..<2 { _ = try scan(try ean(DemoCatalog.shampoo), &session, harness) }          // 2 × 3.20, 2e −60 %
        _ = try scan(try ean(DemoCatalog.crispsPlain), &session, harness)                         // 1.60 ┐ 2 pour 2.50
        _ = try scan(try ean(DemoCatalog.crispsPaprika), &session, harness)                       // 1.75 ┘
        for _ in 0..<3 { _ = try scan(try ean(DemoCatalog.pasta), &session, harness) }            // 3 × 0.99, 3 pour 2.50
        _ = try scan(try ean(DemoCatalog.darkChocolate), &session, harness)                       // 2.15, offre perso −30 %
        for _ in 0..<3 { _ = try scan(try ean(DemoCatalog.baguette), &session, harness) }         // 3 × 1.15…
        _ = try session.voidLine(try #require(session.basket.activeItemLines.last?.id), context: harness.context)  // …one put back
        for _ in 0..<4 { _ = try scan(try ean(DemoCatalog.milk), &session, harness) }             // 4 lines…
        let firstMilk = try #require(session.basket.activeItemLines.first { $0.productID == DemoCatalog.milk })
        _ = try session.changeQuantity(of: firstMilk.id, to: 2, context: harness.context)         // …5 × 1.09
        _ = try scan(try ean(DemoCatalog.butter), &session, harness)                              // 2.35
        _ = try scan(try ean(DemoCatalog.toiletPaper), &session, harness)                         // 5.99
        _ = try scan(try ean(DemoCatalog.tvMagazine), &session, harness)                          // 2.50 (2.1 %)
        let unknownCode = DemoCatalog.ean13("376000009999").printedForm
        let unknown = try scan(unknownCode, &session, harness)
        #expect(unknown.action == .callStaff(.unknownCode(unknownCode)))
        let recalled = try scan(try ean(DemoCatalog.groundBeef), &session, harness)
        #expect(recalled.action == .callStaff(.saleStopped(DemoCatalog.groundBeef, .recall)))
        _ = try scan(DemoCatalog.detergentCouponCode, &session, harness)                          // 2 € on the detergent

        #expect(session.basket.activeLines.count == 30)
        #expect(session.basket.lines.count == 31)

        // The receipt, by hand:
        //   5.5 %: 4.31 + 1.95 + 3.76 + 8.12 + 5.55 + 1.10 + 7.58 + 1.60 + 1.75 + 2.97 + 2.15 + 2.30 + 5.45 + 2.35 = 50.94
        //   20 %:  6.90 + 11.90 + 6.40 + 5.99 = 31.19;   2.1 %: 2.50;   items 84.63;   deposit (0 %) 0.20
        //   discounts: 3 pour 2 1.85, prix carte 2 × 0.80 = 1.60, lessive −25 % 2.97 (2.975 rounded down),
        //   shampooing 2e −60 % 1.92, chips 3.35 − 2.50 = 0.85, pâtes 2.97 − 2.50 = 0.47,
        //   chocolat −30 % 0.64 (0.645 down), bon lessive 2.00  → 12.30
        //   basket after item promotions and coupons 72.33 < 80: no threshold offer
        //   total 84.63 − 12.30 + 0.20 = 72.53
        //   VAT 5.5 %: gross 50.94 − 5.41 = 45.53, VAT 45.53 × 5.5/105.5 = 2.3736 → 2.37
        //   VAT 20 %:  gross 31.19 − 6.89 = 24.30, VAT 4.05;  2.1 %: 2.50 → 0.0514 → 0.05;  0 %: 0.20 → 0
        let totals = try harness.totals(session)
        #expect(totals.itemsSubtotal == euros(8463))
        #expect(totals.depositTotal == euros(20))
        #expect(totals.discountTotal == euros(1230))
        #expect(totals.total == euros(7253))
        let expectedDiscounts: [PromotionID: Int64] = [
            DemoCatalog.yogurtThreeForTwo: 185, DemoCatalog.coffeeLoyaltyPrice: 160, DemoCatalog.detergentPercentOff: 297,
            DemoCatalog.shampooSecondItem: 192, DemoCatalog.crispsMixAndMatch: 85, DemoCatalog.pastaThreeForPrice: 47,
            DemoCatalog.chocolatePersonalOffer: 64, DemoCatalog.detergentCoupon: 200,
        ]
        #expect(Dictionary(uniqueKeysWithValues: totals.discounts.compactMap { d in d.promotionID.map { ($0, d.amount.minor) } })
            == expectedDiscounts)
        #expect(totals.vatBreakdown.map { [$0.rate.basisPoints, Int($0.gross.minor), Int($0.vat.minor)] } == [
            [0, 20, 0], [210, 250, 5], [550, 4553, 237], [2000, 2430, 405],
        ])
        #expect(totals.unappliedCoupons.isEmpty)

        // Checkout. Medium-risk store (10 %) + 1 void (3 %) + 1 unknown code (5 %) + 1 price label (2 %) = 20 %;
        // from 15 % on the audit is a full rescan. The first seed whose draw falls under 20 % audits.
        let policy = AuditPolicy(riskLevel: .medium, fullAuditFromBasisPoints: 1500)
        let customer = harness.catalog.customer(id: DemoCatalog.marie)
        let score = policy.score(basket: session.basket, customer: customer)
        #expect(score.probabilityBasisPoints == 2000)
        #expect(score.factors.map(\.reason) == [.baseRate(.medium), .voidedLines(count: 1), .unknownItems(count: 1),
                                                .embeddedPriceLabels(count: 1)])
        let seed = try #require((UInt64(1)...500).first {
            policy.decide(basket: session.basket, customer: customer, seed: $0).isRequired
        })
        let checkout = try session.requestCheckout(policy: policy, seed: seed, context: harness.context)
        #expect(session.state == .auditRequired)
        guard case .requestAudit(let decision) = checkout.action else {
            Issue.record("expected an audit, got \(checkout.action)")
            return
        }
        #expect(decision.mode == .full)
        #expect(decision.draw < 2000)
        #expect(throws: BasketError.illegalTransition(action: "pay", state: .auditRequired)) {
            try session.pay(PaymentReceipt(amount: euros(7253), reference: "X"), context: harness.context)
        }
        #expect(throws: BasketError.illegalTransition(action: "resumeScanning", state: .auditRequired)) {
            try session.resumeScanning(context: harness.context)
        }

        // The staff member counts the bag: one more pasta pack, no magazine, and eggs never scanned.
        _ = try session.startAudit(staffID: "STAFF-3", context: harness.context)
        var counted: [ProductID: Int] = [:]
        for line in session.basket.activeItemLines { counted[line.productID, default: 0] += line.quantity }
        counted[DemoCatalog.pasta] = 4
        counted[DemoCatalog.tvMagazine] = 0
        counted[DemoCatalog.eggs] = 1
        let audit = try session.completeAudit(staffID: "STAFF-3", counted: counted, context: harness.context)
        guard case .showAuditDifferences(let report) = audit.action else {
            Issue.record("expected differences, got \(audit.action)")
            return
        }
        #expect(!report.passed)
        #expect(report.differences.count == 3)
        let kinds = report.differences.map { difference -> String in
            switch difference {
            case .missing(let line): "missing \(line.productID) ×\(line.quantity)"
            case .extra(_, let productID): "extra \(productID)"
            case .quantityMismatch(_, let productID, let scanned, let found): "quantity \(productID) \(scanned)→\(found)"
            }
        }
        #expect(kinds == ["extra MAGAZINE-TELE", "missing OEUFS-PLEIN-AIR-X6 ×1", "quantity PATES-500G 1→2"])
        #expect(session.state == .audited)

        // Corrected receipt: + 0.99 pasta (the 3 pour 2.50 still applies once) + 2.59 eggs − 2.50 magazine.
        //   items 85.71, discounts 12.30, deposit 0.20 → total 73.61; 5.5 % gross 49.11 → VAT 2.56; no 2.1 % line.
        let corrected = try harness.totals(session)
        #expect(corrected.total == euros(7361))
        #expect(try corrected.total.subtracting(totals.total) == euros(108))
        #expect(corrected.vatBreakdown.map { [$0.rate.basisPoints, Int($0.gross.minor), Int($0.vat.minor)] } == [
            [0, 20, 0], [550, 4911, 256], [2000, 2430, 405],
        ])
        #expect(session.basket.activeItemLines.last?.origin == .audit(staff: "STAFF-3"))

        let acknowledged = try session.acknowledgeAudit(context: harness.context)
        #expect(acknowledged.action == .collectPayment(amount: euros(7361)))
        _ = try session.pay(PaymentReceipt(amount: euros(7361), reference: "TPE-000123"), context: harness.context)
        _ = try session.exit(context: harness.context)
        #expect(session.state == .exited)

        // The log is the source of truth: replaying it rebuilds the same session and the same receipt.
        let replayed = try BasketSession.replay(events: session.events)
        #expect(replayed == session)
        #expect(try harness.totals(replayed) == corrected)
    }
}
