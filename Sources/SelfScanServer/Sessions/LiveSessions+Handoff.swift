import Foundation
import SelfScanAPI
import SelfScanCore
import SelfScanStorage
import SelfScanSync

/// A hand-off code: what the handheld shows as a QR for the kiosk to scan.
struct Handoff: Codable, Sendable {
    /// `selfscan:handoff:<token>`.
    let code: String
    /// ISO 8601 on the wire.
    let expiresAt: Date
}

struct SuspendResult: Codable, Sendable {
    let handoff: Handoff
    let session: SessionView
}

/// Hand-off between daemons (see docs/sync-protocol.md, "Hand-off between devices"):
/// - the origin suspends: the `suspended` event and its outbox row commit together, the sync engine is woken
///   (the outbox listener) and pushes it; the signed code names the session and that event's sequence;
/// - a daemon that does not hold the session claims the hand-off at the referential (first claim wins), imports
///   the log it gets back (same session id, same event ids, no outbox rows: the referential has them), then
///   appends `resumed` on this device like a local resume;
/// - the origin's copy stays `suspended`; if it later records events for that session anyway (staff void,
///   local resume while the kiosk already holds it), the referential refuses them for good
///   (`sessionClaimedElsewhere`) and the sync engine drops them from the outbox, counting them as superseded.
extension LiveSessions {
    /// Suspends a session for hand-off to another device, and signs the hand-off code.
    /// An audited basket waiting for payment (`readyToPay`, the phone after its audit) is handed off too, unless
    /// a payment of it is under way or standing: the terminal's answer must land where the charge was made.
    func suspendForHandoff(session id: String) async throws -> SuspendResult {
        let sessionID = try Self.sessionID(id)
        if try load(sessionID).state == .readyToPay {
            guard !paymentsInFlight.contains(sessionID),
                try !intents.openIntents().contains(where: { $0.sessionID == sessionID }),
                try netPaid(sessionID, currency: try load(sessionID).opening.currency).minor == 0
            else { throw SessionError.paymentInProgress }
        }
        var sequence: Int64?
        let view = try await command(id) { session, context throws in
            let outcome = try session.suspend(reason: .handoff, context: context)
            sequence = outcome.events.last?.sequence  // the `suspended` event the pass names
            return outcome
        }
        let issuedAt = now()
        let pass = SignedPass(
            kind: .handoff, store: storeID.rawValue, session: id, total: view.totals.total, issuedAt: issuedAt,
            expiresAt: issuedAt + Int64(signing.handoffLifetimeSeconds), nonce: PassCodec.newNonce(),
            sequence: sequence)
        let code = SignedPass.qrPayload(kind: .handoff, token: try passes.issue(pass))
        handoffExpiries[try Self.sessionID(id)] = pass.expiresAt
        if let handoffSync {
            // The kiosk needs this suspension at the referential now, even if the engine is backing off.
            do { try await Outbox(database: database).expediteGroupCommitted(orderingKey: try Self.sessionID(id).uuidString) } catch {
                logger.warning("cannot expedite the hand-off's outbox rows", metadata: ["session": "\(id)", "error": "\(error)"])
            }
            handoffSync.pushNow()
        }
        logger.info("session suspended for hand-off", metadata: ["session": "\(id)"])
        return SuspendResult(handoff: Handoff(code: code, expiresAt: Date(unixSeconds: pass.expiresAt)), session: view)
    }

    /// Resumes the session of a verified hand-off code on this device. A code is good for one resume: once
    /// resumed the session is no longer suspended and a second use is refused. A session held by another
    /// daemon is claimed at the referential and imported first.
    func resume(handoffCode: String) async throws -> SessionView {
        let pass = try passes.verify(handoffCode, kind: .handoff, now: now())
        let sessionID = try Self.sessionID(pass.session)
        let local: BasketSession?
        do { local = try load(sessionID) } catch SessionError.notFound { local = nil }
        do {
            if let local {
                guard local.state == .suspended else { throw SessionError.handoffAlreadyUsed }
                // The code is bound to one suspension: after a resume and a new suspension, older codes are dead.
                guard let sequence = pass.sequence, sequence == Self.lastSuspension(of: local) else {
                    throw SessionError.handoffSuperseded
                }
                try await claimOwnSuspension(pass)
            } else {
                try await takeOver(pass, sessionID: sessionID)
            }
        } catch let error as HandoffError {
            // A code scanned by this device's own scanner has no HTTP answer: pages learn it from the stream.
            await events.publish(
                type: "handoffRefused", session: pass.session,
                encoding: ["code": error.code, "message": error.description, "session": pass.session])
            throw error
        }
        // Re-read after the awaits: a concurrent resume of the same code may have won.
        let current = try load(sessionID)
        guard current.state == .suspended else { throw SessionError.handoffAlreadyUsed }
        guard pass.sequence == Self.lastSuspension(of: current) else { throw SessionError.handoffSuperseded }
        let device = deviceID
        let view = try await command(pass.session) { session, context throws in
            try session.resume(on: device, context: context)
        }
        logger.info("session resumed from hand-off", metadata: ["session": "\(pass.session)"])
        return view
    }

