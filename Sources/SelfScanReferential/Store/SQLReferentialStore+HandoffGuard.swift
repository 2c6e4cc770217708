import SelfScanAPI
import SelfScanCore

extension SQLReferentialStore {
    /// A fresh basket event's place in its session.
    struct EventPosition: Hashable, Comparable {
        let session: String
        let sequence: Int64

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.session, lhs.sequence) < (rhs.session, rhs.sequence) }
    }

    /// Ingest's hand-off rule, inside the ingest transaction: once a device claimed a session's hand-off at
    /// suspension `s`, basket events of that session after `s` are accepted only from the claimant; the others
    /// are `rejected` with `sessionClaimedElsewhere` (final: the sender drops them). Every fresh basket event
    /// takes its slot first (in position order, before any ingest row, so concurrent batches and claims lock
    /// in one order), then the claims are read: in PostgreSQL a claim committed while we waited on a slot is
    /// seen by that later statement.
    ///
    /// `conflicting` are items whose id is already stored with another content: event ids derive from the
    /// session and the position, so the origin's event at a position the claimant already filled arrives with
    /// the claimant's event id. After a claim by another device that is `sessionClaimedElsewhere` (final), not
    /// a `conflictingDuplicate`.
    static func guardClaimedSessions(
        _ fresh: [PreparedIngestItem], conflicting: [PreparedIngestItem], identity: DeviceIdentity,
        rows ingestRows: any IngestRows, in session: any SQLSession
    ) async throws -> (allowed: [PreparedIngestItem], rejected: [String: IngestItemResult]) {
        var positions: [String: EventPosition] = [:]
        var stalePositions: [String: EventPosition] = [:]
        for entry in fresh where entry.item.kind == .basketEvent {
            if let position = position(of: entry) { positions[entry.item.id] = position }
        }
        for entry in conflicting where entry.item.kind == .basketEvent {
            if let position = position(of: entry) { stalePositions[entry.item.id] = position }
        }
        guard !positions.isEmpty || !stalePositions.isEmpty else { return (fresh, [:]) }
        let device = identity.deviceID.rawValue
        let ordered = positions.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        let taken = try await ingestRows.takeSlots(ordered.map { (itemID: $0.key, position: $0.value) }, device: device)
        var refused: [String: String] = [:]
        for (id, position) in ordered where !taken.contains(position) {
            // The slot exists: a claim's reservation, or another delivery of an event at this position.
            guard let row = try await session.rows(
                """
                SELECT device_id, item_id FROM session_event_slots WHERE session_id = \(position.session)
                    AND sequence = \(position.sequence)
                """
            ).first, RowDecoding.optionalText(row, 1) == nil else { continue }
            let holder = try RowDecoding.text(row, 0)
            if holder == device {
                try await session.rows(
                    """
                    UPDATE session_event_slots SET item_id = \(id) WHERE session_id = \(position.session)
                        AND sequence = \(position.sequence) AND item_id IS NULL
                    """)
            } else {
                refused[id] = holder
            }
        }
        let sessions = Array(Set(ordered.map(\.value.session) + stalePositions.values.map(\.session))).sorted()
        let claims = try await ingestRows.claims(sessions: sessions)
        for (id, position) in ordered where refused[id] == nil {
            let governing = claims[position.session]?.filter { $0.sequence < position.sequence }.max { $0.sequence < $1.sequence }
            guard let governing, governing.device != device else { continue }
            refused[id] = governing.device
            if taken.contains(position) {
                try await session.rows(
                    """
                    DELETE FROM session_event_slots WHERE session_id = \(position.session)
                        AND sequence = \(position.sequence) AND item_id = \(id)
                    """)
            }
        }
        for (id, position) in stalePositions {
            let governing = claims[position.session]?.filter { $0.sequence < position.sequence }.max { $0.sequence < $1.sequence }
            if let governing, governing.device != device { refused[id] = governing.device }
        }
        guard !refused.isEmpty else { return (fresh, [:]) }
        var rejected: [String: IngestItemResult] = [:]
        for (id, holder) in refused {
            rejected[id] = IngestItemResult(
                id: id, outcome: .rejected, reason: .sessionClaimedElsewhere,
                detail: "session \((positions[id] ?? stalePositions[id])?.session ?? "?") was handed off to device \(holder)")
        }
        return (fresh.filter { rejected[$0.item.id] == nil }, rejected)
    }

    static func position(of entry: PreparedIngestItem) -> EventPosition? {
        guard let sessionID = entry.item.payload["sessionID"]?.stringValue,
            let sequence = entry.item.payload["sequence"]?.integerValue
        else { return nil }
        return EventPosition(session: sessionID, sequence: sequence)
    }
}
