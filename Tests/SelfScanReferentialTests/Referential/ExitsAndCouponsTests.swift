import AsyncHTTPClient
import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanStorage
import SelfScanSync
import Testing

/// Issue 15 #5 (a basket exits once; a double exit is flagged) and #9 (a single-use coupon is spent once
/// chain-wide; an offline double spend is flagged), on SQLite and PostgreSQL over loopback HTTP.
@Suite("Referential: gate exits and single-use coupons")
struct ExitsAndCouponsTests {
    static func exitItem(store: StoreID, session: String, nonce: String) throws -> IngestItem {
        let record = ExitRecord(sessionID: session, passNonce: nonce, exitedAt: Fixtures.day())
        return IngestItem(
            id: "exit-\(nonce)", kind: .exited, storeID: store.rawValue, orderingKey: session, sequence: 1,
            createdAt: Fixtures.day(), payload: try ProtocolJSON.value(of: record))
    }

    @Test("two gates offline let one basket out twice: both exits recorded, the basket flagged doubleExit, the kiosk learns it", arguments: TestBackend.allCases)
    func doubleExitIsFlagged(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let gateA = server.client(token: try await server.token(store: "caen-1", device: "gate-a"))
                let gateB = server.client(token: try await server.token(store: "caen-1", device: "gate-b"))
                let kiosk = server.client(token: try await server.token(store: "caen-1", device: "kiosk-1"))
                let once = UUID().uuidString
                let twice = UUID().uuidString
                let first = try await gateA.ingest(IngestBatch(
                    storeID: "caen-1",
                    items: [try Self.exitItem(store: "caen-1", session: once, nonce: "n1"),
                            try Self.exitItem(store: "caen-1", session: twice, nonce: "n2")]))
                #expect(first.results.map(\.outcome) == [.accepted, .accepted])
                let replay = try await gateA.ingest(IngestBatch(
                    storeID: "caen-1", items: [try Self.exitItem(store: "caen-1", session: twice, nonce: "n2")]))
                #expect(replay.results.map(\.outcome) == [.duplicate])
                let exits = try await kiosk.exits(after: 0)
                #expect(exits.map(\.sessionID) == [once, twice])
                #expect(exits.allSatisfy { !$0.doubleExit })
                // The second gate, offline meanwhile, let `twice` out with a re-issued pass.
                let second = try await gateB.ingest(IngestBatch(
                    storeID: "caen-1", items: [try Self.exitItem(store: "caen-1", session: twice, nonce: "n3")]))
                #expect(second.results.map(\.outcome) == [.accepted])
                let later = try await kiosk.exits(after: try #require(exits.last).arrival)
                #expect(later.map(\.sessionID) == [twice])
                #expect(later.first?.doubleExit == true)
                #expect(later.first?.gateDevice == "gate-b")
                let flags = try await store.auditFlags(store: "caen-1")
                #expect(flags.map(\.kind) == ["doubleExit"])
                #expect(flags.first?.subject == twice)
                #expect(try await store.auditFlags(store: "other").isEmpty)
            }
        }
    }

    @Test("12 concurrent spends of one serial from two stores: exactly one wins; its replay is granted again", arguments: TestBackend.allCases)
    func couponRaceHasOneWinner(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let lyon = server.client(token: try await server.token(store: "lyon-2"))
                let nice = server.client(token: try await server.token(store: "nice-1"))
                let sessions = (0..<12).map { _ in UUID().uuidString }
                let outcomes = try await withThrowingTaskGroup(of: (String, ReferentialClient.CouponSpendOutcome).self) { group in
                    for (index, session) in sessions.enumerated() {
                        let client = index.isMultiple(of: 2) ? lyon : nice
                        group.addTask { (session, try await client.spendCoupon(serial: "BON-2E-000042", session: session, at: Fixtures.day())) }
                    }
                    var all: [(String, ReferentialClient.CouponSpendOutcome)] = []
                    for try await outcome in group { all.append(outcome) }
                    return all
                }
                let winners = outcomes.compactMap { session, outcome -> String? in
                    if case .granted = outcome { return session } else { return nil }
                }
                #expect(winners.count == 1)
                let winner = try #require(winners.first)
                let winnerClient = sessions.firstIndex(of: winner).map { $0.isMultiple(of: 2) ? lyon : nice }
                let replay = try await #require(winnerClient).spendCoupon(serial: "BON-2E-000042", session: winner, at: Fixtures.day())
                guard case .granted(let answer) = replay else {
                    Issue.record("the winner's replay must be granted: \(replay)")
                    return
                }
                #expect(answer.replayed)
                #expect(answer.sessionID == winner)
            }
        }
    }

    @Test("a spend made offline that arrives after another basket spent the serial is stored and flagged couponDoubleSpend", arguments: TestBackend.allCases)
    func offlineDoubleSpendIsFlagged(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let online = server.client(token: try await server.token(store: "brest-1", device: "kiosk-1"))
                let offline = server.client(token: try await server.token(store: "brest-1", device: "kiosk-2"))
                guard case .granted = try await online.spendCoupon(serial: "SER-9", session: "S-online", at: Fixtures.day()) else {
                    Issue.record("the first spend must be granted")
                    return
                }
                func spentItem(_ serial: String, _ session: String) throws -> IngestItem {
                    IngestItem(
                        id: "coupon-\(serial)-\(session)", kind: .couponSpent, storeID: "brest-1", orderingKey: session,
                        sequence: 1, createdAt: Fixtures.day(),
                        payload: try ProtocolJSON.value(of: CouponSpend(serial: serial, sessionID: session, spentAt: Fixtures.day())))
                }
                let synced = try await offline.ingest(IngestBatch(
                    storeID: "brest-1", items: [try spentItem("SER-9", "S-offline"), try spentItem("SER-10", "S-offline")]))
                #expect(synced.results.map(\.outcome) == [.accepted, .accepted], "\(synced.results)")
                let flags = try await store.auditFlags(store: "brest-1")
                #expect(flags.map(\.kind) == ["couponDoubleSpend"])
                #expect(flags.first?.subject == "SER-9/S-offline")
                // The serial spent offline first is taken: an online spend by another basket is refused.
                let late = try await online.spendCoupon(serial: "SER-10", session: "S-late", at: Fixtures.day())
                guard case .alreadySpent = late else {
                    Issue.record("SER-10 was spent offline first: \(late)")
                    return
                }
                let raw = try await server.raw(
                    "POST", "/v1/coupons/SER-10/spend", token: try await server.token(store: "brest-1", device: "kiosk-3"),
                    body: try ProtocolJSON.encoder().encode(CouponSpendRequest(sessionID: "S-raw", spentAt: Fixtures.day())),
                    headers: [("Content-Type", "application/json")])
                #expect(raw.status == 409)
                #expect(raw.error?.error.code == .couponAlreadySpent)
            }
        }
    }
}
