import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanReferential
import SelfScanSync
import Testing

/// Basket events of one session as a daemon pushes them (real `BasketEvent` JSON).
struct HandoffSession: Sendable {
    let id = SessionID(uuid: UUID())
    let store: StoreID

    func event(_ sequence: Int64, _ payload: BasketEventPayload) -> BasketEvent {
        BasketEvent(
            id: EventID(uuid: UUID()), sessionID: id, sequence: sequence, timestamp: Instant(nanosecondsSinceEpoch: 1_795_000_000_000_000_000 + sequence),
            payload: payload)
    }

    /// Opened on `device`, three events, then suspended for hand-off at sequence 4.
    func suspendedLog(device: DeviceID) -> [BasketEvent] {
        [
            event(1, .sessionOpened(SessionOpening(storeID: store, deviceID: device, currency: .eur, catalogVersion: .none))),
            event(2, .checkoutRequested), event(3, .scanningResumed), event(4, .suspended(reason: .handoff)),
        ]
    }

    func item(_ event: BasketEvent) throws -> IngestItem {
        IngestItem(
            id: event.id.uuidString, kind: .basketEvent, storeID: store.rawValue, orderingKey: id.uuidString,
            sequence: event.sequence, createdAt: Date(), payload: try ProtocolJSON.value(of: event))
    }

    func batch(_ events: [BasketEvent]) throws -> IngestBatch {
        IngestBatch(storeID: store.rawValue, items: try events.map(item))
    }

    func claim(device: String, nonce: String = "nonce-1", through: Int64 = 4) -> HandoffClaimRequest {
        HandoffClaimRequest(deviceID: device, handoffNonce: nonce, suspendSequence: through)
    }
}

/// The protocol code of a failed call, or nil when it succeeded.
func claimFailure(_ body: () async throws -> HandoffClaimAnswer) async -> ProtocolErrorCode? {
    do {
        _ = try await body()
        return nil
    } catch let error as SyncError {
        return error.protocolCode
    } catch {
        return .internalError
    }
}

