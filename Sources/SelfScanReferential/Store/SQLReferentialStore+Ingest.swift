public import Foundation
public import SelfScanAPI
public import SelfScanCore

extension SQLReferentialStore {
    public func ingest(_ items: [IngestItem], from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        try await ingest(
            DecodedIngestBatch(storeID: identity.storeID.rawValue, items: try items.map(PreparedIngestItem.init)),
            from: identity)
    }

    public func ingest(_ batch: DecodedIngestBatch, from identity: DeviceIdentity) async throws -> [IngestItemResult] {
        let prepared = PreparedIngestItem.distinct(batch.items)
        let received = ProtocolJSON.text(of: Date())
        let results: [String: IngestItemResult] = try await backend.transaction { session in
            var results: [String: IngestItemResult] = [:]
            // Replays are the common case after an outage: find the ids already stored in one query per chunk.
            var stored: [String: String] = [:]
            for chunk in Self.chunks(prepared) {
                let rows = try await session.rows(
                    """
                    SELECT id, fingerprint FROM ingest_items WHERE store_id = ? AND device_id = ?
                    AND id IN \(Self.placeholders(rows: 1, columns: chunk.count))
                    """,
                    [.text(identity.storeID.rawValue), .text(identity.deviceID.rawValue)]
                        + chunk.map { SQLValue.text($0.item.id) })
                for row in rows { stored[try RowDecoding.text(row, 0)] = try RowDecoding.text(row, 1) }
            }
            var fresh: [PreparedIngestItem] = []
            for entry in prepared {
                if let fingerprint = stored[entry.item.id] {
                    results[entry.item.id] = entry.answerForExisting(fingerprint: fingerprint)
                } else if let rejection = entry.rejectionResult {
                    results[entry.item.id] = rejection
                } else {
                    fresh.append(entry)
                }
            }
            let conflicting = prepared.filter { results[$0.item.id]?.reason == .conflictingDuplicate }
            let guarded = try await Self.guardClaimedSessions(
                fresh, conflicting: conflicting, identity: identity, in: session)
            for (id, result) in guarded.rejected { results[id] = result }
            fresh = guarded.allowed
            // Multi-row inserts in id order. In PostgreSQL ON CONFLICT waits for a concurrent insert of the same
            // id to commit, then skips it: the loser of a race answers `duplicate`.
            var inserted = Set<String>()
            for chunk in Self.chunks(fresh) {
                let rows = try await session.rows(
                    """
                    INSERT INTO ingest_items (id, store_id, device_id, kind, ordering_key, sequence, created_at,
                        received_at, payload, fingerprint) VALUES \(Self.placeholders(rows: chunk.count, columns: 10))
                    ON CONFLICT (store_id, device_id, id) DO NOTHING RETURNING id
                    """,
                    chunk.flatMap { entry -> [SQLValue] in
                        let item = entry.item
                        return [
                            .text(item.id), .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue),
                            .text(item.kind.rawValue), SQLValue(item.orderingKey), SQLValue(item.sequence),
                            .text(ProtocolJSON.text(of: item.createdAt)), .text(received), .text(entry.payloadText),
                            .text(entry.fingerprint),
                        ]
                    })
                for row in rows { inserted.insert(try RowDecoding.text(row, 0)) }
            }
            var accepted: [PreparedIngestItem] = []
            for entry in fresh {
                if inserted.contains(entry.item.id) {
                    accepted.append(entry)
                    results[entry.item.id] = IngestItemResult(id: entry.item.id, outcome: .accepted)
                } else {
                    let row = try await session.rows(
                        "SELECT fingerprint FROM ingest_items WHERE store_id = ? AND device_id = ? AND id = ?",
                        .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue), .text(entry.item.id))
                    results[entry.item.id] = entry.answerForExisting(
                        fingerprint: try row.first.map { try RowDecoding.text($0, 0) } ?? "")
                }
            }
            for chunk in Self.chunks(accepted.compactMap { entry in entry.basket.map { (entry.item.id, $0) } }) {
                try await session.rows(
                    """
                    INSERT INTO baskets (session_id, store_id, device_id, item_id, total_minor, currency, line_count,
                        closed_at, loyalty_card)
                    VALUES \(Self.placeholders(rows: chunk.count, columns: 9)) ON CONFLICT (store_id, session_id) DO NOTHING
                    """,
                    chunk.flatMap { id, basket -> [SQLValue] in
                        [
                            .text(basket.sessionID), .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue),
                            .text(id), .integer(basket.total.minor), .text(basket.total.currency.code),
                            SQLValue(basket.lineCount), .text(ProtocolJSON.text(of: basket.closedAt)),
                            SQLValue(basket.loyaltyCard),
                        ]
                    })
            }
            for chunk in Self.chunks(accepted.compactMap { entry in entry.payment.map { (entry.item.id, $0) } }) {
                try await session.rows(
                    """
                    INSERT INTO payments (payment_id, session_id, store_id, device_id, item_id, amount_minor, currency,
                        outcome, scheme, last4, auth_code, terminal_transaction_id, paid_at)
                    VALUES \(Self.placeholders(rows: chunk.count, columns: 13))
                    ON CONFLICT (store_id, device_id, payment_id) DO NOTHING
                    """,
                    chunk.flatMap { id, payment -> [SQLValue] in
                        [
                            .text(payment.idempotencyKey), .text(payment.sessionID.uuid.uuidString),
                            .text(identity.storeID.rawValue), .text(identity.deviceID.rawValue), .text(id), .integer(payment.amount.minor),
                            .text(payment.amount.currency.code), .text(payment.outcome.rawValue), SQLValue(payment.scheme),
                            SQLValue(payment.last4), SQLValue(payment.authCode), SQLValue(payment.terminalTransactionID),
                            .text(ProtocolJSON.text(of: payment.recordedAt)),
                        ]
                    })
            }
            try await Self.recordExits(accepted, identity: identity, received: received, in: session)
            try await Self.recordOfflineCouponSpends(accepted, identity: identity, received: received, in: session)
            // Issue 18 hooks (separate files): "often bought with" counts, customers' e-receipts.
            try await Self.countForSuggestions(accepted, identity: identity, in: session)
            try await Self.recordReceipts(accepted, identity: identity, in: session)
            for entry in accepted {
                guard let order = entry.reservationOrder else { continue }
                // Recorded as if posted to /v1/reservations (a replay when the device reached us directly
                // meanwhile). An order naming an unknown product or store stays stored as ingested, unapplied.
                do {
                    _ = try await Self.reserve(order, for: identity.storeID, now: received, in: session)
                } catch let error as ReferentialError where error.code != .database && error.code != .corruptRow {
                    results[entry.item.id]?.detail = "stored, not applied: \(error)"
                }
            }
            return results
        }
        return PreparedIngestItem.answers(for: batch.items, results: results)
    }

    public func baskets(store: StoreID?) async throws -> [BasketRecord] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT session_id, store_id, total_minor, currency, line_count, closed_at, loyalty_card FROM baskets
                WHERE store_id = ? OR ? = '' ORDER BY closed_at, session_id
                """, .text(store?.rawValue ?? ""), .text(store?.rawValue ?? "")
            ).map(RowDecoding.basket)
        }
    }

    public func payments(store: StoreID?) async throws -> [IngestedPayment] {
        try await backend.read { session in
            try await session.rows(
                """
                SELECT payment_id, session_id, store_id, amount_minor, currency, outcome, scheme, last4, paid_at
                FROM payments WHERE store_id = ? OR ? = '' ORDER BY paid_at, payment_id
                """, .text(store?.rawValue ?? ""), .text(store?.rawValue ?? "")
            ).map(RowDecoding.payment)
        }
    }

    public func dayTotals(store: StoreID, day: String) async throws -> [DayTotals] {
        try await backend.read { session in
            let baskets = try await session.rows(
                """
                SELECT currency, COUNT(*), CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM baskets
                WHERE store_id = ? AND substr(closed_at, 1, 10) = ? GROUP BY currency
                """, .text(store.rawValue), .text(day))
            let payments = try await session.rows(
                """
                SELECT currency, COUNT(*), CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM payments
                WHERE store_id = ? AND substr(paid_at, 1, 10) = ? AND outcome = 'approved' GROUP BY currency
                """, .text(store.rawValue), .text(day))
            return try RowDecoding.dayTotals(store: store, day: day, baskets: baskets, payments: payments)
        }
    }

    public func ingestCounts() async throws -> IngestCounts {
        try await backend.read { session in
            let row = try await session.rows(
                """
                SELECT (SELECT COUNT(*) FROM ingest_items), (SELECT COUNT(*) FROM baskets),
                    (SELECT COUNT(*) FROM payments)
                """
            ).first ?? []
            return IngestCounts(
                items: Int(row.first?.int ?? 0), baskets: Int(row.dropFirst().first?.int ?? 0),
                payments: Int(row.dropFirst(2).first?.int ?? 0))
        }
    }
}
