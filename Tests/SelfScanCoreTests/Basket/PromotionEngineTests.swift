import Testing
import SelfScanDemo
@testable import SelfScanCore

@Suite struct PromotionEngineTests {
    /// One row: what to scan (product, times), with which card, and the expected discount of one promotion.
    struct Row: Sendable, CustomTestStringConvertible {
        let label: String
        let scans: [(ProductID, Int)]
        let card: String?
        let promotion: PromotionID
        let expected: Int64?
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "3 pour 2: three yogurts, one free", scans: [(DemoCatalog.yogurt, 3)], card: nil,
            promotion: DemoCatalog.yogurtThreeForTwo, expected: 185),
        Row(label: "3 pour 2: two yogurts, nothing", scans: [(DemoCatalog.yogurt, 2)], card: nil,
            promotion: DemoCatalog.yogurtThreeForTwo, expected: nil),
        Row(label: "3 pour 2: seven yogurts, two free", scans: [(DemoCatalog.yogurt, 7)], card: nil,
            promotion: DemoCatalog.yogurtThreeForTwo, expected: 370),
        Row(label: "3 for 2.50 €: 3 × 0.99", scans: [(DemoCatalog.pasta, 3)], card: nil,
            promotion: DemoCatalog.pastaThreeForPrice, expected: 47),
        Row(label: "3 for 2.50 €: 7 × 0.99", scans: [(DemoCatalog.pasta, 7)], card: nil,
            promotion: DemoCatalog.pastaThreeForPrice, expected: 94),
        Row(label: "−25 %: 11.90 rounds down to 2.97", scans: [(DemoCatalog.detergent, 1)], card: nil,
            promotion: DemoCatalog.detergentPercentOff, expected: 297),
        Row(label: "−25 % on two: on the sum, 5.95", scans: [(DemoCatalog.detergent, 2)], card: nil,
            promotion: DemoCatalog.detergentPercentOff, expected: 595),
        Row(label: "2nd at −60 %: two shampoos", scans: [(DemoCatalog.shampoo, 2)], card: nil,
            promotion: DemoCatalog.shampooSecondItem, expected: 192),
        Row(label: "2nd at −60 %: three shampoos, one pair", scans: [(DemoCatalog.shampoo, 3)], card: nil,
            promotion: DemoCatalog.shampooSecondItem, expected: 192),
        Row(label: "mix and match: plain + paprika for 2.50", scans: [(DemoCatalog.crispsPlain, 1),
            (DemoCatalog.crispsPaprika, 1)], card: nil, promotion: DemoCatalog.crispsMixAndMatch, expected: 85),
        Row(label: "mix and match: 3 paprika + 1 plain, dearest paired first",
            scans: [(DemoCatalog.crispsPaprika, 3), (DemoCatalog.crispsPlain, 1)], card: nil,
            promotion: DemoCatalog.crispsMixAndMatch, expected: 185),
        Row(label: "loyalty price: anonymous gets nothing", scans: [(DemoCatalog.coffee, 2)], card: nil,
            promotion: DemoCatalog.coffeeLoyaltyPrice, expected: nil),
        Row(label: "loyalty price: card holder pays 2.99", scans: [(DemoCatalog.coffee, 2)], card: DemoCatalog.lucCard,
            promotion: DemoCatalog.coffeeLoyaltyPrice, expected: 160),
        Row(label: "personal offer: Marie's chocolate −30 %", scans: [(DemoCatalog.darkChocolate, 1)],
            card: DemoCatalog.marieCard, promotion: DemoCatalog.chocolatePersonalOffer, expected: 64),
        Row(label: "personal offer: not Luc's", scans: [(DemoCatalog.darkChocolate, 1)], card: DemoCatalog.lucCard,
            promotion: DemoCatalog.chocolatePersonalOffer, expected: nil),
    ]

    @Test(arguments: rows)
    func promotionKind(_ row: Row) throws {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: row.card)
        for (product, times) in row.scans { try session.scan(try item(product), times: times, context: harness.context) }
        let totals = try harness.totals(session)
        #expect(totals.discount(row.promotion) == row.expected.map(euros))
        if let discount = totals.discounts.first(where: { $0.promotionID == row.promotion }) {
            // Explainable: the allocations name lines of the basket and add up to the discount.
            let lineIDs = Set(session.basket.activeItemLines.map(\.id))
            #expect(discount.lineIDs.allSatisfy(lineIDs.contains))
            #expect(try Money.sum(discount.allocations.map(\.amount), currency: .eur) == discount.amount)
        }
    }

    @Test func percentOffAndItemCouponCombine() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.detergent), context: harness.context)
        _ = try session.scan(.coupon(CouponCode(code: DemoCatalog.detergentCouponCode, value: nil)), context: harness.context)
        let totals = try harness.totals(session)
        #expect(totals.discount(DemoCatalog.detergentPercentOff) == euros(297))
        #expect(totals.discount(DemoCatalog.detergentCoupon) == euros(200))
        #expect(totals.total == euros(1190 - 297 - 200))
    }

    @Test func itemCouponWithoutItsProductIsExplainedNotApplied() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.scan(.coupon(CouponCode(code: DemoCatalog.detergentCouponCode, value: nil)), context: harness.context)
        let totals = try harness.totals(session)
        #expect(totals.discounts.isEmpty)
        #expect(totals.unappliedCoupons == [UnappliedCoupon(code: DemoCatalog.detergentCouponCode, reason: .noEligibleItem)])
    }

    @Test func basketCouponNeedsItsMinimum() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.whisky), context: harness.context)  // 34.90 < 50
        _ = try session.scan(.coupon(CouponCode(code: DemoCatalog.welcomeCouponCode, value: nil)), context: harness.context)
        #expect(try harness.totals(session).unappliedCoupons.first?.reason == .minimumNotReached(euros(5000)))
        try session.scan(try item(DemoCatalog.redWine), times: 3, context: harness.context)  // + 20.70 = 55.60
        let totals = try harness.totals(session)
        #expect(totals.discount(DemoCatalog.welcomeCoupon) == euros(500))
        #expect(totals.total == euros(5560 - 500))
    }

    @Test func thresholdOffersCompeteBestWins() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: DemoCatalog.lucCard)
        try session.scan(try item(DemoCatalog.earbuds), times: 2, context: harness.context)  // 79.98 < 80
        #expect(try harness.totals(session).discount(DemoCatalog.loyaltyThreshold) == nil)
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)  // 81.13
        #expect(try harness.totals(session).discount(DemoCatalog.loyaltyThreshold) == euros(500))
        try session.scan(try item(DemoCatalog.earbuds), times: 2, context: harness.context)  // 161.11
        let totals = try harness.totals(session)
        #expect(totals.discount(DemoCatalog.everyoneThreshold) == euros(800))
        #expect(totals.discount(DemoCatalog.loyaltyThreshold) == nil)  // competes: only the best applies
        #expect(totals.total == euros(16111 - 800))
    }

    @Test func allocationsFollowTheBasketLineOrder() throws {
        // A threshold offer spread over every line: its allocations name each line once, in the basket's order.
        let harness = try TripHarness.demo()
        var session = try harness.open(card: DemoCatalog.lucCard)
        for product in [DemoCatalog.earbuds, DemoCatalog.baguette, DemoCatalog.yogurt, DemoCatalog.earbuds,
                        DemoCatalog.pasta] {
            _ = try session.scan(try item(product), context: harness.context)
        }
        let totals = try harness.totals(session)
        let threshold = try #require(totals.discounts.first { $0.promotionID == DemoCatalog.loyaltyThreshold })
        let order = session.basket.activeItemLines.map(\.id)
        let allocated = threshold.allocations.map(\.lineID)
        #expect(allocated.count == Set(allocated).count)
        #expect(allocated == order.filter(allocated.contains))
        #expect(allocated.count > 1)
        #expect(try Money.sum(threshold.allocations.map(\.amount), currency: .eur) == threshold.amount)

        // Directly: zero and negative parts are left out, the rest keep the lines' order whatever the dictionary's.
        let lines = session.basket.activeItemLines
        var perLine: [LineID: Int64] = [:]
        for (index, line) in lines.enumerated().reversed() { perLine[line.id] = Int64(index) - 1 }
        let allocations = PromotionEngine.allocations(perLine, lines: lines, currency: .eur)
        #expect(allocations.map(\.lineID) == Array(lines.dropFirst(2).map(\.id)))
        #expect(allocations.map(\.amount.minor) == Array(1..<Int64(lines.count - 1)))
        #expect(PromotionEngine.allocations([lines[0].id: 0], lines: lines, currency: .eur).isEmpty)
        #expect(PromotionEngine.allocations([lines[1].id: 7], lines: lines, currency: .eur).map(\.lineID) == [lines[1].id])
    }

    @Test func competingItemPromotionsTakeTheBestAllocation() throws {
        // One product in two item promotions: −10 % and 2 for 15 €. On 3 units at 10 €, applying −10 % first
        // would give 3 €; the engine finds 2 for 15 € (5 €) + −10 % on the third (1 €) = 6 €.
        let product = Product(id: "X", gtins: [DemoCatalog.ean13("376999000001")], name: "X", pricing: .unit(euros(1000)),
                              vatRate: .frStandard, promotionIDs: ["A-TEN", "B-BUNDLE"])
        let snapshot = CatalogSnapshot(version: CatalogVersion(1), currency: .eur, products: [product], promotions: [
            Promotion(id: "A-TEN", name: "−10 %", kind: .percentOff(basisPoints: 1000)),
            Promotion(id: "B-BUNDLE", name: "2 pour 15 €", kind: .nForPrice(quantity: 2, price: .amount(euros(1500)))),
        ])
        let harness = try TripHarness(snapshot)
        var session = try harness.open()
        try session.scan(.gtin(product.gtins[0]), times: 3, context: harness.context)
        let totals = try harness.totals(session)
        #expect(totals.discount("B-BUNDLE") == euros(500))
        #expect(totals.discount("A-TEN") == euros(100))
        #expect(totals.total == euros(2400))
        // With only one unit, the bundle cannot apply and −10 % wins.
        var single = try harness.open(sessionSeed: 2)
        _ = try single.scan(.gtin(product.gtins[0]), context: harness.context)
        #expect(try harness.totals(single).discounts.map(\.promotionID) == ["A-TEN"])
    }

    @Test func expiredPromotionDoesNotApply() throws {
        let product = Product(id: "Y", gtins: [DemoCatalog.ean13("376999000002")], name: "Y", pricing: .unit(euros(500)),
                              vatRate: .frReduced, promotionIDs: ["OLD"])
        let harness = try TripHarness(CatalogSnapshot(version: CatalogVersion(1), currency: .eur, products: [product],
            promotions: [Promotion(id: "OLD", name: "old", kind: .percentOff(basisPoints: 5000),
                                   validity: PromotionValidity(end: Instant(nanosecondsSinceEpoch: 1_000)))]))
        var session = try harness.open()
        _ = try session.scan(.gtin(product.gtins[0]), context: harness.context)
        #expect(try harness.totals(session).discounts.isEmpty)
    }

    @Test func faceValueCouponIsABasketDiscountNeverBelowZero() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.scan(.coupon(CouponCode(code: "2600001003000", value: euros(300))), context: harness.context)
        let totals = try harness.totals(session)
        #expect(totals.discountTotal == euros(115))
        #expect(totals.total == euros(0))
        #expect(totals.discounts.first?.kind == "faceValueCoupon")
    }
}
