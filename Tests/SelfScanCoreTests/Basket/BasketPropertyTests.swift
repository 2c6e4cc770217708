import Testing
import SelfScanDemo
@testable import SelfScanCore

/// Property tests over seeded random trips (no extra package: SplitMix64 from the core).
@Suite struct BasketPropertyTests {
    typealias Generator = SelfScanCore.SeededGenerator

    static let countedProducts: [ProductID] = [
        DemoCatalog.sparklingWater, DemoCatalog.redWine, DemoCatalog.yogurt, DemoCatalog.coffee, DemoCatalog.detergent,
        DemoCatalog.shampoo, DemoCatalog.crispsPlain, DemoCatalog.crispsPaprika, DemoCatalog.pasta,
        DemoCatalog.darkChocolate, DemoCatalog.baguette, DemoCatalog.milk, DemoCatalog.earbuds,
    ]
    static let cards: [String?] = [nil, DemoCatalog.marieCard, DemoCatalog.lucCard]

    /// A random list of scans: counted items, weighed produce, label prices and sometimes coupons.
    static func randomScans(_ generator: inout Generator) throws -> [ScannedCode] {
        var scans: [ScannedCode] = []
        for _ in 0..<(5 + generator.uniform(below: 30)) {
            switch generator.uniform(below: 10) {
            case 0: scans.append(try weighed([DemoCatalog.tomatoes, DemoCatalog.bananas, DemoCatalog.apples][
                generator.uniform(below: 3)], grams: 50 + generator.uniform(below: 3000)))
            case 1: scans.append(try labelled(DemoCatalog.comte, cents: Int64(100 + generator.uniform(below: 2000))))
            default: scans.append(try item(countedProducts[generator.uniform(below: countedProducts.count)]))
            }
        }
        if generator.uniform(below: 2) == 0 {
            scans.append(.coupon(CouponCode(code: DemoCatalog.detergentCouponCode, value: nil)))
        }
        if generator.uniform(below: 2) == 0 {
            scans.append(.coupon(CouponCode(code: DemoCatalog.welcomeCouponCode, value: nil)))
        }
        if generator.uniform(below: 4) == 0 {
            scans.append(.coupon(CouponCode(code: "2600001001500", value: euros(150))))
        }
        return scans
    }

    static func session(_ scans: [ScannedCode], card: String?, harness: TripHarness, seed: UInt64) throws -> BasketSession {
        var session = try harness.open(card: card, sessionSeed: seed)
        for scan in scans { _ = try session.scan(scan, context: harness.context) }
        if session.state == .approvalNeeded { _ = try session.grantApproval(staffID: "S1", context: harness.context) }
        return session
    }

    static func checkInvariants(_ totals: BasketTotals, _ session: BasketSession) throws {
        let lineSum = try Money.sum(session.basket.activeItemLines.map { try $0.amount() }, currency: .eur)
        let depositSum = try Money.sum(session.basket.activeLines.filter(\.isDeposit).map { try $0.amount() },
                                       currency: .eur)
        let discountSum = try Money.sum(totals.discounts.map(\.amount), currency: .eur)
        #expect(totals.itemsSubtotal == lineSum)
        #expect(totals.depositTotal == depositSum)
        #expect(totals.discountTotal == discountSum)
        #expect(totals.total == (try lineSum.subtracting(discountSum).adding(depositSum)))
        #expect(totals.discountTotal <= totals.itemsSubtotal)
        #expect(try Money.sum(totals.vatBreakdown.map(\.gross), currency: .eur) == totals.total)
        for line in totals.vatBreakdown { #expect(try line.net.adding(line.vat) == line.gross) }
        let active = Set(session.basket.activeItemLines.map(\.id))
        for discount in totals.discounts {
            #expect(discount.amount.minor > 0)
            #expect(try Money.sum(discount.allocations.map(\.amount), currency: .eur) == discount.amount)
            #expect(discount.lineIDs.allSatisfy(active.contains))
        }
    }

    @Test(arguments: 1...40)
    func totalsAreLinesMinusDiscountsPlusDepositsAndReplayEqualsLive(seed: Int) throws {
        let harness = try TripHarness.demo()
        var generator = Generator(seed: UInt64(seed))
        let card = Self.cards[generator.uniform(below: Self.cards.count)]
        var session = try Self.session(try Self.randomScans(&generator), card: card, harness: harness, seed: UInt64(seed))
        // Random quantity changes and voids on counted item lines.
        for _ in 0..<generator.uniform(below: 6) {
            let lines = session.basket.activeItemLines.filter(\.isCounted)
            guard !lines.isEmpty else { break }
            let line = lines[generator.uniform(below: lines.count)]
            if generator.uniform(below: 3) == 0 {
                _ = try session.voidLine(line.id, context: harness.context)
            } else {
                _ = try session.changeQuantity(of: line.id, to: 1 + generator.uniform(below: 6), context: harness.context)
            }
        }
        let totals = try harness.totals(session)
        try Self.checkInvariants(totals, session)
        let replayed = try BasketSession.replay(events: session.events)
        #expect(replayed == session)
        #expect(try harness.totals(replayed) == totals)
    }

    @Test(arguments: 1...25)
    func permutingScansDoesNotChangeTotals(seed: Int) throws {
        let harness = try TripHarness.demo()
        var generator = Generator(seed: UInt64(1000 + seed))
        let card = Self.cards[generator.uniform(below: Self.cards.count)]
        let scans = try Self.randomScans(&generator)
        var shuffled = scans
        shuffled.shuffle(using: &generator)
        let a = try harness.totals(try Self.session(scans, card: card, harness: harness, seed: 1))
        let b = try harness.totals(try Self.session(shuffled, card: card, harness: harness, seed: 2))
        #expect(a.total == b.total)
        #expect(a.discountTotal == b.discountTotal)
        #expect(a.vatBreakdown == b.vatBreakdown)
        let summary = { (totals: BasketTotals) in
            totals.discounts.map { "\($0.promotionID?.rawValue ?? $0.couponCode ?? "") \($0.amount)" }.sorted()
        }
        #expect(summary(a) == summary(b))
    }

    @Test func overflowIsAnErrorNotAWrap() throws {
        let huge = Product(id: "HUGE", gtins: [DemoCatalog.ean13("376999000077")], name: "Huge",
                           pricing: .unit(Money(minor: .max / 2, currency: .eur)), vatRate: .zero)
        let harness = try TripHarness(CatalogSnapshot(version: CatalogVersion(1), currency: .eur, products: [huge]))
        var session = try harness.open()
        _ = try session.scan(.gtin(huge.gtins[0]), context: harness.context)
        let lineID = try #require(session.basket.lines.first?.id)
        _ = try session.changeQuantity(of: lineID, to: 2, context: harness.context)  // 2 × max/2 still fits
        let before = session
        #expect(throws: BasketError.money(.overflow)) { try session.scan(.gtin(huge.gtins[0]), context: harness.context) }
        #expect(throws: BasketError.money(.overflow)) { try session.changeQuantity(of: lineID, to: 3, context: harness.context) }
        #expect(session == before)
        // At 20 % VAT the lines would fit but extracting VAT would not: since issue 15 such a scan is refused
        // before it is recorded (PaidLineSharesTests.scanWhoseTotalsWouldOverflowIsRefusedBeforeBeingRecorded).
        _ = try harness.totals(session)
    }
}
