import PostgresNIO
import SelfScanAPI

/// The ingest's statements on PostgreSQL: one per table per request, the rows bound as parallel arrays and
/// expanded by `unnest`, each prepared once per connection (postgres-nio's `PostgresPreparedStatement`). The SQL
/// text does not depend on the row count, so the server parses and plans it once per connection.
///
/// postgres-nio cannot bind an array of optionals: nullable columns are bound as one text value in PostgreSQL's
/// array syntax (`{"a",NULL}`, `PostgresArrayLiteral`) and cast in SQL (`$n::text::text[]`).
/// `scripts/bench-ingest-pgbench.py` runs these same statements for the pgbench anchor: keep them in step.
struct PostgresIngestRows: IngestRows {
    let session: PostgresSession

    func storedFingerprints(ids: [String], identity: DeviceIdentity, tokenHash: String?) async throws -> [String: String] {
        var stored: [String: String] = [:]
        if let tokenHash {
            let rows = try await session.run(
                AuthorizedStoredItems(
                    tokenHash: tokenHash, store: identity.storeID.rawValue, device: identity.deviceID.rawValue, ids: ids))
            // No row at all: the token is no longer this device's (revoked on some node).
            guard !rows.isEmpty else { throw ReferentialError(.revokedToken, "unknown or revoked token") }
            for case let (id?, fingerprint?) in rows { stored[id] = fingerprint }
        } else {
            let rows = try await session.run(
                StoredItems(store: identity.storeID.rawValue, device: identity.deviceID.rawValue, ids: ids))
            for case let (id, fingerprint?) in rows { stored[id] = fingerprint }
        }
        return stored
    }

    func insertItems(_ entries: [PreparedIngestItem], identity: DeviceIdentity, received: String) async throws -> Set<String> {
        guard !entries.isEmpty else { return [] }
        return Set(try await session.run(InsertItems(entries: entries, identity: identity, received: received)))
    }

    func insertBaskets(_ baskets: [(itemID: String, basket: ClosedBasketPayload)], identity: DeviceIdentity) async throws {
        guard !baskets.isEmpty else { return }
        _ = try await session.run(InsertBaskets(baskets: baskets, identity: identity))
    }

    func insertPayments(_ payments: [(itemID: String, payment: PaymentPayload)], identity: DeviceIdentity) async throws {
        guard !payments.isEmpty else { return }
        _ = try await session.run(InsertPayments(payments: payments, identity: identity))
    }

    func takeSlots(
        _ slots: [(itemID: String, position: SQLReferentialStore.EventPosition)], device: String
    ) async throws -> Set<SQLReferentialStore.EventPosition> {
        guard !slots.isEmpty else { return [] }
        let rows = try await session.run(TakeSlots(slots: slots, device: device))
        return Set(rows.map { SQLReferentialStore.EventPosition(session: $0.0, sequence: $0.1) })
    }

    func claims(sessions: [String]) async throws -> [String: [(sequence: Int64, device: String)]] {
        guard !sessions.isEmpty else { return [:] }
        var claims: [String: [(sequence: Int64, device: String)]] = [:]
        for (session, sequence, device) in try await session.run(Claims(sessions: sessions)) {
            claims[session, default: []].append((sequence, device))
        }
        return claims
    }
}

// MARK: The statements

