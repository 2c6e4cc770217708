import Testing
import SelfScanDemo
@testable import SelfScanCore

@Suite struct AuditPolicyTests {
    func basket(_ scans: [ScannedCode], card: String? = nil) throws -> (BasketSession, TripHarness) {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: card)
        for scan in scans { _ = try session.scan(scan, context: harness.context) }
        return (session, harness)
    }

    @Test(arguments: [(StoreRiskLevel.low, 500), (.medium, 1000), (.high, 1500)])
    func baseRateByStoreRiskLevel(level: StoreRiskLevel, points: Int) throws {
        let (session, harness) = try basket([try item(DemoCatalog.baguette)], card: DemoCatalog.marieCard)
        let score = AuditPolicy(riskLevel: level).score(basket: session.basket,
                                                        customer: harness.catalog.customer(id: DemoCatalog.marie))
        #expect(score.probabilityBasisPoints == points)
        #expect(score.factors == [AuditFactor(reason: .baseRate(level), addedBasisPoints: points)])
    }

    @Test func everyRiskFactorIsNamedWithItsPoints() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: DemoCatalog.paulCard)  // 2 failed audits: band `high`
        for _ in 0..<7 { _ = try session.scan(.gtin(DemoCatalog.ean13("400000000001")), context: harness.context) }
        _ = try session.scan(try labelled(DemoCatalog.comte, cents: 900), context: harness.context)
        _ = try session.scan(.coupon(CouponCode(code: "2600001002000", value: euros(200))), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.baguette), context: harness.context)
        _ = try session.voidLine(try #require(session.basket.activeItemLines.last?.id), context: harness.context)
        let policy = AuditPolicy(riskLevel: .low)
        let paul = harness.catalog.customer(id: DemoCatalog.paul)
        let score = policy.score(basket: session.basket, customer: paul)
        #expect(score.factors == [
            AuditFactor(reason: .baseRate(.low), addedBasisPoints: 500),
            AuditFactor(reason: .auditRiskBand(.high), addedBasisPoints: 4500),  // the band, never the count
            AuditFactor(reason: .voidedLines(count: 1), addedBasisPoints: 300),
            AuditFactor(reason: .unknownItems(count: 7), addedBasisPoints: 2000),  // capped
            AuditFactor(reason: .embeddedPriceLabels(count: 1), addedBasisPoints: 200),
            AuditFactor(reason: .discountStickers(count: 1), addedBasisPoints: 500),
        ])
        #expect(score.probabilityBasisPoints == 8000)
        #expect(!score.isForced)
        // A first trip and an anonymous customer raise the score too.
        let luc = harness.catalog.customer(id: DemoCatalog.luc)
        #expect(policy.score(basket: Basket(currency: .eur), customer: luc).factors.map(\.reason)
            == [.baseRate(.low), .firstTrip])
        #expect(policy.score(basket: Basket(currency: .eur), customer: nil).factors.map(\.reason)
            == [.baseRate(.low), .anonymousCustomer])
    }

    @Test func alwaysAuditProductForcesTheAudit() throws {
        let (session, harness) = try basket([try item(DemoCatalog.earbuds)], card: DemoCatalog.marieCard)
        let policy = AuditPolicy(riskLevel: .low)
        for seed in UInt64(1)...20 {
            let decision = policy.decide(basket: session.basket, customer: harness.catalog.customer(id: DemoCatalog.marie),
                                         seed: seed)
            #expect(decision.isRequired)
            #expect(decision.score.factors.last?.reason == .alwaysAuditProduct(DemoCatalog.earbuds))
        }
    }

    @Test func drawIsReproducibleAndMatchesTheRate() throws {
        var scans: [ScannedCode] = []
        for product in [DemoCatalog.baguette, DemoCatalog.milk, DemoCatalog.pasta, DemoCatalog.butter, DemoCatalog.coffee,
                        DemoCatalog.eggs, DemoCatalog.yogurt, DemoCatalog.shampoo] { scans.append(try item(product)) }
        let (session, harness) = try basket(scans, card: DemoCatalog.marieCard)
        let marie = harness.catalog.customer(id: DemoCatalog.marie)
        let policy = AuditPolicy(riskLevel: .medium)
        let first = policy.decide(basket: session.basket, customer: marie, seed: 77)
        #expect(policy.decide(basket: session.basket, customer: marie, seed: 77) == first)
        let audited = (UInt64(0)..<4000).filter { policy.decide(basket: session.basket, customer: marie, seed: $0).isRequired }
        #expect((320...480).contains(audited.count))  // 10 % of 4000 draws, seeded: always the same count
        let partial = try #require(audited.first.map { policy.decide(basket: session.basket, customer: marie, seed: $0) })
        #expect(partial.mode == .partial(lineCount: 5))
        #expect(partial.linesToCheck.count == 5)
        #expect(Set(partial.linesToCheck).isSubset(of: Set(session.basket.activeItemLines.map(\.id))))
    }

    @Test func partialAuditIncludesLabelLinesAndReconcilesOnlyCheckedProducts() throws {
        var scans: [ScannedCode] = [try labelled(DemoCatalog.comte, cents: 1234)]
        for product in [DemoCatalog.baguette, DemoCatalog.milk, DemoCatalog.pasta, DemoCatalog.butter, DemoCatalog.coffee,
                        DemoCatalog.eggs, DemoCatalog.yogurt, DemoCatalog.shampoo] { scans.append(try item(product)) }
        var (session, harness) = try basket(scans, card: DemoCatalog.marieCard)
        let policy = AuditPolicy(riskLevel: .high, partialLineCount: 3)
        let marie = harness.catalog.customer(id: DemoCatalog.marie)
        let seed = try #require((UInt64(1)...300).first { policy.decide(basket: session.basket, customer: marie, seed: $0).isRequired })
        _ = try session.requestCheckout(policy: policy, seed: seed, context: harness.context)
        let decision = try #require(session.auditDecision)
        #expect(decision.mode == .partial(lineCount: 3))
        let comteLine = try #require(session.basket.activeItemLines.first { $0.productID == DemoCatalog.comte })
        #expect(decision.linesToCheck.contains(comteLine.id))
        _ = try session.startAudit(staffID: "S9", context: harness.context)
        // Staff find every checked product, plus an unrelated item that partial audits do not look at.
        var counted: [ProductID: Int] = [DemoCatalog.earbuds: 1]
        for id in decision.linesToCheck { if let line = session.basket.line(id) { counted[line.productID] = line.quantity } }
        let outcome = try session.completeAudit(staffID: "S9", counted: counted, context: harness.context)
        #expect(session.auditReport?.passed == true)
        #expect(session.state == .readyToPay)
        #expect(outcome.events.map(\.payload.name) == ["auditCompleted", "auditAcknowledged"])
        #expect(outcome.action == .collectPayment(amount: try harness.totals(session).total))
    }

    @Test func auditWithNegativeCountIsRefusedAndChangesNothing() throws {
        var (session, harness) = try basket([try item(DemoCatalog.earbuds)])
        _ = try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 1, context: harness.context)
        _ = try session.startAudit(staffID: "S1", context: harness.context)
        let before = session
        #expect(throws: BasketError.invalidQuantity(-1)) {
            try session.completeAudit(staffID: "S1", counted: [DemoCatalog.earbuds: -1], context: harness.context)
        }
        #expect(session == before)
    }
}
