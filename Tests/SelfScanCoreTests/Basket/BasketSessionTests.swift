import Testing
import SelfScanDemo
@testable import SelfScanCore

@Suite struct BasketSessionTests {
    @Test func scanAddsLineWithScanTimePriceAndCatalogVersion() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        #expect(session.state == .open)
        let outcome = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        #expect(session.state == .scanning)
        #expect(outcome.events.map(\.payload.name) == ["lineAdded"])
        #expect(outcome.events.first?.sequence == 2)
        #expect(outcome.events.first?.timestamp == harness.clock.instant)
        let line = try #require(session.basket.activeLines.first)
        #expect(line.unitPrice == euros(115))
        #expect(line.catalogVersion == CatalogVersion(1))
        #expect(line.scannedCode == DemoCatalog.gtin(of: DemoCatalog.baguette)?.printedForm)
    }

    @Test func weighedAndLabelPricedProduce() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try weighed(DemoCatalog.tomatoes, grams: 1234), context: harness.context)
        _ = try session.scan(try labelled(DemoCatalog.comte, cents: 812), context: harness.context)
        let amounts = try session.basket.activeLines.map { try $0.amount() }
        #expect(amounts == [euros(431), euros(812)])  // 3.49 × 1.234 = 4.30666 → 4.31 (half up)
        #expect(session.basket.activeLines[1].hasEmbeddedPrice)
    }

    @Test func gs1WeightAndPriceElementStrings() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        // A per-kg product with a GTIN, sold pre-packed with a GS1-128 label: (01) + (3103) weight.
        let meatGTIN = DemoCatalog.ean13("376999000009")
        let product = Product(id: "ROTI", gtins: [meatGTIN], name: "Rôti de porc", pricing: .perKilogram(euros(1290)),
                              vatRate: .frReduced)
        var snapshot = DemoCatalog.frenchHypermarket(generatedCount: 0)
        snapshot = CatalogSnapshot(version: snapshot.version, currency: .eur, products: snapshot.products + [product],
                                   promotions: snapshot.promotions, customers: snapshot.customers)
        let custom = try TripHarness(snapshot)
        session = try custom.open()
        let weight = GS1ElementString(elements: [.init(ai: "01", value: meatGTIN.digits14), .init(ai: "3103", value: "000850")])
        _ = try session.scan(.gs1(weight), context: custom.context)
        #expect(session.basket.activeLines.last?.measure == .weight(grams: 850))
        #expect(try session.basket.activeLines.last?.amount() == euros(1097))  // 12.90 × 0.850 = 10.965 → 10.97
        let priced = GS1ElementString(elements: [.init(ai: "01", value: meatGTIN.digits14),
                                                 .init(ai: "3103", value: "000500"), .init(ai: "3922", value: "00645")])
        _ = try session.scan(.gs1(priced), context: custom.context)
        #expect(session.basket.activeLines.last?.measure == .labelPrice(euros(645), grams: 500))
        // A per-kg product scanned by its plain GTIN cannot be priced.
        #expect(throws: BasketError.weightRequired("ROTI")) { try session.scan(.gtin(meatGTIN), context: custom.context) }
        _ = harness
    }

    @Test func depositLineFollowsItsBottle() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        let outcome = try session.scan(try item(DemoCatalog.sparklingWater), context: harness.context)
        #expect(outcome.events.map(\.payload.name) == ["lineAdded", "lineAdded"])
        let bottle = try #require(session.basket.activeItemLines.first)
        #expect(session.basket.depositLines(of: bottle.id).map(\.unitPrice) == [euros(20)])
        _ = try session.changeQuantity(of: bottle.id, to: 6, context: harness.context)
        #expect(session.basket.depositLines(of: bottle.id).map(\.quantity) == [6])
        var totals = try harness.totals(session)
        #expect(totals.depositTotal == euros(120))
        #expect(totals.total == euros(660 + 120))
        _ = try session.voidLine(bottle.id, context: harness.context)
        totals = try harness.totals(session)
        #expect(totals.total == euros(0))
        #expect(session.basket.lines.count == 2)  // voided, not erased
        #expect(session.basket.customerVoidCount == 1)
    }

    @Test func unknownCodeIsALineLessCallForStaff() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        let unknown = DemoCatalog.ean13("400000000001")
        let outcome = try session.scan(.gtin(unknown), context: harness.context)
        #expect(outcome.action == .callStaff(.unknownCode(unknown.printedForm)))
        #expect(outcome.events.map(\.payload.name) == ["unknownCodeScanned"])
        #expect(session.basket.lines.isEmpty)
        #expect(session.basket.unknownCodeCount == 1)
        let raw = try session.scan(.unrecognised(raw: Array("HELLO".utf8)), context: harness.context)
        #expect(raw.action == .callStaff(.unknownCode("HELLO")))
    }

    @Test func saleStoppedItemIsRefusedWithItsReason() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        let outcome = try session.scan(try item(DemoCatalog.groundBeef), context: harness.context)
        #expect(outcome.action == .callStaff(.saleStopped(DemoCatalog.groundBeef, .recall)))
        #expect(outcome.events.first?.payload == .saleRefused(productID: DemoCatalog.groundBeef,
            code: try #require(DemoCatalog.gtin(of: DemoCatalog.groundBeef)).printedForm, reason: .recall))
        #expect(session.basket.lines.isEmpty)
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        let label: String
        let expected: BasketError
        let act: @Sendable (inout BasketSession, SessionContext, LineID) throws(BasketError) -> SessionOutcome
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "zero quantity", expected: .invalidQuantity(0)) { s, c, l throws(BasketError) in
            try s.changeQuantity(of: l, to: 0, context: c)
        },
        BadInput(label: "negative quantity", expected: .invalidQuantity(-2)) { s, c, l throws(BasketError) in
            try s.changeQuantity(of: l, to: -2, context: c)
        },
        BadInput(label: "over-limit quantity", expected: .quantityOverLimit(100, limit: 99)) { s, c, l throws(BasketError) in
            try s.changeQuantity(of: l, to: 100, context: c)
        },
        BadInput(label: "absurd weight", expected: .absurdWeight(grams: 99_999, limit: 30_000)) { s, c, _ throws(BasketError) in
            try s.scan(.variableMeasure(VariableMeasureCode(itemReference: "10001", measure: .weightGrams(99_999),
                                                             ruleName: "fr-weight-21", code: "2110001999990")), context: c)
        },
        BadInput(label: "zero weight", expected: .absurdWeight(grams: 0, limit: 30_000)) { s, c, _ throws(BasketError) in
            try s.scan(.variableMeasure(VariableMeasureCode(itemReference: "10001", measure: .weightGrams(0),
                                                             ruleName: "fr-weight-21", code: "2110001000000")), context: c)
        },
        BadInput(label: "weight label on a unit product", expected: .measureMismatch(DemoCatalog.comte)) { s, c, _ throws(BasketError) in
            try s.scan(.variableMeasure(VariableMeasureCode(itemReference: "20001", measure: .count(3),
                                                             ruleName: "fr-count-25", code: "2520001000030")), context: c)
        },
        BadInput(label: "unknown line", expected: .unknownLine(LineID(uuid: .init()))) { s, c, _ throws(BasketError) in
            try s.voidLine(LineID(uuid: .init()), context: c)
        },
        BadInput(label: "unknown coupon", expected: .unknownCoupon("0430000009999")) { s, c, _ throws(BasketError) in
            try s.scan(.coupon(CouponCode(code: "0430000009999", value: nil)), context: c)
        },
        BadInput(label: "unknown loyalty card", expected: .unknownLoyaltyCard("0420000009999")) { s, c, _ throws(BasketError) in
            try s.scan(.loyaltyCard("0420000009999"), context: c)
        },
        BadInput(label: "staff badge as an item", expected: .notAnItem(kind: "staff badge")) { s, c, _ throws(BasketError) in
            try s.scan(.staffBadge("0410000000017"), context: c)
        },
        BadInput(label: "pay before checkout", expected: .illegalTransition(action: "pay", state: .scanning)) {
            s, c, _ throws(BasketError) in try s.pay(PaymentReceipt(amount: euros(115), reference: "T1"), context: c)
        },
        BadInput(label: "exit before paying", expected: .illegalTransition(action: "exit", state: .scanning)) {
            s, c, _ throws(BasketError) in try s.exit(context: c)
        },
        BadInput(label: "audit without decision", expected: .illegalTransition(action: "startAudit", state: .scanning)) {
            s, c, _ throws(BasketError) in try s.startAudit(staffID: "S1", context: c)
        },
        BadInput(label: "approve with nothing pending",
                 expected: .illegalTransition(action: "grantApproval", state: .scanning)) { s, c, _ throws(BasketError) in
            try s.grantApproval(staffID: "S1", context: c)
        },
    ]

    @Test(arguments: badInputs)
    func badInputIsATypedErrorAndChangesNothing(_ input: BadInput) throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        let lineID = try #require(session.basket.lines.first?.id)
        let before = session
        var thrown: BasketError?
        do { _ = try input.act(&session, harness.context, lineID) } catch { thrown = error }
        if case .unknownLine = input.expected {
            #expect(thrown?.code == "unknownLine")
        } else {
            #expect(thrown == input.expected)
        }
        #expect(session == before)
    }

    @Test func ageRestrictedItemNeedsStaffApproval() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        let outcome = try session.scan(try item(DemoCatalog.redWine), context: harness.context)
        #expect(outcome.action == .requestAgeApproval(minimumAge: 18))
        #expect(session.state == .approvalNeeded)
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)  // scanning goes on
        #expect(session.state == .approvalNeeded)
        #expect(throws: BasketError.illegalTransition(action: "requestCheckout", state: .approvalNeeded)) {
            try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 1, context: harness.context)
        }
        _ = try session.grantApproval(staffID: "STAFF-7", context: harness.context)
        #expect(session.state == .scanning)
        #expect(session.events.last?.payload == .approvalGranted(staffID: "STAFF-7"))
        // Once approved for 18, another 18+ item needs no new approval.
        #expect(try session.scan(try item(DemoCatalog.redWine), context: harness.context).action == .updateDisplay)
    }

    @Test func refusedApprovalVoidsTheRestrictedLines() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.whisky), context: harness.context)
        _ = try session.refuseApproval(staffID: "STAFF-7", context: harness.context)
        #expect(session.state == .scanning)
        #expect(session.basket.activeItemLines.map(\.productID) == [DemoCatalog.baguette])
    }

    @Test func fullLifecycleWithoutAudit() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: DemoCatalog.marieCard)
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        // Marie: 12 trips, no failed audit; low risk: 5 %. Seed 3 draws above it.
        let checkout = try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 3, context: harness.context)
        let decision = try #require(session.auditDecision)
        #expect(decision.draw >= 500)
        #expect(checkout.action == .collectPayment(amount: euros(115)))
        #expect(session.state == .readyToPay)
        #expect(throws: BasketError.paymentMismatch(expected: euros(115), received: euros(100))) {
            try session.pay(PaymentReceipt(amount: euros(100), reference: "T1"), context: harness.context)
        }
        #expect(try session.pay(PaymentReceipt(amount: euros(115), reference: "T1"), context: harness.context).action
            == .openExitGate)
        #expect(throws: BasketError.illegalTransition(action: "abandon", state: .paid)) {
            try session.abandon(context: harness.context)
        }
        _ = try session.exit(context: harness.context)
        #expect(session.state == .exited)
        #expect(throws: BasketError.illegalTransition(action: "scan", state: .exited)) {
            try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        }
    }

    @Test func suspendAndResumeOnAnotherDevice() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.whisky), context: harness.context)
        _ = try session.suspend(reason: .handoff, context: harness.context)
        #expect(session.state == .suspended)
        #expect(throws: BasketError.illegalTransition(action: "scan", state: .suspended)) {
            try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        }
        _ = try session.resume(on: "handheld-3", context: harness.context)
        #expect(session.state == .approvalNeeded)
        #expect(session.deviceID == "handheld-3")
    }

    @Test func abandonAndVoidAreTerminal() throws {
        let harness = try TripHarness.demo()
        var abandoned = try harness.open()
        _ = try abandoned.abandon(context: harness.context)
        #expect(abandoned.state == .abandoned)
        var voided = try harness.open(sessionSeed: 9)
        _ = try voided.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try voided.voidSession(staffID: "S1", reason: .customerRequest, context: harness.context)
        #expect(voided.state == .void)
        #expect(throws: BasketError.self) { try voided.abandon(context: harness.context) }
    }

    @Test func emptyCheckoutIsRefused() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.voidLine(try #require(session.basket.lines.first?.id), context: harness.context)
        #expect(throws: BasketError.emptyBasket) {
            try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 1, context: harness.context)
        }
    }

    @Test func replayRebuildsTheSameSessionAndRejectsCorruptLogs() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: DemoCatalog.lucCard)
        _ = try session.scan(try item(DemoCatalog.sparklingWater), context: harness.context)
        _ = try session.scan(try weighed(DemoCatalog.bananas, grams: 980), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.redWine), context: harness.context)
        _ = try session.grantApproval(staffID: "S2", context: harness.context)
        _ = try session.scan(.coupon(CouponCode(code: DemoCatalog.welcomeCouponCode, value: nil)), context: harness.context)
        let replayed = try BasketSession.replay(events: session.events)
        #expect(replayed == session)
        var shuffled = session.events
        shuffled.swapAt(1, 2)
        #expect(throws: BasketError.self) { try BasketSession.replay(events: shuffled) }
        #expect(throws: BasketError.self) { try BasketSession.replay(events: Array(session.events.dropFirst())) }
    }
}