extension PostgresIngestRows {
    struct StoredItems: PostgresPreparedStatement {
        static let name = "selfscan_ingest_stored"
        static let sql = """
            SELECT k.id, (SELECT i.fingerprint FROM ingest_items i WHERE i.store_id = $1 AND i.device_id = $2 AND i.id = k.id)
            FROM unnest($3::text[]) AS k(id)
            """
        typealias Row = (String, String?)
        let store: String, device: String, ids: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(store)
            bindings.append(device)
            bindings.append(ids)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// The stored items and the token check in one statement: one row per asked id (its fingerprint, NULL when
    /// not stored), or one row of NULLs when no id is asked; no row when the token is not this device's any more.
    ///
    /// Each id is looked up by the whole primary key in a subquery of its own, never as `id = ANY(…)` beside a
    /// join: with statistics taken while the table was small (a new schema, a first catch-up), the planner scanned
    /// every item of the device and filtered the ids (21 ms at 60,000 items against 0.4 ms, growing with the
    /// device's history). A per-id subquery cannot be flattened into that plan, whatever the statistics say.
    struct AuthorizedStoredItems: PostgresPreparedStatement {
        static let name = "selfscan_ingest_stored_authorized"
        static let sql = """
            SELECT k.id, (SELECT i.fingerprint FROM ingest_items i WHERE i.store_id = $2 AND i.device_id = $3 AND i.id = k.id)
            FROM device_tokens t LEFT JOIN unnest($4::text[]) AS k(id) ON true
            WHERE t.token_hash = $1 AND t.store_id = $2 AND t.device_id = $3
            """
        typealias Row = (String?, String?)
        let tokenHash: String, store: String, device: String, ids: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(tokenHash)
            bindings.append(store)
            bindings.append(device)
            bindings.append(ids)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    struct InsertItems: PostgresPreparedStatement {
        static let name = "selfscan_ingest_items"
        static let sql = """
            INSERT INTO ingest_items (id, store_id, device_id, kind, ordering_key, sequence, created_at, received_at,
                payload, fingerprint)
            SELECT u.id, $1, $2, u.kind, u.ordering_key, u.sequence, u.created_at, $3, u.payload, u.fingerprint
            FROM unnest($4::text[], $5::text[], $6::text::text[], $7::text::int8[], $8::text[], $9::text[], $10::text[])
                AS u (id, kind, ordering_key, sequence, created_at, payload, fingerprint)
            ON CONFLICT (store_id, device_id, id) DO NOTHING RETURNING id
            """
        typealias Row = String
        let entries: [PreparedIngestItem], identity: DeviceIdentity, received: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 10)
            bindings.append(identity.storeID.rawValue)
            bindings.append(identity.deviceID.rawValue)
            bindings.append(received)
            bindings.append(entries.map(\.item.id))
            bindings.append(entries.map(\.item.kind.rawValue))
            bindings.append(PostgresArrayLiteral.text(entries.map { $0.item.orderingKey }))
            bindings.append(PostgresArrayLiteral.integers(entries.map { $0.item.sequence }))
            bindings.append(entries.map { ISO8601Seconds.text(of: $0.item.createdAt) })
            bindings.append(entries.map(\.payloadText))
            bindings.append(entries.map(\.fingerprint))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    struct InsertBaskets: PostgresPreparedStatement {
        static let name = "selfscan_ingest_baskets"
        static let sql = """
            INSERT INTO baskets (session_id, store_id, device_id, item_id, total_minor, currency, line_count, closed_at,
                loyalty_card)
            SELECT u.session_id, $1, $2, u.item_id, u.total_minor, u.currency, u.line_count, u.closed_at, u.loyalty_card
            FROM unnest($3::text[], $4::text[], $5::int8[], $6::text[], $7::int8[], $8::text[], $9::text::text[])
                AS u (session_id, item_id, total_minor, currency, line_count, closed_at, loyalty_card)
            ON CONFLICT (store_id, session_id) DO NOTHING
            """
        typealias Row = Int
        let baskets: [(itemID: String, basket: ClosedBasketPayload)], identity: DeviceIdentity

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 9)
            bindings.append(identity.storeID.rawValue)
            bindings.append(identity.deviceID.rawValue)
            bindings.append(baskets.map { $0.basket.sessionID })
            bindings.append(baskets.map { $0.itemID })
            bindings.append(baskets.map { $0.basket.total.minor })
            bindings.append(baskets.map { $0.basket.total.currency.code })
            bindings.append(baskets.map { Int64($0.basket.lineCount) })
            bindings.append(baskets.map { ISO8601Seconds.text(of: $0.basket.closedAt) })
            bindings.append(PostgresArrayLiteral.text(baskets.map { $0.basket.loyaltyCard }))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { 0 }
    }

