import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanServer
import SelfScanStorage
import SelfScanSync
import Synchronization
import Testing

/// A coupon spender that answers as told and counts the asks.
final class ScriptedCouponSpender: CouponSpender {
    let verdict: CouponSpendVerdict
    let asks = Atomic<Int>(0)
    init(_ verdict: CouponSpendVerdict) { self.verdict = verdict }
    func spend(serial: String, session: String, at date: Date) async -> CouponSpendVerdict {
        asks.add(1, ordering: .relaxed)
        return verdict
    }
}

/// Issue 15 #2, #5, #9, #11 at the daemon's API, over loopback HTTP.
@Suite("Daemon API: scan limits, one exit per basket, single-use coupons, loyalty card in the closed basket")
struct SyncMoneyAPITests {
    static func storeConfig(_ dir: String) -> DaemonConfig {
        var config = testConfig(role: .store, dataDirectory: dir)
        config.catalogSeed = .frenchHypermarketDemo
        return config
    }

    static func shopper(_ token: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Session-Token")!] = token  // a valid literal field name
        return headers
    }

    static func outboxRows(_ daemon: Daemon) throws -> [OutboxEntry] {
        try Outbox(database: try #require(daemon.database)).dueBatch(limit: 10_000, now: Date().addingTimeInterval(86_400))
    }

    @Test("a 4 KB scan payload is refused 422 scanPayloadTooLong and changes nothing")
    func oversizedScanPayloadIsRefused() async throws {
        try await withLiveDaemon(Self.storeConfig(try makeTemporaryDirectory())) { daemon, client in
            let opened = try await client.json(.post, "/v1/sessions", body: [:])
            let token = try #require(opened.body["token"] as? String)
            let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
            let before = try Self.outboxRows(daemon).count
            let junk = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": String(repeating: "Z", count: 4096)],
                headers: Self.shopper(token))
            #expect(junk.status == .unprocessableContent)
            #expect(errorCode(junk.body) == "scanPayloadTooLong")
            #expect(try Self.outboxRows(daemon).count == before)
            let fine = try await client.json(
                .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.yogurt)],
                headers: Self.shopper(token))
            #expect(fine.status == .ok)
        }
    }

    @Test("a re-issued pass of a basket that left is refused basketAlreadyExited; the exit is queued for the referential")
    func basketExitsOnce() async throws {
        try await withLiveDaemon(Self.storeConfig(try makeTemporaryDirectory())) { daemon, client in
            let session = UUID().uuidString
            func pass() throws -> String {
                let token = try daemon.passes.issue(
                    SignedPass(
                        kind: .exit, store: daemon.config.store, session: session, total: Money(minor: 999, currency: .eur),
                        issuedAt: daemon.now(), expiresAt: daemon.now() + 600, nonce: UUID().uuidString))
                return SignedPass.qrPayload(kind: .exit, token: token)
            }
            let first = try await client.json(.post, "/v1/gate/passes", body: ["code": try pass()])
            #expect(first.status == .ok)
            let second = try await client.json(.post, "/v1/gate/passes", body: ["code": try pass()])
            #expect(second.status == .conflict)
            #expect(errorCode(second.body) == "basketAlreadyExited")
            let exits = try Self.outboxRows(daemon).filter { $0.message.kind == IngestKind.exited.rawValue }
            #expect(exits.count == 1)
            let record = try ProtocolJSON.decoder().decode(ExitRecord.self, from: try #require(exits.first).message.payload)
            #expect(record.sessionID == session)
        }
    }

    /// Opens a session, scans the detergent, then the single-use detergent coupon with `serial`.
    static func scanSingleUseCoupon(_ client: any TestClientProtocol, serial: String) async throws
        -> (status: HTTPResponse.Status, body: [String: Any], id: String, token: String)
    {
        let opened = try await client.json(.post, "/v1/sessions", body: [:])
        let token = try #require(opened.body["token"] as? String)
        let id = try #require((opened.body["session"] as? [String: Any])?["id"] as? String)
        let item = try await client.json(
            .post, "/v1/sessions/\(id)/scans", body: ["payload": try DemoCodes.ean(DemoCatalog.detergent)],
            headers: Self.shopper(token))
        #expect(item.status == .ok)
        let coupon = try await client.json(
            .post, "/v1/sessions/\(id)/scans", body: ["payload": "selfscan:coupon:\(DemoCatalog.detergentCouponCode)/\(serial)"],
            headers: Self.shopper(token))
        return (coupon.status, coupon.body, id, token)
    }

    @Test("a single-use coupon the referential says is spent is refused 409 couponAlreadySpent")
    func spentCouponIsRefused() async throws {
        try await withLiveDaemon(Self.storeConfig(try makeTemporaryDirectory())) { daemon, client in
            let spender = ScriptedCouponSpender(.alreadySpent("spent in store lyon-2"))
            await daemon.sessions?.setCouponSpender(spender)
            let answer = try await Self.scanSingleUseCoupon(client, serial: "SER-0001")
            #expect(answer.status == .conflict)
            #expect(errorCode(answer.body) == "couponAlreadySpent")
            #expect(spender.asks.load(ordering: .relaxed) == 1)
        }
    }

    @Test("offline, a single-use coupon is accepted, queued as couponSpent and flagged couponUnverified for the audit")
    func offlineCouponIsFlagged() async throws {
        try await withLiveDaemon(Self.storeConfig(try makeTemporaryDirectory())) { daemon, client in
            await daemon.sessions?.setCouponSpender(ScriptedCouponSpender(.unreachable))
            let answer = try await Self.scanSingleUseCoupon(client, serial: "SER-0002")
            #expect(answer.status == .ok, "\(answer.body)")
            let spends = try Self.outboxRows(daemon).filter { $0.message.kind == IngestKind.couponSpent.rawValue }
            #expect(spends.count == 1)
            let spend = try ProtocolJSON.decoder().decode(CouponSpend.self, from: try #require(spends.first).message.payload)
            #expect(spend.serial == "SER-0002")
            #expect(spend.sessionID == answer.id)
            let checkout = try await client.json(.post, "/v1/sessions/\(answer.id)/checkout", headers: Self.shopper(answer.token))
            #expect(checkout.status == .ok)
            #expect("\(checkout.body)".contains("single-use coupon accepted offline"), "\(checkout.body)")
        }
    }
}
