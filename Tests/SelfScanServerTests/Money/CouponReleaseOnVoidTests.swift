import Foundation
import HummingbirdTesting
import SelfScanAPI
import SelfScanServer
import SelfScanStorage
import Testing

/// A single-use coupon spent on a basket that staff then void goes back to the shopper: the void queues one
/// `couponReleased` item for the referential, after the session's events (it used to stay spent).
@Suite("Daemon: a voided basket releases its single-use coupons")
struct CouponReleaseOnVoidTests {
    @Test(arguments: [CouponSpendVerdict.granted, .unreachable])
    func voidingABasketQueuesTheReleaseOfItsCoupon(_ verdict: CouponSpendVerdict) async throws {
        try await withLiveDaemon(SyncMoneyAPITests.storeConfig(try makeTemporaryDirectory())) { daemon, client in
            await daemon.sessions?.setCouponSpender(ScriptedCouponSpender(verdict))
            let scanned = try await SyncMoneyAPITests.scanSingleUseCoupon(client, serial: "SER-REL-1")
            #expect(scanned.status == .ok, "\(scanned.body)")
            #expect(try SyncMoneyAPITests.outboxRows(daemon).filter { $0.message.kind == "couponReleased" }.isEmpty)

            let attendant = try await client.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
            let voided = try await client.json(
                .post, "/v1/staff/sessions/\(scanned.id)/void", body: ["reason": "customer left the store"],
                headers: attendant)
            #expect(voided.status == .ok, "\(voided.body)")

            let rows = try SyncMoneyAPITests.outboxRows(daemon).filter { $0.message.orderingKey == scanned.id }
            let releases = rows.filter { $0.message.kind == IngestKind.couponReleased.rawValue }
            #expect(releases.count == 1)
            let release = try ProtocolJSON.decoder().decode(
                CouponRelease.self, from: try #require(releases.first).message.payload)
            #expect(release.serial == "SER-REL-1")
            #expect(release.sessionID == scanned.id)
            // After the void event (and after the offline spend, when there is one), in the session's order.
            let kinds = rows.sorted { $0.sequence < $1.sequence }.map(\.message.kind)
            #expect(kinds.last == IngestKind.couponReleased.rawValue, "\(kinds)")
            if verdict == .unreachable {
                let spent = try #require(kinds.firstIndex(of: IngestKind.couponSpent.rawValue))
                #expect(spent < kinds.count - 1)
            }
            // Voiding again changes nothing: released once.
            let again = try await client.json(
                .post, "/v1/staff/sessions/\(scanned.id)/void", body: ["reason": "twice"], headers: attendant)
            #expect(again.status != .ok)
            #expect(try SyncMoneyAPITests.outboxRows(daemon).filter { $0.message.kind == "couponReleased" }.count == 1)
        }
    }
}
