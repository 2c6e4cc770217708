import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SelfScanDemo
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanServer
import SelfScanStorage
import SelfScanSync
import Testing

@Suite("Basket hand-off between two daemons through the referential")
struct HandoffBetweenDaemonsTests {
    static let handheldProducts = [DemoCatalog.coffee, DemoCatalog.baguette, DemoCatalog.yogurt]

    @Test func handheldToKioskThenPayOnceWithAllEventsOnce() async throws {
        try await HandoffWorld.with { world in
            let handheldConfig = try await world.config(device: "handheld-1", role: .handheld)
            let kioskConfig = try await world.config(device: "kiosk-1", role: .kiosk)
            let kiosk2Config = try await world.config(device: "kiosk-2", role: .kiosk)
            try await withLiveDaemon(handheldConfig) { handheld, handheldClient in
                // The handheld: 3 items, then suspend for hand-off; its sync engine pushes the suspension.
                let shopper = try await handheldClient.shopper(scanning: Self.handheldProducts)
                let code = try await handheldClient.suspendForHandoff(shopper)
                try await drainOutbox(handheld)

                try await withLiveDaemon(kioskConfig) { kiosk, kioskClient in
                    // The kiosk resumes from the QR code text: it claims at the referential and imports the log.
                    let resumed = try await kioskClient.resume(code: code)
                    #expect(resumed.status == .ok, "\(resumed.body)")
                    let view = try #require(resumed.body["session"] as? [String: Any])
                    #expect(view["id"] as? String == shopper.id)
                    #expect(view["state"] as? String == "scanning")
                    #expect((view["lines"] as? [Any])?.count == 3)
                    let token = try #require(resumed.body["token"] as? String)
                    let atKiosk = ShopperSession(
                        client: kioskClient, id: shopper.id, headers: SessionTripTests.sessionHeaders(token))

                    // The same code again on the kiosk: used.
                    let again = try await kioskClient.resume(code: code)
                    #expect(again.status == .conflict)
                    #expect(errorCode(again.body) == "handoffAlreadyUsed")

                    // One more item, then pay.
                    let fourth = try await atKiosk.scan(try DemoCodes.ean(DemoCatalog.coffee))
                    #expect((fourth["lines"] as? [Any])?.count == 4)
                    let paid = try await atKiosk.checkoutAndPay(products: Self.handheldProducts + [DemoCatalog.coffee])
                    #expect(paid["state"] as? String == "paid")
                    try await drainOutbox(kiosk)

                    // The referential holds the session once, every event once, in one gap-free chain.
                    let stored = try await world.referential.sessionEvents(session: shopper.id, store: StoreID(HandoffWorld.store))
                    let local = try BasketStore(database: try #require(kiosk.database))
                        .events(sessionID: try #require(SessionID(uuidString: shopper.id)))
                    #expect(stored.map(\.sequence) == Array(1...Int64(stored.count)))
                    #expect(stored.count == local.count)
                    let storedIDs = stored.compactMap { $0.event["id"]?.stringValue }
                    #expect(Set(storedIDs).count == storedIDs.count)
                    #expect(Set(storedIDs) == Set(local.map(\.id.uuidString)))
                    // Up to the suspension from the handheld, from `resumed` on from the kiosk.
                    let handed = try #require(local.firstIndex { $0.payload == .suspended(reason: .handoff) }) + 1
                    #expect(stored.prefix(handed).allSatisfy { $0.deviceID == "handheld-1" })
                    #expect(stored.dropFirst(handed).allSatisfy { $0.deviceID == "kiosk-1" })
                    #expect(local[handed].payload == .resumed(deviceID: "kiosk-1"))
                    let baskets = try await world.referential.baskets(store: nil).filter { $0.sessionID == shopper.id }
                    #expect(baskets.count == 1)
                    let payments = try await world.referential.payments(store: nil).filter { $0.sessionID == shopper.id }
                    #expect(payments.count == 1)
                    #expect(payments.first?.outcome == "approved")

                    // A second kiosk scanning the same code: the referential says another device holds it.
                    try await withLiveDaemon(kiosk2Config) { kiosk2, kiosk2Client in
                        let late = try await kiosk2Client.resume(code: code)
                        #expect(late.status == .conflict)
                        #expect(errorCode(late.body) == "handoffClaimedElsewhere")
                        let summaries = try BasketStore(database: try #require(kiosk2.database)).sessions()
                        #expect(summaries.isEmpty)
                    }

                    // The origin: its copy stays suspended; it cannot take the basket back.
                    let original = try await shopper.view()
                    #expect(original.body["state"] as? String == "suspended")
                    let back = try await handheldClient.resume(code: code)
                    #expect(back.status == .conflict)
                    #expect(errorCode(back.body) == "handoffClaimedElsewhere")

                    // Staff void the origin's stale copy: the referential refuses the event for good, the sync
                    // engine drops it (superseded) and the referential's session is unchanged.
                    let attendant = try await handheldClient.staffHeaders(badge: "BADGE-S100", pin: "1234", role: "attendant")
                    let voided = try await handheldClient.json(
                        .post, "/v1/staff/sessions/\(shopper.id)/void", body: ["reason": "stale copy"], headers: attendant)
                    #expect(voided.status == .ok, "\(voided.body)")
                    try await drainOutbox(handheld)
                    // The engine's own loop may have pushed the same row concurrently with this test's push: its
                    // bookkeeping (group-committed) can land after the drain returns, so drain again until it has
                    // (bounded; the parallel suite caught a status read before it).
                    for _ in 0..<50 where try #require(handheld.sync).status.superseded == 0 {
                        try await drainOutbox(handheld)
                        await Task.yield()
                    }
                    let status = try #require(handheld.sync).status
                    // (≥ 1: the engine's own loop may have pushed the same row concurrently with this test's push.)
                    #expect(status.superseded >= 1, "\(status)")
                    #expect(!status.alarms.contains(.itemsRejected), "\(status)")
                    let pending = try Outbox(database: try #require(handheld.database)).dueBatch(limit: 10, now: .distantFuture)
                    #expect(pending.isEmpty, "\(pending.map { ($0.message.kind, $0.lastError) })")
                    #expect(status.outboxDepth == 0)
                    let after = try await world.referential.sessionEvents(session: shopper.id, store: StoreID(HandoffWorld.store))
                    #expect(after == stored)
                }
            }
        }
    }

    @Test func resumeWhileReferentialDownOrNotSyncedIsA503AndChangesNothing() async throws {
        try await HandoffWorld.with { world in
            // Nothing listens on a port we bound and closed: "down".
            let downURL = "http://127.0.0.1:1"
            let handheldConfig = try await world.config(device: "handheld-2", role: .handheld, online: false)
            let downConfig = try await world.config(device: "kiosk-down", role: .kiosk, url: downURL)
            let kioskConfig = try await world.config(device: "kiosk-3", role: .kiosk)
            try await withLiveDaemon(handheldConfig) { _, handheldClient in
                let shopper = try await handheldClient.shopper(scanning: Self.handheldProducts)
                let code = try await handheldClient.suspendForHandoff(shopper)

                try await withLiveDaemon(downConfig) { kiosk, kioskClient in
                    let answer = try await kioskClient.resume(code: code)
                    #expect(answer.status == .serviceUnavailable, "\(answer.body)")
                    #expect(errorCode(answer.body) == "referentialUnavailable")
                    #expect(try BasketStore(database: try #require(kiosk.database)).sessions().isEmpty)
                    let outbox = try Outbox(database: try #require(kiosk.database)).status()
                    #expect(outbox.depth == 0)
                }
                // The handheld (offline) never pushed the suspension: the kiosk retries briefly, then says so,
                // also on the event stream (for a code its own scanner read).
                try await withLiveDaemon(kioskConfig) { kiosk, kioskClient in
                    let stream = await kiosk.events.subscribe(.init(session: nil))
                    let answer = try await kioskClient.resume(code: code)
                    #expect(answer.status == .serviceUnavailable, "\(answer.body)")
                    #expect(errorCode(answer.body) == "handoffNotYetSynced")
                    let event = try #require(await firstEvent(of: "handoffRefused", in: stream))
                    #expect(event.session == shopper.id)
                    let payload = try JSONSerialization.jsonObject(with: event.data) as? [String: Any]
                    #expect(payload?["code"] as? String == "handoffNotYetSynced")
                    #expect(try BasketStore(database: try #require(kiosk.database)).sessions().isEmpty)
                }
                // Nothing was claimed: the handheld may still resume its own basket (offline, locally).
                let local = try await handheldClient.resume(code: code)
                #expect(local.status == .ok, "\(local.body)")
                #expect((local.body["session"] as? [String: Any])?["state"] as? String == "scanning")
            }
        }
    }

    @Test func aKioskThatClaimedButDidNotImportGetsItsClaimReplayed() async throws {
        try await HandoffWorld.with { world in
            let handheldConfig = try await world.config(device: "handheld-4", role: .handheld)
            let kioskConfig = try await world.config(device: "kiosk-4", role: .kiosk)
            try await withLiveDaemon(handheldConfig) { handheld, handheldClient in
                let shopper = try await handheldClient.shopper(scanning: Self.handheldProducts)
                let code = try await handheldClient.suspendForHandoff(shopper)
                try await drainOutbox(handheld)
                try await withLiveDaemon(kioskConfig) { kiosk, kioskClient in
                    // The kiosk's claim reached the referential, then the kiosk died before importing.
                    let pass = try kiosk.passes.verify(code, kind: .handoff, now: kiosk.now())
                    let sequence = try #require(pass.sequence)
                    let client = ReferentialClient(
                        baseURL: world.referentialURL, token: try #require(kioskConfig.referential?.token))
                    let request = HandoffClaimRequest(deviceID: "kiosk-4", handoffNonce: pass.nonce, suspendSequence: sequence)
                    let first = try await client.claimHandoff(session: shopper.id, request)
                    #expect(!first.replayed)
                    #expect(try BasketStore(database: try #require(kiosk.database)).sessions().isEmpty)

                    // Scanning the code again: the same claim is replayed, the log imported, the session resumed.
                    let resumed = try await kioskClient.resume(code: code)
                    #expect(resumed.status == .ok, "\(resumed.body)")
                    #expect(((resumed.body["session"] as? [String: Any])?["lines"] as? [Any])?.count == 3)
                    let replay = try await client.claimHandoff(session: shopper.id, request)
                    #expect(replay.replayed)
                    #expect(replay.events == first.events)
                    try await drainOutbox(kiosk)
                    let stored = try await world.referential.sessionEvents(session: shopper.id, store: StoreID(HandoffWorld.store))
                    #expect(stored.map(\.sequence) == Array(1...(sequence + 1)))
                    #expect(stored.last?.deviceID == "kiosk-4")
                }
            }
        }
    }

    @Test func twoConcurrentResumesOfOneCodeOnAKioskResumeItOnce() async throws {
        try await HandoffWorld.with { world in
            let handheldConfig = try await world.config(device: "handheld-5", role: .handheld)
            let kioskConfig = try await world.config(device: "kiosk-5", role: .kiosk)
            try await withLiveDaemon(handheldConfig) { handheld, handheldClient in
                let shopper = try await handheldClient.shopper(scanning: Self.handheldProducts)
                let code = try await handheldClient.suspendForHandoff(shopper)
                try await drainOutbox(handheld)
                try await withLiveDaemon(kioskConfig) { kiosk, kioskClient in
                    async let first = kioskClient.resume(code: code)
                    async let second = kioskClient.resume(code: code)
                    let statuses = try await [first.status, second.status].map(\.code).sorted()
                    #expect(statuses == [200, 409])
                    try await drainOutbox(kiosk)
                    let stored = try await world.referential.sessionEvents(session: shopper.id, store: StoreID(HandoffWorld.store))
                    let resumed = try stored.map { try ProtocolJSON.decode(BasketEvent.self, from: $0.event) }
                        .filter { if case .resumed = $0.payload { true } else { false } }
                    #expect(resumed.count == 1)
                    #expect(stored.map(\.sequence) == Array(1...Int64(stored.count)))
                }
            }
        }
    }
}

/// The first event of `type` on the stream, or nil after 10 s.
func firstEvent(of type: String, in stream: AsyncStream<DaemonEvent>) async -> DaemonEvent? {
    await withTimeout(.seconds(10)) { () async -> DaemonEvent? in
        for await event in stream where event.type == type { return event }
        return nil
    } ?? nil
}
