import SelfScanAPI

/// The row-level statements of one ingest transaction. PostgreSQL runs each as one prepared statement per request
/// over `unnest` arrays (`PostgresIngestRows`); SQLite as multi-row `VALUES` in chunks (`PortableIngestRows`).
/// Both keep the same semantics: ids in ascending order, `ON CONFLICT DO NOTHING`, `RETURNING` what was stored.
protocol IngestRows: Sendable {
    /// Fingerprints of the `ids` this device already stored. With `tokenHash`, the token must still be the
    /// device's in this transaction, else `revokedToken` (a revoked token is refused on every node, cache or not).
    func storedFingerprints(ids: [String], identity: DeviceIdentity, tokenHash: String?) async throws -> [String: String]
    /// Inserts the items (ascending ids); returns the ids actually stored (the others raced with a concurrent push).
    func insertItems(_ entries: [PreparedIngestItem], identity: DeviceIdentity, received: String) async throws -> Set<String>
    func insertBaskets(_ baskets: [(itemID: String, basket: ClosedBasketPayload)], identity: DeviceIdentity) async throws
    func insertPayments(_ payments: [(itemID: String, payment: PaymentPayload)], identity: DeviceIdentity) async throws
    /// Takes the event slots (in position order); returns the positions taken by this call.
    func takeSlots(
        _ slots: [(itemID: String, position: SQLReferentialStore.EventPosition)], device: String
    ) async throws -> Set<SQLReferentialStore.EventPosition>
    /// Hand-off claims of these sessions: session → (suspend sequence, claimant device).
    func claims(sessions: [String]) async throws -> [String: [(sequence: Int64, device: String)]]
}

extension SQLReferentialStore {
    /// The set-based statements for this session's engine.
    static func ingestRows(_ session: any SQLSession) -> any IngestRows {
        if let postgres = session as? PostgresSession { return PostgresIngestRows(session: postgres) }
        return PortableIngestRows(session: session)
    }
}

/// Multi-row `VALUES` statements in chunks of 150 rows (SQLite: no array types; statements cached per SQL text).
struct PortableIngestRows: IngestRows {
    let session: any SQLSession
    typealias Store = SQLReferentialStore

    func storedFingerprints(ids: [String], identity: DeviceIdentity, tokenHash: String?) async throws -> [String: String] {
        if let tokenHash {
            let rows = try await session.rows(
                """
                SELECT 1 FROM device_tokens WHERE token_hash = \(tokenHash)
                    AND store_id = \(identity.storeID.rawValue) AND device_id = \(identity.deviceID.rawValue)
                """)
            guard !rows.isEmpty else { throw ReferentialError(.revokedToken, "unknown or revoked token") }
        }
        var stored: [String: String] = [:]
        for chunk in Store.chunks(ids) {
            let rows = try await session.rows(
                """
                SELECT id, fingerprint FROM ingest_items
                WHERE store_id = \(identity.storeID.rawValue) AND device_id = \(identity.deviceID.rawValue)
                    AND id IN \(list: chunk)
                """)
            for row in rows { stored[try RowDecoding.text(row, 0)] = try RowDecoding.text(row, 1) }
        }
        return stored
    }

    func insertItems(_ entries: [PreparedIngestItem], identity: DeviceIdentity, received: String) async throws -> Set<String> {
        var inserted = Set<String>()
        for chunk in Store.chunks(entries) {
            let rows = try await session.rows(
                """
                INSERT INTO ingest_items (id, store_id, device_id, kind, ordering_key, sequence, created_at,
                    received_at, payload, fingerprint)
                VALUES \(rows: chunk.map { entry -> [SQLValue] in
                    let item = entry.item
                    return [
                        .text(item.id), .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue),
                        .text(item.kind.rawValue), SQLValue(item.orderingKey), SQLValue(item.sequence),
                        .text(ISO8601Seconds.text(of: item.createdAt)), .text(received), .text(entry.payloadText),
                        .text(entry.fingerprint),
                    ]
                })
                ON CONFLICT (store_id, device_id, id) DO NOTHING RETURNING id
                """)
            for row in rows { inserted.insert(try RowDecoding.text(row, 0)) }
        }
        return inserted
    }

    func insertBaskets(_ baskets: [(itemID: String, basket: ClosedBasketPayload)], identity: DeviceIdentity) async throws {
        for chunk in Store.chunks(baskets) {
            try await session.rows(
                """
                INSERT INTO baskets (session_id, store_id, device_id, item_id, total_minor, currency, line_count,
                    closed_at, loyalty_card)
                VALUES \(rows: chunk.map { id, basket -> [SQLValue] in
                    [
                        .text(basket.sessionID), .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue),
                        .text(id), .integer(basket.total.minor), .text(basket.total.currency.code),
                        SQLValue(basket.lineCount), .text(ISO8601Seconds.text(of: basket.closedAt)),
                        SQLValue(basket.loyaltyCard),
                    ]
                })
                ON CONFLICT (store_id, session_id) DO NOTHING
                """)
        }
    }

    func insertPayments(_ payments: [(itemID: String, payment: PaymentPayload)], identity: DeviceIdentity) async throws {
        for chunk in Store.chunks(payments) {
            try await session.rows(
                """
                INSERT INTO payments (payment_id, session_id, store_id, device_id, item_id, amount_minor, currency,
                    outcome, scheme, last4, auth_code, terminal_transaction_id, paid_at)
                VALUES \(rows: chunk.map { id, payment -> [SQLValue] in
                    [
                        .text(payment.idempotencyKey), .text(payment.sessionID.uuidString),
                        .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue), .text(id),
                        .integer(payment.amount.minor), .text(payment.amount.currency.code),
                        .text(payment.outcome.rawValue), SQLValue(payment.scheme), SQLValue(payment.last4),
                        SQLValue(payment.authCode), SQLValue(payment.terminalTransactionID),
                        .text(ISO8601Seconds.text(of: payment.recordedAt)),
                    ]
                })
                ON CONFLICT (store_id, device_id, payment_id) DO NOTHING
                """)
        }
    }

    func takeSlots(
        _ slots: [(itemID: String, position: SQLReferentialStore.EventPosition)], device: String
    ) async throws -> Set<SQLReferentialStore.EventPosition> {
        var taken = Set<SQLReferentialStore.EventPosition>()
        for chunk in Store.chunks(slots) {
            let rows = try await session.rows(
                """
                INSERT INTO session_event_slots (session_id, sequence, device_id, item_id)
                VALUES \(rows: chunk.map { id, position -> [SQLValue] in
                    [.text(position.session), .integer(position.sequence), .text(device), .text(id)]
                })
                ON CONFLICT (session_id, sequence) DO NOTHING RETURNING session_id, sequence
                """)
            for row in rows {
                taken.insert(.init(session: try RowDecoding.text(row, 0), sequence: try RowDecoding.int(row, 1)))
            }
        }
        return taken
    }

    func claims(sessions: [String]) async throws -> [String: [(sequence: Int64, device: String)]] {
        var claims: [String: [(sequence: Int64, device: String)]] = [:]
        for chunk in Store.chunks(sessions) {
            let rows = try await session.rows(
                """
                SELECT session_id, suspend_sequence, device_id FROM handoff_claims WHERE session_id IN \(list: chunk)
                """)
            for row in rows {
                claims[try RowDecoding.text(row, 0), default: []].append((try RowDecoding.int(row, 1), try RowDecoding.text(row, 2)))
            }
        }
        return claims
    }
}
