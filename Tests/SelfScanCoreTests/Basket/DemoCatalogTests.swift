import Testing
import SelfScanDemo
@testable import SelfScanCore

@Suite struct DemoCatalogTests {
    @Test func catalogIsDeterministicIndexableAndLarge() throws {
        let a = DemoCatalog.frenchHypermarket()
        #expect(a == DemoCatalog.frenchHypermarket())
        #expect(a != DemoCatalog.frenchHypermarket(seed: 7))
        #expect(a.products.count == 424)
        let index = try CatalogIndex(a)
        for promotion in a.promotions where promotion.kind.isItemLevel {
            #expect(a.products.contains { $0.promotionIDs.contains(promotion.id) }, "\(promotion.id) has no product")
        }
        #expect(index.customer(cardCode: DemoCatalog.marieCard)?.id == DemoCatalog.marie)
    }

    @Test func demoTripScansThroughTheInterpreterIntoABasket() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        let interpreter = CodeInterpreter()
        var actions: [SessionAction] = []
        for scan in DemoTrip.frenchHypermarket() {
            let code = try interpreter.interpret(scan.text, symbology: scan.symbology)
            actions.append(try session.scan(code, symbology: scan.symbology, context: harness.context).action)
        }
        #expect(session.basket.customerID == DemoCatalog.marie)
        #expect(actions.contains(.requestAgeApproval(minimumAge: 18)))
        #expect(actions.contains(.callStaff(.saleStopped(DemoCatalog.groundBeef, .recall))))
        #expect(session.state == .approvalNeeded)
        _ = try session.grantApproval(staffID: "S1", context: harness.context)
        let totals = try harness.totals(session)
        #expect(totals.discounts.count == 8)
        #expect(totals.unappliedCoupons.isEmpty)
        #expect(session.basket.activeLines.count == 28)  // 27 items + 1 deposit
    }
}
