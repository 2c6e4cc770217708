import Foundation
public import SelfScanAPI
public import SelfScanCore

/// A basket event as the referential stored it: its position in the session and its JSON as sent.
public struct StoredSessionEvent: Sendable, Hashable {
    public var sequence: Int64
    public var deviceID: DeviceID
    public var event: JSONValue
}

extension SQLReferentialStore {
    /// Every basket event of `sessionID` stored for `store`, in sequence order (the session's full log, whichever
    /// devices sent it).
    public func sessionEvents(session sessionID: String, store: StoreID) async throws -> [StoredSessionEvent] {
        try await backend.read { session in try await Self.sessionEvents(sessionID, store: store, in: session) }
    }

    /// Grants a hand-off claim (see `HandoffClaimRequest`) atomically: the claim row, and a reservation of the
    /// position after the suspension for the claimant, commit together or not at all.
    ///
    /// - Throws: `ReferentialError` — `notYetSynced` (the log up to the suspension has not arrived),
    ///   `alreadyClaimed` (another device or nonce won), `handoffSuperseded` (the origin went on after the
    ///   suspension), `invalidClaim` (that position is not a hand-off suspension, or the device is not the
    ///   token's).
    public func claimHandoff(
        session sessionID: String, _ request: HandoffClaimRequest, by identity: DeviceIdentity
    ) async throws -> HandoffClaimAnswer {
        guard request.deviceID == identity.deviceID.rawValue else {
            throw ReferentialError(.invalidClaim, "deviceID \(request.deviceID) is not this token's device \(identity.deviceID)")
        }
        guard request.suspendSequence >= 1, !request.handoffNonce.isEmpty, request.handoffNonce.count <= 128 else {
            throw ReferentialError(.invalidClaim, "suspendSequence must be ≥ 1 and handoffNonce 1…128 characters")
        }
        let claimedAt = ProtocolJSON.text(of: Date())
        let through = request.suspendSequence
        return try await backend.transaction { session in
            if let answer = try await Self.existingClaim(sessionID, request, identity, in: session) { return answer }
            let log = try await Self.sessionEvents(sessionID, store: identity.storeID, in: session)
            let prefix = log.filter { $0.sequence <= through }
            guard prefix.count == Int(through), prefix.enumerated().allSatisfy({ $0.offset + 1 == Int($0.element.sequence) })
            else {
                throw ReferentialError(
                    .notYetSynced, "session \(sessionID): \(prefix.count) of \(through) events up to the suspension arrived")
            }
            guard let last = prefix.last, Self.isHandoffSuspension(last.event) else {
                throw ReferentialError(.invalidClaim, "event \(through) of session \(sessionID) is not a hand-off suspension")
            }
            if let later = log.first(where: { $0.sequence > through }) {
                throw ReferentialError(
                    .handoffSuperseded, "session \(sessionID) went on after this hand-off (event \(later.sequence) from \(later.deviceID))")
            }
            let inserted = try await session.rows(
                """
                INSERT INTO handoff_claims (session_id, suspend_sequence, store_id, device_id, nonce, claimed_at)
                VALUES (\(sessionID), \(through), \(identity.storeID.rawValue), \(identity.deviceID.rawValue),
                    \(request.handoffNonce), \(claimedAt)) ON CONFLICT (session_id, suspend_sequence) DO NOTHING
                    RETURNING session_id
                """)
            if inserted.isEmpty {
                // A concurrent claim of the same hand-off committed first.
                if let answer = try await Self.existingClaim(sessionID, request, identity, in: session) { return answer }
                throw ReferentialError(.alreadyClaimed, "session \(sessionID) hand-off \(through) was just claimed")
            }
            let reserved = try await session.rows(
                """
                INSERT INTO session_event_slots (session_id, sequence, device_id, item_id)
                    VALUES (\(sessionID), \(through + 1), \(identity.deviceID.rawValue), NULL)
                ON CONFLICT (session_id, sequence) DO NOTHING RETURNING session_id
                """)
            guard !reserved.isEmpty else {
                // An event of the origin took the next position meanwhile: it went on; the claim rolls back.
                throw ReferentialError(.handoffSuperseded, "session \(sessionID) went on after this hand-off")
            }
            return HandoffClaimAnswer(
                sessionID: sessionID, claimantDeviceID: identity.deviceID.rawValue, suspendSequence: through,
                claimedAt: try RowDecoding.date(claimedAt), replayed: false, events: prefix.map(\.event))
        }
    }

    /// The answer for a hand-off already claimed: the same one for the same device and nonce (a replay), else
    /// `alreadyClaimed`. `nil` when nobody claimed it yet.
    static func existingClaim(
        _ sessionID: String, _ request: HandoffClaimRequest, _ identity: DeviceIdentity, in session: any SQLSession
    ) async throws -> HandoffClaimAnswer? {
        guard let row = try await session.rows(
            """
            SELECT device_id, nonce, claimed_at, store_id FROM handoff_claims
            WHERE session_id = \(sessionID) AND suspend_sequence = \(request.suspendSequence)
            """).first else { return nil }
        let device = try RowDecoding.text(row, 0)
        guard device == identity.deviceID.rawValue, try RowDecoding.text(row, 1) == request.handoffNonce,
            try RowDecoding.text(row, 3) == identity.storeID.rawValue
        else {
            throw ReferentialError(.alreadyClaimed, "session \(sessionID) was claimed by device \(device)")
        }
        let events = try await sessionEvents(sessionID, store: identity.storeID, in: session)
            .filter { $0.sequence <= request.suspendSequence }
        return HandoffClaimAnswer(
            sessionID: sessionID, claimantDeviceID: device, suspendSequence: request.suspendSequence,
            claimedAt: try RowDecoding.date(try RowDecoding.text(row, 2)), replayed: true, events: events.map(\.event))
    }

    static func sessionEvents(_ sessionID: String, store: StoreID, in session: any SQLSession) async throws -> [StoredSessionEvent] {
        let rows = try await session.rows(
            """
            SELECT payload, device_id FROM ingest_items WHERE ordering_key = \(sessionID)
                AND kind = \(IngestKind.basketEvent.rawValue) AND store_id = \(store.rawValue)
            """)
        var events: [StoredSessionEvent] = []
        for row in rows {
            let text = try RowDecoding.text(row, 0)
            let event: JSONValue
            do { event = try ProtocolJSON.decoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
                throw RowDecoding.corrupt("basket event of session \(sessionID)")
            }
            // Items of this key that are not basket events of this session (foreign shapes) are not its log.
            guard event["sessionID"]?.stringValue == sessionID, let sequence = event["sequence"]?.integerValue else { continue }
            events.append(StoredSessionEvent(sequence: sequence, deviceID: DeviceID(try RowDecoding.text(row, 1)), event: event))
        }
        return events.sorted { $0.sequence < $1.sequence }
    }

    static func isHandoffSuspension(_ event: JSONValue) -> Bool {
        guard let decoded = try? ProtocolJSON.decode(BasketEvent.self, from: event),
            case .suspended(reason: .handoff) = decoded.payload
        else { return false }
        return true
    }
}