@Suite struct PriceRecheckTests {
    @Test func newerCatalogPricesAreReportedNotApplied() throws {
        let harness = try TripHarness.demo(generated: 0)
        var session = try harness.open()
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.milk), context: harness.context)
        _ = try session.scan(try labelled(DemoCatalog.comte, cents: 700), context: harness.context)
        let old = DemoCatalog.frenchHypermarket(generatedCount: 0)
        let repriced = old.products.map { product in
            product.id == DemoCatalog.baguette
                ? Product(id: product.id, gtins: product.gtins, name: product.name, pricing: .unit(euros(125)),
                          vatRate: product.vatRate)
                : product
        }.filter { $0.id != DemoCatalog.milk }
        let newer = try CatalogIndex(CatalogSnapshot(version: CatalogVersion(2), currency: .eur, products: repriced,
                                                     promotions: old.promotions, customers: old.customers))
        let differences = try PriceRecheck.differences(basket: session.basket, catalog: newer)
        #expect(differences.map(\.productID) == [DemoCatalog.baguette, DemoCatalog.milk])
        #expect(differences.first?.scannedPrice == euros(115))
        #expect(differences.first?.currentPrice == euros(125))
        #expect(differences.last?.currentPrice == nil)
        #expect(differences.allSatisfy { $0.scannedVersion == CatalogVersion(1) && $0.currentVersion == CatalogVersion(2) })
        #expect(session.basket.activeItemLines.first?.unitPrice == euros(115))  // the basket keeps its price
    }
}

@Suite struct SessionIdleTests {
    @Test func idleAfterTimeoutOnlyBeforePayment() throws {
        var harness = try TripHarness.demo(generated: 0)
        var session = try harness.open()
        #expect(!session.isIdle(at: harness.clock.instant + .seconds(14 * 60), timeout: .seconds(15 * 60)))
        #expect(session.isIdle(at: harness.clock.instant + .seconds(15 * 60), timeout: .seconds(15 * 60)))
        harness.clock.advance(by: .seconds(600))
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        #expect(!session.isIdle(at: harness.clock.instant + .seconds(14 * 60), timeout: .seconds(15 * 60)))
        _ = try session.abandon(context: harness.context)
        #expect(!session.isIdle(at: harness.clock.instant + .seconds(60 * 60), timeout: .seconds(15 * 60)))
    }
}
