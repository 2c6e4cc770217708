import Testing
import SelfScanDemo
@testable import SelfScanCore

/// A session driver over a catalog with a manual clock (no sleeps, no devices).
struct TripHarness {
    var catalog: CatalogIndex
    var clock = ManualClock(at: Instant(nanosecondsSinceEpoch: 1_763_900_000_000_000_000))
    var limits = BasketLimits.standard

    init(_ snapshot: CatalogSnapshot) throws {
        catalog = try CatalogIndex(snapshot)
    }

    static func demo(generated: Int = 50) throws -> TripHarness {
        try TripHarness(DemoCatalog.frenchHypermarket(generatedCount: generated))
    }

    var context: SessionContext { SessionContext(catalog: catalog, clock: clock, limits: limits) }

    func open(card: String? = nil, sessionSeed: UInt64 = 1) throws -> BasketSession {
        var ids = SeededIdentifierSource(seed: sessionSeed)
        return try BasketSession.open(
            id: SessionID(uuid: ids.nextUUID()), storeID: DemoCatalog.storeID, deviceID: "kiosk-1", loyaltyCard: card,
            context: context
        ).session
    }

    func totals(_ session: BasketSession) throws -> BasketTotals { try session.totals(context: context) }
}

func euros(_ cents: Int64) -> Money { Money(minor: cents, currency: .eur) }

/// The scan of a notable demo product's GTIN.
func item(_ product: ProductID) throws -> ScannedCode {
    .gtin(try #require(DemoCatalog.gtin(of: product)))
}

/// A scale label `21` + item reference + grams (French default weight rule).
func weighed(_ product: ProductID, grams: Int) throws -> ScannedCode {
    let reference = try #require(DemoCatalog.itemReference(of: product))
    let value = String(grams)
    return .variableMeasure(VariableMeasureCode(
        itemReference: reference, measure: .weightGrams(grams), ruleName: "fr-weight-21",
        code: "21" + reference + String(repeating: "0", count: max(0, 5 - value.count)) + value + "0"))
}

/// A price label `23` + item reference + cents (French default price rule).
func labelled(_ product: ProductID, cents: Int64) throws -> ScannedCode {
    let reference = try #require(DemoCatalog.itemReference(of: product))
    let value = String(cents)
    return .variableMeasure(VariableMeasureCode(
        itemReference: reference, measure: .price(euros(cents)), ruleName: "fr-price-23",
        code: "23" + reference + String(repeating: "0", count: max(0, 5 - value.count)) + value + "0"))
}

extension BasketSession {
    /// Scans `code` `times` times.
    mutating func scan(_ code: ScannedCode, times: Int, context: SessionContext) throws {
        for _ in 0..<times { _ = try scan(code, context: context) }
    }
}

extension BasketTotals {
    func discount(_ promotion: PromotionID) -> Money? {
        discounts.first { $0.promotionID == promotion }?.amount
    }
}
