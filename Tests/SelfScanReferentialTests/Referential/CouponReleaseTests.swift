import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// A single-use coupon spent on a basket that is then voided or abandoned goes back to the shopper: the
/// daemon queues a `couponReleased` item and the referential frees the serial, once, and only when that
/// basket still holds it. It used to stay spent: the shopper lost the coupon.
@Suite("Referential: single-use coupons released by voided baskets")
struct CouponReleaseTests {
    static func item(_ kind: IngestKind, id: String, session: String, sequence: Int64, payload: some Encodable)
        throws -> IngestItem
    {
        IngestItem(
            id: id, kind: kind, storeID: "rouen-1", orderingKey: session, sequence: sequence,
            createdAt: Fixtures.day(), payload: try ProtocolJSON.value(of: payload))
    }

    static func release(_ serial: String, _ session: String, sequence: Int64 = 2) throws -> IngestItem {
        try item(
            .couponReleased, id: "coupon-release-\(serial)-\(session)", session: session, sequence: sequence,
            payload: CouponRelease(serial: serial, sessionID: session, releasedAt: Fixtures.day()))
    }

    static func granted(_ outcome: ReferentialClient.CouponSpendOutcome) -> Bool {
        if case .granted = outcome { true } else { false }
    }

    @Test("a released serial can be spent again; a release from a basket that does not hold it frees nothing", arguments: TestBackend.allCases)
    func releaseFreesTheSerialOnce(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let kiosk = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-1"))
                let other = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-2"))
                #expect(Self.granted(try await kiosk.spendCoupon(serial: "REL-1", session: "S-void", at: Fixtures.day())))
                #expect(!Self.granted(try await other.spendCoupon(serial: "REL-1", session: "S-next", at: Fixtures.day())))

                let released = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try Self.release("REL-1", "S-void")]))
                #expect(released.results.map(\.outcome) == [.accepted])
                #expect(Self.granted(try await other.spendCoupon(serial: "REL-1", session: "S-next", at: Fixtures.day())))

                // The release again (a retried push): a duplicate, the new holder keeps the serial.
                let replay = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try Self.release("REL-1", "S-void")]))
                #expect(replay.results.map(\.outcome) == [.duplicate])
                #expect(!Self.granted(try await kiosk.spendCoupon(serial: "REL-1", session: "S-third", at: Fixtures.day())))
                // A release by a basket that never held the serial frees nothing.
                _ = try await kiosk.ingest(IngestBatch(storeID: "rouen-1", items: [try Self.release("REL-1", "S-stranger")]))
                #expect(!Self.granted(try await kiosk.spendCoupon(serial: "REL-1", session: "S-fourth", at: Fixtures.day())))
            }
        }
    }

    @Test("a coupon spent offline and released in one push is free afterwards, whatever the items' id order", arguments: TestBackend.allCases)
    func offlineSpendAndReleaseInOneBatch(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let kiosk = server.client(token: try await server.token(store: "rouen-1", device: "kiosk-1"))
                // A lower-case serial: the release's id ("coupon-release-…") sorts before the spend's.
                let spend = try Self.item(
                    .couponSpent, id: "coupon-zz-9-S-off", session: "S-off", sequence: 1,
                    payload: CouponSpend(serial: "zz-9", sessionID: "S-off", spentAt: Fixtures.day()))
                let pushed = try await kiosk.ingest(IngestBatch(
                    storeID: "rouen-1", items: [spend, try Self.release("zz-9", "S-off")]))
                #expect(pushed.results.map(\.outcome) == [.accepted, .accepted], "\(pushed.results)")
                #expect(Self.granted(try await kiosk.spendCoupon(serial: "zz-9", session: "S-later", at: Fixtures.day())))
            }
        }
    }
}
