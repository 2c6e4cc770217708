import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// A voided basket released its single-use coupon; a charge staff confirmed later finished the sale with the
/// coupon's discount, so the daemon spends the serial again (`couponSpent`, after the release). The
/// referential must end with the serial held by that basket — also when the spend, the release and the
/// re-spend arrive in one push (it used to free the serial whatever came after the release) — and flag a
/// serial another basket took meanwhile (`couponDoubleSpend`) rather than lose anything.
@Suite("Referential: coupons spent again when a late charge finishes a voided sale")
struct CouponRespendTests {
    static func respend(_ serial: String, _ session: String, sequence: Int64) throws -> IngestItem {
        try CouponReleaseTests.item(
            .couponSpent, id: "coupon-respent-\(serial)-\(session)", session: session, sequence: sequence,
            payload: CouponSpend(serial: serial, sessionID: session, spentAt: Fixtures.day()))
    }

    @Test("spend, release and re-spend in one push: the serial stays with the basket", arguments: TestBackend.allCases)
    func respendInTheSameBatchWins(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let kiosk = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-1"))
                let spend = try CouponReleaseTests.item(
                    .couponSpent, id: "coupon-zz-7-S-late", session: "S-late", sequence: 1,
                    payload: CouponSpend(serial: "zz-7", sessionID: "S-late", spentAt: Fixtures.day()))
                let pushed = try await kiosk.ingest(IngestBatch(
                    storeID: "rouen-1",
                    items: [spend, try CouponReleaseTests.release("zz-7", "S-late", sequence: 2),
                        try Self.respend("zz-7", "S-late", sequence: 3)]))
                #expect(pushed.results.map(\.outcome) == [.accepted, .accepted, .accepted], "\(pushed.results)")
                #expect(!CouponReleaseTests.granted(
                    try await kiosk.spendCoupon(serial: "zz-7", session: "S-other", at: Fixtures.day())),
                    "the late-charged basket holds its coupon again")
                #expect(try await store.auditFlags(store: "rouen-1").isEmpty)
            }
        }
    }

    @Test("one push: basket A spends then releases a coupon, basket B uses it in the same second: B holds it, no flag",
          arguments: TestBackend.allCases)
    func anotherBasketUsesAReleasedCouponInTheSamePush(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let kiosk = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-1"))
                // The push groups items by session: B's spend may come before A's release in the batch.
                let spendB = try CouponReleaseTests.item(
                    .couponSpent, id: "coupon-X-9-S-b", session: "S-b", sequence: 1,
                    payload: CouponSpend(serial: "X-9", sessionID: "S-b", spentAt: Fixtures.day()))
                let spendA = try CouponReleaseTests.item(
                    .couponSpent, id: "coupon-X-9-S-a", session: "S-a", sequence: 1,
                    payload: CouponSpend(serial: "X-9", sessionID: "S-a", spentAt: Fixtures.day()))
                let pushed = try await kiosk.ingest(IngestBatch(
                    storeID: "rouen-1", items: [spendA, spendB, try CouponReleaseTests.release("X-9", "S-a", sequence: 2)]))
                #expect(pushed.results.map(\.outcome) == [.accepted, .accepted, .accepted], "\(pushed.results)")
                #expect(try await store.auditFlags(store: "rouen-1").isEmpty, "B's spend is no double spend")
                #expect(!CouponReleaseTests.granted(
                    try await kiosk.spendCoupon(serial: "X-9", session: "S-c", at: Fixtures.day())),
                    "basket B holds the coupon")
            }
        }
    }

    @Test("release then re-spend in separate pushes: held again; taken meanwhile: flagged", arguments: TestBackend.allCases)
    func respendAcrossBatches(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let kiosk = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-1"))
                let other = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-2"))
                // Free again after the release, then spent again by the late charge.
                #expect(CouponReleaseTests.granted(try await kiosk.spendCoupon(serial: "R-1", session: "S-a", at: Fixtures.day())))
                _ = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try CouponReleaseTests.release("R-1", "S-a")]))
                let again = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try Self.respend("R-1", "S-a", sequence: 3)]))
                #expect(again.results.map(\.outcome) == [.accepted])
                #expect(!CouponReleaseTests.granted(try await other.spendCoupon(serial: "R-1", session: "S-b", at: Fixtures.day())))

                // Another basket took the released serial before the re-spend arrived: recorded and flagged.
                #expect(CouponReleaseTests.granted(try await kiosk.spendCoupon(serial: "R-2", session: "S-c", at: Fixtures.day())))
                _ = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try CouponReleaseTests.release("R-2", "S-c")]))
                #expect(CouponReleaseTests.granted(try await other.spendCoupon(serial: "R-2", session: "S-d", at: Fixtures.day())))
                let late = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try Self.respend("R-2", "S-c", sequence: 3)]))
                #expect(late.results.map(\.outcome) == [.accepted])
                let flags = try await store.auditFlags(store: "rouen-1")
                #expect(flags.map(\.kind) == ["couponDoubleSpend"])
                #expect(flags.first?.subject == "R-2/S-c")
            }
        }
    }
}
