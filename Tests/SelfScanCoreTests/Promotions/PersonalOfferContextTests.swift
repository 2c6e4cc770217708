import Foundation
import SelfScanDemo
import Testing

@testable import SelfScanCore

/// Personal offers in context (issue 18 #5): a store, a daily window and basket contents, evaluated by the
/// promotions engine like eligibility, and explained.
@Suite struct PersonalOfferContextTests {
    static let offerID: PromotionID = "OFFRE-CTX-LAIT"
    /// The harness clock: 2025-11-23T12:13:20Z, a Sunday (13:13 in a UTC+1 store).
    static let lunchtime = DailyTimeWindow(startMinute: 12 * 60, endMinute: 14 * 60, utcOffsetMinutes: 60)
    static let morning = DailyTimeWindow(startMinute: 8 * 60, endMinute: 11 * 60, utcOffsetMinutes: 60)

    /// The demo catalog plus "2e lait −50 %", a personal offer of Marie's, under `conditions`.
    static func harness(conditions: PromotionConditions) throws -> TripHarness {
        let base = DemoCatalog.frenchHypermarket(generatedCount: 10)
        let products = base.products.map { product in
            guard product.id == DemoCatalog.milk else { return product }
            return Product(
                id: product.id, gtins: product.gtins, itemReference: product.itemReference, name: product.name,
                pricing: product.pricing, vatRate: product.vatRate, promotionIDs: product.promotionIDs + [offerID],
                attributes: product.attributes)
        }
        let customers = base.customers.map { customer in
            guard customer.id == DemoCatalog.marie else { return customer }
            return LoyaltyCustomer(
                id: customer.id, cardCodes: customer.cardCodes, cardHashes: customer.cardHashes, tier: customer.tier,
                personalOffers: customer.personalOffers + [offerID], personalOffersConsent: true,
                auditRisk: customer.auditRisk)
        }
        let offer = Promotion(
            id: offerID, name: "2e lait à −50 %", kind: .secondItemPercentOff(basisPoints: 5000),
            eligibility: .personalOffer, conditions: conditions)
        return try TripHarness(
            CatalogSnapshot(
                version: base.version, currency: base.currency, products: products,
                promotions: base.promotions + [offer], customers: customers, cardHashKeys: base.cardHashKeys))
    }

    static let coffeeThisLunchtime = PromotionConditions(
        stores: [DemoCatalog.storeID], timeWindows: [lunchtime],
        basketRequirements: [BasketRequirement(anyOf: [DemoCatalog.coffee])])

    static func offerDiscount(_ totals: BasketTotals) -> DiscountLine? {
        totals.discounts.first { $0.promotionID == offerID }
    }

