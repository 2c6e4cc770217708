import Foundation
import Testing
import SelfScanDemo
@testable import SelfScanCore

/// Storage and sync persist and ship events as JSON: the shape is a contract.
@Suite struct BasketEventCodingTests {
    @Test func eventJSONShapeIsStable() throws {
        let session = try #require(SessionID(uuidString: "7A1C6F0E-2F7B-4C1D-9C55-0B7E5E3A9D10"))
        let event = BasketEvent(
            id: try #require(EventID(uuidString: "0F0E0D0C-0B0A-4908-8706-050403020100")), sessionID: session,
            sequence: 4, timestamp: Instant(nanosecondsSinceEpoch: 1_763_900_000_000_000_000),
            payload: .quantityChanged(lineID: try #require(LineID(uuidString: "11111111-2222-4333-8444-555555555555")),
                                      quantity: 3))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(event), as: UTF8.self)
        #expect(text == """
            {"id":"0F0E0D0C-0B0A-4908-8706-050403020100","payload":{"quantityChanged":{"lineID":"11111111-2222-4333-8444-555555555555","quantity":3}},"sequence":4,"sessionID":"7A1C6F0E-2F7B-4C1D-9C55-0B7E5E3A9D10","timestampNanos":1763900000000000000}
            """)
    }

    @Test func everyEventOfARealTripRoundTrips() throws {
        let harness = try TripHarness.demo()
        var session = try harness.open(card: DemoCatalog.marieCard)
        _ = try session.scan(try item(DemoCatalog.sparklingWater), context: harness.context)
        _ = try session.scan(try weighed(DemoCatalog.apples, grams: 700), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.whisky), context: harness.context)
        _ = try session.grantApproval(staffID: "S1", context: harness.context)
        _ = try session.scan(.coupon(CouponCode(code: "2600001000500", value: euros(50))), context: harness.context)
        _ = try session.scan(try item(DemoCatalog.groundBeef), context: harness.context)
        _ = try session.requestCheckout(policy: AuditPolicy(riskLevel: .low), seed: 5, context: harness.context)
        _ = try session.startAudit(staffID: "S2", context: harness.context)
        _ = try session.completeAudit(staffID: "S2", counted: [DemoCatalog.whisky: 1, DemoCatalog.sparklingWater: 2,
                                                               DemoCatalog.apples: 1], context: harness.context)
        _ = try session.acknowledgeAudit(context: harness.context)
        let data = try JSONEncoder().encode(session.events)
        let decoded = try JSONDecoder().decode([BasketEvent].self, from: data)
        #expect(decoded == session.events)
        #expect(try BasketSession.replay(events: decoded) == session)
        #expect(Set(session.events.map(\.payload.name)).isSuperset(of: [
            "sessionOpened", "lineAdded", "approvalRequested", "approvalGranted", "couponAdded", "saleRefused",
            "checkoutRequested", "auditDecided", "auditStarted", "auditCompleted", "auditAcknowledged",
        ]))
        #expect(Set(session.events.map(\.id)).count == session.events.count)
    }
}
