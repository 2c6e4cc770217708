public import Foundation
import GRDB
public import SelfScanCore

/// Sessions and their baskets: the event log (source of truth) plus the materialised current state.
///
/// `append` writes the events, the session row, their outbox rows, and optionally a payment and audit
/// entries in **one transaction** (transactional outbox), synchronously, with `synchronous = FULL`: when it
/// returns, the scan survives kill -9 and power loss, so the API may answer.
public struct BasketStore: Sendable {
    public let database: StoreDatabase

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public init(database: StoreDatabase) { self.database = database }

    /// Appends events of one session, in order, continuing its sequence without gaps.
    ///
    /// - Parameters:
    ///   - events: non-empty, one session, sequences `lastSequence + 1…`. The first event of a new session
    ///     must be `sessionOpened`.
    ///   - state: the session's materialised state after these events.
    ///   - outbox: the rows to queue; `nil` queues one `basketEvent` row per event.
    ///   - payment: a payment to store with them (the `paid` event's).
    ///   - audit: audit log entries to chain with them.
    /// - Returns: `.duplicate` when every event was already stored identically (a retried request).
    /// - Throws: `StorageError` — `invalidInput` (gap, mixed sessions, unknown session), `constraint` (an
    ///   event id reused with other content), `diskFull` (nothing written), …
    @discardableResult
    public func append(
        _ events: [BasketEvent], state: SessionStateUpdate, outbox: [OutboxMessage]? = nil,
        payment: PaymentRecord? = nil, audit: [AuditLogDraft] = [], now: Date = Date()
    ) throws(StorageError) -> AppendResult {
        let prepared = try prepareAppend(events, state: state, outbox: outbox, payment: payment, audit: audit, now: now)
        return try database.write(doing: prepared.action, prepared.write)
    }

    /// `append`, group-committed: the caller suspends (off its actor) while the append is written in one
    /// transaction together with the other sessions' appends that arrived meanwhile (`GroupCommitWriter`), and
    /// resumes once that transaction is committed and fsynced — as durable as `append` when it returns.
    @discardableResult
    public func appendGroupCommitted(
        _ events: [BasketEvent], state: SessionStateUpdate, outbox: [OutboxMessage]? = nil,
        payment: PaymentRecord? = nil, audit: [AuditLogDraft] = [], now: Date = Date()
    ) async throws(StorageError) -> AppendResult {
        let prepared = try prepareAppend(events, state: state, outbox: outbox, payment: payment, audit: audit, now: now)
        return try await database.groupCommit.write(doing: prepared.action, prepared.write)
    }

    struct PreparedAppend: Sendable {
        let action: String
        let write: @Sendable (Database) throws -> AppendResult
    }

