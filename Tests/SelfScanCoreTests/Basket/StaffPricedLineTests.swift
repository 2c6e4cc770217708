import Testing
import SelfScanDemo
@testable import SelfScanCore

/// An unknown item answered on the handheld with "add at a price": one line at the staff's price, marked with
/// who and why, replayable, never re-priced; bad prices refused with nothing recorded.
@Suite struct StaffPricedLineTests {
    @Test func unknownItemAddedAtTheStaffPriceWithItsReason() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(.gtin(DemoCatalog.ean13("299999999999")), context: harness.context)  // unknown
        let before = session.events.count
        let outcome = try session.addStaffPricedLine(
            code: "2999999999994", name: "Bocal artisanal", price: euros(450), vatRate: .frReduced,
            reason: .notInCatalog, staffID: "S100", context: harness.context)
        #expect(outcome.events.map(\.payload.name) == ["lineAdded"])
        #expect(session.events.count == before + 1)
        let line = try #require(session.basket.activeLines.last)
        #expect(line.origin == .staffPriced(staff: "S100", reason: .notInCatalog))
        #expect(line.isStaffPriced)
        #expect(try line.amount() == euros(450))
        #expect(try session.totals(context: harness.context).total == euros(450))
        // The log rebuilds it exactly; a newer catalog never re-prices it.
        let replayed = try BasketSession.replay(events: session.events)
        #expect(replayed.basket == session.basket)
        #expect(try PriceRecheck.differences(basket: session.basket, catalog: harness.context.catalog).isEmpty)
    }

    @Test func pricesOutsideTheLimitsAreRefusedAndNothingIsRecorded() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        let before = session
        for minor: Int64 in [0, -5, 100_001] {
            #expect(throws: BasketError.staffPriceOutOfRange(euros(minor), limit: euros(100_000))) {
                try session.addStaffPricedLine(
                    code: "X", name: "X", price: euros(minor), vatRate: .frStandard, reason: .damagedLabel,
                    staffID: "S100", context: harness.context)
            }
        }
        #expect(session == before)
        #expect(BasketError.staffPriceOutOfRange(euros(0), limit: euros(1)).code == "staffPriceOutOfRange")
    }

    @Test func refusedWhenTheSessionNoLongerTakesBasketChanges() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 1, context: harness.context)
        #expect(throws: BasketError.self) {
            try session.addStaffPricedLine(
                code: "X", name: "X", price: euros(100), vatRate: .frStandard, reason: .shelfPrice, staffID: "S1",
                context: harness.context)
        }
    }
}