@Suite("Referential hand-off claims")
struct HandoffClaimTests {
    @Test("not yet synced → 404; then first claim wins with the log; replay → same answer; others → 409",
          arguments: TestBackend.allCases)
    func firstClaimWins(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("nantes-2")
                let session = HandoffSession(store: storeID)
                let handheld = server.client(token: try await server.token(store: storeID.rawValue, device: "handheld-1"))
                let kiosk = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-1"))
                let kiosk2 = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-2"))
                let log = session.suspendedLog(device: "handheld-1")
                let sessionText = session.id.uuidString

                _ = try await handheld.ingest(try session.batch(Array(log.prefix(3))))
                #expect(await claimFailure { try await kiosk.claimHandoff(session: sessionText, session.claim(device: "kiosk-1")) } == .notYetSynced)

                _ = try await handheld.ingest(try session.batch([log[3]]))
                let granted = try await kiosk.claimHandoff(session: sessionText, session.claim(device: "kiosk-1"))
                #expect(!granted.replayed)
                #expect(granted.claimantDeviceID == "kiosk-1")
                let events = try granted.events.map { try ProtocolJSON.decode(BasketEvent.self, from: $0) }
                #expect(events == log)

                let replay = try await kiosk.claimHandoff(session: sessionText, session.claim(device: "kiosk-1"))
                #expect(replay.replayed)
                #expect(replay.events == granted.events)
                #expect(replay.claimedAt == granted.claimedAt)

                #expect(await claimFailure { try await kiosk2.claimHandoff(session: sessionText, session.claim(device: "kiosk-2")) } == .alreadyClaimed)
                #expect(await claimFailure {
                    try await kiosk.claimHandoff(session: sessionText, session.claim(device: "kiosk-1", nonce: "other"))
                } == .alreadyClaimed)
                #expect(await claimFailure {
                    try await handheld.claimHandoff(session: sessionText, session.claim(device: "handheld-1"))
                } == .alreadyClaimed)

                // The claim must name the token's own device.
                let body = try ProtocolJSON.encoder().encode(session.claim(device: "kiosk-1"))
                let token2 = try await server.token(store: storeID.rawValue, device: "kiosk-3")
                let spoofed = try await server.raw("POST", "/v1/sessions/\(sessionText)/claims", token: token2, body: body)
                #expect(spoofed.status == 400)
                #expect(spoofed.error?.error.code == .invalidRequest)
                let anonymous = try await server.raw("POST", "/v1/sessions/\(sessionText)/claims", token: nil, body: body)
                #expect(anonymous.status == 401)
            }
        }
    }

    @Test("after a claim the origin's later events are refused for good, the claimant's accepted",
          arguments: TestBackend.allCases)
    func originRefusedAfterClaim(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("nantes-3")
                let session = HandoffSession(store: storeID)
                let handheld = server.client(token: try await server.token(store: storeID.rawValue, device: "handheld-1"))
                let kiosk = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-1"))
                _ = try await handheld.ingest(try session.batch(session.suspendedLog(device: "handheld-1")))
                _ = try await kiosk.claimHandoff(session: session.id.uuidString, session.claim(device: "kiosk-1"))

                // The origin abandons its copy (e.g. a timeout) at 5 and 6: refused, final, stored nothing.
                let originLate = try session.batch([session.event(5, .abandoned), session.event(6, .exited)])
                for _ in 0..<2 {
                    let refused = try await handheld.ingest(originLate)
                    #expect(refused.results.allSatisfy { $0.outcome == .rejected && $0.reason == .sessionClaimedElsewhere })
                    #expect(refused.results.allSatisfy { $0.reason?.isFinal == true })
                }
                let kioskEvents = [session.event(5, .resumed(deviceID: "kiosk-1")), session.event(6, .checkoutRequested)]
                let accepted = try await kiosk.ingest(try session.batch(kioskEvents))
                #expect(accepted.results.allSatisfy { $0.outcome == .accepted })

                let stored = try await store.sessionEvents(session: session.id.uuidString, store: storeID)
                #expect(stored.map(\.sequence) == [1, 2, 3, 4, 5, 6])
                #expect(stored.suffix(2).allSatisfy { $0.deviceID == "kiosk-1" })
                let decoded = try stored.map { try ProtocolJSON.decode(BasketEvent.self, from: $0.event) }
                #expect(Array(decoded.suffix(2)) == kioskEvents)

                // Event ids derive from (session, position): the origin's event at a position the kiosk filled
                // carries the kiosk's event id. Still refused for good, not a mere conflicting duplicate.
                let sameID = BasketEvent(
                    id: kioskEvents[0].id, sessionID: session.id, sequence: 5, timestamp: Instant(nanosecondsSinceEpoch: 1), payload: .abandoned)
                let late = try await handheld.ingest(try session.batch([sameID]))
                #expect(late.results.first?.reason == .sessionClaimedElsewhere)
                #expect(try await store.sessionEvents(session: session.id.uuidString, store: storeID) == stored)
            }
        }
    }

    @Test("a claim after the origin went on → 409 handoffSuperseded; a position that is no suspension → 400",
          arguments: TestBackend.allCases)
    func supersededAndInvalid(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("nantes-4")
                let session = HandoffSession(store: storeID)
                let handheld = server.client(token: try await server.token(store: storeID.rawValue, device: "handheld-1"))
                let kiosk = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-1"))
                var log = session.suspendedLog(device: "handheld-1")
                log.append(session.event(5, .resumed(deviceID: "handheld-1")))
                _ = try await handheld.ingest(try session.batch(log))
                let text = session.id.uuidString
                #expect(await claimFailure { try await kiosk.claimHandoff(session: text, session.claim(device: "kiosk-1")) } == .handoffSuperseded)
                #expect(await claimFailure {
                    try await kiosk.claimHandoff(session: text, session.claim(device: "kiosk-1", through: 3))
                } == .invalidRequest)
                // Nothing was recorded: the origin's next event is still its own to send.
                let next = try await handheld.ingest(try session.batch([session.event(6, .checkoutRequested)]))
                #expect(next.results.first?.outcome == .accepted)
            }
        }
    }

    @Test("a claim racing the origin's next event: exactly one of them wins, per session", arguments: TestBackend.allCases)
    func claimRacesOrigin(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("nantes-5")
                let handheld = server.client(token: try await server.token(store: storeID.rawValue, device: "handheld-1"))
                let kiosk = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-1"))
                let sessions = (0..<12).map { _ in HandoffSession(store: storeID) }
                for session in sessions {
                    _ = try await handheld.ingest(try session.batch(session.suspendedLog(device: "handheld-1")))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for session in sessions {
                        group.addTask {
                            async let claim = claimFailure {
                                try await kiosk.claimHandoff(session: session.id.uuidString, session.claim(device: "kiosk-1"))
                            }
                            async let origin = handheld.ingest(try session.batch([session.event(5, .abandoned)]))
                            let (claimCode, originAnswer) = (await claim, try await origin)
                            let originAccepted = originAnswer.results.first?.outcome == .accepted
                            if claimCode == nil {
                                #expect(!originAccepted)
                                #expect(originAnswer.results.first?.reason == .sessionClaimedElsewhere)
                            } else {
                                #expect(claimCode == .handoffSuperseded)
                                #expect(originAccepted)
                            }
                            let stored = try await store.sessionEvents(session: session.id.uuidString, store: storeID)
                            #expect(stored.map(\.sequence) == [1, 2, 3, 4] + (originAccepted ? [5] : []))
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test("two kiosks claiming one hand-off at once: exactly one wins, the other gets 409", arguments: TestBackend.allCases)
    func concurrentClaims(backend: TestBackend) async throws {
        try await backend.withStore { store in
            try await TestServer.with(store: store) { server in
                let storeID = StoreID("nantes-6")
                let handheld = server.client(token: try await server.token(store: storeID.rawValue, device: "handheld-1"))
                let kioskA = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-a"))
                let kioskB = server.client(token: try await server.token(store: storeID.rawValue, device: "kiosk-b"))
                let sessions = (0..<10).map { _ in HandoffSession(store: storeID) }
                for session in sessions {
                    _ = try await handheld.ingest(try session.batch(session.suspendedLog(device: "handheld-1")))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for session in sessions {
                        group.addTask {
                            let text = session.id.uuidString
                            async let a = claimFailure { try await kioskA.claimHandoff(session: text, session.claim(device: "kiosk-a")) }
                            async let b = claimFailure { try await kioskB.claimHandoff(session: text, session.claim(device: "kiosk-b")) }
                            let outcomes = [await a, await b]
                            #expect(outcomes.filter { $0 == nil }.count == 1, "\(outcomes)")
                            #expect(outcomes.filter { $0 == .alreadyClaimed }.count == 1, "\(outcomes)")
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }
}