    /// Checks and encodes an append; `write` does it inside a write transaction.
    func prepareAppend(
        _ events: [BasketEvent], state: SessionStateUpdate, outbox: [OutboxMessage]?,
        payment: PaymentRecord?, audit: [AuditLogDraft], now: Date
    ) throws(StorageError) -> PreparedAppend {
        guard let first = events.first else {
            throw StorageError(code: .invalidInput, message: "no events to append")
        }
        let sessionID = first.sessionID
        guard events.allSatisfy({ $0.sessionID == sessionID }) else {
            throw StorageError(code: .invalidInput, message: "events of several sessions in one append")
        }
        let messages: [OutboxMessage]
        let bodies: [Data]
        do {
            bodies = try events.map { try $0.storedJSON(encoder: BasketStore.encoder) }  // the scan's by hand
            // The outbox carries the very bytes stored in the log (encoded once).
            messages = outbox ?? zip(events, bodies).map { OutboxMessage.basketEvent($0, body: $1) }
        } catch {
            throw StorageError(code: .invalidInput, message: "cannot encode the events: \(error)")
        }
        let write: @Sendable (Database) throws -> AppendResult = { db in
            // Cached statements throughout: preparing them per append cost more than running them.
            let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT lastSequence FROM basket_session WHERE id = ?"),
                arguments: [sessionID.uuidString])
            let lastSequence: Int64 = existing?["lastSequence"] ?? 0
            if let duplicate = try BasketStore.duplicateCheck(events, bodies: bodies, lastSequence: lastSequence, db: db) {
                return duplicate
            }
            for (offset, event) in events.enumerated() where event.sequence != lastSequence + Int64(offset) + 1 {
                throw StorageError(
                    code: .invalidInput,
                    message: "event \(event.id) has sequence \(event.sequence); session \(sessionID) expects "
                        + "\(lastSequence + Int64(offset) + 1)")
            }
            let nowMillis = Milliseconds.from(now)
            if existing == nil {
                guard case .sessionOpened(let opening) = first.payload else {
                    throw StorageError(
                        code: .invalidInput, message: "session \(sessionID) is unknown and does not start with sessionOpened")
                }
                try db.cachedStatement(
                    sql: """
                        INSERT INTO basket_session (id, storeID, deviceID, state, lastSequence, openedAt, updatedAt,
                            totalMinor, currency, lineCount, snapshot)
                        VALUES (?, ?, ?, ?, 0, ?, ?, NULL, ?, 0, NULL)
                        """
                ).execute(
                    arguments: [
                        sessionID.uuidString, opening.storeID.rawValue, opening.deviceID.rawValue, state.state,
                        first.timestamp.nanosecondsSinceEpoch / 1_000_000, nowMillis, opening.currency.code,
                    ])
            }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO basket_event (eventID, sessionID, sequence, kind, timestampNanos, body)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for (event, body) in zip(events, bodies) {
                try insert.execute(arguments: [
                    event.id.uuidString, sessionID.uuidString, event.sequence, BasketStore.kind(of: event.payload),
                    event.timestamp.nanosecondsSinceEpoch, String(decoding: body, as: UTF8.self),
                ])
            }
            let newLast = events[events.count - 1].sequence
            try db.cachedStatement(
                sql: """
                    UPDATE basket_session SET state = ?, lastSequence = ?, updatedAt = ?, totalMinor = ?,
                        lineCount = ?, snapshot = COALESCE(?, snapshot) WHERE id = ?
                    """
            ).execute(
                arguments: [
                    state.state, newLast, nowMillis, state.total?.minor, state.lineCount,
                    state.snapshot.map { String(decoding: $0, as: UTF8.self) }, sessionID.uuidString,
                ])
            try Outbox.enqueue(messages, in: db, now: now)
            if let payment { _ = try PaymentStore.record(payment, outbox: [], in: db, now: now) }
            for draft in audit {
                try AuditLog.append(
                    kind: draft.kind, actor: draft.actor, sessionID: sessionID.uuidString, detail: draft.detail,
                    at: now, in: db)
            }
            return .stored(lastSequence: newLast)
        }
        return PreparedAppend(action: "appending \(events.count) events to session \(sessionID)", write: write)
    }

    /// A retried append: every event already stored with identical content → `.duplicate`; some stored with
    /// other content → `constraint`; none stored → `nil` (append normally).
    private static func duplicateCheck(
        _ events: [BasketEvent], bodies: [Data], lastSequence: Int64, db: Database
    ) throws -> AppendResult? {
        var matches = 0
        for (event, body) in zip(events, bodies) {
            guard let stored = try String.fetchOne(
                db.cachedStatement(sql: "SELECT body FROM basket_event WHERE eventID = ?"),
                arguments: [event.id.uuidString])
            else { continue }
            guard stored == String(decoding: body, as: UTF8.self) else {
                throw StorageError(code: .constraint, message: "event \(event.id) is already stored with other content")
            }
            matches += 1
        }
        if matches == 0 { return nil }
        guard matches == events.count else {
            throw StorageError(code: .constraint, message: "\(matches) of \(events.count) events are already stored")
        }
        return .duplicate(lastSequence: lastSequence)
    }

    /// The session's events in sequence order (streamed from SQLite, decoded one by one).
    public func events(sessionID: SessionID, after sequence: Int64 = 0) throws(StorageError) -> [BasketEvent] {
        try database.read(doing: "reading the events of session \(sessionID)") { db in
            let decoder = JSONDecoder()
            let cursor = try String.fetchCursor(
                db, sql: "SELECT body FROM basket_event WHERE sessionID = ? AND sequence > ? ORDER BY sequence",
                arguments: [sessionID.uuidString, sequence])
            var events: [BasketEvent] = []
            while let body = try cursor.next() { events.append(try decoder.decode(BasketEvent.self, from: Data(body.utf8))) }
            return events
        }
    }

    /// Whether an event is stored (acknowledged scans, crash tests).
    public func contains(eventID: EventID) throws(StorageError) -> Bool {
        try database.read(doing: "looking up event \(eventID)") { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM basket_event WHERE eventID = ?)", arguments: [eventID.uuidString]
            ) ?? false
        }
    }

    /// One session's summary, `nil` if unknown.
    public func session(id: SessionID) throws(StorageError) -> SessionSummary? {
        try database.read(doing: "reading session \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM basket_session WHERE id = ?", arguments: [id.uuidString])
                .map(BasketStore.summary)
        }
    }

    /// Sessions in the given states (all when empty), most recently updated first.
    public func sessions(inStates states: [String] = [], limit: Int = 100) throws(StorageError) -> [SessionSummary] {
        try database.read(doing: "listing sessions") { db in
            let filter = states.isEmpty ? "" : "WHERE state IN (\(databaseQuestionMarks(count: states.count)))"
            var arguments = StatementArguments(states)
            arguments += [limit]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM basket_session \(filter) ORDER BY updatedAt DESC LIMIT ?",
                arguments: arguments
            ).map(BasketStore.summary)
        }
    }

    private static func summary(_ row: Row) throws -> SessionSummary {
        let idText: String = row["id"]
        guard let id = SessionID(uuidString: idText) else {
            throw StorageError(code: .invalidStoredData, message: "session id '\(idText)'")
        }
        let currency = try Currency(code: row["currency"])
        let totalMinor: Int64? = row["totalMinor"]
        let snapshot: String? = row["snapshot"]
        return SessionSummary(
            id: id, storeID: StoreID(row["storeID"] as String), deviceID: DeviceID(row["deviceID"] as String),
            state: row["state"], lastSequence: row["lastSequence"], openedAt: Milliseconds.date(row["openedAt"]),
            updatedAt: Milliseconds.date(row["updatedAt"]), currency: currency,
            total: totalMinor.map { Money(minor: $0, currency: currency) }, lineCount: row["lineCount"],
            snapshot: snapshot.map { Data($0.utf8) })
    }

    /// The payload's case name (`lineAdded`, `paid`…), stored as an indexed-friendly column.
    static func kind(of payload: BasketEventPayload) -> String {
        payload.name  // the case name (was read by reflection, `Mirror`, at every append)
    }
}