    @Test func appliesOnlyOnceTheBasketHoldsTheRequiredProductAndIsExplained() throws {
        let harness = try Self.harness(conditions: Self.coffeeThisLunchtime)
        var session = try harness.open(card: DemoCatalog.marieCard)
        try session.scan(try item(DemoCatalog.milk), times: 2, context: harness.context)
        #expect(Self.offerDiscount(try harness.totals(session)) == nil, "no coffee yet")
        _ = try session.scan(try item(DemoCatalog.coffee), context: harness.context)
        let discount = try #require(Self.offerDiscount(try harness.totals(session)))
        let milk = try #require(try harness.catalog.product(id: DemoCatalog.milk))
        #expect(discount.amount.minor == milk.pricing.price.minor * 5000 / 10_000)
        let offer = try #require(try harness.catalog.promotion(id: Self.offerID))
        let reason = offer.shopperReason { try? harness.catalog.product(id: $0)?.name }
        #expect(
            reason == "offre personnelle : vous avez accepté les offres personnalisées · avec Café moulu 250 g dans le panier"
                + " · de 12 h–14 h · dans ce magasin")
    }

    @Test func notInAnotherStoreNotOutsideTheWindowNotForAnotherCustomer() throws {
        let harness = try Self.harness(conditions: Self.coffeeThisLunchtime)
        var marie = try harness.open(card: DemoCatalog.marieCard)
        try marie.scan(try item(DemoCatalog.milk), times: 2, context: harness.context)
        _ = try marie.scan(try item(DemoCatalog.coffee), context: harness.context)
        let now = harness.clock.now()
        let here = try PromotionEngine.evaluate(basket: marie.basket, catalog: harness.catalog, at: now, store: DemoCatalog.storeID)
        #expect(here.discounts.contains { $0.promotionID == Self.offerID })
        let elsewhere = try PromotionEngine.evaluate(basket: marie.basket, catalog: harness.catalog, at: now, store: "FR-9999")
        #expect(!elsewhere.discounts.contains { $0.promotionID == Self.offerID })
        let unknownStore = try PromotionEngine.evaluate(basket: marie.basket, catalog: harness.catalog, at: now)
        #expect(!unknownStore.discounts.contains { $0.promotionID == Self.offerID })
        let evening = now + .seconds(6 * 3600)
        let late = try PromotionEngine.evaluate(basket: marie.basket, catalog: harness.catalog, at: evening, store: DemoCatalog.storeID)
        #expect(!late.discounts.contains { $0.promotionID == Self.offerID })

        var luc = try harness.open(card: DemoCatalog.lucCard, sessionSeed: 2)
        try luc.scan(try item(DemoCatalog.milk), times: 2, context: harness.context)
        _ = try luc.scan(try item(DemoCatalog.coffee), context: harness.context)
        #expect(Self.offerDiscount(try harness.totals(luc)) == nil, "Luc has no such personal offer")
    }

    @Test func aMorningOnlyOfferDoesNotApplyAtLunchtime() throws {
        let harness = try Self.harness(conditions: PromotionConditions(timeWindows: [Self.morning]))
        var session = try harness.open(card: DemoCatalog.marieCard)
        try session.scan(try item(DemoCatalog.milk), times: 2, context: harness.context)
        #expect(Self.offerDiscount(try harness.totals(session)) == nil)
    }

    /// (start, end, weekdays, UTC offset, instant in UTC seconds, expected).
    static let windowCases: [(Int, Int, [Int], Int, Int64, Bool)] = [
        (480, 660, [], 60, 1_763_900_000, false),  // 13:13 local
        (720, 840, [], 60, 1_763_900_000, true),
        (720, 840, [7], 60, 1_763_900_000, true),  // Sunday
        (720, 840, [1, 2, 3, 4, 5], 60, 1_763_900_000, false),
        (22 * 60, 2 * 60, [6], 0, 1_763_856_000 + 3600, true),  // 01:00 Sunday UTC, in Saturday's night window
        (22 * 60, 2 * 60, [7], 0, 1_763_856_000 + 3600, false),
        (0, 60, [], -300, 1_763_900_000, false),
    ]

    @Test func dailyWindows() {
        for (start, end, weekdays, offset, seconds, expected) in Self.windowCases {
            let window = DailyTimeWindow(startMinute: start, endMinute: end, weekdays: weekdays, utcOffsetMinutes: offset)
            #expect(window.contains(Instant(unixSeconds: seconds)) == expected, "\(start)–\(end) \(weekdays) \(offset) at \(seconds)")
        }
    }

    @Test func conditionsRoundTripAndReadWithDefaults() throws {
        let decoded = try JSONDecoder().decode(
            PromotionConditions.self,
            from: Data(#"{"timeWindows":[{"startMinute":480,"endMinute":660}],"basketRequirements":[{"anyOf":["P1"]}]}"#.utf8))
        #expect(decoded.stores.isEmpty)
        #expect(decoded.timeWindows == [DailyTimeWindow(startMinute: 480, endMinute: 660)])
        #expect(decoded.basketRequirements == [BasketRequirement(anyOf: ["P1"], minimumQuantity: 1)])
        let again = try JSONDecoder().decode(PromotionConditions.self, from: try JSONEncoder().encode(decoded))
        #expect(again == decoded)
        // A promotion without conditions encodes as before (no key).
        let plain = Promotion(id: "P", name: "P", kind: .percentOff(basisPoints: 100))
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("conditions"))
    }
}