    struct InsertPayments: PostgresPreparedStatement {
        static let name = "selfscan_ingest_payments"
        static let sql = """
            INSERT INTO payments (payment_id, session_id, store_id, device_id, item_id, amount_minor, currency, outcome,
                scheme, last4, auth_code, terminal_transaction_id, paid_at)
            SELECT u.payment_id, u.session_id, $1, $2, u.item_id, u.amount_minor, u.currency, u.outcome, u.scheme,
                u.last4, u.auth_code, u.terminal_transaction_id, u.paid_at
            FROM unnest($3::text[], $4::text[], $5::text[], $6::int8[], $7::text[], $8::text[], $9::text::text[],
                $10::text::text[], $11::text::text[], $12::text::text[], $13::text[])
                AS u (payment_id, session_id, item_id, amount_minor, currency, outcome, scheme, last4, auth_code,
                    terminal_transaction_id, paid_at)
            ON CONFLICT (store_id, device_id, payment_id) DO NOTHING
            """
        typealias Row = Int
        let payments: [(itemID: String, payment: PaymentPayload)], identity: DeviceIdentity

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 13)
            bindings.append(identity.storeID.rawValue)
            bindings.append(identity.deviceID.rawValue)
            bindings.append(payments.map { $0.payment.idempotencyKey })
            bindings.append(payments.map { $0.payment.sessionID.uuidString })
            bindings.append(payments.map { $0.itemID })
            bindings.append(payments.map { $0.payment.amount.minor })
            bindings.append(payments.map { $0.payment.amount.currency.code })
            bindings.append(payments.map { $0.payment.outcome.rawValue })
            bindings.append(PostgresArrayLiteral.text(payments.map { $0.payment.scheme }))
            bindings.append(PostgresArrayLiteral.text(payments.map { $0.payment.last4 }))
            bindings.append(PostgresArrayLiteral.text(payments.map { $0.payment.authCode }))
            bindings.append(PostgresArrayLiteral.text(payments.map { $0.payment.terminalTransactionID }))
            bindings.append(payments.map { ISO8601Seconds.text(of: $0.payment.recordedAt) })
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { 0 }
    }

    struct TakeSlots: PostgresPreparedStatement {
        static let name = "selfscan_ingest_slots"
        static let sql = """
            INSERT INTO session_event_slots (session_id, sequence, device_id, item_id)
            SELECT u.session_id, u.sequence, $1, u.item_id FROM unnest($2::text[], $3::int8[], $4::text[])
                AS u (session_id, sequence, item_id)
            ON CONFLICT (session_id, sequence) DO NOTHING RETURNING session_id, sequence
            """
        typealias Row = (String, Int64)
        let slots: [(itemID: String, position: SQLReferentialStore.EventPosition)], device: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 4)
            bindings.append(device)
            bindings.append(slots.map { $0.position.session })
            bindings.append(slots.map { $0.position.sequence })
            bindings.append(slots.map { $0.itemID })
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    struct Claims: PostgresPreparedStatement {
        static let name = "selfscan_ingest_claims"
        static let sql = """
            SELECT session_id, suspend_sequence, device_id FROM handoff_claims WHERE session_id = ANY($1::text[])
            """
        typealias Row = (String, Int64, String)
        let sessions: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(sessions)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}

/// One text value in PostgreSQL's array input syntax, for a nullable column bound as `$n::text::<type>[]`
/// (postgres-nio binds no arrays of optionals). Every element is quoted, `"` and `\` escaped; nil is `NULL`.
/// Built as UTF-8 bytes: a multi-byte character never contains `"` or `\`, so escaping byte by byte is exact
/// (appending scalar by scalar to a `String` was 3.9 % of the ingest's CPU).
enum PostgresArrayLiteral {
    static func text(_ values: [String?]) -> String {
        var bytes: [UInt8] = [0x7B]  // {
        bytes.reserveCapacity(2 + values.reduce(0) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(0x2C) }
            guard let value else {
                bytes.append(contentsOf: [0x4E, 0x55, 0x4C, 0x4C])  // NULL
                continue
            }
            bytes.append(0x22)
            for byte in value.utf8 {
                if byte == 0x22 || byte == 0x5C { bytes.append(0x5C) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
        bytes.append(0x7D)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func integers(_ values: [Int64?]) -> String {
        "{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}"
    }
}
