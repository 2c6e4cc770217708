import Testing
import SelfScanDemo
@testable import SelfScanCore

/// Issue 15 items 3 and 11: what each line cost after discounts, refund caps, and refused scans that would
/// leave an untotalable or free line.
@Suite("Paid line shares and refund caps")
struct PaidLineSharesTests {
    @Test func threeForTwoSharesAddUpToTheThreeSeventyPaid() throws {
        let trip = try TripHarness.demo()
        var session = try trip.open()
        try session.scan(try item(DemoCatalog.yogurt), times: 3, context: trip.context)
        let totals = try trip.totals(session)
        #expect(totals.total == euros(370))
        let shares = try PaidLineShares.compute(basket: session.basket, totals: totals)
        #expect(try shares.total == totals.total)
        #expect(shares.shares.values.map(\.minor).sorted() == [0, 185, 185])
        // Every line refunded in turn never gives back more than was paid.
        var net = totals.total
        for share in shares.shares.values {
            let refund = try RefundRule.allowance(share: share, refundedForLine: euros(0), sessionNetPaid: net)
            net = try net.subtracting(refund)
            #expect(net.minor >= 0)
        }
        #expect(net == euros(0))
    }

    @Test func sharesIncludeDepositsAndAddUpToTheTotalOfAMixedBasket() throws {
        let trip = try TripHarness.demo()
        var session = try trip.open(card: DemoCatalog.marieCard)
        for product in [DemoCatalog.coffee, DemoCatalog.sparklingWater, DemoCatalog.detergent, DemoCatalog.pasta] {
            try session.scan(try item(product), times: 3, context: trip.context)
        }
        _ = try session.scan(try weighed(DemoCatalog.tomatoes, grams: 1234), context: trip.context)
        let totals = try trip.totals(session)
        let shares = try PaidLineShares.compute(basket: session.basket, totals: totals)
        #expect(try shares.total == totals.total)
        #expect(shares.shares.values.allSatisfy { $0.minor >= 0 })
        #expect(shares.shares.count == session.basket.activeItemLines.count)
    }

    @Test(arguments: [
        (share: 185, refunded: 0, net: 370, expected: 185),
        (share: 185, refunded: 185, net: 185, expected: 0),
        (share: 500, refunded: 0, net: 120, expected: 120),
        (share: 0, refunded: 0, net: 370, expected: 0),
        (share: 185, refunded: 0, net: 0, expected: 0),
    ])
    func refundAllowanceIsCappedByTheShareAndTheNetPaid(share: Int64, refunded: Int64, net: Int64, expected: Int64) throws {
        let allowance = try RefundRule.allowance(
            share: euros(share), refundedForLine: euros(refunded), sessionNetPaid: euros(net))
        #expect(allowance == euros(expected))
    }

    @Test func oneGramLabelThatRoundsToNothingIsRefusedAndRecordsNothing() throws {
        let trip = try TripHarness.demo()
        var session = try trip.open()
        let before = session
        #expect(throws: BasketError.lineAmountZero(DemoCatalog.tomatoes)) {
            try session.scan(try weighed(DemoCatalog.tomatoes, grams: 1), context: trip.context)
        }
        #expect(session == before)
    }

    @Test func scanWhoseTotalsWouldOverflowIsRefusedBeforeBeingRecorded() throws {
        // A price the importers refuse (ProductSanity) but a hand-edited cache could hold: one unit fits in
        // Int64, its VAT computation does not. The scan must not be recorded (it would make a session that can
        // no longer be shown).
        let huge = Product(
            id: "HUGE", gtins: [try GTIN("3017620422003")], name: "Mis-keyed", pricing: .unit(euros(Int64.max / 2)),
            vatRate: .frStandard)
        let trip = try TripHarness(CatalogSnapshot(version: CatalogVersion(1), currency: .eur, products: [huge]))
        var session = try trip.open()
        let before = session
        #expect(throws: BasketError.self) { _ = try session.scan(.gtin(try GTIN("3017620422003")), context: trip.context) }
        #expect(session == before)
        _ = try trip.totals(session)
    }

    @Test(arguments: [
        (minor: Int64(0), age: Int?.none, refused: true),
        (minor: -199, age: nil, refused: true),
        (minor: 10_000_001, age: nil, refused: true),
        (minor: 10_000_000, age: nil, refused: false),
        (minor: 199, age: -1, refused: true),
        (minor: 199, age: 100, refused: true),
        (minor: 199, age: 18, refused: false),
    ])
    func productSanityRefusesImpossiblePricesAndAges(minor: Int64, age: Int?, refused: Bool) {
        let product = Product(id: "P", name: "p", pricing: .unit(euros(minor)), vatRate: .frStandard, minimumAge: age)
        #expect((ProductSanity.problem(with: product) != nil) == refused)
    }
}