    /// The origin resuming its own suspension: when the referential is reachable, claim it too, so a handheld
    /// never takes back a basket a kiosk already holds. Offline (or not pushed yet) the local resume goes on:
    /// the device keeps selling without the network.
    private func claimOwnSuspension(_ pass: SignedPass) async throws {
        guard let claims = handoffSync, let sequence = pass.sequence else { return }
        let request = HandoffClaimRequest(deviceID: deviceID.rawValue, handoffNonce: pass.nonce, suspendSequence: sequence)
        do {
            _ = try await claims.referential.claimHandoff(session: pass.session, request)
        } catch let error where error.protocolCode == .alreadyClaimed {
            throw HandoffError.claimedElsewhere(session: pass.session)
        } catch let error where error.protocolCode == .handoffSuperseded {
            throw SessionError.handoffAlreadyUsed
        } catch {
            logger.notice(
                "resuming a hand-off locally without the referential's confirmation",
                metadata: ["session": "\(pass.session)", "error": "\(error)"])
        }
    }

    /// Claims a session suspended on another daemon and imports its log (up to the suspension) into this
    /// daemon's store. Nothing is written unless the claim is granted and the log rebuilds a suspended session.
    private func takeOver(_ pass: SignedPass, sessionID: SessionID) async throws {
        guard let claims = handoffSync, let sequence = pass.sequence else {
            throw SessionError.handoffSessionElsewhere(pass.session)
        }
        let answer = try await claims.claim(
            session: pass.session,
            HandoffClaimRequest(deviceID: deviceID.rawValue, handoffNonce: pass.nonce, suspendSequence: sequence))
        if (try? load(sessionID)) != nil { return }  // imported by a concurrent resume meanwhile
        let events: [BasketEvent]
        do { events = try answer.events.map { try ProtocolJSON.decode(BasketEvent.self, from: $0) } } catch {
            throw HandoffError.invalidLog(reason: "an event does not decode: \(error)")
        }
        guard events.count == Int(sequence), events.allSatisfy({ $0.sessionID == sessionID }) else {
            throw HandoffError.invalidLog(reason: "\(events.count) events of \(sequence) for session \(sessionID)")
        }
        let session: BasketSession
        do { session = try BasketSession.replay(events: events) } catch {
            throw HandoffError.invalidLog(reason: "\(error)")
        }
        guard session.state == .suspended, session.opening.storeID == storeID else {
            throw HandoffError.invalidLog(reason: "the log ends in state \(session.state.rawValue) of store \(session.opening.storeID)")
        }
        let totals = try? session.totals(context: try context())
        if let total = totals?.total, total != pass.total {
            logger.notice(
                "hand-off total differs from the code's (catalog changed since)",
                metadata: ["session": "\(sessionID)", "code": "\(pass.total)", "now": "\(total)"])
        }
        // No outbox rows: these events are the origin's and already at the referential. Under the session's gate
        // (the write is off the actor): a concurrent resume of the same code finds the session imported.
        await enterGate(sessionID)
        defer { leaveGate(sessionID) }
        if (try? load(sessionID)) != nil { return }
        try await baskets.appendGroupCommitted(
            events,
            state: SessionStateUpdate(
                state: session.state.rawValue, total: totals?.total, lineCount: session.basket.activeLines.count),
            outbox: [])
        cache(session)
        stateGauges.transition(from: nil, to: session.state.rawValue)
        logger.info(
            "hand-off claimed and imported",
            metadata: ["session": "\(sessionID)", "events": "\(events.count)", "replayed": "\(answer.replayed)"])
    }

    /// The sequence of the session's latest `suspended` event (what a valid hand-off code names).
    static func lastSuspension(of session: BasketSession) -> Int64? {
        session.events.last { if case .suspended = $0.payload { true } else { false } }?.sequence
    }

    /// A suspended session whose hand-off code expired unused is taken back on this device (in the state it
    /// was suspended in) with its session token or a staff token, through `POST /v1/sessions/{id}/resume-scanning`:
    /// an expired code never leaves a basket suspended for ever. While the code is valid this is refused
    /// (`handoffPending`). After a daemon restart the expiry is taken from the suspension's time.
    func takeBackExpiredHandoff(session id: String) async throws -> SessionView {
        let sessionID = try Self.sessionID(id)
        let session = try load(sessionID)
        let suspendedAt = session.events.last { if case .suspended = $0.payload { true } else { false } }
            .map { $0.timestamp.unixSeconds } ?? 0
        let expiresAt = handoffExpiries[sessionID] ?? suspendedAt + Int64(signing.handoffLifetimeSeconds)
        guard now() >= expiresAt else { throw SessionError.handoffPending(expiresAt: expiresAt) }
        let device = deviceID
        let view = try await command(id) { session, context throws in
            try session.resume(on: device, context: context)
        }
        handoffExpiries[sessionID] = nil
        logger.notice("hand-off code expired unused: session taken back on this device", metadata: ["session": "\(id)"])
        return view
    }

    /// Lets this daemon claim hand-offs of other devices at the referential.
    func setHandoffSync(_ sync: HandoffSync) { handoffSync = sync }
}
